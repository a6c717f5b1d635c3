import { cosineSimilarity, type Embedder } from '../embedding/embedder.js';
import type { WordVectorStore } from '../index/index.js';
import { vectorWordsOf } from './sentence-analysis.js';

/** Words kept in memory before starting afresh: a long-running bot must not keep every word it saw. */
const WORDS_IN_MEMORY = 100_000;

/** Words embedded per model call when a whole corpus's words are stored. */
const STORE_BATCH = 1024;

/**
 * Single words' vectors from the embedding model: from the store when it holds them, else
 * embedded (and saved to the store). A word the model does not know comes back as the model's
 * "no token" vector and is kept as null, or every unknown word would look identical to every other.
 */
class WordVectors {
  private unknown: Float32Array | undefined;

  constructor(
    private readonly embedder: Embedder,
    private readonly store?: WordVectorStore,
  ) {}

  /** Vectors of the given distinct words, from the store or embedded now. */
  async of(words: readonly string[]): Promise<Map<string, Float32Array | null>> {
    const found = this.store?.lookup(words) ?? new Map<string, Float32Array | null>();
    const missing = found.size === 0 ? words : words.filter((word) => !found.has(word));
    if (missing.length === 0) return found;
    for (const [word, vector] of await this.embedAndSave(missing)) found.set(word, vector);
    return found;
  }

  /** Embeds words the store does not hold, and saves them there. */
  async embedAndSave(missing: readonly string[]): Promise<Map<string, Float32Array | null>> {
    this.unknown ??= (await this.embedder.embed(['']))[0];
    const embedded = await this.embedder.embed([...missing]);
    const fresh = new Map<string, Float32Array | null>();
    missing.forEach((word, i) => {
      const vector = embedded[i]!;
      fresh.set(word, this.unknown && cosineSimilarity(vector, this.unknown) > 0.999 ? null : vector);
    });
    this.store?.save(fresh);
    return fresh;
  }
}

/**
 * Word-to-word similarity from the embedding model, for matching a question word to a synonym
 * in a sentence ("chosen" ~ "elected", "penalized" ~ "sanctioned") that exact term matching
 * misses. Vectors are read from the word-vector store (a build fills it with the corpus's words)
 * or embedded once per word, and kept for the life of the answerer (up to a bound).
 */
export class WordSimilarity {
  private readonly vectors = new Map<string, Float32Array | null>();
  private readonly source: WordVectors;

  constructor(embedder: Embedder, store?: WordVectorStore) {
    this.source = new WordVectors(embedder, store);
  }

  /** Reads or embeds, in one batch, the words not seen before. */
  async prepare(words: Iterable<string>): Promise<void> {
    const missing = [...new Set(words)].filter((word) => !this.vectors.has(word));
    if (missing.length === 0) return;
    if (this.vectors.size + missing.length > WORDS_IN_MEMORY) this.vectors.clear();
    for (const [word, vector] of await this.source.of(missing)) this.vectors.set(word, vector);
  }

  /** Cosine similarity of two prepared words, 0 when either is unknown. */
  similarity(a: string, b: string): number {
    const va = this.vectors.get(a);
    const vb = this.vectors.get(b);
    return va && vb ? cosineSimilarity(va, vb) : 0;
  }
}

/**
 * Puts in the store the vectors of every word the ranker compares in these sentences (their
 * `vectorWords`) that it does not hold yet, so that a question's first asking reads them rather
 * than embedding them. Returns how many words were embedded.
 */
export async function storeSentenceWords(embedder: Embedder, store: WordVectorStore, sentences: Iterable<string>): Promise<number> {
  const words = new Set<string>();
  for (const text of sentences) for (const word of vectorWordsOf(text)) words.add(word);
  const all = [...words];
  const source = new WordVectors(embedder, store);
  let embedded = 0;
  for (let i = 0; i < all.length; i += STORE_BATCH) {
    const batch = all.slice(i, i + STORE_BATCH);
    const held = store.lookup(batch);
    const missing = batch.filter((word) => !held.has(word));
    // The store was just asked: only what it lacks is embedded, without asking it again.
    if (missing.length > 0) await source.embedAndSave(missing);
    embedded += missing.length;
  }
  return embedded;
}
