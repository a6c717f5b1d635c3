import { cosineSimilarity, type Embedder } from '../embedding/embedder.js';

/**
 * Word-to-word similarity from the embedding model, for matching a question word to a synonym
 * in a sentence ("chosen" ~ "elected", "penalized" ~ "sanctioned") that exact term matching
 * misses. Vectors are embedded once per word and cached for the life of the answerer.
 */
export class WordSimilarity {
  private readonly vectors = new Map<string, Float32Array | null>();
  private unknown: Float32Array | undefined;

  constructor(private readonly embedder: Embedder) {}

  /** Embeds, in one batch, the words not seen before. */
  async prepare(words: Iterable<string>): Promise<void> {
    this.unknown ??= (await this.embedder.embed(['']))[0];
    const missing = [...new Set(words)].filter((word) => !this.vectors.has(word));
    if (missing.length === 0) return;
    const embedded = await this.embedder.embed(missing);
    missing.forEach((word, i) => {
      const vector = embedded[i]!;
      // A word the model does not know comes back as the model's "no token" vector: keep it out,
      // or every unknown word would look identical to every other.
      this.vectors.set(word, this.unknown && cosineSimilarity(vector, this.unknown) > 0.999 ? null : vector);
    });
  }

  /** Cosine similarity of two prepared words, 0 when either is unknown. */
  similarity(a: string, b: string): number {
    const va = this.vectors.get(a);
    const vb = this.vectors.get(b);
    return va && vb ? cosineSimilarity(va, vb) : 0;
  }
}

