import { buildCitations, foldCopies, type QuotedSpan, type SpanWithCopies } from '../evidence/index.js';
import type { Sentence } from '../corpus/types.js';
import { quotesWords } from './attribution.js';
import { sentenceAt, type ActorCorpusSource } from './corpus-source.js';
import { toListing, type IndexedActor } from './lookup.js';
import { RelatedActors } from './related.js';
import { mergeNearSynonymRoles } from './role-merging.js';
import { SpeakerFinder } from './speakers.js';
import { keySentencesFirst, ownWordsFirst, selectSummarySentences, withAntecedents } from './summary-selection.js';
import { sentenceKey } from './text.js';
import type { ActorDetail, ActorRecord, ActorSummary, CitedRole } from './types.js';

/**
 * The actor summary: who they are (roles, near-synonyms merged, each with its sentence), what
 * the sources say (key sentences first), what they said (their own words first), related actors.
 * Every line is a verbatim, cited sentence, and no sentence is shown twice.
 */

/** How much a summary holds. */
export interface ActorSummaryOptions {
  /** Sentences in "what the sources say" (default 6). */
  maxSentences?: number;
  /** Sentences in "what they said" (default 5). */
  maxSaid?: number;
  /** Related actors (default 5). */
  maxRelated?: number;
}

const DEFAULT_SUMMARY_SENTENCES = 6;
const DEFAULT_SAID = 5;
const DEFAULT_RELATED = 5;
/** Quotes of their own words on a dossier's first page (src/bot/render/actor.ts shows as many). */
const FIRST_PAGE_QUOTES = 2;
/** Below this many sentences about an actor (roles' included), sentences quoting them also serve as the summary. */
const MIN_SUMMARY_SENTENCES = 3;

/** A merged role as shown, with its sentence (null when none of its wordings has a sentence not already shown). */
interface RoleWording {
  role: string;
  alsoWritten: string[];
  sentence: Sentence | null;
}

/** A role to show, with the sentence it came from. */
type RoleSentence = RoleWording & { sentence: Sentence };

export class ActorSummarizer {
  private readonly speakers: SpeakerFinder;
  private readonly related: RelatedActors;

  constructor(
    actors: readonly ActorRecord[],
    private readonly source: ActorCorpusSource,
  ) {
    this.speakers = new SpeakerFinder(actors, source);
    this.related = new RelatedActors(actors, source);
  }

  /** The summary of a found actor (`query` is echoed as typed). */
  summarize(query: string, actor: IndexedActor, options: ActorSummaryOptions = {}): ActorSummary {
    const record = actor.record;
    // Merged once: the detail lists the same wordings whose sentences the evidence shows.
    const wordings = this.roleWordings(record);
    let roles = wordings.filter((r): r is RoleSentence => r.sentence !== null);
    // A role's sentence is shown with the role, so it is neither a sentence about them nor a quote.
    const roleKeys = new Set(roles.map((r) => keyOf(r.sentence)));
    const quoting = this.speakers.sentencesQuoting(record).filter((s) => !roleKeys.has(keyOf(s)));
    const saidKeys = new Set(quoting.map(keyOf));
    const mentioned = this.mentionSentences(record).filter((s) => !roleKeys.has(keyOf(s)));
    let chosen = selectSummarySentences(record, actor.words, mentioned.filter((s) => !saidKeys.has(keyOf(s))), options.maxSentences ?? DEFAULT_SUMMARY_SENTENCES);
    // Some actors are only ever quoted (a spokesman); their quoted sentences also say who they are,
    // when the role sentences and the sentences about them are too few.
    const missing = MIN_SUMMARY_SENTENCES - roles.length - chosen.length;
    if (missing > 0) {
      const quotedMentions = mentioned.filter((s) => saidKeys.has(keyOf(s)));
      chosen = [...chosen, ...selectSummarySentences(record, actor.words, quotedMentions, missing)];
    }
    // A sentence that opens by pointing back ("They…") comes with the sentence before it, or not at all.
    const previousOf = (s: Sentence) => (s.index > 0 ? (sentenceAt(this.source, s.docId, s.index - 1) ?? null) : null);
    chosen = withAntecedents(chosen, previousOf);
    // A sentence is quoted once: what moved into the summary is not repeated under "said".
    const chosenKeys = new Set(chosen.map(keyOf));
    const saidSentences = ownWordsFirst(quoting.filter((s) => !chosenKeys.has(keyOf(s))), quotesWords).slice(0, options.maxSaid ?? DEFAULT_SAID);
    // The first page draws on every article that mentions the actor: an article that only gave a
    // role's sentence lends it to the summary (the role is still listed, without a sentence of its own).
    const covered = new Set([...chosen, ...saidSentences.slice(0, FIRST_PAGE_QUOTES)].map((s) => s.docId));
    const lent = new Set<string>();
    for (const role of roles) {
      if (covered.has(role.sentence.docId)) continue;
      // A role's sentence that opens by pointing back comes with the sentence before it.
      const lending = withAntecedents([role.sentence], previousOf);
      if (lending.length === 0 || lending.some((s) => chosenKeys.has(keyOf(s)))) continue;
      covered.add(role.sentence.docId);
      lent.add(keyOf(role.sentence));
      chosen.push(...lending);
    }
    // A role whose sentence now stands in the summary (lent, or brought as another's antecedent) is
    // listed without it, so no sentence is shown twice.
    const inSummary = new Set([...lent, ...chosen.map(keyOf)]);
    roles = roles.filter((r) => !inSummary.has(keyOf(r.sentence)));
    return {
      query,
      found: true,
      actor: this.detailOf(record, wordings),
      ...this.cite(roles, keySentencesFirst(chosen), saidSentences),
      related: this.related.of(record, options.maxRelated ?? DEFAULT_RELATED),
      suggestions: [],
    };
  }

  /** The `actor` object of `actor --json`: roles as merged, best wording of each first. */
  detail(record: ActorRecord): ActorDetail {
    return this.detailOf(record, this.roleWordings(record));
  }

  private detailOf(record: ActorRecord, wordings: readonly RoleWording[]): ActorDetail {
    const sources = [...new Set(record.docIds.map((d) => this.source.document(d)?.meta.source).filter((s): s is string => !!s))];
    const roles = [...new Set(wordings.map((r) => r.role))];
    return { ...toListing(record), aliases: record.aliases, roles, sources };
  }

  /**
   * Cites the three lists as one: the same wire sentence in several outlets is shown once (cited
   * to each), a role whose sentence is a copy of an earlier role's is left out of the evidence,
   * and citations are numbered in reading order (summary, said, roles).
   */
  private cite(roles: readonly RoleSentence[], about: readonly Sentence[], said: readonly Sentence[]): Pick<ActorSummary, 'summary' | 'said' | 'roleEvidence' | 'citations'> {
    const [roleSpans, aboutSpans, saidSpans] = foldCopies([roles.map((r) => toSpan(r.sentence)), about.map(toSpan), said.map(toSpan)]) as [
      SpanWithCopies[],
      SpanWithCopies[],
      SpanWithCopies[],
    ];
    const shownRoles = roles.flatMap((r) => {
      const span = roleSpans.find((s) => s.docId === r.sentence.docId && s.start === r.sentence.start);
      return span ? [{ role: r, span }] : [];
    });
    const { sentences, citations } = buildCitations([...aboutSpans, ...saidSpans, ...shownRoles.map((r) => r.span)], this.source);
    const roleEvidence: CitedRole[] = shownRoles.map(({ role }, i) => ({
      role: role.role,
      sentence: sentences[aboutSpans.length + saidSpans.length + i]!,
      ...(role.alsoWritten.length > 0 ? { alsoWritten: role.alsoWritten } : {}),
    }));
    return {
      summary: sentences.slice(0, aboutSpans.length),
      said: sentences.slice(aboutSpans.length, aboutSpans.length + saidSpans.length),
      roleEvidence,
      citations,
    };
  }

  /**
   * The merged roles, each with one sentence, each sentence once: when the best wording's
   * sentence is an earlier role's, another wording with a sentence of its own is shown instead,
   * and a role none of whose wordings has one is listed without evidence.
   */
  private roleWordings(record: ActorRecord): RoleWording[] {
    const used = new Set<string>();
    return mergeNearSynonymRoles(record.roles).map(({ best, variants }) => {
      const shown = variants.find((v) => !used.has(sentenceKey(v.docId, v.sentence)) && sentenceAt(this.source, v.docId, v.sentence)) ?? best;
      const sentence = shown === best && used.has(sentenceKey(best.docId, best.sentence)) ? null : (sentenceAt(this.source, shown.docId, shown.sentence) ?? null);
      if (sentence) used.add(keyOf(sentence));
      const alsoWritten = [...new Set(variants.map((v) => v.role))].filter((r) => r !== shown.role);
      return { role: shown.role, alsoWritten, sentence };
    });
  }

  /** Each sentence that mentions the actor, once, in mention order. */
  private mentionSentences(record: ActorRecord): Sentence[] {
    const seen = new Set<string>();
    const out: Sentence[] = [];
    for (const m of record.mentions) {
      const k = sentenceKey(m.docId, m.sentence);
      if (seen.has(k)) continue;
      seen.add(k);
      const sentence = sentenceAt(this.source, m.docId, m.sentence);
      if (sentence) out.push(sentence);
    }
    return out;
  }
}

function keyOf(sentence: Sentence): string {
  return sentenceKey(sentence.docId, sentence.index);
}

function toSpan(sentence: Sentence): QuotedSpan {
  return { text: sentence.text, docId: sentence.docId, start: sentence.start, end: sentence.end };
}
