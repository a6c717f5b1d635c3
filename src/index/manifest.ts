import type { DocumentMeta, SkippedFile } from '../corpus/types.js';
import type { FileFingerprint } from './generation-files.js';
import { HNSW_PARAMETERS } from './vector-index.js';

/**
 * Version of the generation layout. Bump it whenever a file's format or meaning changes: a
 * generation of another version is refused with a message to rebuild, never half-read.
 */
export const INDEX_FORMAT_VERSION = 4;

/** The files every generation holds, besides `manifest.json` and any extra artefacts. */
export const GENERATION_FILES = {
  /** SQLite: documents, passages, sentences and the FTS5 lexical index, read on demand. */
  store: 'records.sqlite',
  hnsw: 'passages.hnsw',
} as const;

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
  /** The model that embedded it; a pretrained model also names its pinned version, source and files' sha256. */
  model: { id: string; dims: number; name?: string; version?: string; source?: string; files?: Readonly<Record<string, string>> };
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
