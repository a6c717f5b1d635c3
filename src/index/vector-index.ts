import type { FileHandle } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { UserError } from '../config/index.js';

/**
 * HNSW parameters, chosen with `npm run bench`-style measurements on the 100,000-passage synthetic
 * corpus (embedded 100-d model, 400 sentence-vector queries, recall@10 against exact search, one
 * core of the 2-core machine; build = inserting all 100k vectors, single-threaded):
 *
 * | M, efConstruction | build | recall@10 at efSearch 128 / 256 / 384 / 512 / 768 | ms/query at 512 |
 * | 16, 200           | 51 s  | 0.949 / 0.981 / 0.989 / 0.993 / 0.996              | 1.02            |
 * | 16, 100           | 24 s  | 0.935 / 0.970 / 0.980 / 0.986 / 0.991              | 0.99            |
 * | 16, 64            | 21 s  | 0.917 / 0.957 / 0.974 / 0.981 / 0.987              | 0.92            |
 * | 24, 64            | 19 s  | 0.927 / 0.964 / 0.978 / 0.983 / 0.989              | 1.01            |
 * | 12, 64            | 14 s  | 0.900 / 0.946 / 0.962 / 0.973 / 0.982              | 0.77            |
 *
 * (2026-11-25; build times are noisy, other work shared the cores.) Insertion was the slowest step
 * of a build, so efConstruction went from 200 to 100: half the insertion time, and efSearch 512
 * keeps recall@10 at 0.986, above the 0.98 target with some margin, for ~0.2 ms more per query,
 * still ~30× faster than the exact search (~34 ms at 100k). M stays 16, so the file and its memory
 * stay the same size. efSearch is read at load time, so older index files get it too; M and
 * efConstruction are recorded in each manifest.
 *
 * 2026-12-06, at a million passages (docs/scaling.md, "A million passages at 100k speed"), M 16
 * gave recall@10 0.9445 / 0.966 / 0.9785 at efSearch 512 / 1024 / 2048 and M 24 (built at 1M)
 * 0.954 / 0.971 / 0.9815; at 100k M 24 gives 0.9925 / 0.9975 at 512 / 1024, at 20k 1.0. So M 24
 * and efSearch 1024: better at every size for +64 bytes a passage (resident memory 1,175 MB at 1M);
 * ≥ 0.98 at 1M needs efSearch 2048 (≈ 10 ms a search there under load): not taken.
 *
 * Later that day the search moved to a worker thread, beside the lexical search, which hides its
 * cost up to the lexical search's: past {@link LARGE_GRAPH_PASSAGES} passages efSearch doubles to
 * 2048 (recall@10 0.9815 at 1M; docs/scaling.md, "A million passages, third round").
 */
export const HNSW_PARAMETERS = { m: 24, efConstruction: 100, efSearch: 1024, randomSeed: 100 } as const;

/**
 * Passages past which a graph is searched with twice {@link HNSW_PARAMETERS}' efSearch: recall at
 * one efSearch falls as the graph grows (M 24, efSearch 1024: 0.9975 at 100k, 0.9915 at 200k,
 * 0.971 at 1M), and below this it holds ≥ 0.99 at the default.
 */
export const LARGE_GRAPH_PASSAGES = 500_000;

/** The efSearch a graph of `passages` elements is searched with. */
export function efSearchFor(passages: number): number {
  return passages > LARGE_GRAPH_PASSAGES ? 2 * HNSW_PARAMETERS.efSearch : HNSW_PARAMETERS.efSearch;
}

export interface VectorHit {
  /** Label in the index: the position of the passage in the generation's passage list. */
  label: number;
  /** Cosine similarity, 1 for identical directions. */
  similarity: number;
}

/**
 * The worker's code: plain CommonJS (it runs the same under tsx, vitest and plain node), given
 * hnswlib-node's resolved path. Inserts vectors in the order they arrive, labelled by position,
 * exactly as a loop of `addPoint` on the main thread would, then writes the file.
 */
const HNSW_WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const hnswlib = require(workerData.hnswlibPath);
const { dims, capacity, m, efConstruction, randomSeed, stopFlag, base } = workerData;
const stopped = new Int32Array(stopFlag);
const index = new hnswlib.HierarchicalNSW('cosine', dims);
if (base) {
  index.readIndexSync(base.file);
  index.resizeIndex(capacity);
  for (const label of base.deleted) index.markDelete(label);
} else {
  index.initIndex({ maxElements: capacity, m, efConstruction, randomSeed });
}
let next = 0;
parentPort.on('message', (message) => {
  try {
    if (message.type === 'add') {
      const { values, labels } = message;
      for (let offset = 0, i = 0; offset + dims <= values.length && Atomics.load(stopped, 0) === 0; offset += dims, i++) {
        index.addPoint(Array.from(values.subarray(offset, offset + dims)), labels ? labels[i] : next++);
      }
    } else if (message.type === 'finish') {
      index.writeIndexSync(message.file);
      parentPort.postMessage({ type: 'done', count: next });
      parentPort.close();
    } else if (message.type === 'stop') {
      parentPort.close();
    }
  } catch (error) {
    parentPort.postMessage({ type: 'error', message: String(error && error.message || error) });
  }
});
`;

/**
 * The served generation's HNSW graph as the start of the next one: `file` is a copy of its index
 * with every element relabelled to its passage's new position ({@link relabelHnswIndex}); the
 * worker loads it, makes room, marks `deleted` (labels of the passages dropped since) deleted,
 * and inserts only the fresh passages.
 */
export interface HnswBase {
  file: string;
  /** Elements in the file (deleted ones included). */
  elements: number;
  deleted: number[];
}

/**
 * An HNSW graph built in a worker thread, so that inserting (the slowest step of a build,
 * single-threaded in hnswlib) runs on the second core while the main thread embeds the next
 * passages and builds the lexical index. Vectors are added in label order as they become known;
 * the graph is the one a loop of `addPoint` in that order would build.
 */
export class HnswBuild {
  private failure: Error | undefined;
  private readonly finished: Promise<void>;
  private resolveFinished!: () => void;
  private rejectFinished!: (error: Error) => void;
  private added = 0;
  private done = false;

  private constructor(
    private readonly worker: Worker,
    private readonly dims: number,
    private readonly capacity: number,
    /** Set to 1 to make the worker skip the insertions still queued. */
    private readonly stopFlag: Int32Array,
  ) {
    this.finished = new Promise<void>((resolve, reject) => {
      this.resolveFinished = resolve;
      this.rejectFinished = reject;
    });
    // A failure before finish() is awaited is remembered, not left as an unhandled rejection.
    this.finished.catch(() => {});
    worker.on('message', (message: { type: string; message?: string; count?: number }) => {
      if (message.type === 'done') {
        this.done = true;
        this.resolveFinished();
      } else if (message.type === 'error') this.fail(new Error(`HNSW build failed: ${message.message}`));
    });
    worker.on('error', (error) => this.fail(error));
    worker.on('exit', (code) => this.fail(new Error(`the HNSW build worker exited (status ${code})`)));
  }

  /**
   * Starts a graph of `count` elements: from scratch, or from `base` (then `count` counts the
   * base's elements too, and {@link add} takes explicit labels).
   */
  static start(dims: number, count: number, base?: HnswBase): HnswBuild {
    const capacity = Math.max(1, count);
    const stopFlag = new Int32Array(new SharedArrayBuffer(4));
    const worker = new Worker(HNSW_WORKER_SOURCE, {
      eval: true,
      workerData: {
        hnswlibPath: createRequire(import.meta.url).resolve('hnswlib-node'),
        dims,
        // Capacity sized to the count: a generation is never added to after it is built.
        capacity,
        m: HNSW_PARAMETERS.m,
        efConstruction: HNSW_PARAMETERS.efConstruction,
        randomSeed: HNSW_PARAMETERS.randomSeed,
        stopFlag: stopFlag.buffer,
        base,
      },
    });
    const build = new HnswBuild(worker, dims, capacity, stopFlag);
    if (base) build.added = base.elements;
    return build;
  }

  /** Adds the next vectors: labelled by `labels`, or (a graph built from scratch) continuing from the last added. */
  add(vectors: readonly Float32Array[], labels?: readonly number[]): void {
    if (vectors.length === 0 || this.failure) return;
    if (this.added + vectors.length > this.capacity) throw new Error(`HNSW build: more than ${this.capacity} vectors`);
    const values = new Float32Array(vectors.length * this.dims);
    vectors.forEach((vector, i) => values.set(vector, i * this.dims));
    this.added += vectors.length;
    const labelArray = labels && Float64Array.from(labels);
    this.worker.postMessage({ type: 'add', values, labels: labelArray }, labelArray ? [values.buffer, labelArray.buffer] : [values.buffer]);
  }

  /** Waits for every added vector to be inserted, then writes the index to `file`. */
  async finish(file: string): Promise<void> {
    if (!this.failure) this.worker.postMessage({ type: 'finish', file });
    await this.finished;
  }

  /** Stops the worker (a build that failed elsewhere). */
  cancel(): void {
    this.fail(new Error('HNSW build cancelled'));
  }

  private fail(error: Error): void {
    if (this.failure || this.done) return;
    this.failure = error;
    this.rejectFinished(error);
    // Ask the worker to stop rather than terminating it: terminating a thread in the middle of a
    // native hnswlib call has crashed the whole process (seen once in a loaded CI run). It skips
    // the insertions still queued and exits by itself.
    Atomics.store(this.stopFlag, 0, 1);
    this.worker.postMessage({ type: 'stop' });
  }
}

/** Bytes of hnswlib's file header (hnswalg.h `saveIndex`: 64-bit size_t, little-endian). */
const HNSW_HEADER_BYTES = 96;

/**
 * Relabels an hnswlib index file in place for the next generation: each element whose label (a
 * passage position) `newLabelOf` maps gets its new position; every other element (a passage
 * dropped, or one already marked deleted) gets a spare label from `spareFrom` on, so labels stay
 * unique. Returns the spare labels of elements not yet marked deleted, for the build to mark. The
 * file must have passed {@link checkHnswHeader} first. hnswlib offers no relabelling; the layout is
 * the one that check walks (label at `labelOffset` in each level-0 element, hnswlib's delete
 * mark in the third byte of its link-list header).
 */
export function relabelHnswIndex(data: Uint8Array, newLabelOf: (label: number) => number | undefined, spareFrom: number): { elements: number; deleted: number[]; alreadyDeleted: number } {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const elements = Number(view.getBigUint64(16, true));
  const sizePerElement = Number(view.getBigUint64(24, true));
  const labelOffset = Number(view.getBigUint64(32, true));
  const deleted: number[] = [];
  let alreadyDeleted = 0;
  let spare = spareFrom;
  for (let element = 0; element < elements; element++) {
    const at = HNSW_HEADER_BYTES + element * sizePerElement;
    const isDeleted = (data[at + 2]! & 0x01) !== 0;
    const label = Number(view.getBigUint64(at + labelOffset, true));
    const moved = isDeleted ? undefined : newLabelOf(label);
    if (moved !== undefined) {
      view.setBigUint64(at + labelOffset, BigInt(moved), true);
      continue;
    }
    view.setBigUint64(at + labelOffset, BigInt(spare), true);
    if (isDeleted) alreadyDeleted++;
    else deleted.push(spare);
    spare++;
  }
  return { elements, deleted, alreadyDeleted };
}

/**
 * Checks an hnswlib index file's structure against what the manifest says it holds, so that
 * hnswlib (which trusts the file and can crash the process on a malformed one) only ever reads a
 * file of the right shape. Walks the header and every link list: element count, dimensions, M,
 * entry point, link counts and neighbour ids, and that the file ends where the lists end.
 * Returns what is wrong, or null. Layout: hnswalg.h `saveIndex` (little-endian, 64-bit size_t).
 */
export function checkHnswHeader(data: Uint8Array, expected: HnswShape): string | null {
  const steps = hnswProblems(new BytesInMemory(data), expected);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * {@link checkHnswHeader} on the file itself, read a window at a time (each read awaited, with
 * pauses between runs of elements): the event loop is never held for long, and checking a large
 * graph costs a few megabytes, not a second copy of the file beside the one hnswlib reads.
 */
export async function checkHnswFile(
  handle: Pick<FileHandle, 'read'>,
  byteLength: number,
  expected: HnswShape,
  windowBytes = WINDOW_BYTES,
): Promise<string | null> {
  const window = new FileWindow(handle, byteLength, windowBytes);
  const steps = hnswProblems(window, expected);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (step.value) await window.load(step.value.offset, step.value.length);
    else await new Promise((resolve) => setImmediate(resolve));
  }
}

/** What the HNSW structure walk reads: little-endian fields at absolute offsets of the file. */
interface HnswBytes {
  readonly byteLength: number;
  /** Whether the bytes [offset, offset + length) can be read now. */
  holds(offset: number, length: number): boolean;
  u32(offset: number): number;
  i32(offset: number): number;
  /** A 64-bit size, NaN past 2^53. */
  size(offset: number): number;
}

class BytesInMemory implements HnswBytes {
  private readonly view: DataView;
  constructor(data: Uint8Array) {
    this.view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  }
  get byteLength() {
    return this.view.byteLength;
  }
  holds() {
    return true;
  }
  u32(offset: number) {
    return this.view.getUint32(offset, true);
  }
  i32(offset: number) {
    return this.view.getInt32(offset, true);
  }
  size(offset: number) {
    const value = this.view.getBigUint64(offset, true);
    return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.NaN : Number(value);
  }
}

/** Bytes of a file read per window. */
const WINDOW_BYTES = 4 * 1024 * 1024;

/** A window over a file: the walk asks for the bytes it needs next; the window reads them and what follows. */
class FileWindow implements HnswBytes {
  private buffer: Buffer;
  private view: DataView;
  private start = 0;
  constructor(
    private readonly handle: Pick<FileHandle, 'read'>,
    readonly byteLength: number,
    private readonly windowBytes: number,
  ) {
    this.buffer = Buffer.allocUnsafe(windowBytes);
    this.view = new DataView(this.buffer.buffer, this.buffer.byteOffset, 0);
  }
  holds(offset: number, length: number) {
    return offset >= this.start && offset + length <= this.start + this.view.byteLength;
  }
  async load(offset: number, length: number): Promise<void> {
    const wanted = Math.min(Math.max(length, this.windowBytes), this.byteLength - offset);
    if (wanted > this.buffer.byteLength) this.buffer = Buffer.allocUnsafe(wanted);
    let filled = 0;
    while (filled < wanted) {
      const { bytesRead } = await this.handle.read(this.buffer, filled, wanted - filled, offset + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    this.start = offset;
    this.view = new DataView(this.buffer.buffer, this.buffer.byteOffset, filled);
    // A file shorter than its stat said (cut while being read): the walk would ask again forever.
    if (filled < Math.min(length, this.byteLength - offset)) throw new Error(`the file ended at ${offset + filled} bytes while being checked`);
  }
  u32(offset: number) {
    return this.view.getUint32(offset - this.start, true);
  }
  i32(offset: number) {
    return this.view.getInt32(offset - this.start, true);
  }
  size(offset: number) {
    const value = this.view.getBigUint64(offset - this.start, true);
    return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.NaN : Number(value);
  }
}

/** What the manifest says an HNSW file holds. */
export interface HnswShape {
  dims: number;
  count: number;
  m: number;
}

/** Elements walked between two pauses of {@link checkHnswFile}. */
const ELEMENTS_PER_STEP = 2048;

/**
 * The walk of {@link checkHnswHeader}: yields a range it needs read before reading it (never for
 * bytes in memory), or undefined between runs of elements; returns the problem or null.
 */
function* hnswProblems(data: HnswBytes, expected: HnswShape): Generator<{ offset: number; length: number } | undefined, string | null> {
  const HEADER = HNSW_HEADER_BYTES;
  if (expected.count === 0) return null; // nothing is read for an empty generation
  if (data.byteLength < HEADER) return `${data.byteLength} bytes, shorter than the ${HEADER}-byte header`;
  if (!data.holds(0, HEADER)) yield { offset: 0, length: HEADER };
  const size = (offset: number) => data.size(offset);
  const [offsetLevel0, maxElements, count, sizePerElement, labelOffset, offsetData] = [0, 8, 16, 24, 32, 40].map(size);
  const maxLevel = data.i32(48);
  const entryPoint = data.u32(52);
  const [maxM, maxM0, m] = [56, 64, 72].map(size);
  const linksLevel0 = expected.m * 2 * 4 + 4;
  const expectedHeader: [string, number, number][] = [
    ['element count', count!, expected.count],
    ['offsetLevel0', offsetLevel0!, 0],
    ['M', m!, expected.m],
    ['maxM', maxM!, expected.m],
    ['maxM0', maxM0!, expected.m * 2],
    ['offsetData', offsetData!, linksLevel0],
    ['label offset', labelOffset!, linksLevel0 + expected.dims * 4],
    ['bytes per element', sizePerElement!, linksLevel0 + expected.dims * 4 + 8],
  ];
  for (const [field, actual, wanted] of expectedHeader) {
    if (actual !== wanted) return `header field ${field} is ${actual}, expected ${wanted} (dims ${expected.dims}, M ${expected.m})`;
  }
  if (!(maxElements! >= count!)) return `capacity ${maxElements} below the element count ${count}`;
  if (maxLevel < 0 || maxLevel > 64) return `top level ${maxLevel} out of range`;
  if (entryPoint >= count!) return `entry point ${entryPoint} outside the ${count} elements`;
  const level0End = HEADER + count! * sizePerElement!;
  if (data.byteLength < level0End) return `${data.byteLength} bytes, shorter than its ${count} elements need`;
  const checkLinks = (offset: number, limit: number): string | null => {
    const links = data.u32(offset) & 0xffff;
    if (links > limit) return `a link list of ${links} entries (at most ${limit})`;
    for (let i = 0; i < links; i++) {
      if (data.u32(offset + 4 + i * 4) >= count!) return 'a link to an element that does not exist';
    }
    return null;
  };
  for (let element = 0; element < count!; element++) {
    if (element % ELEMENTS_PER_STEP === ELEMENTS_PER_STEP - 1) yield;
    const at = HEADER + element * sizePerElement!;
    if (!data.holds(at, linksLevel0)) yield { offset: at, length: linksLevel0 };
    const problem = checkLinks(at, maxM0!);
    if (problem) return `element ${element}: ${problem}`;
  }
  const linksPerLevel = maxM! * 4 + 4;
  let offset = level0End;
  for (let element = 0; element < count!; element++) {
    if (element % ELEMENTS_PER_STEP === ELEMENTS_PER_STEP - 1) yield;
    if (offset + 4 > data.byteLength) return 'the upper-level link lists are cut short';
    if (!data.holds(offset, 4)) yield { offset, length: 4 };
    const bytes = data.u32(offset);
    offset += 4;
    if (bytes % linksPerLevel !== 0 || bytes / linksPerLevel > maxLevel || offset + bytes > data.byteLength) {
      return `element ${element}: upper-level link lists of ${bytes} bytes do not fit`;
    }
    if (bytes > 0 && !data.holds(offset, bytes)) yield { offset, length: bytes };
    for (let level = 0; level < bytes / linksPerLevel; level++) {
      const problem = checkLinks(offset + level * linksPerLevel, maxM!);
      if (problem) return `element ${element}, level ${level + 1}: ${problem}`;
    }
    offset += bytes;
  }
  if (offset !== data.byteLength) return `${data.byteLength - offset} unexpected bytes after the last link list`;
  return null;
}

/**
 * Why a vector search could not run: its worker thread stopped. One line for the person who
 * asked; the next search starts the worker again.
 */
export class VectorSearchError extends UserError {
  override name = 'VectorSearchError';
  constructor(message: string) {
    super('vector-search', message);
  }
}

/**
 * The search worker's code: plain CommonJS (it runs the same under tsx, vitest and plain node),
 * given hnswlib-node's resolved path. It reads the graph itself (so the graph is held once, in
 * this thread, never in the main one) and answers each search with its id.
 */
const SEARCH_WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const hnswlib = require(workerData.hnswlibPath);
const { file, dims, count, efSearch } = workerData;
const index = new hnswlib.HierarchicalNSW('cosine', dims);
let ready = true;
try {
  if (count > 0) {
    index.readIndexSync(file);
    index.setEf(efSearch);
  }
} catch (error) {
  ready = false;
  parentPort.postMessage({ type: 'failed', message: String((error && error.message) || error) });
  parentPort.close();
}
if (ready) {
  parentPort.on('message', (message) => {
    if (message.type === 'search') {
      try {
        // As a search on the main thread did: efSearch never below the hits asked for.
        if (index.getEf() < message.k) index.setEf(message.k);
        const { neighbors, distances } = index.searchKnn(Array.from(message.vector), message.k);
        parentPort.postMessage({ type: 'hits', id: message.id, neighbors, distances });
      } catch (error) {
        parentPort.postMessage({ type: 'hits', id: message.id, error: String((error && error.message) || error) });
      }
    } else if (message.type === 'ef') {
      if (count > 0) index.setEf(message.ef);
    } else if (message.type === 'stop') {
      parentPort.close();
    }
  });
  parentPort.postMessage({ type: 'ready' });
}
`;

interface PendingSearch {
  resolve: (hits: VectorHit[]) => void;
  reject: (error: Error) => void;
}

/**
 * One search worker: the graph read in its thread, searches sent to it by id. When it stops
 * (whatever the cause) every search waiting on it fails with one line, and `alive` turns false.
 */
class SearchWorker {
  alive = true;
  private readonly pending = new Map<number, PendingSearch>();
  private nextId = 0;
  readonly ready: Promise<void>;
  private started!: { resolve: () => void; reject: (error: Error) => void };

  constructor(
    readonly worker: Worker,
    private readonly onExit: (worker: SearchWorker) => void,
  ) {
    this.ready = new Promise<void>((resolve, reject) => (this.started = { resolve, reject }));
    // A failed start is reported to whoever awaits `ready`; never an unhandled rejection.
    this.ready.catch(() => {});
    worker.on('message', (message: { type: string; id?: number; neighbors?: number[]; distances?: number[]; error?: string; message?: string }) => {
      if (message.type === 'ready') {
        this.started.resolve();
        this.idleUnlessWaitedOn();
      }
      else if (message.type === 'failed') this.started.reject(new Error(`the HNSW file could not be read: ${message.message}`));
      else if (message.type === 'hits') {
        const search = this.pending.get(message.id!);
        this.pending.delete(message.id!);
        this.idleUnlessWaitedOn();
        if (!search) return;
        if (message.error !== undefined) search.reject(new Error(`HNSW search failed: ${message.error}`));
        else search.resolve(message.neighbors!.map((label, i) => ({ label, similarity: 1 - message.distances![i]! })));
      }
    });
    worker.on('error', (error) => this.stopped(`failed: ${error.message.split('\n')[0]}`));
    worker.on('exit', (code) => this.stopped(`exited with status ${code}`));
  }

  /** An idle worker never keeps the process alive (a process that is done exits with its index
   * loaded); one being waited on does, or a process awaiting only it would exit mid-await. */
  private idleUnlessWaitedOn(): void {
    if (this.pending.size === 0) this.worker.unref();
  }

  search(vector: Float32Array, k: number): Promise<VectorHit[]> {
    const id = this.nextId++;
    return new Promise<VectorHit[]>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.ref();
      this.worker.postMessage({ type: 'search', id, vector, k });
    });
  }

  setEf(ef: number): void {
    this.worker.postMessage({ type: 'ef', ef });
  }

  /** Asks the worker to finish the searches it holds and exit: terminating a thread in the middle
   * of a native hnswlib call has crashed the whole process (see HnswBuild). */
  stop(): void {
    if (this.alive) this.worker.postMessage({ type: 'stop' });
  }

  private stopped(why: string): void {
    if (!this.alive) return;
    this.alive = false;
    const error = new VectorSearchError(`The vector search stopped (its worker ${why}). Ask again: it restarts.`);
    // Stopped before it was ready (a start that failed): whoever awaits the start hears it too.
    this.started.reject(error);
    for (const search of this.pending.values()) search.reject(error);
    this.pending.clear();
    this.onExit(this);
  }
}

/** Stops the search worker of an index that was dropped without {@link VectorIndex.close} (a swapped-out generation). */
const stopDroppedWorker = new FinalizationRegistry<{ current: SearchWorker | undefined }>((held) => held.current?.stop());

/**
 * A read-only HNSW index of one generation, searched in a worker thread: the retriever starts a
 * vector search, runs the lexical search on its own thread meanwhile, then awaits the hits, so on
 * the 2-core machine the two searches overlap. The graph lives only in the worker (held once).
 * A worker that stops fails the searches waiting on it with one line; the next search starts a
 * new one, which reads the file again. Never added to: a new generation is built instead.
 */
export class VectorIndex {
  /** The running worker, shared with the finalizer (which must not hold the index itself). */
  private readonly worker: { current: SearchWorker | undefined } = { current: undefined };
  private closed = false;
  /** The efSearch searches run with: {@link efSearchFor} the graph's size until {@link setEfSearch}. */
  private ef: number;

  private constructor(
    private readonly file: string,
    private readonly dims: number,
    readonly count: number,
  ) {
    this.ef = efSearchFor(count);
  }

  get efSearch(): number {
    return this.ef;
  }

  /**
   * Reads an index file in a new worker thread. The caller must have checked the file's size,
   * checksum and structure against the manifest first: hnswlib trusts the file and can crash the
   * process on a malformed one.
   */
  static async read(file: string, dims: number, count: number): Promise<VectorIndex> {
    const index = new VectorIndex(file, dims, count);
    const worker = index.start();
    try {
      await worker.ready;
    } catch (error) {
      index.close();
      throw error;
    }
    stopDroppedWorker.register(index, index.worker, index);
    return index;
  }

  /**
   * The `limit` nearest passages. The search is sent to the worker before this returns, so work
   * done on the calling thread before awaiting the result runs beside it.
   */
  search(vector: Float32Array, limit: number): Promise<VectorHit[]> {
    const k = Math.min(limit, this.count);
    if (k <= 0) return Promise.resolve([]);
    if (this.closed) return Promise.reject(new VectorSearchError('The vector index was closed (its generation is no longer served). Ask again.'));
    const worker = this.worker.current?.alive ? this.worker.current : this.start();
    return worker.search(vector, k);
  }

  setEfSearch(ef: number): void {
    this.ef = ef;
    if (this.count > 0) this.worker.current?.setEf(ef);
  }

  /** Stops the worker (it finishes the searches it holds first). Later searches fail with one line. */
  close(): void {
    this.closed = true;
    stopDroppedWorker.unregister(this);
    this.worker.current?.stop();
    this.worker.current = undefined;
  }

  /** For tests: the worker thread now searching, to stop it as a crash would. */
  get workerForTesting(): Worker | undefined {
    return this.worker.current?.worker;
  }

  private start(): SearchWorker {
    const worker = new SearchWorker(
      new Worker(SEARCH_WORKER_SOURCE, {
        eval: true,
        // Plain CommonJS whatever the parent was started with (`--input-type=module` would make
        // the eval'd source a module, without `require`).
        execArgv: [],
        workerData: { hnswlibPath: createRequire(import.meta.url).resolve('hnswlib-node'), file: this.file, dims: this.dims, count: this.count, efSearch: this.ef },
      }),
      (stopped) => {
        if (this.worker.current === stopped) this.worker.current = undefined;
      },
    );
    this.worker.current = worker;
    return worker;
  }
}
