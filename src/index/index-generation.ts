import path from 'node:path';
import { UserError } from '../config/index.js';
import type { CorpusDocument, Passage, Sentence } from '../corpus/types.js';
import {
  currentPointerFile,
  GenerationFileError,
  generationsFolder,
  nodeFileSystem,
  readVerifiedFile,
  verifyFile,
  type GenerationFileSystem,
} from './generation-files.js';
import { LexicalIndex } from './lexical-index.js';
import { BUILD_CACHE_SUFFIX, GENERATION_FILES, INDEX_FORMAT_VERSION, parseServableManifest, type IndexManifest } from './manifest.js';
import { RecordStore } from './record-store.js';
import { checkHnswFile, VectorIndex } from './vector-index.js';
import { readWithdrawnDocuments, withdrawnRecordedByGeneration } from './withdrawn.js';

/** Why an index could not be served. The message is one line that says what to run. */
export class IndexError extends UserError {
  override name = 'IndexError';
  constructor(
    override readonly code: 'missing' | 'model-mismatch' | 'corrupt' | 'format',
    message: string,
  ) {
    super(code, message);
  }
}

/** What a loaded generation's reader must match: the model that will embed the questions. */
export interface ModelIdentity {
  id: string;
  dims: number;
}

/** Records kept in memory once read: a few questions' candidates, a bounded few MB. */
const PASSAGE_CACHE = 2048;
const SENTENCE_CACHE = 4096;
/** Documents whose passage and sentence lists are kept: those of a few questions' candidates. */
const DOCUMENT_RECORDS_CACHE = 256;

/** Adds an entry to a cache bounded to `limit` entries, dropping the oldest first. */
function remember<K, V>(cache: Map<K, V>, key: K, value: V, limit: number): V {
  if (cache.size >= limit) cache.delete(cache.keys().next().value!);
  cache.set(key, value);
  return value;
}

/** Where a document's passages and sentences lie in the generation's lists. */
export interface DocumentLayout {
  firstPassage: number;
  passages: number;
  firstSentence: number;
  sentences: number;
}

/**
 * Each document's place in a generation's passage and sentence lists, from its manifest (which
 * lists documents in the order their records are stored), and the lists' lengths. Read the same
 * way by the local generation and the PostgreSQL one.
 */
export function documentLayoutOf(documents: IndexManifest['documents']): { byDoc: Map<string, DocumentLayout>; passageCount: number; sentenceCount: number } {
  const byDoc = new Map<string, DocumentLayout>();
  let firstPassage = 0;
  let firstSentence = 0;
  for (const document of documents) {
    byDoc.set(document.docId, { firstPassage, passages: document.passages, firstSentence, sentences: document.sentences });
    firstPassage += document.passages;
    firstSentence += document.sentences;
  }
  return { byDoc, passageCount: firstPassage, sentenceCount: firstSentence };
}

/**
 * One complete, immutable index generation: documents, passages and sentences (read on demand
 * from its SQLite file), the HNSW index (which holds the passage vectors), the lexical index, and
 * any extra artefacts (actors). Queries in flight keep the object they started with, so a swap
 * never mixes two generations.
 *
 * Documents withdrawn from the corpus after this generation was built (`withheld`) are not
 * served: {@link document}, {@link passagesOf}, {@link sentencesOf} and {@link sentencePosition}
 * know nothing of them, and search hits on their passages are dropped by {@link servesPassage}.
 */
export class IndexGeneration {
  readonly passageCount: number;
  readonly sentenceCount: number;
  /** From the manifest, which lists documents in the order their passages and sentences are stored. */
  private readonly layoutByDoc: ReadonlyMap<string, DocumentLayout>;
  /** Recently read records: a question reads each candidate passage and sentence several times. */
  private readonly passageCache = new Map<number, { passage: Passage; vector: Float32Array }>();
  private readonly sentenceCache = new Map<number, Sentence>();
  private readonly passagesByDoc = new Map<string, Passage[]>();
  private readonly sentencesByDoc = new Map<string, Sentence[]>();

  constructor(
    readonly manifest: IndexManifest,
    private readonly store: RecordStore,
    readonly vectorIndex: VectorIndex,
    readonly lexicalIndex: LexicalIndex,
    private readonly artefacts: ReadonlyMap<string, string>,
    private readonly withheld: ReadonlySet<string> = new Set(),
  ) {
    const layout = documentLayoutOf(manifest.documents);
    this.layoutByDoc = layout.byDoc;
    this.passageCount = layout.passageCount;
    this.sentenceCount = layout.sentenceCount;
  }

  get name(): string {
    return this.manifest.generation;
  }

  /** Whether a search hit on this passage may be served (its document is not withheld). */
  servesPassage(passage: Passage): boolean {
    return !this.withheld.has(passage.docId);
  }

  /** The manifest's documents that this generation serves (withheld ones left out). */
  servedDocuments(): IndexManifest['documents'] {
    return this.manifest.documents.filter((document) => !this.withheld.has(document.docId));
  }

  document(docId: string): CorpusDocument | undefined {
    return this.withheld.has(docId) ? undefined : this.store.document(docId);
  }

  /** The passage at a position (its vector label), or undefined outside the generation. */
  passage(position: number): Passage | undefined {
    return this.storedPassage(position)?.passage;
  }

  /** The sentence at a position, or undefined outside the generation. */
  sentence(position: number): Sentence | undefined {
    const cached = this.sentenceCache.get(position);
    if (cached) return cached;
    const sentence = this.store.sentenceRecord(position);
    return sentence && remember(this.sentenceCache, position, sentence, SENTENCE_CACHE);
  }

  /** A passage's vector (unit length), as stored beside its record. */
  passageVector(position: number): Float32Array | undefined {
    return this.storedPassage(position)?.vector;
  }

  /** A sentence's vector (unit length), as the build embedded it. */
  sentenceVector(position: number): Float32Array | undefined {
    return this.store.sentenceVector(position);
  }

  /** Every passage vector, in position order (for measuring the HNSW search against an exact one). */
  allPassageVectors(): Float32Array[] {
    return [...this.store.vectors()];
  }

  /** Reads the passages at these positions that are not in memory yet, in one statement: the
   * candidates of a question, read before {@link passage} and {@link passageVector} ask for each. */
  preloadPassages(positions: readonly number[]): void {
    const missing = positions.filter((position) => !this.passageCache.has(position));
    if (missing.length === 0) return;
    for (const [position, stored] of this.store.passageRecordsAt(missing)) remember(this.passageCache, position, stored, PASSAGE_CACHE);
  }

  private storedPassage(position: number): { passage: Passage; vector: Float32Array } | undefined {
    const cached = this.passageCache.get(position);
    if (cached) return cached;
    const stored = this.store.passageRecord(position);
    if (!stored) return undefined;
    return remember(this.passageCache, position, stored, PASSAGE_CACHE);
  }

  passagesOf(docId: string): readonly Passage[] {
    const cached = this.passagesByDoc.get(docId);
    if (cached) return cached;
    const layout = this.withheld.has(docId) ? undefined : this.layoutByDoc.get(docId);
    if (!layout) return [];
    return remember(this.passagesByDoc, docId, this.store.passageRecords(layout.firstPassage, layout.firstPassage + layout.passages), DOCUMENT_RECORDS_CACHE);
  }

  /** A document's sentences in order (`Sentence.index` = position in the list). */
  sentencesOf(docId: string): readonly Sentence[] {
    const cached = this.sentencesByDoc.get(docId);
    if (cached) return cached;
    const layout = this.withheld.has(docId) ? undefined : this.layoutByDoc.get(docId);
    if (!layout) return [];
    return remember(this.sentencesByDoc, docId, this.store.sentenceRecords(layout.firstSentence, layout.firstSentence + layout.sentences), DOCUMENT_RECORDS_CACHE);
  }

  /** Position of a sentence among the generation's sentences: a document's sentences are stored
   * together and in order (the build checks it), so sentence `index` is at its first + index. */
  sentencePosition(docId: string, index: number): number | undefined {
    if (this.withheld.has(docId)) return undefined;
    const layout = this.layoutByDoc.get(docId);
    if (!layout || !Number.isInteger(index) || index < 0 || index >= layout.sentences) return undefined;
    return layout.firstSentence + index;
  }

  /** An extra artefact saved with the generation (e.g. `actors.json`), or undefined. */
  artefact(name: string): string | undefined {
    return this.artefacts.get(name);
  }

  /** Closes the database file and stops the vector search's worker. Only for a generation nothing
   * will read again (tests, the benchmark); one dropped without closing stops its worker when collected. */
  close(): void {
    this.store.close();
    this.vectorIndex.close();
  }
}

/**
 * A journal beside a generation's database (`records.sqlite-journal` or `-wal`), or null. A build
 * writes without one, so one means someone wrote to the database after the build sealed it: it
 * would be rolled back into the file on opening. Such a generation is refused, never guessed at.
 */
export async function leftoverStoreJournal(folder: string, fs: GenerationFileSystem = nodeFileSystem): Promise<string | null> {
  for (const suffix of ['-journal', '-wal']) {
    const name = GENERATION_FILES.store + suffix;
    if (await fs.stat(path.join(folder, name)).then(() => true, () => false)) return name;
  }
  return null;
}

/** Reads the name of the generation being served, or null when there is none yet. */
export async function readCurrentGenerationName(
  indexDir: string,
  fs: GenerationFileSystem = nodeFileSystem,
): Promise<string | null> {
  try {
    const name = (await fs.readFile(currentPointerFile(indexDir), 'utf8')).trim();
    return /^g-[\w-]+$/.test(name) ? name : null;
  } catch {
    return null;
  }
}

/** Complete generations on disk (temporary folders excluded), newest first. */
export async function listGenerations(indexDir: string, fs: GenerationFileSystem = nodeFileSystem): Promise<string[]> {
  try {
    const entries = await fs.readdir(generationsFolder(indexDir));
    return entries.filter((name) => name.startsWith('g-')).sort().reverse();
  } catch {
    return [];
  }
}

/**
 * Loads one generation after checking every file against the manifest (format, model, sizes,
 * checksums) so that a truncated or altered file is refused before hnswlib ever reads it.
 */
export async function loadGeneration(
  folder: string,
  model: ModelIdentity,
  fs: GenerationFileSystem = nodeFileSystem,
  withheld: ReadonlySet<string> = new Set(),
): Promise<IndexGeneration> {
  const rebuild = 'Run: npm run index';
  let text: string;
  try {
    text = await fs.readFile(path.join(folder, 'manifest.json'), 'utf8');
  } catch {
    throw new IndexError('corrupt', `The index manifest in ${folder} is missing or unreadable. ${rebuild}`);
  }
  // Its shape and checksum are checked before anything is read from it: valid JSON of another
  // shape (`[]`, `null`, no counts) or a hand-edited manifest is damage, never an internal error.
  const parsed = parseServableManifest(text);
  if ('format' in parsed) {
    throw new IndexError('format', `The index in ${folder} has format ${String(parsed.format)}; this version reads ${INDEX_FORMAT_VERSION}. ${rebuild}`);
  }
  if ('problem' in parsed) throw new IndexError('corrupt', `The index manifest in ${folder} is unreadable: it ${parsed.problem}. ${rebuild}`);
  const { manifest } = parsed;
  if (manifest.model.id !== model.id || manifest.model.dims !== model.dims) {
    throw new IndexError(
      'model-mismatch',
      `The index was built with model ${manifest.model.id} (${manifest.model.dims} dims) but EMBEDDING_MODEL gives ${model.id} (${model.dims} dims). ${rebuild}`,
    );
  }
  const files = manifest.files;
  for (const required of Object.values(GENERATION_FILES)) {
    if (!files[required]) throw new IndexError('corrupt', `The manifest in ${folder} does not list ${required}. ${rebuild}`);
  }
  const damaged = (name: string, error: unknown): never => {
    if (!(error instanceof GenerationFileError)) throw error;
    throw new IndexError(
      'corrupt',
      error.reason === 'missing'
        ? `Index file ${name} is missing from ${folder}. ${rebuild}`
        : `Index file ${name} in ${folder} does not match its manifest (damaged or truncated). ${rebuild}`,
    );
  };
  // Every file is checked against the manifest before anything parses it. Large files are hashed
  // a chunk at a time and every read awaited: opening a generation never holds the event loop.
  const verify = (name: string) => verifyFile(fs, folder, name, files[name]).catch((error: unknown) => damaged(name, error));
  let store: RecordStore | undefined;
  let vectorIndex: VectorIndex | undefined;
  try {
    const counts = manifest.counts;
    const { dims } = manifest.model;
    const disagree = () => new IndexError('corrupt', `Index files in ${folder} disagree with the manifest's counts. ${rebuild}`);
    if (!Array.isArray(manifest.documents) || manifest.documents.length !== counts.documents) throw disagree();
    const listedPassages = manifest.documents.reduce((sum, d) => sum + d.passages, 0);
    const listedSentences = manifest.documents.reduce((sum, d) => sum + d.sentences, 0);
    if (listedPassages !== counts.passages || listedSentences !== counts.sentences) throw disagree();
    await verify(GENERATION_FILES.store);
    const journal = await leftoverStoreJournal(folder, fs);
    if (journal) {
      throw new IndexError('corrupt', `Index file ${GENERATION_FILES.store} in ${folder} has a leftover ${journal} (written to after its build). ${rebuild}`);
    }
    store = new RecordStore(path.join(folder, GENERATION_FILES.store));
    const stored = store.counts();
    if (stored.documents !== counts.documents || stored.passages !== counts.passages || stored.sentences !== counts.sentences) throw disagree();
    const hnswFile = GENERATION_FILES.hnsw;
    // A graph extended from an earlier one also holds the elements it marked deleted.
    const elements = manifest.hnswElements ?? counts.passages;
    if (elements < counts.passages) throw disagree();
    // Checked from the file a window at a time (checksum, then structure), never held whole: at a
    // million passages the file is half a gigabyte, and hnswlib reads it again from the path.
    await verify(hnswFile);
    const hnswProblem = await checkHnswFileAt(fs, path.join(folder, hnswFile), files[hnswFile]!.bytes, { dims, count: elements, m: manifest.hnsw?.m }).catch((error: unknown) =>
      damaged(hnswFile, error),
    );
    if (hnswProblem) {
      throw new IndexError('corrupt', `Index file ${hnswFile} in ${folder} does not fit its manifest (${hnswProblem}). ${rebuild}`);
    }
    vectorIndex = await VectorIndex.read(path.join(folder, hnswFile), dims, counts.passages);
    const lexicalIndex = new LexicalIndex(store.database, counts.passages);
    const known = new Set<string>(Object.values(GENERATION_FILES));
    const artefacts = new Map<string, string>();
    for (const name of Object.keys(files)) {
      if (known.has(name) || name.endsWith(BUILD_CACHE_SUFFIX)) continue;
      artefacts.set(name, (await readVerifiedFile(fs, folder, name, files[name]).catch((error: unknown) => damaged(name, error))).toString('utf8'));
    }
    return new IndexGeneration(manifest, store, vectorIndex, lexicalIndex, artefacts, withheld);
  } catch (error) {
    store?.close();
    vectorIndex?.close();
    if (error instanceof IndexError) throw error;
    throw new IndexError('corrupt', `Index in ${folder} could not be read (${(error as Error).message}). ${rebuild}`);
  }
}

/**
 * Loads the generation `current` points at. If it fails its checks (or `accept` refuses it),
 * falls back to the newest older generation that passes, with a warning through `warn`; with
 * none, throws an IndexError saying what to run. Documents withdrawn by later builds are
 * withheld, whichever generation loads: those INDEX_DIR/withdrawn.json lists, and those that the
 * manifest of any newer generation on disk records as withdrawn (so a damaged withdrawn.json
 * never lets a removed article back when an older generation serves).
 */
export async function loadServedGeneration(
  indexDir: string,
  model: ModelIdentity,
  options: {
    warn?: (line: string) => void;
    fs?: GenerationFileSystem;
    /**
     * Checks a loaded generation's artefacts (e.g. the actor registry parses): an IndexError it
     * throws makes the generation count as damaged, so an older one is tried.
     */
    accept?: (generation: IndexGeneration) => void | Promise<void>;
  } = {},
): Promise<IndexGeneration> {
  const fs = options.fs ?? nodeFileSystem;
  const current = await readCurrentGenerationName(indexDir, fs);
  const candidates = await listGenerations(indexDir, fs);
  const ordered = current ? [current, ...candidates.filter((name) => name !== current)] : candidates;
  if (ordered.length === 0) throw new IndexError('missing', `No index in ${indexDir}. Run: npm run index`);
  const withdrawn = await readWithdrawnDocuments(indexDir, { fs, warn: options.warn });
  // Only generations newer than the one loaded matter, so serving the newest reads no other
  // manifest (with 77k articles each is ~36 MB of JSON, and parsing it left ~0.3 GB of garbage).
  const recordedBy = new Map<string, Promise<string[] | undefined>>();
  const withheldFrom = async (name: string) => {
    const withheld = new Set(withdrawn);
    for (const newer of candidates) {
      if (newer <= name) continue;
      if (!recordedBy.has(newer)) recordedBy.set(newer, withdrawnRecordedByGeneration(indexDir, newer, fs));
      for (const docId of (await recordedBy.get(newer)) ?? []) withheld.add(docId);
    }
    return withheld;
  };
  let firstError: IndexError | undefined;
  for (const name of ordered) {
    try {
      const generation = await loadGeneration(path.join(generationsFolder(indexDir), name), model, fs, await withheldFrom(name));
      try {
        await options.accept?.(generation);
      } catch (error) {
        generation.close();
        throw error;
      }
      if (firstError) options.warn?.(`${firstError.message.replace(/ Run: npm run index$/, '').replace(/\.$/, '')}; serving the older generation ${name} instead.`);
      return generation;
    } catch (error) {
      if (!(error instanceof IndexError)) throw error;
      // A model mismatch is the same for every generation: say it at once, do not fall back.
      if (error.code === 'model-mismatch' && !firstError) throw error;
      firstError ??= error;
    }
  }
  throw firstError!;
}

/** {@link checkHnswFile} on a file of the generation, opened read-only for the walk. */
async function checkHnswFileAt(fs: GenerationFileSystem, file: string, bytes: number, shape: Parameters<typeof checkHnswFile>[2]): Promise<string | null> {
  const handle = await fs.open(file, 'r');
  try {
    return await checkHnswFile(handle, bytes, shape);
  } finally {
    await handle.close();
  }
}
