import { buildCitations, foldCopies, type CitationSource, type QuotedSpan, type SpanWithCopies } from '../evidence/index.js';
import type { CorpusDocument, Passage, ProcessedDocument, Sentence } from '../corpus/types.js';
import { attributesSpeechTo, hasPronounAttribution, isBareQuotation } from './attribution.js';
import { countryOf, knownOrganizationOf, STOPWORDS } from './extract.js';
import { COUNTRIES, HONORIFICS } from './gazetteer.js';
import { contentWords, editDistance, nameKey, typoAllowance } from './text.js';
import type { ActorDetail, ActorListing, ActorMention, ActorRecord, ActorRegistryData, ActorSummary, CitedRole } from './types.js';

/**
 * Serving the actor registry: listing, autocomplete, forgiving lookup and extractive summaries
 * whose every line is a verbatim, cited sentence.
 */

/** What the registry needs to quote the corpus: documents, their sentences and passages. */
export interface ActorCorpusSource extends CitationSource {
  document(docId: string): CorpusDocument | undefined;
  /** The document's sentences, in order (`Sentence.index` = position). */
  sentencesOf(docId: string): readonly Sentence[];
  passagesOf(docId: string): readonly Passage[];
}

/** An {@link ActorCorpusSource} over processed documents held in memory. */
export function corpusSourceFromDocuments(documents: readonly ProcessedDocument[]): ActorCorpusSource {
  const byId = new Map(documents.map((d) => [d.document.docId, d]));
  return {
    document: (docId) => byId.get(docId)?.document,
    sentencesOf: (docId) => byId.get(docId)?.sentences ?? [],
    passagesOf: (docId) => byId.get(docId)?.passages ?? [],
  };
}

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
/** Below this many sentences about an actor, sentences quoting them also serve as the summary. */
const MIN_SUMMARY_SENTENCES = 3;
const MMR_LAMBDA = 0.7;
const SAME_DOCUMENT_PENALTY = 0.12;
const BOILERPLATE = /©|all rights reserved|\bphoto(?:graph)? by\b|getty images|pic\.twitter|featured image|click here|sign up|subscribe/iu;
const DATE_OR_NUMBER = /\d|\b(?:January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b/u;
const TITLE_WORDS = /^(?:president|minister|secretary|senator|general|governor|ambassador|envoy|chief|leader)$/u;

interface Indexed {
  record: ActorRecord;
  /** Keys of the name and every alias, honorifics removed. */
  keys: Set<string>;
  /** Every word of those keys. */
  words: Set<string>;
}

function sentenceKey(docId: string, index: number): string {
  return `${docId}#${index}`;
}

/** The actor registry of one index generation. */
export class ActorRegistry {
  private readonly actors: Indexed[];
  private readonly byId = new Map<string, Indexed>();
  private readonly byKey = new Map<string, Set<string>>();
  private readonly ambiguous = new Map<string, string[]>();
  /** Actor ids named in each sentence, for co-mentions and pronoun attribution. */
  /**
   * The actors named in each sentence, one entry per mention; `ends` holds the end of every mention
   * of that actor at that start in the sentence (shared by those entries), so no mention list is scanned.
   */
  private readonly actorsBySentence = new Map<string, Array<{ id: string; start: number; ends: number[] }>>();

  constructor(
    readonly data: ActorRegistryData,
    private readonly source: ActorCorpusSource,
  ) {
    this.actors = data.actors.map((record) => {
      const names = [record.name, ...record.aliases];
      if (record.kind === 'country') {
        const entry = COUNTRIES.find((c) => c.name === record.name);
        if (entry) names.push(...entry.aliases, ...entry.demonyms);
      }
      const keys = new Set(names.map((n) => stripHonorific(nameKey(n))).filter(Boolean));
      const words = new Set([...keys].flatMap((k) => k.split(' ')));
      return { record, keys, words };
    });
    for (const actor of this.actors) {
      this.byId.set(actor.record.id, actor);
      for (const key of actor.keys) {
        if (!this.byKey.has(key)) this.byKey.set(key, new Set());
        this.byKey.get(key)!.add(actor.record.id);
      }
      for (const m of actor.record.mentions) {
        const k = sentenceKey(m.docId, m.sentence);
        if (!this.actorsBySentence.has(k)) this.actorsBySentence.set(k, []);
        const entries = this.actorsBySentence.get(k)!;
        const ends = entries.find((e) => e.id === actor.record.id && e.start === m.start)?.ends ?? [];
        ends.push(m.end);
        entries.push({ id: actor.record.id, start: m.start, ends });
      }
    }
    for (const a of data.ambiguous) this.ambiguous.set(stripHonorific(nameKey(a.name)), a.actorIds);
  }

  /** Every actor, most mentioned first (as `actors --json` lists them). */
  list(limit?: number): ActorListing[] {
    const listings = this.actors.map((a) => toListing(a.record));
    return limit === undefined ? listings : listings.slice(0, limit);
  }

  /**
   * Autocomplete: actors whose name, alias or a word of them starts with `partial` (case and
   * accents ignored), then those containing it, then near spellings; most mentioned first within each.
   */
  suggest(partial: string, limit = 25): ActorListing[] {
    const query = stripHonorific(nameKey(partial));
    if (!query) return this.list(limit);
    const allowance = typoAllowance(query.length);
    const scored: Array<{ actor: Indexed; rank: number }> = [];
    for (const actor of this.actors) {
      let rank = Infinity;
      for (const key of actor.keys) {
        if (key.startsWith(query)) rank = Math.min(rank, 0);
        else if (key.split(' ').some((w) => w.startsWith(query))) rank = Math.min(rank, 1);
        else if (key.includes(query)) rank = Math.min(rank, 2);
      }
      if (rank === Infinity && allowance > 0) {
        for (const word of actor.words) {
          if (editDistance(query, word.slice(0, query.length + 1), allowance) <= allowance || editDistance(query, word, allowance) <= allowance) {
            rank = 3;
            break;
          }
        }
      }
      if (rank < Infinity) scored.push({ actor, rank });
    }
    return scored
      .sort((a, b) => a.rank - b.rank || b.actor.record.mentions.length - a.actor.record.mentions.length)
      .slice(0, limit)
      .map((s) => toListing(s.actor.record));
  }

  /**
   * Finds the actor a person means: exact name or alias, honorifics and accents ignored; then
   * every word of the query among the actor's names ("padrino lopez", a surname alone); then one or
   * two typos ("cabelo"). A name several actors share returns null: see `summarize` suggestions.
   */
  find(query: string): ActorRecord | null {
    return this.resolve(query).actor?.record ?? null;
  }

  private resolve(query: string): { actor: Indexed | null; candidates: Indexed[] } {
    const key = stripTitles(stripHonorific(nameKey(query)));
    if (!key) return { actor: null, candidates: [] };
    const exact = [...(this.byKey.get(key) ?? [])].map((id) => this.byId.get(id)!);
    if (exact.length === 1) return { actor: exact[0]!, candidates: exact };
    if (exact.length > 1) return { actor: null, candidates: exact };
    const shared = this.ambiguous.get(key);
    if (shared) return { actor: null, candidates: shared.map((id) => this.byId.get(id)).filter((a): a is Indexed => !!a) };
    const country = countryOf(query.trim()) ?? countryOf(titleCase(key));
    const known = country ?? knownOrganizationOf(key);
    if (known) {
      const actor = this.actors.find((a) => a.record.name === known);
      if (actor) return { actor, candidates: [actor] };
    }
    const queryWords = key.split(' ');
    const byWords = this.actors.filter((a) => queryWords.every((w) => a.words.has(w)));
    if (byWords.length === 1) return { actor: byWords[0]!, candidates: byWords };
    if (byWords.length > 1) return { actor: null, candidates: byWords };
    return this.resolveTypo(key);
  }

  private resolveTypo(key: string): { actor: Indexed | null; candidates: Indexed[] } {
    const allowance = typoAllowance(key.length);
    if (allowance === 0) return { actor: null, candidates: [] };
    let best: Array<{ actor: Indexed; distance: number }> = [];
    for (const actor of this.actors) {
      let distance = Infinity;
      for (const candidate of [...actor.keys, ...actor.words]) {
        if (candidate.length < 3) continue;
        distance = Math.min(distance, editDistance(key, candidate, allowance));
      }
      if (distance > allowance) continue;
      if (best.length === 0 || distance < best[0]!.distance) best = [{ actor, distance }];
      else if (distance === best[0]!.distance) best.push({ actor, distance });
    }
    if (best.length === 0) return { actor: null, candidates: [] };
    // Among equally near names, the one the corpus talks about most is the likelier meaning.
    best.sort((a, b) => b.actor.record.mentions.length - a.actor.record.mentions.length);
    return { actor: best[0]!.actor, candidates: best.map((b) => b.actor) };
  }

  /** Close names for a query that matched nothing (or several actors). */
  private suggestionsFor(query: string, candidates: Indexed[]): string[] {
    if (candidates.length > 0) return candidates.map((c) => c.record.name);
    const key = stripHonorific(nameKey(query));
    // Each typed word is compared too, so "Madero Moros" still suggests "Nicolás Maduro".
    const typed = [key, ...key.split(' ').filter((w) => w.length >= 4)];
    const near = this.actors
      .map((actor) => {
        let distance = Infinity;
        for (const q of typed) {
          for (const candidate of [...actor.keys, ...actor.words]) {
            if (candidate.length < 3) continue;
            distance = Math.min(distance, editDistance(q, candidate, 4) / Math.max(1, Math.min(2, q.length / 4)));
          }
        }
        return { actor, distance };
      })
      .filter((n) => n.distance <= 1)
      .sort((a, b) => a.distance - b.distance || b.actor.record.mentions.length - a.actor.record.mentions.length)
      .map((n) => n.actor.record.name);
    const prefixed = this.suggest(query, 5).map((l) => l.name);
    return [...new Set([...near, ...prefixed])].slice(0, 5);
  }

  /**
   * The actor summary of CONTRACT.md: who they are (with cited roles), what the sources say
   * (ranked, diverse, verbatim), what they said (attributed quotations, kept apart), related
   * actors. When nothing matches, `found` is false and `suggestions` lists close names.
   */
  summarize(query: string, options: ActorSummaryOptions = {}): ActorSummary {
    const { actor, candidates } = this.resolve(query);
    if (!actor) {
      return {
        query,
        found: false,
        actor: null,
        summary: [],
        said: [],
        roleEvidence: [],
        related: [],
        citations: [],
        suggestions: this.suggestionsFor(query, candidates),
      };
    }
    const record = actor.record;
    const maxSentences = options.maxSentences ?? DEFAULT_SUMMARY_SENTENCES;
    const quoting = this.sentencesQuoting(record);
    const saidKeys = new Set(quoting.map((s) => sentenceKey(s.docId, s.index)));
    const mentioned = this.mentionSentences(record);
    const about = mentioned.filter((s) => !saidKeys.has(sentenceKey(s.docId, s.index)));
    let chosen = this.selectSummarySentences(record, actor, about, maxSentences);
    if (chosen.length < MIN_SUMMARY_SENTENCES) {
      // Some actors are only ever quoted (a spokesman); their quoted sentences also say who they are.
      const topUp = this.selectSummarySentences(record, actor, mentioned.filter((s) => saidKeys.has(sentenceKey(s.docId, s.index))), MIN_SUMMARY_SENTENCES - chosen.length);
      chosen = [...chosen, ...topUp];
    }
    // A sentence is quoted once: what moved into the summary is not repeated under "said".
    const chosenKeys = new Set(chosen.map((s) => sentenceKey(s.docId, s.index)));
    const saidSentences = quoting.filter((s) => !chosenKeys.has(sentenceKey(s.docId, s.index))).slice(0, options.maxSaid ?? 5);
    const roleSpans = record.roles
      .map((r) => ({ role: r.role, sentence: this.sentenceAt(r.docId, r.sentence) }))
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
      related: this.related(record, options.maxRelated ?? 5),
      citations,
      suggestions: [],
    };
  }

  /** The `actor` object of `actor --json`. */
  detail(record: ActorRecord): ActorDetail {
    const sources = [
      ...new Set(record.docIds.map((d) => this.source.document(d)?.meta.source).filter((s): s is string => !!s)),
    ];
    return { ...toListing(record), aliases: record.aliases, roles: [...new Set(record.roles.map((r) => r.role))], sources };
  }

  private sentenceAt(docId: string, index: number): Sentence | undefined {
    const sentences = this.source.sentencesOf(docId);
    const direct = sentences[index];
    return direct?.index === index ? direct : sentences.find((s) => s.index === index);
  }

  private mentionSentences(record: ActorRecord): Sentence[] {
    const seen = new Set<string>();
    const out: Sentence[] = [];
    for (const m of record.mentions) {
      const k = sentenceKey(m.docId, m.sentence);
      if (seen.has(k)) continue;
      seen.add(k);
      const sentence = this.sentenceAt(m.docId, m.sentence);
      if (sentence) out.push(sentence);
    }
    return out;
  }

  /**
   * Sentences in which the actor speaks: attributed by name, by a pronoun whose nearest person in
   * the previous two sentences is the actor, or a bare quotation continuing their words.
   */
  private sentencesQuoting(record: ActorRecord): Sentence[] {
    const quoted: Sentence[] = [];
    const quotedKeys = new Set<string>();
    const mentionsBySentence = new Map<string, Array<{ start: number; end: number }>>();
    for (const m of record.mentions) {
      const k = sentenceKey(m.docId, m.sentence);
      if (!mentionsBySentence.has(k)) mentionsBySentence.set(k, []);
      mentionsBySentence.get(k)!.push(m);
    }
    for (const docId of record.docIds) {
      for (const sentence of this.source.sentencesOf(docId)) {
        const k = sentenceKey(docId, sentence.index);
        const spans = mentionsBySentence.get(k);
        let speaks = false;
        if (spans) {
          speaks = spans.some((m) => attributesSpeechTo(sentence.text, { start: m.start - sentence.start, end: m.end - sentence.start }));
        } else if (hasPronounAttribution(sentence.text)) {
          speaks = this.lastPersonBefore(docId, sentence.index) === record.id;
        } else if (isBareQuotation(sentence.text)) {
          speaks = quotedKeys.has(sentenceKey(docId, sentence.index - 1));
        }
        if (speaks) {
          quoted.push(sentence);
          quotedKeys.add(k);
        }
      }
    }
    return quoted;
  }

  /** The person named last in the two sentences before `index`: who "he" or "she" most likely is. */
  private lastPersonBefore(docId: string, index: number): string | null {
    for (let i = index - 1; i >= Math.max(0, index - 2); i--) {
      const sentence = this.sentenceAt(docId, i);
      const people = (this.actorsBySentence.get(sentenceKey(docId, i)) ?? []).filter(
        (m) => this.byId.get(m.id)?.record.kind === 'person',
      );
      // A speaker in the previous sentence ("…, Mr. Ellis explains.") is who "he says" continues.
      if (sentence) {
        const speaker = people.find((m) =>
          m.ends.some((end) => attributesSpeechTo(sentence.text, { start: m.start - sentence.start, end: end - sentence.start })),
        );
        if (speaker) return speaker.id;
      }
      // The subject (first person named) is the likelier antecedent than a later object.
      if (people.length > 0) return people.sort((a, b) => a.start - b.start)[0]!.id;
    }
    return null;
  }

  /**
   * Ranks sentences by how much they say about the actor (subject of the sentence, a role, a
   * number or date, an action verb; short and boilerplate sentences out) and picks a diverse set
   * with maximal marginal relevance over content words, spreading across documents.
   */
  private selectSummarySentences(record: ActorRecord, actor: Indexed, sentences: Sentence[], limit: number): Sentence[] {
    if (limit <= 0) return [];
    const nameWords = new Set(actor.words);
    const roleKeys = record.roles.map((r) => r.role.toLowerCase());
    const bySentence = new Map<string, ActorMention[]>();
    for (const m of record.mentions) {
      const k = sentenceKey(m.docId, m.sentence);
      if (!bySentence.has(k)) bySentence.set(k, []);
      bySentence.get(k)!.push(m);
    }
    const candidates = sentences
      .filter((s) => !BOILERPLATE.test(s.text) && wordCount(s.text) >= 6)
      .map((s) => {
        const mentionsHere = bySentence.get(sentenceKey(s.docId, s.index)) ?? [];
        const words = new Set(contentWords(s.text, STOPWORDS).filter((w) => !nameWords.has(w)));
        return { sentence: s, relevance: informativeness(s, mentionsHere, roleKeys), words };
      })
      .sort((a, b) => b.relevance - a.relevance || a.sentence.docId.localeCompare(b.sentence.docId) || a.sentence.index - b.sentence.index);
    if (candidates.length === 0) return [];
    const top = Math.max(...candidates.map((c) => c.relevance), 1e-9);
    const chosen: typeof candidates = [];
    const remaining = [...candidates];
    while (chosen.length < limit && remaining.length > 0) {
      let bestIndex = 0;
      let bestScore = -Infinity;
      remaining.forEach((c, i) => {
        const redundancy = Math.max(0, ...chosen.map((x) => jaccard(c.words, x.words)));
        const sameDocument = chosen.filter((x) => x.sentence.docId === c.sentence.docId).length;
        const score = MMR_LAMBDA * (c.relevance / top) - (1 - MMR_LAMBDA) * redundancy - SAME_DOCUMENT_PENALTY * sameDocument;
        if (score > bestScore) {
          bestScore = score;
          bestIndex = i;
        }
      });
      chosen.push(remaining.splice(bestIndex, 1)[0]!);
    }
    // Draw from at least two articles when the corpus has them.
    const docs = new Set(chosen.map((c) => c.sentence.docId));
    if (docs.size === 1 && chosen.length > 1) {
      const other = remaining.find((c) => !docs.has(c.sentence.docId));
      if (other) chosen[chosen.length - 1] = other;
    }
    return chosen.map((c) => c.sentence);
  }

  private readonly passageBySentence = new Map<string, Map<number, string>>();

  /** Each sentence's passage in a document (`docId@passageId`), worked out once per document. */
  private passageOfSentence(docId: string): Map<number, string> {
    let map = this.passageBySentence.get(docId);
    if (!map) {
      map = new Map();
      for (const passage of this.source.passagesOf(docId)) {
        for (const index of passage.sentenceIndexes) if (!map.has(index)) map.set(index, `${docId}@${passage.id}`);
      }
      this.passageBySentence.set(docId, map);
    }
    return map;
  }

  /** Actors named in the same passage (or sentence, where a document has no passages), with counts. */
  private related(record: ActorRecord, limit: number): ActorSummary['related'] {
    const units = new Map<string, Set<string>>();
    const unitOf = (docId: string, sentence: number): string => this.passageOfSentence(docId).get(sentence) ?? sentenceKey(docId, sentence);
    const mine = new Set(record.mentions.map((m) => unitOf(m.docId, m.sentence)));
    for (const other of this.actors) {
      if (other.record.id === record.id) continue;
      for (const m of other.record.mentions) {
        const unit = unitOf(m.docId, m.sentence);
        if (!mine.has(unit)) continue;
        if (!units.has(other.record.id)) units.set(other.record.id, new Set());
        units.get(other.record.id)!.add(unit);
      }
    }
    return [...units.entries()]
      .map(([id, set]) => ({ id, name: this.byId.get(id)!.record.name, count: set.size }))
      .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
      .slice(0, limit);
  }
}

function toListing(record: ActorRecord): ActorListing {
  return { id: record.id, name: record.name, kind: record.kind, mentions: record.mentions.length, docIds: record.docIds };
}

function toSpan(sentence: Sentence): QuotedSpan {
  return { text: sentence.text, docId: sentence.docId, start: sentence.start, end: sentence.end };
}

const HONORIFIC_KEYS = new Set([...HONORIFICS].map((h) => nameKey(h)));

function stripHonorific(key: string): string {
  const [first, ...rest] = key.split(' ');
  return rest.length > 0 && HONORIFIC_KEYS.has(first!) ? rest.join(' ') : key;
}

/** "president trump" → "trump": a title typed before a name is not part of it. */
function stripTitles(key: string): string {
  const parts = key.split(' ');
  while (parts.length > 1 && TITLE_WORDS.test(parts[0]!)) parts.shift();
  return parts.join(' ');
}

function titleCase(key: string): string {
  return key.replace(/\b\p{L}/gu, (c) => c.toUpperCase());
}

function wordCount(text: string): number {
  return (text.match(/[\p{L}\p{N}]+/gu) ?? []).length;
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared / (a.size + b.size - shared);
}

/** How much a sentence tells about the actor it mentions. */
function informativeness(sentence: Sentence, mentions: readonly ActorMention[], roleKeys: string[]): number {
  const text = sentence.text;
  const lower = text.toLowerCase();
  const words = wordCount(text);
  let score = 1;
  // The actor as the subject and an action verb: decided from the tags at build time (see `mentionFacts`).
  if (mentions.some((m) => m.subject)) score += 1;
  if (roleKeys.some((r) => lower.includes(r))) score += 0.7;
  if (DATE_OR_NUMBER.test(text)) score += 0.5;
  if (mentions.some((m) => m.action)) score += 0.5;
  score += Math.min(0.4, 0.2 * (mentions.length - 1));
  if (words < 9) score -= 0.8;
  else if (words < 13) score -= 0.3;
  if (words > 55) score -= 0.4;
  if (/\?\s*$/u.test(text)) score -= 0.6;
  if (/\b(?:I|we|you)\b/u.test(text)) score -= 0.3;
  return Math.max(0.05, score);
}
