/**
 * Turns texts into unit-length vectors. Implementations: the transformers.js pipeline (real
 * models) and a deterministic hashing embedder for fast unit tests.
 */
export interface Embedder {
  /** Identifies the model and its settings; recorded in the index manifest. */
  readonly id: string;
  readonly dims: number;
  /** One L2-normalised vector per text, in order. */
  embed(texts: string[]): Promise<Float32Array[]>;
}

/** Cosine similarity of two vectors an {@link Embedder} returned: their dot product, since both are unit length. */
export function cosineSimilarity(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}
