import { describe, expect, it } from 'vitest';

import { HashingEmbedder } from '../../src/embedding/index.js';

const cosine = (a: Float32Array, b: Float32Array) => a.reduce((sum, x, i) => sum + x * b[i]!, 0);
const norm = (v: Float32Array) => Math.sqrt(cosine(v, v));

describe('HashingEmbedder', () => {
  it('gives the same vector for the same text, across instances', async () => {
    const [a] = await new HashingEmbedder().embed(['Sanctions on Venezuela were tightened.']);
    const [b] = await new HashingEmbedder().embed(['Sanctions on Venezuela were tightened.']);
    expect(Array.from(a!)).toEqual(Array.from(b!));
  });

  it('returns one unit vector of the configured length per text, in order', async () => {
    const embedder = new HashingEmbedder({ dims: 64 });
    const vectors = await embedder.embed(['one', 'two words', 'three words here']);
    expect(vectors).toHaveLength(3);
    for (const vector of vectors) {
      expect(vector).toHaveLength(64);
      expect(norm(vector)).toBeCloseTo(1, 5);
    }
    const [again] = await embedder.embed(['two words']);
    expect(Array.from(vectors[1]!)).toEqual(Array.from(again!));
  });

  it('scores texts that share words above texts that do not', async () => {
    const [query, related, unrelated] = await new HashingEmbedder().embed([
      'Who heads the Cartel de los Soles?',
      'The Cartel de los Soles is headed by senior officers.',
      'Rain is expected over the weekend.',
    ]);
    expect(cosine(query!, related!)).toBeGreaterThan(cosine(query!, unrelated!));
  });

  it('gives a finite unit vector for a text without words', async () => {
    for (const text of ['', '   ', '?!']) {
      const [vector] = await new HashingEmbedder({ dims: 16 }).embed([text]);
      expect(vector!.every(Number.isFinite)).toBe(true);
      expect(norm(vector!)).toBeCloseTo(1, 5);
    }
  });

  it('has an id that changes with its settings', () => {
    expect(new HashingEmbedder({ dims: 64 }).id).not.toBe(new HashingEmbedder({ dims: 32 }).id);
    expect(new HashingEmbedder({ dims: 64 }).id).toBe(new HashingEmbedder({ dims: 64 }).id);
  });
});
