import { z } from 'zod';
import type { ArticleStamp } from '../corpus/file-stamps.js';
import type { DocumentMeta, SkippedFile } from '../corpus/types.js';
import { sha256, type FileFingerprint } from './generation-files.js';
import { HNSW_PARAMETERS } from './vector-index.js';

/**
 * Version of the generation layout. Bump it whenever a file's format or meaning changes: a
 * generation of another version is refused with a message to rebuild, never half-read.
 * 4: the manifest carries its own checksum and the docIds withdrawn as of its build.
 * 5: search terms stem an irregular verb's forms as its base ("paid" is "pay"), so the lexical
 *    index's terms of an older generation no longer match a question's.
 * 6: search terms read a British spelling as the American one ("labour" is "labor").
 */
export const INDEX_FORMAT_VERSION = 6;

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
  /** Its file's stamp (and its sidecar's) as the build read it: the next build skips reading it while it holds. */
  stamp?: ArticleStamp;
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
  /**
   * Elements in `passages.hnsw` when the graph was extended from an earlier generation's: the
   * passages' plus those marked deleted (hnswlib keeps them as waypoints). Absent: one per passage.
   */
  hnswElements?: number;
  /** sha256 over the documents' ids and hashes: equal hashes mean an identical corpus. */
  corpusHash: string;
  counts: { documents: number; passages: number; sentences: number };
  documents: ManifestDocument[];
  skipped: SkippedFile[];
  /** Every file of the generation (extra artefacts included) with its size and checksum. */
  files: Record<string, FileFingerprint>;
  /**
   * The docIds withdrawn from the corpus as of this build (INDEX_DIR/withdrawn.json's content
   * then): an older generation serving after this one must withhold them even when
   * withdrawn.json is damaged.
   */
  withdrawn: string[];
  buildMs: number;
  /** When the build began reading the corpus (ns, wall clock): documents' stamps newer than this, less a margin, are not trusted. */
  stampedAtNs?: string;
  /** sha256 of this manifest's JSON without this field: a hand-edited manifest is refused. */
  checksum: string;
}

const count = z.number().int().nonnegative();

/**
 * What a build reads of an earlier generation's manifest, of any format version: enough to
 * compare corpora (the added/changed/removed lists) and refuse a large shrink.
 */
const comparableManifestSchema = z.object({
  formatVersion: z.number(),
  generation: z.string(),
  model: z.object({ id: z.string(), dims: count }),
  counts: z.object({ documents: count, passages: count, sentences: count }),
  documents: z.array(z.object({ docId: z.string(), hash: z.string(), passages: count, sentences: count })),
  files: z.record(z.string(), z.object({ bytes: count, sha256: z.string() })),
});

/** Everything loading reads from a manifest of this format. */
const servableManifestSchema = comparableManifestSchema.extend({
  formatVersion: z.literal(INDEX_FORMAT_VERSION),
  createdAt: z.string(),
  corpusHash: z.string(),
  documents: z.array(
    z.object({
      docId: z.string(),
      file: z.string(),
      hash: z.string(),
      chars: count,
      passages: count,
      sentences: count,
      meta: z.object({ title: z.string(), source: z.string().nullable(), url: z.string().nullable(), published: z.string().nullable(), author: z.string().nullable() }),
    }),
  ),
  skipped: z.array(z.unknown()),
  withdrawn: z.array(z.string()),
  hnswElements: count.optional(),
  checksum: z.string(),
});

/** The checksum a manifest carries: sha256 of its JSON with every field but `checksum`, in order. */
export function manifestChecksum(manifest: Omit<IndexManifest, 'checksum'> & { checksum?: string }): string {
  const { checksum: _ignored, ...rest } = manifest;
  return sha256(JSON.stringify(rest));
}

/** The manifest with its checksum set: what a build writes. */
export function sealManifest(manifest: Omit<IndexManifest, 'checksum'> & { checksum?: string }): IndexManifest {
  return { ...manifest, checksum: manifestChecksum(manifest) } as IndexManifest;
}

/** A manifest read for comparison, or why it cannot be (one phrase). */
export type ComparableManifest = z.infer<typeof comparableManifestSchema>;

/** Reads a manifest's text for comparison (any format version): null when it is not JSON of that shape. */
export function parseComparableManifest(text: string): ComparableManifest | null {
  try {
    const parsed = comparableManifestSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Reads a manifest's text for serving: `{ manifest }`, or `{ format }` (the version it has, when it
 * is another), or `{ problem }` saying in a phrase why it cannot be trusted (not JSON, another
 * shape such as `[]` or `null`, or edited after its build so that its checksum no longer matches).
 */
export function parseServableManifest(text: string): { manifest: IndexManifest } | { format: unknown } | { problem: string } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { problem: 'is not valid JSON' };
  }
  const version = (data as { formatVersion?: unknown } | null)?.formatVersion;
  if (typeof version === 'number' && version !== INDEX_FORMAT_VERSION) return { format: version };
  const parsed = servableManifestSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { problem: `is not a manifest (${issue?.path.length ? `${issue.path.join('.')}: ` : ''}${issue?.message ?? 'wrong shape'})` };
  }
  const manifest = data as IndexManifest;
  if (manifestChecksum(manifest) !== manifest.checksum) return { problem: 'does not match its checksum (edited after its build)' };
  return { manifest };
}
