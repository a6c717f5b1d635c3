/**
 * Turns texts into unit-length vectors. Implementations: the transformers.js pipeline (real
 * models) and a deterministic hashing embedder for fast unit tests.
 */
export interface Embedder {
  /** Identifies the model and its settings; recorded in the index manifest. */
  readonly id: string;
  readonly dims: number;
  /** For a pretrained model: its name, pinned version, the source it came from, and each file's sha256. */
  readonly provenance?: ModelProvenance;
  /** One L2-normalised vector per text, in order. */
  embed(texts: string[]): Promise<Float32Array[]>;
}

/** Where a pretrained model's files came from, as its lock file records (see pretrained/model-lock.ts). */
export interface ModelProvenance {
  name: string;
  version: string;
  source: 'hub' | 'python-package';
  /** Where this process found it: set up just now from a source, or a verified copy in MODELS_DIR. */
  loadedFrom: 'models-dir' | 'hub' | 'python-package';
  files: Readonly<Record<string, string>>;
}

/** Cosine similarity of two vectors an {@link Embedder} returned: their dot product, since both are unit length. */
export function cosineSimilarity(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}
