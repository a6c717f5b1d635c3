import { eng as englishStopwords } from 'stopword';
import type { ActorKind } from './types.js';
import {
  CAPITALS,
  COUNTRIES,
  DESIGNATION_CONTEXT,
  EVENT_LAST_WORDS,
  GROUP_NOUNS,
  HONORIFICS,
  KNOWN_ORGANIZATIONS,
  NAME_PARTICLES,
  NEVER_ACTORS,
  NOT_ACTOR_ACRONYMS,
  NOT_ACTOR_NAMES,
  ORGANIZATION_CONNECTORS,
  ORGANIZATION_CUES,
  ORGANIZATION_NOUNS,
  OUTLETS,
  OUTLET_LAST_WORDS,
  OUTLET_NOUNS,
  REGIONS,
  SPEECH_VERBS,
  TITLE_HEADS,
  TITLE_MODIFIERS,
  TITLE_PREMODIFIERS,
  VEHICLE_CONTEXT,
  VEHICLE_PREFIXES,
} from './gazetteer.js';
import { APOSTROPHES, nameKey, tokenize, type Token } from './text.js';

/**
 * Finding candidate actor mentions in one sentence: capitalised runs from wink-nlp tokens,
 * cleaned of the things news text puts around names (titles, honorifics, possessives, hyphenated
 * suffixes, country prefixes), with the roles the text gives (titles before names, appositives).
 * Deciding which candidates are the same actor happens later, over the whole corpus.
 */

export const STOPWORDS: ReadonlySet<string> = new Set(englishStopwords);

/** The sentence a candidate is found in: offsets into its document's text. */
export interface SentenceInput {
  docId: string;
  index: number;
  start: number;
  text: string;
}

/** What a candidate looks like it is, before corpus-wide evidence is weighed. */
export type KindHint = ActorKind | 'capital';

/** One place a name occurs, with what its context says about it. */
export interface CandidateMention {
  docId: string;
  sentence: number;
  /** Offsets of the name in the document (title, honorific and possessive excluded). */
  start: number;
  end: number;
  /** The name as written: `text.slice(start, end)` of the document. */
  surface: string;
  key: string;
  /** Offsets of each word of the name, so a headline's run can be cut to the names it holds. */
  parts: Array<[number, number]>;
  hint: KindHint | null;
  /** Canonical name from a gazetteer (a state or a known organisation), when it is one. */
  canonical?: string;
  /** "Mr." when the text wrote "Mr. Maduro": kept as an alias. */
  honorific?: string;
  /** A role the sentence gives this actor, verbatim, with its document offsets. */
  role?: { text: string; start: number; end: number };
  /** The name opens a sentence or a quotation, so its first capital proves nothing. */
  clauseInitial?: boolean;
  /** The first word of the name was tagged a proper noun by wink-nlp. */
  firstWordProper?: boolean;
  /** Every word of the name was tagged a proper noun by wink-nlp. */
  proper: boolean;
  /** Found only where any word is capitalised (headlines, sentence starts): kept if confirmed elsewhere. */
  weak: boolean;
  /** Set on an acronym in brackets after a long name: "(FARC)" → key of the long name. */
  abbreviates?: string;
  /** See {@link mentionFacts}; unset when the mention was cut after extraction (recomputed when saved). */
  subject?: boolean;
  /** The sentence has a verb other than a speech verb (the same for every mention of the sentence). */
  action?: boolean;
}

/**
 * What a summary needs to know about a mention, decided once at build time from the tags so that
 * summaries never tag text: is the actor the subject (a verb within three words after the name,
 * not "Trump’s envoy" or "the Trump administration"), and does the sentence report an action (a
 * verb that is not a speech verb)? Offsets are relative to the sentence.
 */
export function mentionFacts(tokens: readonly Token[], end: number): { subject: boolean; action: boolean } {
  return { subject: isSubjectAt(tokens, end), action: sentenceHasAction(tokens) };
}

function isSubjectAt(tokens: readonly Token[], end: number): boolean {
  const after = tokens.filter((t) => t.start >= end).slice(0, 3);
  if (after[0] && /^[’'‘]/u.test(after[0].text)) return false;
  for (const t of after) {
    if (t.pos === 'VERB' || t.pos === 'AUX') return true;
    if (t.pos === 'NOUN' || t.pos === 'PROPN') return false;
  }
  return false;
}

function sentenceHasAction(tokens: readonly Token[]): boolean {
  return tokens.some((t) => t.pos === 'VERB' && !SPEECH_VERBS.has(t.text.toLowerCase()));
}

/**
 * Names that are not actors though capitalised like one: a vehicle ("Air Force One", "USS Gerald
 * R. Ford", or anything "aboard"), a designation ("designated as a Foreign Terrorist
 * Organization", "FTO"), an event ("State of the Union", "G20 Summit").
 */
function notActorName(nameWords: readonly string[], key: string, before: string): 'name' | 'context' | null {
  if (NOT_ACTOR_NAMES.has(key) || NOT_ACTOR_NAMES.has(key.replace(/^the /u, ''))) return 'name';
  if (nameWords.length === 1 && NOT_ACTOR_ACRONYMS.has(nameWords[0]!.replace(/\./gu, ''))) return 'name';
  if (nameWords.length > 1 && VEHICLE_PREFIXES.has(nameWords[0]!.replace(/\./gu, ''))) return 'name';
  if (nameWords.length > 1 && EVENT_LAST_WORDS.has(nameWords[nameWords.length - 1]!)) return 'name';
  return VEHICLE_CONTEXT.test(before) || DESIGNATION_CONTEXT.test(before) ? 'context' : null;
}

/** Everything a sentence yields. */
export interface SentenceCandidates {
  mentions: CandidateMention[];
  /**
   * Keys of names the context shows are not actors ("aboard the Northern Star", "designated as a
   * Hostile Entity"): the build drops them wherever else they appear without a role.
   */
  notActorKeys: string[];
}

interface CountryLookup {
  name: string;
  viaDemonym: boolean;
}

/** Country names, aliases and demonyms by the exact words written (case matters: "US" not "us"). */
const COUNTRY_BY_WORDS = new Map<string, CountryLookup>();
for (const country of COUNTRIES) {
  for (const form of [country.name, ...country.aliases]) {
    COUNTRY_BY_WORDS.set(form, { name: country.name, viaDemonym: false });
  }
  for (const demonym of country.demonyms) {
    COUNTRY_BY_WORDS.set(demonym, { name: country.name, viaDemonym: true });
    const plural = demonym.endsWith('s') || demonym.endsWith('ese') ? demonym : `${demonym}s`;
    COUNTRY_BY_WORDS.set(plural, { name: country.name, viaDemonym: true });
  }
}
const MAX_COUNTRY_WORDS = 4;

const KNOWN_ORGANIZATION_BY_KEY = new Map<string, string>();
for (const [name, abbreviations] of Object.entries(KNOWN_ORGANIZATIONS)) {
  KNOWN_ORGANIZATION_BY_KEY.set(nameKey(name), name);
  for (const abbreviation of abbreviations) KNOWN_ORGANIZATION_BY_KEY.set(nameKey(abbreviation), name);
}

const OUTLET_KEYS = new Set([...OUTLETS].map((o) => nameKey(o)));
const DIRECTIONS = new Set(['North', 'South', 'East', 'West', 'Northern', 'Southern', 'Eastern', 'Western', 'Central']);
const DETERMINERS = new Set(['a', 'an', 'the', 'his', 'her', 'its', 'their', 'our', 'my', 'your', 'this', 'that']);
const CLAUSE_STOPPERS = new Set(['who', 'which', 'that', 'whose', 'whom', 'where', 'when', 'and', 'but', 'or']);
const OPENING_MARKS = new Set(['“', '"', '‘', "'", '(', '[', ':', '—', '–', '-', '…']);

function isWord(token: Token | undefined): boolean {
  return !!token && /\p{L}/u.test(token.text) && !/[\d@/#]/u.test(token.text) && !token.text.includes('://');
}

function isCapitalised(token: Token | undefined): boolean {
  return isWord(token) && /^\p{Lu}/u.test(token!.text);
}

function isAllCaps(token: Token | undefined): boolean {
  return isWord(token) && token!.text.replace(/[^\p{L}]/gu, '').length > 1 && token!.text === token!.text.toUpperCase();
}

/** "Maduro’s", "Caracas’", "Venezuela‘s" (wink splits the last into three tokens). Returns its token length. */
function possessiveLength(tokens: readonly Token[], i: number): number {
  const t = tokens[i];
  if (!t || t.spaceBefore) return 0;
  if (t.text.length === 2 && APOSTROPHES.includes(t.text[0]!) && t.text[1] === 's') return 1;
  if (t.text.length === 1 && APOSTROPHES.includes(t.text)) {
    const next = tokens[i + 1];
    if (next && next.text === 's' && !next.spaceBefore) return 2;
    if (!next || next.spaceBefore) return 1;
  }
  return 0;
}

function isTitleHead(word: string): boolean {
  return TITLE_HEADS.has(word.toLowerCase());
}

/** A country (name, alias or demonym) that starts at token i, longest first. */
function countryAt(tokens: readonly Token[], i: number, end: number): { lookup: CountryLookup; length: number } | null {
  for (let length = Math.min(MAX_COUNTRY_WORDS, end - i); length >= 1; length--) {
    const slice = tokens.slice(i, i + length);
    if (slice.some((t, k) => k > 0 && !t.spaceBefore)) continue;
    const words = slice.map((t) => t.text).join(' ');
    const lookup = COUNTRY_BY_WORDS.get(words);
    if (lookup) return { lookup, length };
  }
  return null;
}

/** The context the whole corpus gives one sentence's extraction. */
export interface ExtractionContext {
  /** Lower-case words seen written in lower case somewhere in the corpus ("still", "inner"). */
  commonWords: ReadonlySet<string>;
}

/**
 * Capitalised headlines ("Maduro’s Inner Circle Hasn’t Cracked") make every word look like a
 * name, so names there only count when confirmed elsewhere.
 */
function isHeadline(tokens: readonly Token[], context: ExtractionContext): boolean {
  let lowerLongWords = 0;
  let capitalisedCommon = 0;
  tokens.forEach((t, i) => {
    if (!isWord(t)) return;
    if (/^\p{Ll}/u.test(t.text) && t.text.length >= 4) lowerLongWords++;
    if (i > 0 && isCapitalised(t)) {
      const lower = t.text.toLowerCase();
      if (STOPWORDS.has(lower) || context.commonWords.has(lower)) capitalisedCommon++;
    }
  });
  return lowerLongWords <= 1 && capitalisedCommon >= 2;
}

/** Where a run of name-like tokens starts a sentence or a quotation, its first word may be capitalised only for that reason. */
function startsClause(tokens: readonly Token[], i: number): boolean {
  if (i === 0) return true;
  const previous = tokens[i - 1]!;
  return OPENING_MARKS.has(previous.text) || previous.text === '.' || previous.text === '?' || previous.text === '!';
}

interface Run {
  from: number;
  /** Exclusive. */
  to: number;
  possessive: boolean;
}

/**
 * May "of"/"for"/"on" continue this run? Only inside an organisation's name ("Department of War")
 * or right after a title ("Secretary of State"); "Tomas Perlman of the Harbor Institute" is two names.
 */
function runHasCue(tokens: readonly Token[], from: number, to: number): boolean {
  for (let k = from; k < to; k++) {
    if (ORGANIZATION_CUES.has(tokens[k]!.text)) return true;
  }
  const last = tokens[to - 1]!.text;
  return isTitleHead(last) || TITLE_MODIFIERS.has(last);
}

/** Splits a sentence's tokens into maximal runs of name words, joined by particles and organisation connectors. */
function findRuns(tokens: readonly Token[]): Run[] {
  const runs: Run[] = [];
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i]!;
    const shouting = isAllCaps(token) && (isAllCaps(tokens[i - 1]) || isAllCaps(tokens[i + 1]));
    if (!isCapitalised(token) || shouting || NEVER_ACTORS.has(token.text)) {
      i++;
      continue;
    }
    let j = i + 1;
    let possessive = false;
    for (;;) {
      const next = tokens[j];
      if (!next) break;
      const possessiveTokens = possessiveLength(tokens, j);
      if (possessiveTokens > 0) {
        possessive = true;
        break;
      }
      if (isCapitalised(next) && next.spaceBefore && !NEVER_ACTORS.has(next.text) && !(isAllCaps(next) && isAllCaps(tokens[j + 1]))) {
        j++;
        continue;
      }
      const lower = next.text;
      if (NAME_PARTICLES.has(lower)) {
        // "de los Soles", "van der Berg": particles may follow one another before the next name word.
        let m = j;
        while (m < j + 3 && NAME_PARTICLES.has(tokens[m]?.text ?? '')) m++;
        if (isCapitalised(tokens[m])) {
          j = m;
          continue;
        }
      }
      if (ORGANIZATION_CONNECTORS.has(lower) && lower !== 'and' && runHasCue(tokens, i, j)) {
        const after = tokens[j + 1];
        if (isCapitalised(after) && !NEVER_ACTORS.has(after!.text)) {
          j += 1;
          continue;
        }
        if (after?.text === 'the' && isCapitalised(tokens[j + 2])) {
          j += 2;
          continue;
        }
      }
      // "Padrino-López" is one name; "Venezuela-Colombia" is two states; "Maduro-led" ends the name.
      if ((next.text === '-' || next.text === '‐') && !next.spaceBefore) {
        const after = tokens[j + 1];
        const before = tokens[j - 1]!;
        if (
          after &&
          !after.spaceBefore &&
          isCapitalised(after) &&
          !(COUNTRY_BY_WORDS.has(before.text) && COUNTRY_BY_WORDS.has(after.text))
        ) {
          j += 2;
          continue;
        }
      }
      break;
    }
    // A connector or particle never ends a run.
    while (j > i && !isCapitalised(tokens[j - 1])) j--;
    runs.push({ from: i, to: j, possessive });
    i = j;
  }
  return runs;
}

/** Walks back from a title to take in "former", "the late", a demonym or "Venezuela’s". */
function extendRoleBackwards(tokens: readonly Token[], roleFrom: number): number {
  let k = roleFrom;
  for (let steps = 0; steps < 4 && k > 0; steps++) {
    const previous = tokens[k - 1]!;
    if (TITLE_PREMODIFIERS.has(previous.text.toLowerCase()) && /^\p{Ll}/u.test(previous.text)) {
      k--;
      continue;
    }
    const country = COUNTRY_BY_WORDS.get(previous.text);
    if (country?.viaDemonym) {
      k--;
      continue;
    }
    const possessiveTokens = possessiveLength(tokens, k - 1) ? 1 : possessiveLength(tokens, k - 2) === 2 ? 2 : 0;
    if (possessiveTokens > 0) {
      const owner = tokens[k - 1 - possessiveTokens];
      if (owner && COUNTRY_BY_WORDS.has(owner.text)) {
        k = k - 1 - possessiveTokens;
        continue;
      }
    }
    break;
  }
  return k;
}

/** Is `tokens[from..to)` the capitalised name of an organisation (ends with a cue word)? */
function endsWithOrganizationCue(tokens: readonly Token[], from: number, to: number): boolean {
  return to > from && ORGANIZATION_CUES.has(tokens[to - 1]!.text);
}

/**
 * A lower-case title right before a name: "former military intelligence chief Hugo Carvajal",
 * "Venezuelan dictator Nicolás Maduro", "Atlantic Council international senior fellow Geoff Ramsey".
 */
function lowerCaseTitleBefore(tokens: readonly Token[], runFrom: number): number | null {
  const head = tokens[runFrom - 1];
  if (!head || !/^\p{Ll}/u.test(head.text) || !isTitleHead(head.text)) return null;
  let k = runFrom - 1;
  for (let steps = 0; steps < 5 && k > 0; steps++) {
    const previous = tokens[k - 1]!;
    if (/^\p{Ll}/u.test(previous.text) && isWord(previous) && !STOPWORDS.has(previous.text) && ['NOUN', 'ADJ', 'PROPN'].includes(previous.pos)) {
      k--;
      continue;
    }
    if (TITLE_PREMODIFIERS.has(previous.text)) {
      k--;
      continue;
    }
    if (COUNTRY_BY_WORDS.get(previous.text)?.viaDemonym) {
      k--;
      continue;
    }
    // Take in the organisation the title belongs to: "Atlantic Council international senior fellow".
    if (isCapitalised(previous) && ORGANIZATION_CUES.has(previous.text)) {
      let m = k - 1;
      while (m > 0 && isCapitalised(tokens[m - 1])) m--;
      k = m;
      continue;
    }
    break;
  }
  return extendRoleBackwards(tokens, k);
}

/** The phrase after "Name, …" when it is a role: "Hugo Carvajal, Venezuela's former spymaster, …". */
function appositiveAfter(tokens: readonly Token[], runTo: number, possessive: boolean): [number, number] | null {
  if (possessive || tokens[runTo]?.text !== ',') return null;
  let k = runTo + 1;
  if (DETERMINERS.has(tokens[k]?.text.toLowerCase() ?? '') && tokens[k]!.text !== 'that') k++;
  const from = k;
  const first = tokens[from];
  if (!first || ['VERB', 'AUX', 'PRON', 'ADP', 'SCONJ', 'CCONJ', 'ADV'].includes(first.pos)) return null;
  // A list of names ("Delcy Rodríguez, Jorge Rodríguez") is not an appositive, but "Venezuela's former spymaster" is.
  if (isCapitalised(first) && !possessiveLength(tokens, from + 1) && !COUNTRY_BY_WORDS.get(first.text)?.viaDemonym && !TITLE_PREMODIFIERS.has(first.text.toLowerCase())) return null;
  let headSeen = false;
  let to = from;
  while (to < tokens.length && to - from < 16) {
    const t = tokens[to]!;
    if ([',', '.', ';', ':', '—', '–', '(', ')', '“', '”', '"', '?', '!'].includes(t.text) || CLAUSE_STOPPERS.has(t.text)) break;
    if (['VERB', 'AUX'].includes(t.pos) && !headSeen) return null;
    if (isTitleHead(t.text) && to - from < 7) headSeen = true;
    to++;
  }
  return headSeen ? [from, to] : null;
}

/** The phrase before ", Name" when it is a role: "his defense minister, Vladimir Padrino López". */
function appositiveBefore(tokens: readonly Token[], runFrom: number): [number, number] | null {
  if (tokens[runFrom - 1]?.text !== ',') return null;
  const to = runFrom - 1;
  let from = to;
  let headSeen = false;
  while (from > 0 && to - from < 18) {
    const t = tokens[from - 1]!;
    // "at the Foundation for…": a determiner inside a prepositional phrase does not start the role.
    if (DETERMINERS.has(t.text.toLowerCase()) && tokens[from - 2]?.pos !== 'ADP') break;
    const possessiveTokens = t.text.length <= 2 && APOSTROPHES.includes(t.text[0]!) && !t.spaceBefore ? 1 : 0;
    if (possessiveTokens) {
      // "Mr. Maduro’s former spymasters": the owner belongs to the role.
      from -= 1;
      while (from > 0 && (isCapitalised(tokens[from - 1]) || HONORIFICS.has(tokens[from - 1]!.text))) from--;
      break;
    }
    if ([',', '.', ';', ':', '—', '–', '(', ')', '“', '”', '"'].includes(t.text) || ['VERB', 'AUX', 'PRON'].includes(t.pos)) break;
    if (isTitleHead(t.text)) headSeen = true;
    from--;
  }
  if (!headSeen || from >= to) return null;
  const first = tokens[from]!;
  if (['ADP', 'CCONJ', 'SCONJ'].includes(first.pos)) return null;
  // The head must come before any preposition: "professor at the Institute", not "a letter to President Trump".
  const phrase = tokens.slice(from, to);
  const firstHead = phrase.findIndex((t) => isTitleHead(t.text));
  const firstPreposition = phrase.findIndex((t) => t.pos === 'ADP');
  if (firstPreposition >= 0 && firstPreposition < firstHead) return null;
  return [from, to];
}

/** Is the run a photo credit or a publication ("Photo by …", "AFP via Getty Images", "The New York Times")? */
function isOutletOrCredit(tokens: readonly Token[], sentenceText: string, from: number, to: number, words: string[]): boolean {
  const before = sentenceText.slice(0, tokens[from]!.start);
  if (/(photo|image|picture|credit)s?\s*(by|:)\s*$/iu.test(before) || /\bvia\s*$/u.test(before) || /\/\s*$/u.test(before)) return true;
  if (/^(photo|image)\b/iu.test(words[words.length - 1] ?? '')) return true;
  const key = nameKey(words.join(' '));
  if (OUTLET_KEYS.has(key) || OUTLET_KEYS.has(key.replace(/^the /, ''))) return true;
  if (OUTLET_LAST_WORDS.has(words[words.length - 1] ?? '') && (words.length > 1 || tokens[from - 1]?.text.toLowerCase() === 'the')) return true;
  // "El Pais, a major Spanish-language daily newspaper": the appositive says what it is.
  const after = sentenceText.slice(tokens[to - 1]!.end, tokens[to - 1]!.end + 60);
  const appositive = /^[’']?s?,\s+(?:a|an|the)\s+([^,.;]*)/u.exec(after);
  if (appositive && appositive[1]!.split(/\s+/).some((w) => OUTLET_NOUNS.has(w.toLowerCase()))) return true;
  return false;
}

/**
 * Finds the candidate actor mentions of one sentence. Pure: the same sentence and context always
 * give the same candidates.
 */
export function extractSentenceCandidates(sentence: SentenceInput, context: ExtractionContext): SentenceCandidates {
  const tokens = tokenize(sentence.text);
  const headline = isHeadline(tokens, context);
  const action = sentenceHasAction(tokens);
  /** Tokens of a bracketed acronym after a name that is not an actor: "(FTO)". */
  const skipped = new Set<number>();
  const notActorKeys: string[] = [];
  const mentions: CandidateMention[] = [];
  const base = sentence.start;

  const emit = (
    from: number,
    to: number,
    extra: Partial<CandidateMention> & { hint: KindHint | null; weak: boolean },
  ): CandidateMention | null => {
    if (to <= from) return null;
    const start = tokens[from]!.start;
    let end = tokens[to - 1]!.end;
    // wink-nlp keeps a sentence's final period on a last word ("the Sun."); it is not part of the name.
    const last = tokens[to - 1]!.text;
    if (last.endsWith('.') && !/\..+\./u.test(last) && !HONORIFICS.has(last) && tokens.slice(to).every((t) => !isWord(t))) end -= 1;
    const surface = sentence.text.slice(start, end);
    const mention: CandidateMention = {
      docId: sentence.docId,
      sentence: sentence.index,
      start: base + start,
      end: base + end,
      surface,
      key: nameKey(surface),
      parts: tokens.slice(from, to).filter(isWord).map((t) => [base + t.start, base + t.end] as [number, number]),
      proper: tokens.slice(from, to).filter(isWord).every((t) => t.pos === 'PROPN'),
      firstWordProper: tokens[from]!.pos === 'PROPN',
      subject: isSubjectAt(tokens, end),
      action,
      ...extra,
    };
    if (!mention.key) return null;
    mentions.push(mention);
    return mention;
  };

  for (const run of findRuns(tokens)) {
    if (skipped.has(run.from)) continue;
    let { from } = run;
    const { to } = run;
    let weak = headline;
    let honorific: string | undefined;
    let role: CandidateMention['role'];
    const clauseInitial = startsClause(tokens, from);
    // A quotation that is only a capitalised phrase ("“Specially Designated Global Terrorist.”") is a label, not a name.
    const closing = tokens[to]?.text === '.' ? tokens[to + 1] : tokens[to];
    if (['“', '"'].includes(tokens[from - 1]?.text ?? '') && ['”', '"'].includes(closing?.text ?? '')) weak = true;
    // "Spanish-language daily": a capitalised word that only modifies a compound is confirmed or dropped.
    if (tokens[to]?.text === '-' && !tokens[to]!.spaceBefore && /^\p{Ll}/u.test(tokens[to + 1]?.text ?? '')) weak = true;

    if (clauseInitial) {
      // "Still, the fortress holds." "Instead, the military…": a capital only because a sentence starts.
      while (from < to) {
        const t = tokens[from]!;
        const lower = t.text.toLowerCase();
        const known =
          countryAt(tokens, from, to) !== null ||
          KNOWN_ORGANIZATION_BY_KEY.has(nameKey(t.text)) ||
          KNOWN_ORGANIZATION_BY_KEY.has(nameKey(tokens.slice(from, to).map((x) => x.text).join(' '))) ||
          HONORIFICS.has(t.text) ||
          isTitleHead(t.text);
        if (known) break;
        if (STOPWORDS.has(lower)) {
          from++;
          continue;
        }
        const looksCommon = context.commonWords.has(lower) || (t.pos !== 'PROPN' && !TITLE_MODIFIERS.has(t.text));
        if (!looksCommon) break;
        if (to - from === 1) {
          from++;
          break;
        }
        // In a longer run the first word is dropped only when a plain name follows ("Dissident FARC"),
        // never from a structured name ("Cartel de los Soles", "Justice Department").
        const structured = tokens.slice(from, to).some((x) => !isCapitalised(x)) || ORGANIZATION_CUES.has(tokens[to - 1]!.text);
        if (!structured) from++;
        break;
      }
      if (to - from === 1) weak = true;
      if (from >= to) continue;
    }

    if (HONORIFICS.has(tokens[from]!.text) && to - from > 1) {
      honorific = tokens[from]!.text;
      from++;
    }

    // Countries at the front ("U.S. Justice Department", "Venezuelan President …", "Eastern Libya").
    let k = from;
    const leadingCountries: Array<{ from: number; to: number; name: string }> = [];
    while (k < to) {
      const found = countryAt(tokens, k, to);
      if (!found) break;
      leadingCountries.push({ from: k, to: k + found.length, name: found.lookup.name });
      k += found.length;
    }
    const words = tokens.slice(from, to).map((t) => t.text.replace(/\.$/u, ''));
    if (isOutletOrCredit(tokens, sentence.text, from, to, words)) continue;

    if (k === to) {
      for (const country of leadingCountries) {
        emit(country.from, country.to, { hint: 'country', canonical: country.name, weak: false });
      }
      continue;
    }
    // "Eastern Libya" is Libya; a region is never an actor.
    if (DIRECTIONS.has(tokens[from]!.text)) {
      const found = countryAt(tokens, from + 1, to);
      if (found && from + 1 + found.length === to) {
        emit(from + 1, to, { hint: 'country', canonical: found.lookup.name, weak: false });
        continue;
      }
    }
    const restIsSingleCue = to - k === 1 && ORGANIZATION_CUES.has(tokens[k]!.text);
    // "U.S. Justice Department" is the Justice Department of the U.S.; "United States Army War College" is a name.
    const fullNamePrefix = leadingCountries.some((c) => c.to - c.from > 1) && !isTitleHead(tokens[k]!.text) && !TITLE_MODIFIERS.has(tokens[k]!.text);
    if (leadingCountries.length > 0 && !restIsSingleCue && !fullNamePrefix) {
      for (const country of leadingCountries) {
        emit(country.from, country.to, { hint: 'country', canonical: country.name, weak: false });
      }
      from = k;
    }

    // A title in capitals before the name: "Interior Minister Diosdado Cabello", "Secretary of State Marco Rubio".
    let titleEnd = -1;
    let headSeen = false;
    for (let m = from; m < to - 1; m++) {
      const word = tokens[m]!.text;
      const titleish = TITLE_MODIFIERS.has(word) || isTitleHead(word) || COUNTRY_BY_WORDS.has(word);
      if (!titleish) break;
      if (isTitleHead(word)) headSeen = true;
      // "Secretary of State" runs past its head; a trailing "of" or "the" does not end a title.
      if (headSeen && isCapitalised(tokens[m])) titleEnd = m;
    }
    const runTokens = tokens.slice(from, to);
    const titleOnly =
      runTokens.every((t) => TITLE_MODIFIERS.has(t.text) || isTitleHead(t.text)) && runTokens.some((t) => isTitleHead(t.text));
    if (titleOnly) continue;
    if (titleEnd >= 0) {
      const roleFrom = extendRoleBackwards(tokens, leadingCountries.length > 0 ? leadingCountries[0]!.from : from);
      role = { text: sentence.text.slice(tokens[roleFrom]!.start, tokens[titleEnd]!.end), start: base + tokens[roleFrom]!.start, end: base + tokens[titleEnd]!.end };
      from = titleEnd + 1;
      if (HONORIFICS.has(tokens[from]!.text) && to - from > 1) {
        honorific = tokens[from]!.text;
        from++;
      }
    } else {
      const roleFrom = lowerCaseTitleBefore(tokens, from);
      if (roleFrom !== null) {
        role = { text: sentence.text.slice(tokens[roleFrom]!.start, tokens[from - 1]!.end), start: base + tokens[roleFrom]!.start, end: base + tokens[from - 1]!.end };
      }
    }
    if (from >= to) continue;

    const nameWords = tokens.slice(from, to).map((t) => t.text);
    const name = nameWords.join(' ');
    const key = nameKey(name);
    if (REGIONS.has(key) || REGIONS.has(key.replace(/^the /, ''))) continue;
    const notActor = notActorName(nameWords, key, sentence.text.slice(0, tokens[from]!.start));
    if (notActor) {
      if (notActor === 'context') notActorKeys.push(key);
      if (tokens[to]?.text === '(' && isAllCaps(tokens[to + 1]) && tokens[to + 2]?.text === ')') {
        skipped.add(to + 1);
        notActorKeys.push(nameKey(tokens[to + 1]!.text));
      }
      continue;
    }
    if (nameWords.length === 1 && (NEVER_ACTORS.has(nameWords[0]!) || ORGANIZATION_CUES.has(nameWords[0]!) || DIRECTIONS.has(nameWords[0]!))) continue;
    if (NEVER_ACTORS.has(nameWords[0]!) && nameWords.length <= 2 && /^\d/.test(tokens[to]?.text ?? '')) continue;
    if (/^(Day|Week|Month|Year|Eve)$/u.test(nameWords[nameWords.length - 1]!)) continue;
    if (nameWords.length === 1 && nameWords[0]!.replace(/[^\p{L}]/gu, '').length < 2) continue;

    let hint: KindHint | null = null;
    let canonical: string | undefined;
    let end = to;
    const known = KNOWN_ORGANIZATION_BY_KEY.get(key);
    const next = tokens[to];
    const previous = tokens[from - 1];
    if (known) {
      hint = 'organization';
      canonical = known;
    } else if (CAPITALS.has(key)) {
      hint = 'capital';
    } else if (nameWords.some((w) => ORGANIZATION_CUES.has(w)) || endsWithOrganizationCue(tokens, from, to)) {
      hint = 'organization';
    } else if (next && !run.possessive && ORGANIZATION_NOUNS.has(next.text) && next.spaceBefore && /^\p{Ll}/u.test(next.text)) {
      // "the Sinaloa cartel": the noun is part of how the text names it.
      hint = 'organization';
      end = to + 1;
    } else if (next && !run.possessive && GROUP_NOUNS.has(next.text) && next.spaceBefore) {
      // "Houthi rebels", "the Ortega brothers".
      hint = 'group';
      end = to + 1;
    } else if (previous && ORGANIZATION_NOUNS.has(previous.text.toLowerCase())) {
      // "the Venezuelan gang Tren de Aragua".
      hint = 'organization';
    } else if (previous && GROUP_NOUNS.has(previous.text.toLowerCase())) {
      hint = 'group';
    } else if (isAllCaps(tokens[from]) && to - from === 1) {
      hint = 'organization';
    } else if (honorific || role) {
      hint = 'person';
    }

    if (!role && (hint === null || hint === 'person')) {
      const after = appositiveAfter(tokens, to, run.possessive);
      const before = after ? null : appositiveBefore(tokens, from);
      const span = after ?? before;
      if (span) {
        const [roleFrom, roleTo] = span;
        role = {
          text: sentence.text.slice(tokens[roleFrom]!.start, tokens[roleTo - 1]!.end),
          start: base + tokens[roleFrom]!.start,
          end: base + tokens[roleTo - 1]!.end,
        };
        hint = 'person';
      }
    }

    const mention = emit(from, end, { hint, weak, clauseInitial, ...(canonical ? { canonical } : {}), ...(honorific ? { honorific } : {}), ...(role ? { role } : {}) });

    // "Revolutionary Armed Forces of Colombia (FARC)": the bracketed acronym names the same body.
    if (mention && tokens[end]?.text === '(' && isAllCaps(tokens[end + 1]) && tokens[end + 2]?.text === ')') {
      const acronym = emit(end + 1, end + 2, { hint: mention.hint ?? 'organization', weak: false });
      if (acronym) acronym.abbreviates = mention.key;
    }
  }
  return { mentions: dedupeOverlaps(mentions), notActorKeys };
}

/** The acronym in brackets is found twice (as its own run too); keep one mention per span. */
function dedupeOverlaps(mentions: CandidateMention[]): CandidateMention[] {
  const bySpan = new Map<string, CandidateMention>();
  for (const mention of mentions) {
    const span = `${mention.start}:${mention.end}`;
    const existing = bySpan.get(span);
    if (!existing || (mention.abbreviates && !existing.abbreviates)) bySpan.set(span, mention);
  }
  return [...bySpan.values()].sort((a, b) => a.start - b.start);
}

/** Lower-case words as written in the corpus: what a capitalised sentence-initial word probably is. */
export function collectCommonWords(texts: Iterable<string>): Set<string> {
  const words = new Set<string>();
  for (const text of texts) {
    for (const match of text.matchAll(/(?<![\p{L}’'])\p{Ll}[\p{Ll}’'-]*/gu)) words.add(match[0]);
  }
  return words;
}

/** Exposed for the registry: the state a name, alias or demonym refers to. */
export function countryOf(words: string): string | null {
  return COUNTRY_BY_WORDS.get(words)?.name ?? null;
}

/** Exposed for the registry: a known international organisation's canonical name. */
export function knownOrganizationOf(key: string): string | null {
  return KNOWN_ORGANIZATION_BY_KEY.get(key) ?? null;
}
