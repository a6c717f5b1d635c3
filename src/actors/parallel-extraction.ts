import os from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { ProcessedDocument } from '../corpus/types.js';
import { startModuleWorker } from '../files/index.js';
import { assembleExtractions, extractDocument, planExtraction, type ActorExtractions, type DocumentExtraction, type DocumentToRead, type ExtractedCorpus } from './extractions.js';

/**
 * Sentences to read below which one thread reads them all: starting the worker (tsx, wink-nlp's
 * model) costs about a second, which a small corpus or an /add of a few articles never earns back.
 */
export const PARALLEL_EXTRACTION_MIN_SENTENCES = 5_000;

/** Documents claimed at a time by either thread: small enough that both finish together. */
const CHUNK_DOCUMENTS = 8;


/** What the worker is sent: the documents to read (hash and sentences only), the common words, the shared chunk counter. */
export interface ExtractionWorkerData {
  documents: DocumentToRead[];
  commonWords: Set<string>;
  /** Int32Array over a SharedArrayBuffer: the next chunk to claim. */
  nextChunk: SharedArrayBuffer;
  chunkDocuments: number;
}

/** What it sends: `ready` once loaded, then the entries it read, by index into `documents`. */
export type ExtractionWorkerMessage = { type: 'ready' } | { type: 'entries'; entries: Array<[number, DocumentExtraction]> };

/**
 * `extractDocuments` on two threads: the documents to read are cut into chunks that this thread
 * and one worker thread claim from a shared counter, so the per-sentence tagging (wink-nlp), most
 * of an actor build, runs on both cores. Every document is read by `extractDocument` with the
 * same common words, so the result is exactly the one-thread result; a worker that fails leaves
 * its chunks to this thread.
 */
export async function extractDocumentsInParallel(
  documents: readonly ProcessedDocument[],
  previous: ActorExtractions | undefined,
  options: {
    minSentences?: number;
    /** Start reading only once the worker has loaded (tests: so that both threads surely read). */
    waitForWorker?: boolean;
    /** Told when the worker failed (its documents are then read on this thread). */
    log?: (line: string) => void;
  } = {},
): Promise<ExtractedCorpus & { readInWorker: number }> {
  const plan = planExtraction(documents, previous);
  const toRead = plan.toRead.map((i) => documents[i]!);
  const sentences = toRead.reduce((sum, d) => sum + d.sentences.length, 0);
  const read = new Map<number, DocumentExtraction>();
  const readAll = (positions: Iterable<number>) => {
    for (const position of positions) if (!read.has(plan.toRead[position]!)) read.set(plan.toRead[position]!, extractDocument(toRead[position]!, plan.commonWords));
  };
  if (sentences < (options.minSentences ?? PARALLEL_EXTRACTION_MIN_SENTENCES) || os.availableParallelism() < 2) {
    readAll(plan.toRead.keys());
    return { ...assembleExtractions(documents, plan, read), readInWorker: 0 };
  }
  const nextChunk = new SharedArrayBuffer(4);
  const counter = new Int32Array(nextChunk);
  const data: ExtractionWorkerData = {
    documents: toRead.map((d) => ({ document: { hash: d.document.hash }, sentences: d.sentences })),
    commonWords: plan.commonWords,
    nextChunk,
    chunkDocuments: CHUNK_DOCUMENTS,
  };
  const worker = runWorker(data, options.log ?? (() => {}));
  if (options.waitForWorker) await worker.ready;
  for (;;) {
    const chunk = Atomics.add(counter, 0, 1);
    const from = chunk * CHUNK_DOCUMENTS;
    if (from >= toRead.length) break;
    readAll(range(from, Math.min(from + CHUNK_DOCUMENTS, toRead.length)));
    // Let other work on this thread run between chunks (a first or forced index build embeds
    // beside the actors): the worker then claims more of the chunks.
    await new Promise((resolve) => setImmediate(resolve));
  }
  const workerEntries = await worker.entries;
  for (const [position, entry] of workerEntries) read.set(plan.toRead[position]!, entry);
  // Chunks a failed worker had claimed: read here.
  readAll(plan.toRead.keys());
  return { ...assembleExtractions(documents, plan, read), readInWorker: workerEntries.length };
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, i) => from + i);
}

/** The worker's entries, or none when it could not start or failed (its chunks are then read by the caller). */
function runWorker(data: ExtractionWorkerData, log: (line: string) => void): { ready: Promise<void>; entries: Promise<Array<[number, DocumentExtraction]>> } {
  let markReady!: () => void;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const entries = new Promise<Array<[number, DocumentExtraction]>>((resolve) => {
    let settled = false;
    const settle = (read: Array<[number, DocumentExtraction]>, failure?: string) => {
      if (settled) return;
      settled = true;
      if (failure) log(`The actor extraction worker failed (${failure}); its documents were read on the main thread.`);
      markReady();
      resolve(read);
      void worker?.terminate();
    };
    let worker: Worker | undefined;
    try {
      worker = startModuleWorker(import.meta.url, 'extraction-worker', data);
    } catch (error) {
      settle([], (error as Error).message);
      return;
    }
    worker.on('message', (message: ExtractionWorkerMessage) => (message.type === 'ready' ? markReady() : settle(message.entries)));
    worker.on('error', (error) => settle([], error.message));
    worker.on('exit', (code) => settle([], `exited with status ${code}`));
  });
  return { ready, entries };
}
