import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from '@xenova/transformers';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { normalizeBertText } from '../../src/embedding/bert-normalizer.js';
import { createEmbedder, EMBEDDED_MODEL_NAME, TransformersEmbedder } from '../../src/embedding/index.js';

/**
 * The embedder swaps transformers.js's BertNormalizer for a faster one. These tests hold it to the
 * stock one: the same normalised string for any input, and the same vectors as an untouched
 * transformers.js feature-extraction pipeline over the same model files.
 */
const MODELS_DIR = path.resolve('models');

/** Texts full of what the normaliser treats specially, around words the model knows. */
const HOSTILE = [
  'The President\u0000 met\u0007 the\u200b minister\u00ad in\ufeff Caracas.',
  'Tabs\tand\nnew\r\nlines, a form\ffeed, a vertical\vtab and\u00a0no-break\u2003spaces\u3000here.',
  'Café, Nicolás Maduro, São Paulo, Zürich and ÅNGSTRÖM units; ﬁnance ligature; Ⅻ numeral.',
  'Tariffs on 中国 goods and 日本語 text; 한국어 news; Здравствуйте мир; مرحبا.',
  'An emoji 🎉 party, a lone \ud800 surrogate, another \udfff one, and a \ufffd replacement.',
  'Private use \ue000 and \u{f0000} chars, U+2028\u2028 and U+2029\u2029 separators, NEL\u0085.',
  'Dotted İstanbul, final ς sigma, German ẞ capital and the word STRASSE.',
  'Combining: e\u0301 a\u0308 o\u0303 n\u0303, and Hangul jamo \u1100\u1161 beside 𠀀 (astral CJK).',
];

describe('the fast BERT normaliser', () => {
  let embedder: TransformersEmbedder;
  let stockNormalize: (text: string) => string;

  beforeAll(async () => {
    embedder = (await createEmbedder({ model: 'embedded', modelsDir: MODELS_DIR, allowRemoteModels: false })) as TransformersEmbedder;
    const normalizer = (embedder as unknown as { extractor: { tokenizer: { normalizer: { normalize: unknown } } } }).extractor.tokenizer.normalizer;
    // The instance's own `normalize` is the fast one; its class's method is transformers.js's.
    expect(normalizer.normalize).toBe(normalizeBertText);
    const stock = Object.getPrototypeOf(normalizer).normalize as (this: unknown, text: string) => string;
    expect(stock).not.toBe(normalizeBertText);
    stockNormalize = (text) => stock.call(normalizer, text);
  });
  afterAll(async () => {
    await embedder?.dispose();
  });

  it('gives the stock normaliser’s string for hostile texts and for any string', () => {
    for (const text of HOSTILE) expect(normalizeBertText(text)).toBe(stockNormalize(text));
    const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: 'grapheme', maxLength: 100 }), fc.string({ maxLength: 200 }));
    fc.assert(fc.property(anyText, (text) => normalizeBertText(text) === stockNormalize(text)), { numRuns: 3000 });
  });

  it('gives every code point the stock normaliser’s result', () => {
    const mismatches: number[] = [];
    for (let cp = 0; cp <= 0x10ffff; cp += cp < 0x30000 ? 1 : 97) {
      const text = `a${String.fromCodePoint(cp)}b`;
      if (normalizeBertText(text) !== stockNormalize(text)) mismatches.push(cp);
    }
    expect(mismatches).toEqual([]);
  });

  it('embeds exactly as an untouched transformers.js pipeline over the same model files', async () => {
    // Built after the embedder loaded, so transformers.js's env already points at MODELS_DIR.
    const stock = await pipeline('feature-extraction', EMBEDDED_MODEL_NAME, { quantized: true, local_files_only: true });
    try {
      expect((stock.tokenizer as unknown as { normalizer: { normalize: unknown } }).normalizer.normalize).not.toBe(normalizeBertText);
      const corpusDir = path.resolve('corpus');
      const seeds = await Promise.all((await readdir(corpusDir)).filter((f) => /\.(txt|md)$/.test(f)).map((f) => readFile(path.join(corpusDir, f), 'utf8')));
      const texts = [...HOSTILE, ...seeds.flatMap((text) => text.split(/\n\s*\n/)).filter((t) => /[a-z]/i.test(t)).slice(0, 120)];
      const ours = await embedder.embed(texts);
      const output = await stock(texts, { pooling: 'mean', normalize: true });
      let worst = 0;
      texts.forEach((_, i) => {
        const reference = output.data.slice(i * embedder.dims, (i + 1) * embedder.dims) as Float32Array;
        for (let d = 0; d < embedder.dims; d++) worst = Math.max(worst, Math.abs(reference[d]! - ours[i]![d]!));
      });
      expect(worst).toBeLessThan(1e-5);
    } finally {
      await stock.dispose();
    }
  });
});
