import { buildCitations, foldCopies, type QuotedSpan, type SpanWithCopies } from '../evidence/index.js';
import type { Sentence } from '../corpus/types.js';
import { sentenceAt, type ActorCorpusSource } from './corpus-source.js';
import type { IndexedActor } from './lookup.js';
import { toListing } from './lookup.js';
import { RelatedActors } from './related.js';
import { SpeakerFinder } from './speakers.js';
import { selectSummarySentences } from './summary-selection.js';
import { sentenceKey } from './text.js';
import type { ActorDetail, ActorRecord, ActorSummary, CitedRole } from './types.js';

/**
 * The actor summary: who they are (cited roles), what the sources say, what they said (kept
 * apart), related actors, every line a verbatim, cited sentence.
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
/** Below this many sentences about an actor, sentences quoting them also serve as the summary. */
const MIN_SUMMARY_SENTENCES = 3;

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
    const maxSentences = options.maxSentences ?? DEFAULT_SUMMARY_SENTENCES;
    const quoting = this.speakers.sentencesQuoting(record);
    const saidKeys = new Set(quoting.map(keyOf));
    const mentioned = this.mentionSentences(record);
    const about = mentioned.filter((s) => !saidKeys.has(keyOf(s)));
    let chosen = selectSummarySentences(record, actor.words, about, maxSentences);
    if (chosen.length < MIN_SUMMARY_SENTENCES) {
      // Some actors are only ever quoted (a spokesman); their quoted sentences also say who they are.
      const quotedMentions = mentioned.filter((s) => saidKeys.has(keyOf(s)));
      chosen = [...chosen, ...selectSummarySentences(record, actor.words, quotedMentions, MIN_SUMMARY_SENTENCES - chosen.length)];
    }
    // A sentence is quoted once: what moved into the summary is not repeated under "said".
    const chosenKeys = new Set(chosen.map(keyOf));
    const saidSentences = quoting.filter((s) => !chosenKeys.has(keyOf(s))).slice(0, options.maxSaid ?? DEFAULT_SAID);
    const roleSpans = record.roles
      .map((r) => ({ role: r.role, sentence: sentenceAt(this.source, r.docId, r.sentence) }))
      .filter((r): r is { role: string; sentence: Sentence } => !!r.sentence);
    // The same wire sentence in several outlets is shown once, cited to each of them.
    const [aboutSpans, saidSpans] = foldCopies([chosen.map(toSpan), saidSentences.map(toSpan)]) as [SpanWithCopies[], SpanWithCopies[]];
    const spans: SpanWithCopies[] = [...aboutSpans, ...saidSpans, ...roleSpans.map((r) => toSpan(r.sentence))];
    const { sentences, citations } = buildCitations(spans, this.source);
    const summary = sentences.slice(0, aboutSpans.length);
    const said = sentences.slice(aboutSpans.length, aboutSpans.length + saidSpans.length);
    const roleEvidence: CitedRole[] = roleSpans.map((r, i) => ({ role: r.role, sentence: sentences[aboutSpans.length + saidSpans.length + i]! }));
    return {
      query,
      found: true,
      actor: this.detail(record),
      summary,
      said,
      roleEvidence,
      related: this.related.of(record, options.maxRelated ?? DEFAULT_RELATED),
      citations,
      suggestions: [],
    };
  }

  /** The `actor` object of `actor --json`. */
  detail(record: ActorRecord): ActorDetail {
    const sources = [...new Set(record.docIds.map((d) => this.source.document(d)?.meta.source).filter((s): s is string => !!s))];
    return { ...toListing(record), aliases: record.aliases, roles: [...new Set(record.roles.map((r) => r.role))], sources };
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
