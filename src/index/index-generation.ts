import path from 'node:path';
import { UserError } from '../config/index.js';
import type { CorpusDocument, Passage, Sentence } from '../corpus/types.js';
import {
  currentPointerFile,
  GenerationFileError,
  generationsFolder,
  nodeFileSystem,
  readVerifiedFile,
  unpackVectors,
  type GenerationFileSystem,
} from './generation-files.js';
import { LexicalIndex } from './lexical-index.js';
import { GENERATION_FILES, INDEX_FORMAT_VERSION, type IndexManifest } from './manifest.js';
import { checkHnswHeader, VectorIndex } from './vector-index.js';
import { readWithdrawnDocuments } from './withdrawn.js';

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

/** How `passages.json` stores passages and sentences; their text is sliced from the documents. */
export interface StoredPassages {
  passages: Omit<Passage, 'text'>[];
  sentences: Omit<Sentence, 'text'>[];
}

/** What a loaded generation's reader must match: the model that will embed the questions. */
export interface ModelIdentity {
  id: string;
  dims: number;
}

/**
 * One complete, immutable index generation in memory: documents, passages, sentences, vectors,
 * the HNSW and lexical indexes, and any extra artefacts (actors). Queries in flight keep the
 * object they started with, so a swap never mixes two generations.
 *
 * Documents withdrawn from the corpus after this generation was built (`withheld`) are not
 * served: {@link document}, {@link passagesOf}, {@link sentencesOf} and {@link sentencePosition}
 * know nothing of them, and search hits on their passages are dropped by {@link servesPassage}.
 */
export class IndexGeneration {
  readonly passages: readonly Passage[];
  readonly sentences: readonly Sentence[];
  private readonly documentsById = new Map<string, CorpusDocument>();
  private readonly passagesByDoc = new Map<string, Passage[]>();
  private readonly sentencesByDoc = new Map<string, Sentence[]>();
  /** Position in `sentences` of each document's first sentence: a document's sentences are stored
   * together and in order, so sentence `index` of a document is at first + index. */
  private readonly firstSentenceByDoc = new Map<string, number>();
  /** Only for a generation whose sentences are not stored that way (never written by this build). */
  private readonly sentencePositionByKey: Map<string, number> | undefined;

  constructor(
    readonly manifest: IndexManifest,
    readonly documents: readonly CorpusDocument[],
    stored: StoredPassages,
    readonly passageVectors: readonly Float32Array[],
    readonly vectorIndex: VectorIndex,
    readonly lexicalIndex: LexicalIndex,
    private readonly artefacts: ReadonlyMap<string, string>,
    withheld: ReadonlySet<string> = new Set(),
  ) {
    const allDocuments = new Map(documents.map((document) => [document.docId, document]));
    for (const document of documents) if (!withheld.has(document.docId)) this.documentsById.set(document.docId, document);
    const textOf = (docId: string, start: number, end: number): string => {
      const document = allDocuments.get(docId);
      if (!document) throw new IndexError('corrupt', `Index refers to unknown document ${docId}. Run: npm run index`);
      return document.text.slice(start, end);
    };
    // The parsed records get their text in place rather than being copied: at 100k passages that
    // is 275k fewer objects to allocate while loading.
    const passages = stored.passages as Passage[];
    for (const passage of passages) passage.text = textOf(passage.docId, passage.start, passage.end);
    const sentences = stored.sentences as Sentence[];
    for (const sentence of sentences) sentence.text = textOf(sentence.docId, sentence.start, sentence.end);
    this.passages = passages;
    this.sentences = sentences;
    for (const passage of this.passages) {
      if (!this.documentsById.has(passage.docId)) continue;
      const list = this.passagesByDoc.get(passage.docId) ?? [];
      list.push(passage);
      this.passagesByDoc.set(passage.docId, list);
    }
    let contiguous = true;
    this.sentences.forEach((sentence, position) => {
      if (!this.documentsById.has(sentence.docId)) return;
      const list = this.sentencesByDoc.get(sentence.docId) ?? [];
      if (list.length === 0) this.firstSentenceByDoc.set(sentence.docId, position);
      if (sentence.index !== list.length || this.firstSentenceByDoc.get(sentence.docId)! + list.length !== position) contiguous = false;
      list.push(sentence);
      this.sentencesByDoc.set(sentence.docId, list);
    });
    if (!contiguous) {
      this.sentencePositionByKey = new Map(this.sentences.map((sentence, position) => [`${sentence.docId}#${sentence.index}`, position]));
    }
  }

  get name(): string {
    return this.manifest.generation;
  }

  /** Whether a search hit on this passage may be served (its document is not withheld). */
  servesPassage(passage: Passage): boolean {
    return this.documentsById.has(passage.docId);
  }

  /** The manifest's documents that this generation serves (withheld ones left out). */
  servedDocuments(): IndexManifest['documents'] {
    return this.manifest.documents.filter((document) => this.documentsById.has(document.docId));
  }

  document(docId: string): CorpusDocument | undefined {
    return this.documentsById.get(docId);
  }

  passagesOf(docId: string): readonly Passage[] {
    return this.passagesByDoc.get(docId) ?? [];
  }

  sentencesOf(docId: string): readonly Sentence[] {
    return this.sentencesByDoc.get(docId) ?? [];
  }

  /** Position of a sentence in `sentences`. */
  sentencePosition(docId: string, index: number): number | undefined {
    if (!this.documentsById.has(docId)) return undefined;
    if (this.sentencePositionByKey) return this.sentencePositionByKey.get(`${docId}#${index}`);
    const first = this.firstSentenceByDoc.get(docId);
    if (first === undefined || !Number.isInteger(index) || index < 0 || index >= this.sentencesByDoc.get(docId)!.length) return undefined;
    return first + index;
  }

  /** An extra artefact saved with the generation (e.g. `actors.json`), or undefined. */
  artefact(name: string): string | undefined {
    return this.artefacts.get(name);
  }
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
  let manifest: IndexManifest;
  try {
    manifest = JSON.parse(await fs.readFile(path.join(folder, 'manifest.json'), 'utf8')) as IndexManifest;
  } catch {
    throw new IndexError('corrupt', `The index manifest in ${folder} is missing or unreadable. ${rebuild}`);
  }
  if (manifest.formatVersion !== INDEX_FORMAT_VERSION) {
    throw new IndexError(
      'format',
      `The index in ${folder} has format ${manifest.formatVersion}; this version reads ${INDEX_FORMAT_VERSION}. ${rebuild}`,
    );
  }
  if (manifest.model?.id !== model.id || manifest.model?.dims !== model.dims) {
    throw new IndexError(
      'model-mismatch',
      `The index was built with model ${manifest.model?.id} (${manifest.model?.dims} dims) but EMBEDDING_MODEL gives ${model.id} (${model.dims} dims). ${rebuild}`,
    );
  }
  const files = manifest.files ?? {};
  for (const required of Object.values(GENERATION_FILES)) {
    if (!files[required]) throw new IndexError('corrupt', `The manifest in ${folder} does not list ${required}. ${rebuild}`);
  }
  // One file at a time: read it, check it against the manifest, parse it, and let its bytes go
  // before the next is read, so the load's high-water mark is the largest file, not all of them.
  const read = async (name: string): Promise<Buffer> => {
    try {
      return await readVerifiedFile(fs, folder, name, files[name]);
    } catch (error) {
      if (!(error instanceof GenerationFileError)) throw error;
      throw new IndexError(
        'corrupt',
        error.reason === 'missing'
          ? `Index file ${name} is missing from ${folder}. ${rebuild}`
          : `Index file ${name} in ${folder} does not match its manifest (damaged or truncated). ${rebuild}`,
      );
    }
  };
  const readText = async (name: string) => (await read(name)).toString('utf8');
  try {
    const counts = manifest.counts;
    const { dims } = manifest.model;
    const disagree = () => new IndexError('corrupt', `Index files in ${folder} disagree with the manifest's counts. ${rebuild}`);
    const documents = JSON.parse(await readText(GENERATION_FILES.documents)) as CorpusDocument[];
    if (documents.length !== counts.documents) throw disagree();
    const stored = JSON.parse(await readText(GENERATION_FILES.passages)) as StoredPassages;
    if (stored.passages.length !== counts.passages || stored.sentences.length !== counts.sentences) throw disagree();
    const passageVectors = unpackVectors(await read(GENERATION_FILES.passageVectors), dims);
    if (passageVectors.length !== counts.passages) throw disagree();
    const hnswProblem = checkHnswHeader(await read(GENERATION_FILES.hnsw), { dims, count: counts.passages, m: manifest.hnsw?.m });
    if (hnswProblem) {
      throw new IndexError('corrupt', `Index file ${GENERATION_FILES.hnsw} in ${folder} does not fit its manifest (${hnswProblem}). ${rebuild}`);
    }
    const vectorIndex = VectorIndex.read(path.join(folder, GENERATION_FILES.hnsw), dims, counts.passages);
    const lexicalIndex = LexicalIndex.fromJSON(await readText(GENERATION_FILES.lexical));
    const known = new Set<string>(Object.values(GENERATION_FILES));
    const artefacts = new Map<string, string>();
    for (const name of Object.keys(files)) if (!known.has(name)) artefacts.set(name, await readText(name));
    return new IndexGeneration(manifest, documents, stored, passageVectors, vectorIndex, lexicalIndex, artefacts, withheld);
  } catch (error) {
    if (error instanceof IndexError) throw error;
    throw new IndexError('corrupt', `Index in ${folder} could not be read (${(error as Error).message}). ${rebuild}`);
  }
}

/**
 * Loads the generation `current` points at. If it fails its checks, falls back to the newest
 * older generation that passes, with a warning through `warn`; with none, throws an IndexError
 * saying what to run. Documents withdrawn by later builds are withheld, whichever generation loads.
 */
export async function loadServedGeneration(
  indexDir: string,
  model: ModelIdentity,
  options: { warn?: (line: string) => void; fs?: GenerationFileSystem } = {},
): Promise<IndexGeneration> {
  const fs = options.fs ?? nodeFileSystem;
  const current = await readCurrentGenerationName(indexDir, fs);
  const candidates = await listGenerations(indexDir, fs);
  const ordered = current ? [current, ...candidates.filter((name) => name !== current)] : candidates;
  if (ordered.length === 0) throw new IndexError('missing', `No index in ${indexDir}. Run: npm run index`);
  const withheld = await readWithdrawnDocuments(indexDir, { fs, warn: options.warn });
  let firstError: IndexError | undefined;
  for (const name of ordered) {
    try {
      const generation = await loadGeneration(path.join(generationsFolder(indexDir), name), model, fs, withheld);
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
