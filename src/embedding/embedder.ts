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
