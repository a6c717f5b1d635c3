import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildCorpusDocument, processDocument, type ProcessedDocument } from '../../corpus/index.js';
import { FrequencyMatchedRewriter, seededRandom } from './synthetic-corpus.js';

/**
 * A benchmark corpus that reads like a news archive: articles about people, places and
 * organisations whose number grows with the archive, as in real news (a few names recur in every
 * other story, most appear in one or two, new ones arrive all the time). The synthetic corpus of
 * `synthetic-corpus.ts` descends from ~230 seed sentences and so holds almost no distinct names,
 * which hides the cost of the actor registry; this one holds thousands at 100k passages.
 *
 * Each article: a headline, then paragraphs of 2–5 sentences mixing sentences about its actors
 * (full name with a role on first mention, the surname after, quotations attributed to them,
 * organisations with their acronyms, places) with filler sentences rewritten from the seeds.
 * Everything is drawn from one seeded PRNG: the same options give the same files.
 */

const FIRST_NAMES = [
  'Ana', 'Marco', 'Elena', 'David', 'Sofia', 'Jonas', 'Amira', 'Pedro', 'Lucia', 'Tomas', 'Nadia', 'Omar', 'Irina', 'Samuel',
  'Grace', 'Victor', 'Leila', 'Hugo', 'Maria', 'Kwame', 'Yuki', 'Rafael', 'Carmen', 'Dmitri', 'Fatima', 'Andres', 'Helen',
  'Ibrahim', 'Julia', 'Kofi', 'Laura', 'Mateo', 'Noor', 'Oscar', 'Paula', 'Ravi', 'Sara', 'Tariq', 'Ursula', 'Viktor',
  'Wanjiru', 'Xavier', 'Yara', 'Zoran', 'Alicia', 'Bruno', 'Chen', 'Diana', 'Emil', 'Farah', 'Gabriel', 'Hana', 'Ivan',
  'Jorge', 'Katarina', 'Luis', 'Mona', 'Nikolai', 'Olga', 'Priya', 'Rosa', 'Stefan', 'Teresa', 'Anders', 'Beatriz',
  'Claudia', 'Daniel', 'Esther', 'Felipe', 'Gustavo', 'Ingrid', 'Jamal', 'Karim', 'Lena', 'Miguel', 'Nicolas', 'Patricia',
];
const SURNAME_STARTS = ['Ka', 'Mo', 'Ve', 'Ra', 'Do', 'Su', 'Ba', 'Le', 'Fe', 'Go', 'Ha', 'Ji', 'Ko', 'Lu', 'Ma', 'Ne', 'Or', 'Pa', 'Ri', 'Sa', 'To', 'Va', 'Za', 'Bre', 'Cas', 'Dra', 'Es', 'Fra', 'Gri', 'Hol', 'Kru', 'Mar', 'Nor', 'Pet', 'Ros', 'Sten', 'Tre', 'Vol', 'Wes'];
const SURNAME_MIDDLES = ['', 'la', 'ri', 'no', 'ven', 'tan', 'mi', 'ko', 'ber', 'dal', 'si', 'ran', 'gu', 'lo', 'mer'];
const SURNAME_ENDS = ['ez', 'ov', 'son', 'ski', 'ini', 'ard', 'ova', 'ani', 'ic', 'berg', 'ton', 'ado', 'elli', 'ura', 'enko', 'is', 'ar', 'ey'];
const PLACE_STARTS = ['North', 'San', 'Port', 'Lake', 'New', 'East', 'Fort', 'West', 'Santa', 'Upper', ''];
const PLACE_ENDS = ['haven', 'ford', 'burg', 'ston', 'ville', 'mouth', 'grad', 'field', 'polis', 'dale', 'crest', 'ria', 'stad'];
const ROLES = ['President', 'Foreign Minister', 'Defence Minister', 'Finance Minister', 'Governor', 'Mayor', 'Senator', 'General', 'Prime Minister', 'Judge'];
const ROLE_PHRASES = ['a spokesperson for', 'the chief executive of', 'an analyst at', 'the director of', 'a senior official at', 'a researcher at'];
const ORGANISATION_FORMS = ['Ministry of {topic}', '{place} {topic} Authority', '{surname} Group', 'National {topic} Council', '{place} Institute for {topic}', '{topic} Workers Union'];
const TOPICS = ['Energy', 'Trade', 'Health', 'Defence', 'Transport', 'Water', 'Finance', 'Agriculture', 'Mining', 'Education', 'Housing', 'Fisheries', 'Labour', 'Justice'];
const VERBS = ['said', 'told reporters', 'said in a statement', 'wrote on social media', 'told a news conference'];
const QUOTES = [
  'We will not accept any agreement that ignores the people who live here',
  'This decision was made after months of careful negotiation',
  'The figures show that the programme is working',
  'Nobody should be surprised by what happened this week',
  'We are ready to talk, but not under these conditions',
  'The investigation is continuing and more arrests are possible',
  'Prices will keep rising unless the government acts',
  'Our first priority is the safety of the workers',
];
const ACTIONS = [
  'met {other} in {place} on {day} to discuss the dispute over {topic} policy',
  'announced a new plan for {topic} that would cost about {amount} million dollars',
  'criticised {org} for the delays in {place}',
  'visited {place} after the floods that forced thousands from their homes',
  'signed an agreement with {org} covering {topic} and border security',
  'denied the accusations made by {other} during the debate in {place}',
  'resigned on {day} after weeks of pressure over the {topic} contracts',
  'was elected to lead {org} in a vote held in {place}',
];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

interface Person {
  first: string;
  surname: string;
  role: string;
  /** Mentions so far: the chance of being picked again grows with it (preferential attachment). */
  weight: number;
}
interface Organisation {
  name: string;
  acronym: string;
  weight: number;
}

/** Tries at a plain new name before a longer one is made: a plain one is new on the first few tries until most are taken. */
const PLAIN_NAME_TRIES = 20;
const PLACE_SUFFIXES = ['Bay', 'Heights', 'Springs', 'Junction', 'Hills', 'Valley', 'Cross', 'Point'];

/** The people, places and organisations of the archive so far; new ones are made as articles need them. */
export class NewsWorld {
  readonly people: Person[] = [];
  readonly places: { name: string; weight: number }[] = [];
  readonly organisations: Organisation[] = [];
  private readonly usedNames = new Set<string>();

  constructor(private readonly random: () => number) {}

  private pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.random() * list.length)]!;
  }

  /** An existing entity, more often a frequently mentioned one, or (with `newShare`) a new one. */
  private draw<T extends { weight: number }>(list: T[], newShare: number, make: () => T): T {
    if (list.length === 0 || this.random() < newShare) {
      const made = make();
      list.push(made);
      return made;
    }
    // Preferential attachment without a full scan: a random earlier entity, or the one it was drawn with.
    const a = list[Math.floor(this.random() * list.length)]!;
    const b = list[Math.floor(this.random() * list.length)]!;
    const chosen = a.weight >= b.weight ? a : b;
    chosen.weight += 1;
    return chosen;
  }

  /**
   * A name no one has yet. The plain names run out as the archive grows (about 10,000 surnames: a
   * 100k-passage archive needs more, and the search for a free one never ended), so after a few
   * taken ones a longer form is made ("Kalaez-Moriov", "Port Vendale Heights"), as real archives
   * hold more names the larger they are.
   */
  private distinct(make: () => string, longer: () => string): string {
    for (let tries = 0; ; tries++) {
      const name = tries < PLAIN_NAME_TRIES ? make() : longer();
      if (!this.usedNames.has(name)) {
        this.usedNames.add(name);
        return name;
      }
    }
  }

  private plainSurname(): string {
    return this.pick(SURNAME_STARTS) + this.pick(SURNAME_MIDDLES) + this.pick(SURNAME_ENDS);
  }

  surname(): string {
    return this.distinct(() => this.plainSurname(), () => `${this.plainSurname()}-${this.plainSurname()}`);
  }

  person(newShare = 0.35): Person {
    return this.draw(this.people, newShare, () => ({ first: this.pick(FIRST_NAMES), surname: this.surname(), role: this.pick(ROLES), weight: 1 }));
  }

  place(newShare = 0.15): string {
    const plain = () => {
      const start = this.pick(PLACE_STARTS);
      const end = this.pick(PLACE_ENDS);
      const stem = this.pick(SURNAME_STARTS) + this.pick(SURNAME_MIDDLES);
      return start ? `${start} ${stem}${end}` : `${stem}${end}`;
    };
    return this.draw(this.places, newShare, () => ({ name: this.distinct(plain, () => `${plain()} ${this.pick(PLACE_SUFFIXES)}`), weight: 1 })).name;
  }

  organisation(newShare = 0.2): Organisation {
    return this.draw(this.organisations, newShare, () => {
      // Every try makes a new surname, so a form that holds one is always new: no longer form is needed.
      const make = () =>
        this.pick(ORGANISATION_FORMS)
          .replace('{topic}', this.pick(TOPICS))
          .replace('{place}', this.place(0.3))
          .replace('{surname}', this.surname());
      const name = this.distinct(make, make);
      const acronym = name
        .split(/\s+/)
        .filter((w) => /^[A-Z]/.test(w))
        .map((w) => w[0])
        .join('');
      return { name, acronym, weight: 1 };
    });
  }

  fill(template: string, other: Person): string {
    return template
      .replace('{other}', `${other.first} ${other.surname}`)
      .replace('{place}', this.place())
      .replace('{org}', this.organisation().name)
      .replace('{topic}', this.pick(TOPICS).toLowerCase())
      .replace('{day}', this.pick(DAYS))
      .replace('{amount}', String(10 + Math.floor(this.random() * 990)));
  }
}

export interface NewsCorpusOptions {
  /** The processed seed documents whose sentences, rewritten, fill the articles between the actor sentences. */
  seeds: readonly ProcessedDocument[];
  /** Frequency-ranked vocabulary for the rewriter (see `readFrequencyRankedWords`). */
  words: readonly string[];
  /** Stop once the corpus holds at least this many passages (as the index build cuts them). */
  targetPassages: number;
  outDir: string;
  seed?: number;
  /** File names start with this (default `news_`), so a second batch can join an existing folder. */
  prefix?: string;
}

export interface NewsCorpus {
  documents: number;
  passages: number;
  sentences: number;
  /** Distinct people, places and organisations written. */
  people: number;
  places: number;
  organisations: number;
  /** A few of the generated sentences, for building questions about the corpus. */
  sampleSentences: string[];
}

/** One generated article: its file name and text. */
export interface NewsArticle {
  docId: string;
  file: string;
  text: string;
}

/**
 * Generates news-like articles one at a time, deterministically. Separate from the writer so the
 * benchmark can make "one more article" from the same world after the corpus is built.
 */
export class NewsArticleGenerator {
  private readonly random: () => number;
  private readonly world: NewsWorld;
  private readonly rewriter: FrequencyMatchedRewriter;
  private readonly fillers: string[];
  private count = 0;

  constructor(options: { seeds: readonly ProcessedDocument[]; words: readonly string[]; seed?: number; prefix?: string }) {
    this.random = seededRandom(options.seed ?? 20261206);
    this.world = new NewsWorld(this.random);
    this.rewriter = new FrequencyMatchedRewriter(options.words, this.random);
    this.fillers = options.seeds.flatMap((d) => d.sentences.map((s) => s.text)).filter((s) => s.length > 40 && s.length < 300);
    if (this.fillers.length === 0) throw new Error('The seed corpus has no sentences to fill news articles with');
    this.prefix = options.prefix ?? 'news_';
  }

  private readonly prefix: string;

  get stats(): { people: number; places: number; organisations: number } {
    return { people: this.world.people.length, places: this.world.places.length, organisations: this.world.organisations.length };
  }

  next(): NewsArticle {
    const r = this.random;
    const world = this.world;
    const cast = Array.from({ length: 2 + Math.floor(r() * 3) }, () => world.person());
    const introduced = new Set<Person>();
    const org = world.organisation();
    let orgIntroduced = false;
    const nameOf = (p: Person): string => {
      if (introduced.has(p)) return p.surname;
      introduced.add(p);
      return r() < 0.7 ? `${p.role} ${p.first} ${p.surname}` : `${p.first} ${p.surname}`;
    };
    const orgName = (): string => {
      if (orgIntroduced && org.acronym.length >= 2) return org.acronym;
      orgIntroduced = true;
      return org.acronym.length >= 2 ? `the ${org.name} (${org.acronym})` : `the ${org.name}`;
    };
    const actorSentence = (): string => {
      const p = cast[Math.floor(r() * cast.length)]!;
      const other = cast.find((c) => c !== p) ?? world.person();
      switch (Math.floor(r() * 4)) {
        case 0:
          return `“${QUOTES[Math.floor(r() * QUOTES.length)]},” ${nameOf(p)} ${VERBS[Math.floor(r() * VERBS.length)]}.`;
        case 1:
          return `${capitalise(nameOf(p))} ${world.fill(ACTIONS[Math.floor(r() * ACTIONS.length)]!, other)}.`;
        case 2:
          return `${capitalise(nameOf(p))}, ${ROLE_PHRASES[Math.floor(r() * ROLE_PHRASES.length)]} ${orgName()}, ${VERBS[Math.floor(r() * VERBS.length)]} that talks in ${world.place()} had stalled.`;
        default:
          return `${capitalise(orgName())} said ${nameOf(p)} would travel to ${world.place()} on ${DAYS[Math.floor(r() * DAYS.length)]}.`;
      }
    };
    const sentence = (): string => (r() < 0.45 ? actorSentence() : this.rewriter.rewrite(this.fillers[Math.floor(r() * this.fillers.length)]!));
    const paragraphs: string[] = [];
    const target = 14 + Math.floor(r() * 14);
    let written = 0;
    while (written < target) {
      const length = 2 + Math.floor(r() * 4);
      paragraphs.push(Array.from({ length }, sentence).join(' '));
      written += length;
    }
    const lead = cast[0]!;
    const title = `${lead.first} ${lead.surname} and ${org.name}: ${r() < 0.5 ? 'talks in' : 'a week in'} ${world.place()}`;
    const docId = `${this.prefix}${String(this.count++).padStart(6, '0')}`;
    return { docId, file: `${docId}.txt`, text: `${title}\n\n${paragraphs.join('\n')}\n` };
  }
}

function capitalise(text: string): string {
  return text[0]!.toUpperCase() + text.slice(1);
}

/** Writes a news-like corpus of about `targetPassages` passages into `outDir`. */
export async function writeNewsCorpus(options: NewsCorpusOptions): Promise<NewsCorpus & { generator: NewsArticleGenerator }> {
  const generator = new NewsArticleGenerator(options);
  await mkdir(options.outDir, { recursive: true });
  const random = seededRandom((options.seed ?? 20261206) + 1);
  const result: NewsCorpus = { documents: 0, passages: 0, sentences: 0, people: 0, places: 0, organisations: 0, sampleSentences: [] };
  while (result.passages < options.targetPassages) {
    const article = generator.next();
    const processed = processDocument(buildCorpusDocument({ docId: article.docId, file: article.file, text: article.text, meta: {} }));
    await writeFile(path.join(options.outDir, article.file), article.text);
    result.documents += 1;
    result.passages += processed.passages.length;
    result.sentences += processed.sentences.length;
    if (result.sampleSentences.length < 400 && random() < 0.5) {
      const s = processed.sentences[1 + Math.floor(random() * (processed.sentences.length - 1))];
      if (s) result.sampleSentences.push(s.text);
    }
  }
  return { ...result, ...generator.stats, generator };
}
