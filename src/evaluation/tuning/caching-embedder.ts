import type { Embedder } from '../../embedding/index.js';

/**
 * An embedder that remembers every text's vector: tuning indexes the same SQuAD paragraphs once
 * in full and once per left-out article, and a transformer would embed each sentence six times.
 */
export class CachingEmbedder implements Embedder {
  readonly id: string;
  readonly dims: number;
  private readonly vectors = new Map<string, Float32Array>();

  constructor(private readonly inner: Embedder) {
    this.id = inner.id;
    this.dims = inner.dims;
  }

  get provenance() {
    return this.inner.provenance;
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    const missing = [...new Set(texts.filter((text) => !this.vectors.has(text)))];
    if (missing.length > 0) (await this.inner.embed(missing)).forEach((vector, i) => this.vectors.set(missing[i]!, vector));
    return texts.map((text) => this.vectors.get(text)!);
  }
}
