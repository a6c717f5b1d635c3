/**
 * `npm run hnsw-sweep -- --records FILE [--size N] [--m 16,32] [--ef-construction 100,200]
 * [--ef 256,512,1024] [--queries 200]`: chooses HNSW's M / efConstruction / efSearch on a built
 * generation's own vectors. Reads the first N passage vectors of a generation's `records.sqlite`
 * (written by `npm run index` or `npm run bench`), builds one hnswlib graph per M and
 * efConstruction (the build's parameters and seed), and prints, for each efSearch, recall@10
 * against exact search and the time per query. Query vectors are sentences of those passages, as
 * the benchmark's recall figure uses. One JSON line per graph on stdout; progress on stderr.
 */
import Database from 'better-sqlite3';
import hnswlib from 'hnswlib-node';
import { commandLineOrHelp, UsageError, type CommandLineSpec } from '../src/cli/arguments.js';
import { runEntryPoint } from '../src/cli/exit.js';
import { HNSW_PARAMETERS } from '../src/index/index.js';
import { seededRandom } from '../src/evaluation/benchmark/synthetic-corpus.js';

const COMMAND_LINE: CommandLineSpec = {
  usage: 'npm run hnsw-sweep -- --records FILE [--size N] [--m 16,32] [--ef-construction 100,200] [--ef 256,512,1024] [--queries 200]',
  summary: "Recall@10 and query time of HNSW graphs built with each M and efConstruction, on a generation's passage vectors.",
  flags: {
    records: { type: 'string', valueName: 'FILE', description: "a generation's records.sqlite (required)" },
    size: { type: 'string', valueName: 'N', description: 'passages to index (default: all)' },
    m: { type: 'string', valueName: 'LIST', description: `M values (default ${HNSW_PARAMETERS.m})` },
    'ef-construction': { type: 'string', valueName: 'LIST', description: `efConstruction values (default ${HNSW_PARAMETERS.efConstruction})` },
    ef: { type: 'string', valueName: 'LIST', description: 'efSearch values (default 128,256,512,1024)' },
    queries: { type: 'string', valueName: 'N', description: 'query sentences (default 200)' },
  },
  words: 'none',
};

const numbers = (text: string, flag: string): number[] =>
  text.split(',').map((part) => {
    const value = Number(part.trim());
    if (!Number.isInteger(value) || value < 1) throw new UsageError(`--${flag} takes positive integers separated by commas, not "${part}". Usage: ${COMMAND_LINE.usage}`);
    return value;
  });

const log = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<number> {
  const commandLine = commandLineOrHelp(COMMAND_LINE, process.argv.slice(2));
  if (!commandLine) return 0;
  const values = commandLine.values as Record<string, string | undefined>;
  if (!values.records) throw new UsageError(`Give a generation's records.sqlite: ${COMMAND_LINE.usage}`);
  const db = new Database(values.records, { readonly: true, fileMustExist: true });
  const total = (db.prepare('SELECT count(*) AS n FROM passages').get() as { n: number }).n;
  const size = Math.min(total, values.size ? numbers(values.size, 'size')[0]! : total);
  const mValues = numbers(values.m ?? String(HNSW_PARAMETERS.m), 'm');
  const efConstructionValues = numbers(values['ef-construction'] ?? String(HNSW_PARAMETERS.efConstruction), 'ef-construction');
  const efValues = numbers(values.ef ?? '128,256,512,1024', 'ef');
  const queryCount = numbers(values.queries ?? '200', 'queries')[0]!;

  log(`reading ${size} of ${total} passage vectors`);
  const first = db.prepare('SELECT vector FROM passages WHERE position < ? ORDER BY position').iterate(size) as IterableIterator<{ vector: Buffer }>;
  let dims = 0;
  let matrix = new Float32Array(0);
  let row = 0;
  for (const { vector } of first) {
    if (dims === 0) {
      dims = vector.byteLength / 4;
      matrix = new Float32Array(size * dims);
    }
    new Uint8Array(matrix.buffer, row * dims * 4, dims * 4).set(vector);
    row++;
  }
  // Queries: sentences of the indexed passages, as the benchmark's recall figure draws them.
  const random = seededRandom(42);
  const queries: Float32Array[] = [];
  const sentenceVector = db.prepare('SELECT vector FROM sentences WHERE position = ?');
  const sentenceCount = (db.prepare('SELECT count(*) AS n FROM sentences').get() as { n: number }).n;
  // Sentences whose passage lies among the first `size`: the sentence table is in passage order.
  const sentenceLimit = Math.max(1, Math.floor((sentenceCount * size) / total));
  while (queries.length < queryCount) {
    const blob = (sentenceVector.get(Math.floor(random() * sentenceLimit)) as { vector: Buffer }).vector;
    const vector = new Float32Array(blob.byteLength / 4);
    new Uint8Array(vector.buffer).set(blob);
    queries.push(vector);
  }
  db.close();

  log(`exact top 10 of ${queries.length} queries`);
  const exact = queries.map((query) => exactTop10(matrix, dims, size, query));

  for (const m of mValues) {
    for (const efConstruction of efConstructionValues) {
      const index = new hnswlib.HierarchicalNSW('cosine', dims);
      index.initIndex({ maxElements: size, m, efConstruction, randomSeed: HNSW_PARAMETERS.randomSeed });
      const started = performance.now();
      for (let i = 0; i < size; i++) {
        index.addPoint(Array.from(matrix.subarray(i * dims, (i + 1) * dims)), i);
        if (i > 0 && i % 100_000 === 0) log(`  M ${m} efConstruction ${efConstruction}: ${i} inserted`);
      }
      const buildMs = Math.round(performance.now() - started);
      const sweep = efValues.map((ef) => {
        index.setEf(ef);
        const searchStarted = performance.now();
        const found = queries.map((query) => index.searchKnn(Array.from(query), 10).neighbors);
        const searchMs = (performance.now() - searchStarted) / queries.length;
        let hits = 0;
        found.forEach((labels, q) => (hits += labels.filter((label) => exact[q]!.has(label)).length));
        return { efSearch: ef, recallAt10: Number((hits / (10 * queries.length)).toFixed(4)), searchMs: Number(searchMs.toFixed(3)) };
      });
      process.stdout.write(`${JSON.stringify({ passages: size, m, efConstruction, buildMs, sweep })}\n`);
    }
  }
  return 0;
}

/** The labels of the 10 rows most similar to the query (unit vectors: the largest dot products). */
function exactTop10(matrix: Float32Array, dims: number, rows: number, query: Float32Array): Set<number> {
  const best: Array<{ label: number; score: number }> = [];
  for (let r = 0; r < rows; r++) {
    let score = 0;
    const base = r * dims;
    for (let d = 0; d < dims; d++) score += matrix[base + d]! * query[d]!;
    if (best.length < 10 || score > best[best.length - 1]!.score) {
      best.push({ label: r, score });
      best.sort((a, b) => b.score - a.score);
      if (best.length > 10) best.pop();
    }
  }
  return new Set(best.map((b) => b.label));
}

runEntryPoint(main);
