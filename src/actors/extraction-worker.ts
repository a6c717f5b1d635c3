/**
 * The worker thread of `extractDocumentsInParallel`: claims chunks of the documents from the
 * shared counter, reads each with `extractDocument`, and posts the entries back once the counter
 * runs out.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { extractDocument, type DocumentExtraction } from './extractions.js';
import type { ExtractionWorkerData, ExtractionWorkerMessage } from './parallel-extraction.js';

const { documents, commonWords, nextChunk, chunkDocuments } = workerData as ExtractionWorkerData;
const counter = new Int32Array(nextChunk);
parentPort!.postMessage({ type: 'ready' } satisfies ExtractionWorkerMessage);
const entries: Array<[number, DocumentExtraction]> = [];
for (;;) {
  const from = Atomics.add(counter, 0, 1) * chunkDocuments;
  if (from >= documents.length) break;
  for (let i = from; i < Math.min(from + chunkDocuments, documents.length); i++) entries.push([i, extractDocument(documents[i]!, commonWords)]);
}
parentPort!.postMessage({ type: 'entries', entries } satisfies ExtractionWorkerMessage);
