import { setTimeout as sleep } from 'node:timers/promises';
import path from 'node:path';
import type { CorpusDocument, ProcessedDocument } from '../corpus/types.js';
import { nowNs, RACY_MARGIN_NS, regularFileStamp, sameFileStamp, type FileStamp } from '../corpus/file-stamps.js';
import type { Embedder } from '../embedding/embedder.js';
import { readPreviousGeneration, type PreviousGeneration } from './build.js';
import { generationsFolder, nodeFileSystem, readVerifiedFile, type GenerationFileSystem } from './generation-files.js';
import { documentLayoutOf, leftoverStoreJournal, readCurrentGenerationName } from './index-generation.js';
import { GENERATION_FILES } from './manifest.js';
import { RecordStore } from './record-store.js';

/** Written last into every generation folder (see build.ts). */
const MANIFEST_FILE = 'manifest.json';

/**
 * A warm spare's reading of the served generation, done while it waits for its job: what the next
 * build would read from it first (its manifest and the records file's checksum, every document's
 * stored sentences and passages, the graph, the artefacts an extending build parses). A build
 * given one uses it only when the generation it names is still, provably, the one a cold read
 * would pick: `current` names it, no journal sits beside its records, and every file read from it
 * has the stamp (size, mtime and ctime in ns, inode, device) it had when it was read, taken before
 * the read and once its times were older than {@link RACY_MARGIN_NS} (the corpus files' rule, see
 * corpus/file-stamps.ts). Generations are written once in a temporary folder and renamed into
 * place, so a changed stamp means someone wrote where no build writes: the build then reads cold.
 * Each preloaded value is handed out once (a build may change what it is given), so a snapshot
 * serves one build.
 */
export interface WarmGeneration {
  readonly indexDir: string;
  readonly generation: string;
  /** What a cold `readPreviousGeneration` returns while the snapshot holds. */
  readonly previous: PreviousGeneration;
  /** The generation's documents as stored (document with its text, sentences, passages), by docId. */
  readonly documents: ReadonlyMap<string, ProcessedDocument>;
  /** Whether the snapshot still describes the served generation (stamps and pointer unchanged). */
  stillServed(embedder: Embedder, fs?: GenerationFileSystem): Promise<boolean>;
  /** A preloaded file's verified bytes (once), or undefined. */
  takeFile(file: string): Uint8Array | undefined;
  /** A preloaded artefact's parsed value, still held (for work ahead on it), or undefined. */
  peekParsed(file: string): unknown;
  /** A preloaded artefact parsed by `parse` (once, and only by that same function), or undefined. */
  takeParsed<T>(file: string, parse: (text: string | undefined) => T): T | undefined;
}

/**
 * Sentences above which a spare preloads nothing: the snapshot costs about 3.3 KB of memory per
 * sentence (170 MB for the 51,761 sentences of a 2,224-article archive), held while idle.
 */
export const WARM_MAX_SENTENCES = 150_000;

/** An artefact a warm spare parses ahead: its file and the parser the build will ask with. */
export type ArtefactParsers = Record<string, (text: string | undefined) => unknown>;

/**
 * Reads the served generation of `indexDir` the way the next build will, ahead of it. Returns
 * undefined when there is nothing worth preloading (no intact current generation of this model)
 * or when `abandoned()` turns true midway (the job arrived: it reads cold rather than wait).
 * Waits first until the generation's files are older than the racy margin (a spare starts right
 * after the build that wrote them).
 */
export async function preloadServedGeneration(
  indexDir: string,
  embedder: Embedder,
  options: { parsers?: ArtefactParsers; abandoned?: () => boolean; fs?: GenerationFileSystem; /** Tests move the clock past the racy margin. */ now?: () => bigint } = {},
): Promise<WarmGeneration | undefined> {
  const fs = options.fs ?? nodeFileSystem;
  const abandoned = options.abandoned ?? (() => false);
  const name = await readCurrentGenerationName(indexDir, fs);
  if (!name) return undefined;
  const folder = path.join(generationsFolder(indexDir), name);
  const watched = [MANIFEST_FILE, GENERATION_FILES.store, GENERATION_FILES.hnsw, ...Object.keys(options.parsers ?? {})];
  // Stamps are trusted only for files whose times are older than the racy margin when taken.
  const stamps = new Map<string, FileStamp>();
  for (let attempt = 0; ; attempt++) {
    if (abandoned()) return undefined;
    const takenAt = (options.now ?? nowNs)();
    stamps.clear();
    let newest = 0n;
    for (const file of watched) {
      const stamp = await regularFileStamp(path.join(folder, file));
      if (!stamp) continue;
      stamps.set(file, stamp);
      for (const ns of [BigInt(stamp.mtimeNs), BigInt(stamp.ctimeNs)]) if (ns > newest) newest = ns;
    }
    if (!stamps.has(MANIFEST_FILE) || !stamps.has(GENERATION_FILES.store)) return undefined;
    const wait = newest + RACY_MARGIN_NS - takenAt;
    if (wait < 0n) break;
    // A file written in the future by this clock (or written again and again) is never preloaded.
    if (attempt >= 3 || wait > 10n * RACY_MARGIN_NS) return undefined;
    await sleep(Number(wait / 1_000_000n) + 50);
  }
  // Not even checked when its records file says it is far past the limit (1.4 KB per sentence here).
  if (stamps.get(GENERATION_FILES.store)!.size > WARM_MAX_SENTENCES * 4096) return undefined;
  const previous = await readPreviousGeneration(indexDir, embedder, fs);
  // Only the current generation, intact and of this model, is worth it: anything else reads cold.
  if (!previous || previous.name !== name || !previous.current || !previous.servable || !previous.verifiedStore || abandoned()) return undefined;
  const manifest = previous.servable;
  if (manifest.counts.sentences > WARM_MAX_SENTENCES) return undefined;

  const documents = new Map<string, ProcessedDocument>();
  const store = new RecordStore(previous.verifiedStore);
  try {
    const { byDoc } = documentLayoutOf(manifest.documents);
    for (const entry of manifest.documents) {
      const layout = byDoc.get(entry.docId);
      const document: CorpusDocument | undefined = store.document(entry.docId);
      if (!layout || !document) continue;
      const sentences = store.sentenceRecords(layout.firstSentence, layout.firstSentence + layout.sentences);
      const passages = store.passageRecords(layout.firstPassage, layout.firstPassage + layout.passages);
      documents.set(entry.docId, { document, sentences, passages });
      // Let the parent's messages (the job) through now and then.
      if (documents.size % 256 === 0) {
        await new Promise((resolve) => setImmediate(resolve));
        if (abandoned()) return undefined;
      }
    }
  } finally {
    store.close();
  }

  const files = new Map<string, Uint8Array>();
  const parsed = new Map<string, { parse: (text: string | undefined) => unknown; value: unknown }>();
  const hnswFingerprint = manifest.files[GENERATION_FILES.hnsw];
  if (hnswFingerprint && stamps.has(GENERATION_FILES.hnsw)) {
    const bytes = await readVerifiedFile(fs, folder, GENERATION_FILES.hnsw, hnswFingerprint).catch(() => undefined);
    if (bytes) files.set(GENERATION_FILES.hnsw, bytes);
  }
  for (const [file, parse] of Object.entries(options.parsers ?? {})) {
    if (abandoned()) return undefined;
    const fingerprint = manifest.files[file];
    if (!fingerprint || !stamps.has(file)) continue;
    const bytes = await readVerifiedFile(fs, folder, file, fingerprint).catch(() => undefined);
    if (bytes) parsed.set(file, { parse, value: parse(bytes.toString('utf8')) });
  }
  if (abandoned()) return undefined;

  return {
    indexDir,
    generation: name,
    previous,
    documents,
    stillServed: async (current, checkFs = fs) => {
      if (current.id !== embedder.id || current.dims !== embedder.dims) return false;
      if ((await readCurrentGenerationName(indexDir, checkFs)) !== name) return false;
      if (await leftoverStoreJournal(folder, checkFs)) return false;
      for (const [file, stamp] of stamps) {
        const now = await regularFileStamp(path.join(folder, file));
        if (!now || !sameFileStamp(now, stamp)) return false;
      }
      return true;
    },
    takeFile: (file) => {
      const bytes = files.get(file);
      files.delete(file);
      return bytes;
    },
    peekParsed: (file) => parsed.get(file)?.value,
    takeParsed: <T>(file: string, parse: (text: string | undefined) => T) => {
      const held = parsed.get(file);
      if (!held || held.parse !== parse) return undefined;
      parsed.delete(file);
      return held.value as T;
    },
  };
}
