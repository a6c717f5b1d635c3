import { z } from 'zod';
import type { ProcessedDocument } from '../corpus/types.js';
import { collectCommonWords, extractSentenceCandidates } from './extract.js';
import type { CandidateMention, KindHint } from './types.js';

/**
 * Per-document extraction results kept between builds, so adding one article re-reads that
 * article only. Reading a sentence is pure except for one corpus-wide input: which lower-case
 * words the corpus holds (`commonWords`). Each document's entry records the words its reading
 * looked up, split by the answer it got; the entry is reused while the document's hash is the
 * same and every one of those words still gets the same answer, and is read again otherwise.
 * A reused entry is therefore exactly what reading the document again would give.
 *
 * An entry also keeps what is a function of the document's text alone, so that an /add does not
 * recompute it for every unchanged document: its lower-case words (the corpus's common words are
 * their union) and the subject/action facts of mentions found after extraction (see records.ts).
 */

/**
 * Bump whenever a change to the extraction code could change what a sentence yields: a cache of
 * another version is ignored (everything is read again), never trusted.
 */
export const ACTOR_EXTRACTIONS_FORMAT_VERSION = 3;

/** What one document's sentences yielded, and the corpus-wide facts it depended on. */
export interface DocumentExtraction {
  hash: string;
  mentions: CandidateMention[];
  notActorKeys: string[];
  /** Words looked up in `commonWords` and found. */
  common: string[];
  /** Words looked up in `commonWords` and not found. */
  uncommon: string[];
  /**
   * The document's own lower-case words (`collectCommonWords` of its sentences), space-separated
   * (one string parses faster than an array); set when the corpus's extractions are assembled.
   */
  words?: string;
  /**
   * Subject (1) and action (2) facts of mentions found after extraction, by `sentence:end`: their
   * sentences need tagging again otherwise. Filled as the registry is saved.
   */
  facts?: Record<string, number>;
}

export interface ActorExtractions {
  formatVersion: number;
  documents: Record<string, DocumentExtraction>;
}

/** Every document's extraction, and how many were reused from the previous build. */
export interface ExtractedCorpus {
  extractions: ActorExtractions;
  mentions: CandidateMention[];
  notActorKeys: Set<string>;
  reusedDocuments: number;
}

/** `commonWords` that remembers every word it was asked about, by answer. */
class RecordingWordSet {
  readonly found = new Set<string>();
  readonly missing = new Set<string>();
  constructor(private readonly words: ReadonlySet<string>) {}
  has(word: string): boolean {
    const answer = this.words.has(word);
    (answer ? this.found : this.missing).add(word);
    return answer;
  }
}

/** Reads every document's sentences, reusing the previous build's entry of each unchanged document. */
export function extractDocuments(documents: readonly ProcessedDocument[], previous: ActorExtractions | undefined): ExtractedCorpus {
  const plan = planExtraction(documents, previous);
  const read = new Map(plan.toRead.map((i) => [i, extractDocument(documents[i]!, plan.commonWords)] as const));
  return assembleExtractions(documents, plan, read);
}

/** Which documents must be read again (their positions), with the corpus-wide common words they are read with. */
export interface ExtractionPlan {
  commonWords: Set<string>;
  /** Each document's lower-case words (space-separated), by position. */
  wordsOf: string[];
  /** The previous entry of each document that is reused, by position. */
  reused: Map<number, DocumentExtraction>;
  toRead: number[];
}

export function planExtraction(documents: readonly ProcessedDocument[], previous: ActorExtractions | undefined): ExtractionPlan {
  const ahead = previous && plannedAhead.get(previous);
  if (ahead) {
    // Handed out once: the plan's set is this build's to keep.
    plannedAhead.delete(previous);
    return planFromAhead(documents, previous!, ahead);
  }
  // The union of every document's words is the corpus's: the pattern matches within one sentence.
  const wordsOf = documents.map((d) => {
    const old = previous?.documents[d.document.docId];
    if (old?.hash === d.document.hash && old.words !== undefined) return old.words;
    return [...collectCommonWords(d.sentences.map((s) => s.text))].join(' ');
  });
  const commonWords = new Set<string>();
  for (const words of wordsOf) for (const word of savedWords(words)) commonWords.add(word);
  const reused = new Map<number, DocumentExtraction>();
  const toRead: number[] = [];
  documents.forEach((d, i) => {
    const old = previous?.documents[d.document.docId];
    if (old && old.hash === d.document.hash && agreesWith(old, commonWords)) {
      reused.set(i, old);
    } else {
      toRead.push(i);
    }
  });
  return { commonWords, wordsOf, reused, toRead };
}

/** Words of a saved entry's space-joined list. */
const savedWords = (words: string): string[] => (words === '' ? [] : words.split(' '));

/** Whether every word an entry looked up still gets the answer it got: common ones still common, uncommon ones still not. */
const agreesWith = (entry: DocumentExtraction, commonWords: ReadonlySet<string>): boolean =>
  entry.common.every((w) => commonWords.has(w)) && !entry.uncommon.some((w) => commonWords.has(w));

/**
 * What a warm spare works out from the previous build's extractions before its job: the common
 * words their documents make (with how many documents hold each), which entries agree with them
 * (every word they looked up still gets the answer they got), and which entries looked up each
 * word. A job then adjusts the counts by the few documents added, changed or removed, and reads
 * again exactly the entries {@link planExtraction} would: an entry that agreed with the old words
 * still agrees unless it looked up a word whose answer changed; one that did not is checked in full.
 */
interface PlanAhead {
  counts: Map<string, number>;
  commonWords: Set<string>;
  agreeing: Set<string>;
  lookedUpBy: Map<string, string[]>;
}

const plannedAhead = new WeakMap<ActorExtractions, PlanAhead>();

/**
 * Prepares {@link planExtraction}'s work on `previous` ahead of the build that will pass it (a
 * warm spare, while it waits); the result is the same plan, made in a fraction of the time.
 */
export function planExtractionAhead(previous: ActorExtractions): void {
  const counts = new Map<string, number>();
  for (const entry of Object.values(previous.documents)) {
    if (entry.words === undefined) continue;
    for (const word of savedWords(entry.words)) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  const commonWords = new Set(counts.keys());
  const agreeing = new Set<string>();
  const lookedUpBy = new Map<string, string[]>();
  for (const [docId, entry] of Object.entries(previous.documents)) {
    if (!agreesWith(entry, commonWords)) continue;
    agreeing.add(docId);
    for (const list of [entry.common, entry.uncommon]) {
      for (const word of list) {
        const ids = lookedUpBy.get(word);
        if (ids) ids.push(docId);
        else lookedUpBy.set(word, [docId]);
      }
    }
  }
  plannedAhead.set(previous, { counts, commonWords, agreeing, lookedUpBy });
}

function planFromAhead(documents: readonly ProcessedDocument[], previous: ActorExtractions, ahead: PlanAhead): ExtractionPlan {
  const { counts, commonWords } = ahead;
  const touched = new Set<string>();
  const adjust = (words: string, by: number) => {
    for (const word of savedWords(words)) {
      counts.set(word, (counts.get(word) ?? 0) + by);
      touched.add(word);
    }
  };
  const present = new Set<string>();
  const wordsOf = documents.map((d) => {
    present.add(d.document.docId);
    const old = previous.documents[d.document.docId];
    if (old?.hash === d.document.hash && old.words !== undefined) return old.words;
    const words = [...collectCommonWords(d.sentences.map((s) => s.text))].join(' ');
    adjust(words, 1);
    if (old?.words !== undefined) adjust(old.words, -1);
    return words;
  });
  for (const [docId, entry] of Object.entries(previous.documents)) if (!present.has(docId) && entry.words !== undefined) adjust(entry.words, -1);
  // Words whose answer changed: their lookers-up are read again.
  const affected = new Set<string>();
  for (const word of touched) {
    const now = (counts.get(word) ?? 0) > 0;
    if (now === commonWords.has(word)) continue;
    if (now) commonWords.add(word);
    else commonWords.delete(word);
    for (const docId of ahead.lookedUpBy.get(word) ?? []) affected.add(docId);
  }
  const reused = new Map<number, DocumentExtraction>();
  const toRead: number[] = [];
  documents.forEach((d, i) => {
    const docId = d.document.docId;
    const old = previous.documents[docId];
    const agrees = old && (ahead.agreeing.has(docId) ? !affected.has(docId) : agreesWith(old, commonWords));
    if (old && old.hash === d.document.hash && agrees) reused.set(i, old);
    else toRead.push(i);
  });
  return { commonWords, wordsOf, reused, toRead };
}

/** The corpus's extractions in document order, from the reused entries and the ones read (by position). */
export function assembleExtractions(documents: readonly ProcessedDocument[], plan: ExtractionPlan, read: ReadonlyMap<number, DocumentExtraction>): ExtractedCorpus {
  const result: ExtractedCorpus = {
    extractions: { formatVersion: ACTOR_EXTRACTIONS_FORMAT_VERSION, documents: {} },
    mentions: [],
    notActorKeys: new Set(),
    reusedDocuments: plan.reused.size,
  };
  documents.forEach((d, i) => {
    const reused = plan.reused.get(i);
    const fresh = read.get(i);
    const entry = reused ?? (fresh && { ...fresh, words: plan.wordsOf[i]! });
    if (!entry) throw new Error(`The actor extraction of ${d.document.docId} is missing`);
    result.extractions.documents[d.document.docId] = entry;
    for (const mention of entry.mentions) result.mentions.push(mention);
    for (const key of entry.notActorKeys) result.notActorKeys.add(key);
  });
  return result;
}

/** What reading a document needs: its hash and sentences (a worker thread gets only these). */
export type DocumentToRead = Pick<ProcessedDocument, 'sentences'> & { document: Pick<ProcessedDocument['document'], 'hash'> };

/** One document's reading: pure, given the corpus's common words. */
export function extractDocument(d: DocumentToRead, commonWords: ReadonlySet<string>): DocumentExtraction {
  const recording = new RecordingWordSet(commonWords);
  const mentions: CandidateMention[] = [];
  const notActorKeys: string[] = [];
  for (const sentence of d.sentences) {
    const candidates = extractSentenceCandidates(sentence, { commonWords: recording });
    mentions.push(...candidates.mentions);
    notActorKeys.push(...candidates.notActorKeys);
  }
  return { hash: d.document.hash, mentions, notActorKeys, common: [...recording.found].sort(), uncommon: [...recording.missing].sort() };
}

/**
 * Mentions kept at most (about 250 bytes each as JSON): a larger cache would approach V8's
 * largest string (~512 MB) and cost more to read and check than reading the documents again.
 */
export const MAX_SAVED_MENTIONS = 1_000_000;

/**
 * A mention as saved (format 3): its fields in a tuple, the document being its entry's, instead
 * of an object that repeats every field name. A 2,224-article archive's 116k mentions took 29 MB
 * as objects, 9 MB as tuples: what an /add hashes, writes and flushes shrinks with it.
 */
type SavedMention = [sentence: number, start: number, end: number, surface: string, key: string, parts: number[], flags: number, hint: KindHint | null, rest?: SavedRest];
type SavedRest = Pick<CandidateMention, 'canonical' | 'honorific' | 'role' | 'abbreviates'>;

/** Every field of a mention has its place above: a field added to CandidateMention fails to compile here until it has one. */
type SavedFields = 'docId' | 'sentence' | 'start' | 'end' | 'surface' | 'key' | 'parts' | 'flags' | 'hint' | 'proper' | 'weak' | 'clauseInitial' | 'firstWordProper' | 'subject' | 'action' | keyof SavedRest;
const everyFieldSaved: Record<Exclude<keyof CandidateMention, SavedFields>, never> = {};
void everyFieldSaved;

/** `proper` and `weak` are one bit each; the optional booleans two bits each (0 absent, 1 false, 2 true). */
const PROPER = 1;
const WEAK = 2;
const optionalBits = (value: boolean | undefined, shift: number) => (value === undefined ? 0 : (value ? 2 : 1) << shift);
const optionalValue = (flags: number, shift: number) => {
  const bits = (flags >> shift) & 3;
  return bits === 0 ? undefined : bits === 2;
};

function saveMention(m: CandidateMention): SavedMention {
  const flags =
    (m.proper ? PROPER : 0) | (m.weak ? WEAK : 0) | optionalBits(m.clauseInitial, 2) | optionalBits(m.firstWordProper, 4) | optionalBits(m.subject, 6) | optionalBits(m.action, 8);
  const flat: number[] = [];
  for (const [from, to] of m.parts) flat.push(from, to);
  const saved: SavedMention = [m.sentence, m.start, m.end, m.surface, m.key, flat, flags, m.hint];
  if (m.canonical !== undefined || m.honorific !== undefined || m.role !== undefined || m.abbreviates !== undefined) {
    saved.push({ canonical: m.canonical, honorific: m.honorific, role: m.role, abbreviates: m.abbreviates });
  }
  return saved;
}

function readMention(docId: string, saved: SavedMention): CandidateMention {
  const [sentence, start, end, surface, key, flat, flags, hint, rest] = saved;
  const parts: Array<[number, number]> = [];
  for (let i = 0; i < flat.length; i += 2) parts.push([flat[i]!, flat[i + 1]!]);
  const mention: CandidateMention = { docId, sentence, start, end, surface, key, parts, proper: (flags & PROPER) !== 0, hint, weak: (flags & WEAK) !== 0 };
  // Set only when saved: an absent field stays absent, as extraction left it.
  const clauseInitial = optionalValue(flags, 2);
  if (clauseInitial !== undefined) mention.clauseInitial = clauseInitial;
  const firstWordProper = optionalValue(flags, 4);
  if (firstWordProper !== undefined) mention.firstWordProper = firstWordProper;
  const subject = optionalValue(flags, 6);
  if (subject !== undefined) mention.subject = subject;
  const action = optionalValue(flags, 8);
  if (action !== undefined) mention.action = action;
  if (rest) {
    if (rest.canonical !== undefined) mention.canonical = rest.canonical;
    if (rest.honorific !== undefined) mention.honorific = rest.honorific;
    if (rest.role !== undefined) mention.role = rest.role;
    if (rest.abbreviates !== undefined) mention.abbreviates = rest.abbreviates;
  }
  return mention;
}

/** The extractions as saved in the generation, or undefined when they are too many to keep. */
export function serializeActorExtractions(extractions: ActorExtractions): string | undefined {
  let mentions = 0;
  for (const entry of Object.values(extractions.documents)) mentions += entry.mentions.length;
  if (mentions > MAX_SAVED_MENTIONS) return undefined;
  const documents: Record<string, Omit<DocumentExtraction, 'mentions'> & { mentions: SavedMention[] }> = {};
  for (const [docId, entry] of Object.entries(extractions.documents)) documents[docId] = { ...entry, mentions: entry.mentions.map(saveMention) };
  return JSON.stringify({ formatVersion: extractions.formatVersion, documents });
}

/** Only the envelope is checked: entries were written by this code, in a file whose checksum the manifest holds. */
const extractionsEnvelope = z.object({ formatVersion: z.number(), documents: z.record(z.string(), z.unknown()) });

/**
 * The previous build's extractions from their saved text, or undefined when there are none, they
 * do not parse, or they are of another format version (then every document is read again).
 */
export function parseActorExtractions(text: string | undefined): ActorExtractions | undefined {
  if (!text) return undefined;
  try {
    const parsed = extractionsEnvelope.safeParse(JSON.parse(text));
    if (!parsed.success || parsed.data.formatVersion !== ACTOR_EXTRACTIONS_FORMAT_VERSION) return undefined;
    const documents = parsed.data.documents as Record<string, DocumentExtraction & { mentions: unknown[] }>;
    for (const [docId, entry] of Object.entries(documents)) entry.mentions = entry.mentions.map((saved) => readMention(docId, saved as unknown as SavedMention));
    return { formatVersion: parsed.data.formatVersion, documents };
  } catch {
    return undefined;
  }
}
