/**
 * A small in-memory VerbatimService for the bot tests, over the real files of a corpus folder.
 * Every quote it returns is a real slice of a corpus file: sentences and passages are found by
 * scanning the file text, and their offsets are computed here (never hard-coded), so the bot's
 * rendering can be checked against the files exactly as with the real service.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ActorListing, ActorSummary } from '../../src/actors/types.js';
import { buildCitations, type Citation, type CitationSource, type CitedSentence, type QuotedSpan } from '../../src/evidence/index.js';
import { validateQuestion } from '../../src/answer/index.js';
import type { Answer } from '../../src/answer/types.js';
import type { CorpusDocument, Passage } from '../../src/corpus/types.js';
import type { BuildReport } from '../../src/index/types.js';
import type { ReindexOptions, SourceListing, VerbatimService } from '../../src/service/index.js';
import { moderatorStats, readTextOrEmpty } from '../../src/service/stats.js';
import type { WithheldQuestion } from '../../src/service/unanswered.js';

interface SentenceSpan extends QuotedSpan {
  words: Set<string>;
}

const STOP = new Set(['what', 'who', 'whom', 'when', 'where', 'which', 'does', 'did', 'the', 'and', 'about', 'with', 'that', 'this', 'from', 'have', 'has', 'was', 'were', 'are', 'his', 'her', 'their', 'they', 'say', 'said', 'how']);

function contentWords(text: string): Set<string> {
  return new Set((text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((word) => word.length > 2 && !STOP.has(word)));
}

export interface CorpusServiceDouble extends VerbatimService {
  /** Full text of every document, by docId, as read from disk. */
  readonly texts: Map<string, string>;
  readonly calls: { ask: string[]; reindex: ReindexOptions[]; suggest: string[] };
  /** Added to every ask, to simulate a slow first question. */
  askDelayMs: number;
  /** While set, ask, sources and actors wait for it: a slow service the test releases when it wants. */
  gate: Promise<void> | null;
  /** Resolves the next time a gated call starts waiting. */
  whenGated(): Promise<void>;
  /** The next reindex rejects with this (then it is cleared). */
  reindexFailure: Error | null;
  /** Questions it withheld, as the real service records them (text and time). */
  readonly withheld: WithheldQuestion[];
  /** The feedback file `stats()` reads (the bot's, set by the test), as the real service reads FEEDBACK_FILE. */
  feedbackFile: string | null;
}

export function createCorpusServiceDouble(corpusDir: string): CorpusServiceDouble {
  const texts = new Map<string, string>();
  const documents = new Map<string, CorpusDocument>();
  const passages = new Map<string, Passage[]>();
  const sentences: SentenceSpan[] = [];
  for (const file of readdirSync(corpusDir).filter((name) => name.endsWith('.txt')).sort()) {
    const docId = file.replace(/\.txt$/, '');
    const text = readFileSync(path.join(corpusDir, file), 'utf8');
    texts.set(docId, text);
    const title = text.split('\n', 1)[0]!;
    documents.set(docId, { docId, file, text, hash: '', meta: { title, source: 'Test Outlet', url: `https://example.org/${docId}`, published: '2025-12-01', author: null } });
    // Every line is a passage: the paragraph a citation quotes.
    const lines: Passage[] = [];
    let offset = 0;
    for (const line of text.split('\n')) {
      lines.push({ id: `${docId}:${offset}`, docId, start: offset, end: offset + line.length, text: line, sentenceIndexes: [] });
      offset += line.length + 1;
    }
    passages.set(docId, lines);
    for (const match of text.matchAll(/[^\s][^\n]*?[.!?](?=\s|$)/gu)) {
      const sentence = match[0];
      if (sentence.length < 25) continue;
      sentences.push({ text: sentence, docId, start: match.index, end: match.index + sentence.length, words: contentWords(sentence) });
    }
  }
  const citationSource: CitationSource = {
    document: (docId) => documents.get(docId),
    passagesOf: (docId) => passages.get(docId) ?? [],
  };

  const cite = (spans: QuotedSpan[]): { sentences: CitedSentence[]; citations: Citation[] } => buildCitations(spans, citationSource);

  const ranked = (query: string) => {
    const words = contentWords(query);
    return sentences
      .map((sentence) => ({ sentence, score: [...words].filter((word) => sentence.words.has(word)).length }))
      .filter((entry) => entry.score > 0)
      .sort((a, b) => b.score - a.score || a.sentence.start - b.sentence.start);
  };

  const actorNames = [...new Set((([...texts.values()].join('\n').match(/\b\p{Lu}\p{Ll}+ \p{Lu}\p{Ll}+(?: \p{Lu}\p{Ll}+)?\b/gu) ?? []) as string[]))].sort();
  const listings: ActorListing[] = actorNames.map((name) => {
    const docIds = [...texts.entries()].filter(([, text]) => text.includes(name)).map(([docId]) => docId);
    const mentions = [...texts.values()].reduce((sum, text) => sum + text.split(name).length - 1, 0);
    return { id: name.toLowerCase().replace(/\s+/g, '-'), name, kind: 'person', mentions, docIds };
  });
  listings.sort((a, b) => b.mentions - a.mentions || a.name.localeCompare(b.name));

  let generation = 'g-test-0001';
  const gatedResolvers: (() => void)[] = [];
  const waitAtGate = async () => {
    if (!service.gate) return;
    for (const resolve of gatedResolvers.splice(0)) resolve();
    await service.gate;
  };
  const service: CorpusServiceDouble = {
    texts,
    calls: { ask: [], reindex: [], suggest: [] },
    askDelayMs: 0,
    gate: null,
    reindexFailure: null,
    withheld: [],
    feedbackFile: null,
    whenGated: () => new Promise((resolve) => gatedResolvers.push(resolve)),
    async ask(asked, options = {}): Promise<Answer> {
      // The real service's check, so the bot meets the same QuestionError as in production.
      const question = validateQuestion(asked, 500);
      service.calls.ask.push(question);
      await waitAtGate();
      if (service.askDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, service.askDelayMs));
      const top = ranked(question);
      const best = top[0]?.score ?? 0;
      const abstained = best < 2;
      const chosen = top.slice(0, 3).map((entry) => entry.sentence);
      const { sentences: cited, citations } = cite(chosen.map(({ text, docId, start, end }) => ({ text, docId, start, end })));
      if (abstained && options.recordIfWithheld !== false) service.withheld.push({ time: new Date().toISOString(), question });
      return {
        question,
        abstained,
        answer: abstained ? '' : cited.map((sentence) => sentence.text).join(' '),
        sentences: cited,
        citations,
        confidence: abstained ? 0.1 : Math.min(1, best / 5),
        tookMs: 1,
        generation,
      };
    },
    async actor(query): Promise<ActorSummary> {
      const listing = listings.find((actor) => actor.name.toLowerCase().includes(query.toLowerCase()));
      if (!listing) return { query, found: false, actor: null, summary: [], said: [], roleEvidence: [], related: [], citations: [], suggestions: listings.slice(0, 3).map((actor) => actor.name) };
      const naming = sentences.filter((sentence) => sentence.text.includes(listing.name) || sentence.text.includes(listing.name.split(' ').at(-1)!));
      // Their own words: a sentence that names them and quotes someone.
      const quoting = naming.filter((sentence) => /[“"]/.test(sentence.text)).slice(0, 3);
      const spans = [...naming.filter((sentence) => !quoting.includes(sentence)).slice(0, 6), ...quoting];
      const { sentences: cited, citations } = cite(spans.map(({ text, docId, start, end }) => ({ text, docId, start, end })));
      const said = cited.slice(spans.length - quoting.length);
      return {
        query,
        found: true,
        actor: { ...listing, aliases: [listing.name.split(' ').at(-1)!], roles: [] },
        summary: cited.slice(0, spans.length - quoting.length),
        said,
        roleEvidence: [],
        related: listings.filter((actor) => actor !== listing).slice(0, 3).map((actor) => ({ id: actor.id, name: actor.name, count: 1 })),
        citations,
        suggestions: [],
      };
    },
    async actors(limit) {
      await waitAtGate();
      return limit === undefined ? [...listings] : listings.slice(0, limit);
    },
    async suggestActors(partial, limit) {
      service.calls.suggest.push(partial);
      const lower = partial.toLowerCase();
      return listings.filter((actor) => actor.name.toLowerCase().includes(lower)).slice(0, limit);
    },
    async sources(): Promise<SourceListing[]> {
      await waitAtGate();
      return [...texts.entries()].map(([docId, text]) => ({
        docId,
        title: documents.get(docId)!.meta.title,
        source: 'Test Outlet',
        url: null,
        published: null,
        passages: text.split('\n').length,
        chars: text.length,
      }));
    },
    async reindex(options): Promise<BuildReport> {
      service.calls.reindex.push(options);
      if (service.reindexFailure) {
        const failure = service.reindexFailure;
        service.reindexFailure = null;
        throw failure;
      }
      await waitAtGate();
      options.onProgress?.({ phase: 'reading', done: 0, total: texts.size });
      options.onProgress?.({ phase: 'done', done: texts.size, total: texts.size });
      generation = `g-test-${String(service.calls.reindex.length + 1).padStart(4, '0')}`;
      return { documents: texts.size, passages: sentences.length, model: 'double', dims: 0, tookMs: 1, embedded: 0, reused: 0, skipped: [], generation, added: [], changed: [], removed: [], unchanged: false };
    },
    // Adding and removing are tested over the real service (test/bot/articles.e2e.test.ts).
    async add() {
      throw new Error('the service double does not add articles');
    },
    async remove() {
      throw new Error('the service double does not remove articles');
    },
    async stats() {
      return moderatorStats({ records: service.withheld, unreadable: 0 }, service.feedbackFile ? await readTextOrEmpty(service.feedbackFile) : '');
    },
    async auditLog() {
      return [];
    },
    currentGeneration: () => generation,
    async servedDocument(docId) {
      const document = documents.get(docId);
      return document ? { docId, text: document.text, meta: document.meta, hash: document.hash, generation } : null;
    },
  };
  return service;
}
