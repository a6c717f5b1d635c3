import { UserError } from '../config/index.js';
import path from 'node:path';
import { loadCorpus, processDocument } from '../corpus/index.js';
import type { LoadCorpusOptions } from '../corpus/index.js';
import type { CorpusDocument, ProcessedDocument, SkippedFile } from '../corpus/types.js';
import { meanDirection, type Embedder } from '../embedding/embedder.js';
import {
  currentPointerFile,
  generationsFolder,
  newGenerationName,
  nodeFileSystem,
  readVerifiedFile,
  sealFile,
  sha256,
  syncFolder,
  verifyFile,
  writeFileDurably,
  type FileFingerprint,
  type GenerationFileSystem,
} from './generation-files.js';
import { replaceFileAtomically } from '../files/index.js';
import { documentLayoutOf, leftoverStoreJournal, listGenerations, readCurrentGenerationName } from './index-generation.js';
import Database from 'better-sqlite3';
import { writeImpactPostingsInto, writeImpactPostingsOffThread } from './impact-postings.js';
import { RecordStore, writeRecordStore, writeRecordStoreIncrementally } from './record-store.js';
import { planIncrementalLayout, type IncrementalLayout } from './incremental-layout.js';
import { GENERATION_FILES, INDEX_FORMAT_VERSION, parseComparableManifest, parseServableManifest, sealManifest, type ComparableManifest, type IndexManifest } from './manifest.js';
import type { BuildProgress, BuildReport } from './types.js';
import { removeOldGenerations } from './pruning.js';
import { checkHnswHeader, HNSW_PARAMETERS, HnswBuild, relabelHnswIndex, type HnswBase } from './vector-index.js';
import { nextWithdrawnDocuments, writeWithdrawnDocuments } from './withdrawn.js';
import type { WarmGeneration } from './warm-generation.js';

/** A build that would serve far less than before; `force` overrides it. */
export class BuildRefusedError extends UserError {
  override name = 'BuildRefusedError';
  constructor(message: string) {
    super('build-refused', message);
  }
}

/** The served generation's extra artefacts, as a build that extends them reads them. */
export interface PreviousArtefacts {
  /** The artefact's text, checked against the manifest; undefined when absent, damaged or of another format. */
  read(file: string): Promise<string | undefined>;
  /**
   * `parse` of {@link read}'s text: the value a warm spare parsed ahead from this same generation
   * when it has one (see warm-generation.ts), else parsed now.
   */
  parsed<T>(file: string, parse: (text: string | undefined) => T): Promise<T>;
}

export interface BuildOptions {
  corpusDir: string;
  indexDir: string;
  embedder: Embedder;
  maxFileBytes: number;
  onProgress?: (progress: BuildProgress) => void;
  /**
   * Artefacts computed from the processed corpus and saved in the generation (e.g. actors);
   * `previous` reads the served generation's artefacts, so one can be built incrementally.
   */
  extraArtefacts?: (documents: ProcessedDocument[], previous: PreviousArtefacts) => Record<string, string> | Promise<Record<string, string>>;
  /**
   * Accept a corpus with no documents, or with more than half of the served documents gone; and
   * write a new generation even when nothing changed.
   */
  force?: boolean;
  /** How many complete generations to keep on disk (the served one included). */
  keepGenerations?: number;
  fs?: GenerationFileSystem;
  /** The clock the corpus files' stamps are recorded against (see corpus/file-stamps.ts); tests move it. */
  now?: () => bigint;
  /**
   * What a warm spare read of the served generation ahead of this build; used only if it still
   * describes the served generation (else the build reads cold, as without it).
   */
  warm?: WarmGeneration;
}

/**
 * Texts per embed call. The embedder sorts a call's texts by length before cutting its own model
 * batches, so a larger call pads far less: 1,024 embeds 10k passages in ~1.3 s instead of ~2.1 s
 * with 64 (measured), with the same vectors (each text's vector depends on its own tokens only).
 */
const EMBED_BATCH = 1024;

/**
 * Builds a new index generation from the corpus and makes it the served one.
 *
 * The generation is written into a temporary folder, every file flushed, the manifest written
 * last; then the folder is renamed into place and the `current` pointer replaced by rename. A
 * crash at any point leaves the previous generation served. Vectors of passages
 * whose text is unchanged are copied from the served generation when the model is the same.
 * When nothing changed (same documents, model and artefacts, and the served generation intact),
 * nothing is written: the served generation stays and the report says `unchanged`.
 */
export async function buildIndexGeneration(options: BuildOptions): Promise<BuildReport> {
  const started = performance.now();
  const fs = options.fs ?? nodeFileSystem;
  const { embedder, indexDir } = options;
  const progress = options.onProgress ?? (() => {});

  progress({ phase: 'reading', done: 0, total: 0 });
  // The build lock is held: once checked, the warm snapshot stays true for the whole build.
  const warm = options.warm && path.resolve(options.warm.indexDir) === path.resolve(indexDir) && (await options.warm.stillServed(embedder, fs)) ? options.warm : undefined;
  const previous = warm ? warm.previous : await readPreviousGeneration(indexDir, embedder, fs);
  // Documents whose bytes the served generation already holds are taken from its records, as
  // read and processed then; a forced build reads and processes everything again.
  const stored = options.force === true ? null : storedDocumentsOf(previous, warm?.documents);
  let corpus: Awaited<ReturnType<typeof loadCorpus>>;
  let processed: ProcessedDocument[];
  try {
    corpus = await loadCorpus(options.corpusDir, { maxFileBytes: options.maxFileBytes, known: stored?.known, recorded: stored?.recorded, now: options.now });
    processed = corpus.documents.map((document) => stored?.processed(document) ?? processDocument(document));
  } finally {
    stored?.close();
  }
  refuseLargeShrink(previous?.manifest, processed.length, options.force === true);
  const corpusHash = sha256(processed.map((d) => `${d.document.docId}:${d.document.hash}`).join('\n'));
  // A build that is forced or the first has no served generation to compare the artefacts with,
  // so they (the actor registry: tagging every sentence on two threads) are computed beside the
  // embedding and the lexical index instead of before them, and awaited only to be written. A
  // build whose documents differ from the served generation's writes whatever they are too: its
  // artefacts are made once the records store is written, while the store's impact lists are
  // written on another thread. Any other build needs them first, to tell whether anything changed.
  const overlapExtras = options.force === true || !previous;
  const deferExtras = !overlapExtras && previous.servable?.corpusHash !== corpusHash;
  let pendingExtras: Promise<Record<string, string>> | undefined;
  const startExtras = (): Promise<Record<string, string>> => {
    if (pendingExtras) return pendingExtras;
    pendingExtras = Promise.resolve(options.extraArtefacts?.(processed, previousArtefacts(indexDir, previous, fs, warm))).then((made) => made ?? {});
    // Awaited below on every path that writes; a failed build that never gets there must not crash on it.
    pendingExtras.catch(() => {});
    return pendingExtras;
  };
  if (options.extraArtefacts && !overlapExtras && !deferExtras) progress({ phase: 'actors', done: 0, total: 1 });
  if (!deferExtras) startExtras();
  let extras: Record<string, string> | undefined = overlapExtras || deferExtras ? undefined : await startExtras();
  const extrasReady = async (): Promise<Record<string, string>> => {
    if (extras) return extras;
    if (options.extraArtefacts) progress({ phase: 'actors', done: 0, total: 1 });
    return (extras = await startExtras());
  };
  const before = new Map((previous?.manifest.documents ?? []).map((d) => [d.docId, d.hash]));
  const after = new Map(processed.map((d) => [d.document.docId, d.document.hash]));
  const changes = {
    added: [...after.keys()].filter((id) => !before.has(id)),
    changed: [...after.keys()].filter((id) => before.has(id) && before.get(id) !== after.get(id)),
    removed: [...before.keys()].filter((id) => !after.has(id)),
  };

  const passages = processed.flatMap((d) => d.passages);
  const sentences = processed.flatMap((d) => d.sentences);
  const report = (outcome: Pick<BuildReport, 'generation' | 'embedded' | 'unchanged'>): BuildReport => ({
    documents: processed.length,
    passages: passages.length,
    model: embedder.id,
    dims: embedder.dims,
    ...(embedder.provenance && { modelDetails: { name: embedder.provenance.name, version: embedder.provenance.version, source: embedder.provenance.source, files: embedder.provenance.files } }),
    tookMs: Math.round(performance.now() - started),
    reused: passages.length - outcome.embedded,
    skipped: corpus.skipped,
    filesRead: corpus.filesRead,
    ...changes,
    ...(options.warm && { warm: warm !== undefined }),
    ...outcome,
  });
  // A deferred build's documents differ from the served generation's: it is never the same.
  if (previous && options.force !== true && !deferExtras && (await servesTheSame(indexDir, previous, { corpusHash, extras: await extrasReady(), embedder }, fs))) {
    // Nothing to build, but a damaged withdrawn.json is still rewritten (from the generations on disk).
    const withdrawn = await nextWithdrawnDocuments(indexDir, { removed: changes.removed, served: new Set(after.keys()) }, fs);
    if (withdrawn.rewrite) {
      await writeWithdrawnDocuments(indexDir, withdrawn.docIds, fs);
      await syncFolder(fs, indexDir);
    }
    progress({ phase: 'done', done: 1, total: 1 });
    return report({ generation: previous.name, embedded: 0, unchanged: true });
  }
  // A generation a few documents away from the served one starts from the served one's records
  // and graph (see planIncrementalBuild); otherwise everything is written anew.
  const incremental = options.force === true ? null : await planIncrementalBuild(indexDir, previous, processed, fs, warm);
  // Incrementally, the sentences to embed are the fresh documents' only, and the ones worth
  // looking for are those of the documents they replace (a changed article keeps most of its
  // sentences): the served store is not read whole for them.
  const reusable = reusableVectors(previous, incremental?.layout.dropped.sentences);
  // Sentences are embedded, once each, at build time: a question then costs one embedding (its
  // own), and ranking reads its candidates' stored vectors. A passage's vector is the normalised
  // mean of its sentences' (the sentence encoder reads each sentence whole, where a passage would
  // be cut at the model's token limit, and nothing is embedded twice).
  const texts = sentences.map((s) => s.text);
  const firstSentenceOf = new Map<string, number>();
  let sentenceOffset = 0;
  for (const d of processed) {
    firstSentenceOf.set(d.document.docId, sentenceOffset);
    sentenceOffset += d.sentences.length;
  }
  const sentencePositions = passages.map((p) => p.sentenceIndexes.map((index) => firstSentenceOf.get(p.docId)! + index));
  // The passages whose vectors this build inserts into the graph, in position order, and the
  // sentences those need: all of them, or (incrementally) the fresh documents' only, since the
  // rest are copied with their rows.
  const wantedPassages = incremental ? incremental.freshPassagePositions : passages.map((_, i) => i);
  const wantedSentences = incremental ? incremental.freshSentencePositions : texts.map((_, i) => i);
  const vectors: (Float32Array | undefined)[] = new Array<Float32Array | undefined>(texts.length);
  for (const i of wantedSentences) vectors[i] = reusable.get(sha256(texts[i]!));
  const missing = wantedSentences.filter((i) => vectors[i] === undefined);
  const passageVectors: (Float32Array | undefined)[] = new Array<Float32Array | undefined>(passages.length);
  // Embed each distinct text once: the same sentence can recur (repeated paragraphs, wire copy).
  const positionsByText = new Map<string, number[]>();
  for (const i of missing) {
    const positions = positionsByText.get(texts[i]!);
    if (positions) positions.push(i);
    else positionsByText.set(texts[i]!, [i]);
  }
  const distinctMissing = [...positionsByText.keys()];
  // The HNSW graph is built in a worker thread as the vectors become known, in passage order, so
  // inserting (the slowest step) overlaps embedding and the lexical index build.
  const hnsw = incremental ? HnswBuild.start(embedder.dims, incremental.hnswBase.elements + wantedPassages.length, incremental.hnswBase) : HnswBuild.start(embedder.dims, passages.length);
  let inserted = 0;
  const insertKnown = () => {
    const start = inserted;
    while (inserted < wantedPassages.length && sentencePositions[wantedPassages[inserted]!]!.every((position) => vectors[position] !== undefined)) {
      const position = wantedPassages[inserted]!;
      passageVectors[position] = meanDirection(sentencePositions[position]!.map((sentence) => vectors[sentence]!));
      inserted++;
    }
    if (inserted === start) return;
    const labels = wantedPassages.slice(start, inserted);
    hnsw.add(labels.map((position) => passageVectors[position]!), incremental ? labels : undefined);
  };
  try {
    insertKnown();
    progress({ phase: 'embedding', done: 0, total: distinctMissing.length });
    for (let offset = 0; offset < distinctMissing.length; offset += EMBED_BATCH) {
      const batch = distinctMissing.slice(offset, offset + EMBED_BATCH);
      const embedded = await embedder.embed(batch);
      batch.forEach((text, j) => {
        for (const i of positionsByText.get(text)!) vectors[i] = embedded[j]!;
      });
      insertKnown();
      progress({ phase: 'embedding', done: Math.min(offset + EMBED_BATCH, distinctMissing.length), total: distinctMissing.length });
    }
  } catch (error) {
    hnsw.cancel();
    await incremental?.discardBase();
    throw error;
  }
  const sentenceVectors = vectors;

  progress({ phase: 'lexical', done: 0, total: 1 });
  const notes: string[] = [];
  // The generation that serves meanwhile (the last good one) is never pruned.
  const served = previous?.name ?? (await readCurrentGenerationName(indexDir, fs));
  // A disk too full for another generation would fail every build the same way: prune the older
  // generations first (the served one stays), and say so.
  const pruneForSpace = async (why: string) => {
    const pruned = (await removeOldGenerations(indexDir, 0, served, fs)).filter((entry) => entry.startsWith('g-'));
    notes.push(`${why}: removed ${pruned.length === 0 ? 'no older generation (none left)' : `the older generation${pruned.length === 1 ? '' : 's'} ${pruned.join(', ')}`} to make room; free space on the disk of ${path.resolve(indexDir)} to keep a fallback generation again.`);
    return pruned;
  };
  const needed = previous?.manifest ? Object.values(previous.manifest.files).reduce((sum, file) => sum + file.bytes, 0) * SPACE_MARGIN : 0;
  const free = await freeBytes(fs, indexDir);
  if (free !== null && needed > 0 && free < needed) {
    await pruneForSpace(`The index disk had ${megabytes(free)} free and a generation needs about ${megabytes(needed)}`);
  }
  // The HNSW file, once the build worker has written it: a retry writes these bytes again.
  let hnswBytes: Uint8Array | null = null;
  let hnswFinishing = false;
  const writeGeneration = async (): Promise<string> => {
    const name = newGenerationName();
    const folder = path.join(generationsFolder(indexDir), name);
    const temporary = path.join(generationsFolder(indexDir), `.tmp-${name}`);
    const files: Record<string, FileFingerprint> = {};
    let impacts: Promise<void> | undefined;
    try {
      await fs.mkdir(temporary, { recursive: true });
      const write = async (file: string, data: string | Uint8Array) => {
        files[file] = await writeFileDurably(fs, path.join(temporary, file), data);
      };
      const storeFile = path.join(temporary, GENERATION_FILES.store);
      if (incremental) writeRecordStoreIncrementally(storeFile, incremental.servedStore, incremental.layout, processed, passageVectors, sentenceVectors, { impacts: false });
      else writeRecordStore(storeFile, processed, passageVectors as Float32Array[], sentenceVectors as Float32Array[], { impacts: false });
      // The impact lists (scoring every posting of every common term) on another thread, while
      // this one makes the artefacts, finishes the graph and writes the other files.
      impacts = writeImpactPostingsOffThread(storeFile, () => writeImpactPostingsInto(storeFile, (file) => new Database(file)));
      impacts.catch(() => {});
      const artefacts = await extrasReady();
      progress({ phase: 'hnsw', done: 0, total: 1 });
      if (!hnswBytes) {
        const hnswFile = path.join(temporary, GENERATION_FILES.hnsw);
        hnswFinishing = true;
        await hnsw.finish(hnswFile);
        hnswBytes = await fs.readFile(hnswFile);
        await incremental?.discardBase();
      }
      await write(GENERATION_FILES.hnsw, hnswBytes);
      progress({ phase: 'writing', done: 0, total: 1 });
      for (const [file, data] of Object.entries(artefacts)) await write(file, data);
      await impacts;
      files[GENERATION_FILES.store] = await sealFile(fs, storeFile);

      // Once the new generation serves, an older one must never bring back what it dropped: the
      // record goes into withdrawn.json (before the switch) and into the manifest itself.
      const withdrawn = await nextWithdrawnDocuments(indexDir, { removed: changes.removed, served: new Set(after.keys()) }, fs);
      const tookMs = Math.round(performance.now() - started);
      const manifest: IndexManifest = sealManifest({
        formatVersion: INDEX_FORMAT_VERSION,
        generation: name,
        createdAt: new Date().toISOString(),
        model: { id: embedder.id, dims: embedder.dims, ...(embedder.provenance && { name: embedder.provenance.name, version: embedder.provenance.version, source: embedder.provenance.source, files: embedder.provenance.files }) },
        space: 'cosine',
        hnsw: HNSW_PARAMETERS,
        // Elements in passages.hnsw, the ones marked deleted included (absent: one per passage).
        ...(incremental && { hnswElements: incremental.hnswBase.elements + wantedPassages.length }),
        corpusHash,
        counts: { documents: processed.length, passages: passages.length, sentences: sentences.length },
        documents: processed.map((d) => ({
          docId: d.document.docId,
          file: d.document.file,
          hash: d.document.hash,
          meta: d.document.meta,
          chars: d.document.text.length,
          passages: d.passages.length,
          sentences: d.sentences.length,
          ...(corpus.stamps.has(d.document.file) && { stamp: corpus.stamps.get(d.document.file) }),
        })),
        skipped: corpus.skipped,
        // The records file first, as it always was listed (it is sealed last, once its impact lists are in).
        files: { [GENERATION_FILES.store]: files[GENERATION_FILES.store]!, ...files },
        withdrawn: withdrawn.docIds,
        buildMs: tookMs,
        stampedAtNs: String(corpus.stampedAtNs),
      });
      // The manifest goes last: a folder without it is never mistaken for a complete generation.
      await writeFileDurably(fs, path.join(temporary, 'manifest.json'), JSON.stringify(manifest, null, 2));
      await syncFolder(fs, temporary);
      await fs.rename(temporary, folder);
      await syncFolder(fs, generationsFolder(indexDir));
      if (withdrawn.rewrite) await writeWithdrawnDocuments(indexDir, withdrawn.docIds, fs);
      await switchCurrentGeneration(indexDir, name, fs);
      return name;
    } catch (error) {
      // The impact worker may still be writing into the folder: it is removed once that is over.
      await impacts?.catch(() => {});
      await fs.rm(temporary, { recursive: true, force: true }).catch(() => {});
      throw error;
    }
  };
  let name: string;
  try {
    try {
      name = await writeGeneration();
    } catch (error) {
      // Out of space: once more after pruning, unless the HNSW build worker failed mid-write (its index is gone).
      if (!isDiskFull(error) || (hnswFinishing && !hnswBytes)) throw error;
      await pruneForSpace(`The index disk was full (${(error as NodeJS.ErrnoException).code ?? 'full'})`);
      name = await writeGeneration();
    }
  } catch (error) {
    hnsw.cancel();
    await incremental?.discardBase();
    throw error;
  }
  await removeOldGenerations(indexDir, options.keepGenerations ?? 3, name, fs);
  progress({ phase: 'done', done: 1, total: 1 });
  // Reported per passage, as before: a passage counts as embedded when any of its sentences was.
  const embeddedNow = new Set(missing);
  const embeddedPassages = sentencePositions.filter((positions) => positions.some((position) => embeddedNow.has(position))).length;
  return { ...report({ generation: name, embedded: embeddedPassages, unchanged: false }), ...(notes.length > 0 ? { notes } : {}) };
}

/** A generation needs about the size of the last one, with this much room to spare. */
const SPACE_MARGIN = 1.5;

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Whether an error means the disk (or the user's quota) is full, from the file system or SQLite. */
function isDiskFull(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT' || code === 'SQLITE_FULL';
}

/** Bytes free for this user on the index folder's disk, or null when the file system cannot say. */
async function freeBytes(fs: GenerationFileSystem, indexDir: string): Promise<number | null> {
  try {
    const stats = await fs.statfs(indexDir);
    return Number(stats.bavail) * Number(stats.bsize);
  } catch {
    return null;
  }
}

function refuseLargeShrink(previous: ComparableManifest | undefined, documents: number, force: boolean): void {
  if (force) return;
  if (documents === 0) {
    throw new BuildRefusedError('The corpus has no readable documents, so the new index would be empty. Add articles, or force the rebuild (--force).');
  }
  const before = previous?.counts.documents ?? 0;
  if (before > 0 && documents < before / 2) {
    throw new BuildRefusedError(
      `The new index would serve ${documents} documents instead of ${before} (more than half gone). Check the corpus folder, or force the rebuild (--force).`,
    );
  }
}

/** Replaces the `current` pointer atomically: write a temporary file, flush, rename over. */
async function switchCurrentGeneration(indexDir: string, name: string, fs: GenerationFileSystem): Promise<void> {
  // Something other than a file where the pointer belongs (a folder made by hand) would make the
  // rename fail with EISDIR on every build; it holds nothing the index needs.
  const pointer = await fs.stat(currentPointerFile(indexDir)).catch(() => null);
  if (pointer && !pointer.isFile()) await fs.rm(currentPointerFile(indexDir), { recursive: true, force: true });
  // On failure the old pointer is untouched and no half-written one is left beside it.
  await replaceFileAtomically(currentPointerFile(indexDir), `${name}\n`, { fs });
  await syncFolder(fs, indexDir);
}

export interface PreviousGeneration {
  name: string;
  /** Whether `current` names it (else it is the one served in place of a damaged current one). */
  current: boolean;
  /** Its manifest as far as a comparison needs it (any format version). */
  manifest: ComparableManifest;
  /** Its whole manifest when it is of this format and intact (checksum matching); null otherwise. */
  servable: IndexManifest | null;
  /**
   * Its records file, already checked against the manifest, when its vectors can be reused (same
   * format and model); null otherwise.
   */
  verifiedStore: string | null;
}

/**
 * The last good generation, which the new one is compared with (added, changed, removed, a large
 * shrink) and reuses vectors from: the one `current` names when it is intact, else the one served
 * in its place (the newest intact one). A generation of this format counts only when its manifest
 * is intact, its records file matches it and no journal sits beside it; one of another format or
 * model counts for comparison when its manifest reads. Anything unreadable is passed over: a
 * damaged generation never makes every document look added, and a build never depends on it.
 * The vectors themselves are read only once the build knows it will write ({@link reusableVectors}).
 */
export async function readPreviousGeneration(
  indexDir: string,
  embedder: Embedder,
  fs: GenerationFileSystem,
): Promise<PreviousGeneration | undefined> {
  const current = await readCurrentGenerationName(indexDir, fs);
  const names = await listGenerations(indexDir, fs);
  const ordered = current ? [current, ...names.filter((name) => name !== current)] : names;
  for (const name of ordered) {
    const folder = path.join(generationsFolder(indexDir), name);
    const text = await fs.readFile(path.join(folder, 'manifest.json'), 'utf8').catch(() => null);
    const manifest = text === null ? null : parseComparableManifest(text);
    if (!manifest || manifest.generation !== name) continue;
    const found = { name, current: name === current, manifest };
    if (manifest.formatVersion !== INDEX_FORMAT_VERSION || manifest.model.id !== embedder.id || manifest.model.dims !== embedder.dims) {
      return { ...found, servable: null, verifiedStore: null };
    }
    const servable = parseServableManifest(text!);
    if (!('manifest' in servable)) continue;
    try {
      await verifyFile(fs, folder, GENERATION_FILES.store, manifest.files[GENERATION_FILES.store]);
    } catch {
      continue;
    }
    if (await leftoverStoreJournal(folder, fs)) continue;
    return { ...found, servable: servable.manifest, verifiedStore: path.join(folder, GENERATION_FILES.store) };
  }
  return undefined;
}

/** Reads the previous generation's artefacts on demand; anything unreadable is simply absent. */
function previousArtefacts(indexDir: string, previous: PreviousGeneration | undefined, fs: GenerationFileSystem, warm: WarmGeneration | undefined): PreviousArtefacts {
  const artefacts: PreviousArtefacts = {
    parsed: async (file, parse) => warm?.takeParsed(file, parse) ?? parse(await artefacts.read(file)),
    read: async (file) => {
      const fingerprint = previous?.manifest.formatVersion === INDEX_FORMAT_VERSION ? previous.manifest.files[file] : undefined;
      if (!previous || !fingerprint) return undefined;
      try {
        return (await readVerifiedFile(fs, path.join(generationsFolder(indexDir), previous.name), file, fingerprint)).toString('utf8');
      } catch {
        return undefined;
      }
    },
  };
  return artefacts;
}

/**
 * Share of a graph's elements that may be marked deleted before a build writes the graph anew:
 * deleted elements still take memory and are walked through by every search.
 */
const MAX_DELETED_SHARE = 0.1;

/** What an incremental build starts from: the served records store and graph, and where the new rows go. */
interface IncrementalBuild {
  layout: IncrementalLayout;
  /** The served generation's records file (checked against its manifest), only read. */
  servedStore: string;
  /** Its graph, relabelled to the new positions, in a temporary file the HNSW worker loads. */
  hnswBase: HnswBase;
  freshPassagePositions: number[];
  freshSentencePositions: number[];
  /** Removes the temporary graph file (once the worker has written the new graph, or on failure). */
  discardBase(): Promise<void>;
}

/**
 * Plans a generation that starts from the served one when that is cheaper and gives what a full
 * build gives: the served generation is intact, of this format, model and HNSW parameters, some
 * of its documents stay, and its graph would not hold more than {@link MAX_DELETED_SHARE} deleted
 * elements. Returns null otherwise (the build writes everything). The served files are only read;
 * the relabelled graph is a temporary copy beside the generations (swept like any `.tmp-*` left
 * by a dead build).
 */
async function planIncrementalBuild(
  indexDir: string,
  previous: PreviousGeneration | undefined,
  processed: readonly ProcessedDocument[],
  fs: GenerationFileSystem,
  warm: WarmGeneration | undefined,
): Promise<IncrementalBuild | null> {
  const manifest = previous?.servable;
  if (!previous || !manifest || !previous.verifiedStore || manifest.generation !== previous.name) return null;
  if (manifest.hnsw?.m !== HNSW_PARAMETERS.m || manifest.hnsw.efConstruction !== HNSW_PARAMETERS.efConstruction) return null;
  const layout = planIncrementalLayout(manifest.documents, processed);
  if (layout.keptPassages === 0) return null;
  const servedElements = manifest.hnswElements ?? manifest.counts.passages;
  const droppedPassages = layout.dropped.passages.reduce((sum, run) => sum + run.count, 0);
  const deletedAfter = servedElements - manifest.counts.passages + droppedPassages;
  if (deletedAfter > MAX_DELETED_SHARE * (servedElements + layout.freshPassages)) return null;
  const folder = path.join(generationsFolder(indexDir), previous.name);
  let bytes: Uint8Array;
  try {
    bytes = warm?.takeFile(GENERATION_FILES.hnsw) ?? (await readVerifiedFile(fs, folder, GENERATION_FILES.hnsw, manifest.files[GENERATION_FILES.hnsw]));
  } catch {
    return null;
  }
  // hnswlib trusts the file it reads: only one of the shape the manifest says is ever handed over.
  if (checkHnswHeader(bytes, { dims: manifest.model.dims, count: servedElements, m: HNSW_PARAMETERS.m }) !== null || servedElements === 0) return null;
  const totalPassages = processed.reduce((sum, d) => sum + d.passages.length, 0);
  const relabelled = relabelHnswIndex(bytes, layout.passageMove, totalPassages);
  const baseFile = path.join(generationsFolder(indexDir), `.tmp-hnsw-base-${sha256(`${process.pid}-${Math.random()}`).slice(0, 8)}.hnsw`);
  try {
    await fs.writeFile(baseFile, bytes);
  } catch {
    // No room for the copy (a full disk): the full build, which prunes older generations first, goes ahead.
    await fs.rm(baseFile, { force: true }).catch(() => {});
    return null;
  }
  const freshPassagePositions: number[] = [];
  const freshSentencePositions: number[] = [];
  for (const step of layout.steps) {
    if (step.kind !== 'fresh') continue;
    const { passages, sentences } = processed[step.document]!;
    for (let i = 0; i < passages.length; i++) freshPassagePositions.push(step.passage + i);
    for (let i = 0; i < sentences.length; i++) freshSentencePositions.push(step.sentence + i);
  }
  return {
    layout,
    servedStore: previous.verifiedStore,
    hnswBase: { file: baseFile, elements: relabelled.elements, deleted: relabelled.deleted },
    freshPassagePositions,
    freshSentencePositions,
    discardBase: () => fs.rm(baseFile, { force: true }).catch(() => {}),
  };
}

/**
 * The served generation's documents as a build reads them back instead of reading and processing
 * their files again: `known` gives the stored document for a file whose bytes hash as the served
 * one did, `processed` its stored sentences and passages (the records a full build writes, every
 * field but the text, which is the document's at their offsets). Null without an intact served
 * generation of this format and model.
 */
function storedDocumentsOf(previous: PreviousGeneration | undefined, preloaded?: ReadonlyMap<string, ProcessedDocument>): {
  known: (file: string, docId: string, hash: string) => CorpusDocument | undefined;
  recorded: LoadCorpusOptions['recorded'];
  processed: (document: CorpusDocument) => ProcessedDocument | undefined;
  close: () => void;
} | null {
  const manifest = previous?.servable;
  if (!previous?.verifiedStore || !manifest) return null;
  // A warm spare read every document's records ahead (the same reads as below, from the same file).
  const { byDoc } = documentLayoutOf(manifest.documents);
  let store: Pick<RecordStore, 'document' | 'sentenceRecords' | 'passageRecords' | 'close'>;
  try {
    store = preloaded ? preloadedStore(preloaded, byDoc) : new RecordStore(previous.verifiedStore);
  } catch {
    return null;
  }
  const listed = new Map(manifest.documents.map((d) => [d.docId, d]));
  const byFile = new Map(manifest.documents.map((d) => [d.file, d]));
  // Stamps are trusted against the moment that build began reading; a manifest without it (an
  // older build) has none worth trusting, so every file is read and hashed.
  const recordedAtNs = /^\d+$/.test(manifest.stampedAtNs ?? '') ? BigInt(manifest.stampedAtNs!) : undefined;
  const fromStore = new WeakSet<CorpusDocument>();
  return {
    recorded:
      recordedAtNs === undefined
        ? undefined
        : {
            atNs: recordedAtNs,
            of: (file) => {
              const entry = byFile.get(file);
              return entry?.stamp && { stamp: entry.stamp, hash: entry.hash };
            },
          },
    known: (file, docId, hash) => {
      const entry = listed.get(docId);
      if (entry?.hash !== hash || entry.file !== file) return undefined;
      const document = store.document(docId);
      if (document?.hash !== hash) return undefined;
      fromStore.add(document);
      return document;
    },
    processed: (document) => {
      const layout = byDoc.get(document.docId);
      if (!fromStore.has(document) || !layout) return undefined;
      const sentences = store.sentenceRecords(layout.firstSentence, layout.firstSentence + layout.sentences);
      const passages = store.passageRecords(layout.firstPassage, layout.firstPassage + layout.passages);
      if (sentences.length !== layout.sentences || passages.length !== layout.passages) return processDocument(document);
      return { document, sentences, passages };
    },
    close: () => store.close(),
  };
}

/**
 * The reads {@link storedDocumentsOf} makes, answered from a warm spare's preloaded documents: a
 * document's records are the ones its layout names, so the ranges asked are exactly its own.
 */
function preloadedStore(documents: ReadonlyMap<string, ProcessedDocument>, byDoc: ReturnType<typeof documentLayoutOf>['byDoc']): Pick<RecordStore, 'document' | 'sentenceRecords' | 'passageRecords' | 'close'> {
  const byFirstSentence = new Map<number, ProcessedDocument>();
  const byFirstPassage = new Map<number, ProcessedDocument>();
  for (const [docId, d] of documents) {
    const layout = byDoc.get(docId);
    if (!layout || layout.sentences !== d.sentences.length || layout.passages !== d.passages.length) continue;
    byFirstSentence.set(layout.firstSentence, d);
    byFirstPassage.set(layout.firstPassage, d);
  }
  return {
    document: (docId) => documents.get(docId)?.document,
    sentenceRecords: (from, to) => {
      const d = byFirstSentence.get(from);
      // Never asked otherwise; an empty answer makes the caller process the document again.
      return d && from + d.sentences.length === to ? d.sentences : [];
    },
    passageRecords: (from, to) => {
      const d = byFirstPassage.get(from);
      return d && from + d.passages.length === to ? d.passages : [];
    },
    close: () => {},
  };
}

/**
 * The previous generation's sentence vectors keyed by text hash (one pass over its records, or
 * over the sentences at `only` these positions), for reuse.
 */
function reusableVectors(previous: PreviousGeneration | undefined, only?: readonly { from: number; count: number }[]): Map<string, Float32Array> {
  const vectorsByText = new Map<string, Float32Array>();
  if (!previous?.verifiedStore) return vectorsByText;
  try {
    const store = new RecordStore(previous.verifiedStore);
    try {
      const rows = only ? only.flatMap(({ from, count }) => [...store.sentenceTextsAndVectorsIn(from, from + count)]) : store.sentenceTextsAndVectors();
      for (const { text, vector } of rows) vectorsByText.set(sha256(text), vector);
    } finally {
      store.close();
    }
  } catch {
    // Unreadable after all: nothing is reused, everything is embedded again.
    vectorsByText.clear();
  }
  return vectorsByText;
}

/**
 * Whether the served generation already is what this build would write: the same documents
 * (corpus hash), model, format and extra artefacts (byte for byte), with every one of its files
 * still matching its manifest. A damaged generation is never kept as "unchanged".
 */
async function servesTheSame(
  indexDir: string,
  previous: PreviousGeneration,
  next: { corpusHash: string; extras: Record<string, string>; embedder: Embedder },
  fs: GenerationFileSystem,
): Promise<boolean> {
  const manifest = previous.servable;
  // A generation served in place of a damaged current one is never kept: the new one replaces both.
  if (!previous.current || !manifest || manifest.generation !== previous.name) return false;
  if (manifest.model.id !== next.embedder.id || manifest.model.dims !== next.embedder.dims || manifest.corpusHash !== next.corpusHash) return false;
  const known = new Set<string>(Object.values(GENERATION_FILES));
  const previousExtras = Object.keys(manifest.files).filter((file) => !known.has(file));
  if (previousExtras.length !== Object.keys(next.extras).length) return false;
  for (const [file, data] of Object.entries(next.extras)) if (manifest.files[file]?.sha256 !== sha256(data)) return false;
  const folder = path.join(generationsFolder(indexDir), previous.name);
  for (const [file, fingerprint] of Object.entries(manifest.files)) {
    // The records file was checked as the previous generation was read: it is not hashed twice.
    if (file === GENERATION_FILES.store && previous.verifiedStore) continue;
    try {
      await verifyFile(fs, folder, file, fingerprint);
    } catch {
      return false;
    }
  }
  return true;
}

export type { SkippedFile };
