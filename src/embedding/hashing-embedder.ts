import type { Embedder } from './embedder.js';

export interface HashingEmbedderOptions {
  /** Vector length; default 256. */
  dims?: number;
  /** Weight of each character trigram relative to a whole word (0 turns trigrams off); default 0.5. */
  trigramWeight?: number;
}

const WORD = /[\p{L}\p{N}]+/gu;

/**
 * A deterministic, dependency-free stand-in for a real model in unit tests: the hashing trick over
 * lower-cased words (weight 1) and their character trigrams (so "sanction" and "sanctions" are
 * close), with a hashed sign to keep collisions unbiased, then L2-normalised. Same text, same
 * vector, on every machine; texts sharing words score higher. It knows no synonyms.
 */
export class HashingEmbedder implements Embedder {
  readonly id: string;
  readonly dims: number;
  private readonly trigramWeight: number;

  constructor(options: HashingEmbedderOptions = {}) {
    this.dims = options.dims ?? 256;
    this.trigramWeight = options.trigramWeight ?? 0.5;
    if (!Number.isInteger(this.dims) || this.dims < 1) throw new RangeError(`dims must be a positive integer, got ${this.dims}`);
    this.id = `hashing-v1-d${this.dims}-t${this.trigramWeight}`;
  }

  async embed(texts: string[]): Promise<Float32Array[]> {
    return texts.map((text) => this.embedOne(text));
  }

  private embedOne(text: string): Float32Array {
    const vector = new Float32Array(this.dims);
    for (const word of text.toLowerCase().match(WORD) ?? []) {
      this.add(vector, `w:${word}`, 1);
      if (this.trigramWeight > 0) {
        const padded = `#${word}#`;
        for (let i = 0; i + 3 <= padded.length; i++) this.add(vector, `t:${padded.slice(i, i + 3)}`, this.trigramWeight);
      }
    }
    let norm = 0;
    for (const value of vector) norm += value * value;
    if (norm === 0) {
      // No word at all: a fixed unit vector rather than 0/0.
      vector.fill(1 / Math.sqrt(this.dims));
      return vector;
    }
    norm = Math.sqrt(norm);
    for (let i = 0; i < this.dims; i++) vector[i] = vector[i]! / norm;
    return vector;
  }

  private add(vector: Float32Array, feature: string, weight: number): void {
    const hash = fnv1a(feature);
    const slot = hash % this.dims;
    vector[slot] = vector[slot]! + (hash & 0x80000000 ? -weight : weight);
  }
}

/** 32-bit FNV-1a over UTF-16 code units, as an unsigned integer. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
