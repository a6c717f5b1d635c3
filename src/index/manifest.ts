import type { DocumentMeta, SkippedFile } from '../corpus/types.js';
import type { FileFingerprint } from './generation-files.js';
import { HNSW_PARAMETERS } from './vector-index.js';

/**
 * Version of the generation layout. Bump it whenever a file's format or meaning changes: a
 * generation of another version is refused with a message to rebuild, never half-read.
 */
export const INDEX_FORMAT_VERSION = 3;

/** The files every generation holds, besides `manifest.json` and any extra artefacts. */
export const GENERATION_FILES = {
  /** SQLite: documents, passages, sentences and the FTS5 lexical index, read on demand. */
  store: 'records.sqlite',
  hnsw: 'passages.hnsw',
} as const;

/**
 * Extra artefacts named with this suffix are kept for the next build only (e.g. the actors'
 * per-document extractions): checksummed in the manifest like every file, never loaded to serve.
 */
export const BUILD_CACHE_SUFFIX = '.build-cache.json';

export interface ManifestDocument {
  docId: string;
  file: string;
  hash: string;
  meta: DocumentMeta;
  chars: number;
  passages: number;
  sentences: number;
}

/** `manifest.json`: what a generation holds and how it was made. Written last, after every file. */
export interface IndexManifest {
  formatVersion: number;
  generation: string;
  createdAt: string;
  model: { id: string; dims: number };
  space: 'cosine';
  hnsw: typeof HNSW_PARAMETERS;
  /** sha256 over the documents' ids and hashes: equal hashes mean an identical corpus. */
  corpusHash: string;
  counts: { documents: number; passages: number; sentences: number };
  documents: ManifestDocument[];
  skipped: SkippedFile[];
  /** Every file of the generation (extra artefacts included) with its size and checksum. */
  files: Record<string, FileFingerprint>;
  buildMs: number;
}
