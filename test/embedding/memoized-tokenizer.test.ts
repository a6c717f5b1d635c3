import { existsSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { loadCorpus, processDocument } from '../../src/corpus/index.js';
import { buildCorpusDocument } from '../../src/corpus/load.js';
import { createEmbedder, TransformersEmbedder } from '../../src/embedding/index.js';
import { MemoizedTokenizer } from '../../src/embedding/memoized-tokenizer.js';
import { NewsArticleGenerator } from '../../src/evaluation/benchmark/news-corpus.js';
import { readFrequencyRankedWords } from '../../src/evaluation/benchmark/synthetic-corpus.js';
import { SEED_CORPUS } from '../helpers/temp-corpus.js';

/**
 * The memo must give exactly the ids and tensors of the tokenizer it sits in front of: it is held
 * here to the stock transformers.js call, over the seed articles, a generated news corpus and
 * texts built to hit every special case, for the embedded model and the pretrained one.
 */
const MODELS_DIR = path.resolve(import.meta.dirname, '../../models');

interface StockTokenizer {
  (texts: string[], options: { padding: boolean; truncation: boolean }): Record<string, { data: BigInt64Array; dims: number[] }>;
  encode(text: string): number[];
  model_max_length: number;
}

const HOSTILE = [
  '',
  '   ',
  '\t\n',
  '[MASK]',
  'The [MASK] met the [CLS] in [SEP] Geneva[PAD].',
  '[UNK] and [unk] and [ MASK ]',
  'The President\u0000 met\u0007 the\u200b minister\u00ad in\ufeff Caracas.',
  'Tabs\tand\nnew\r\nlines, a form\ffeed, a vertical\vtab and\u00a0no-break\u2003spaces\u3000here.',
  'Café, Nicolás Maduro, São Paulo, Zürich and ÅNGSTRÖM units; ﬁnance ligature; Ⅻ numeral.',
  'Tariffs on 中国 goods and 日本語 text; 한국어 news; Здравствуйте мир; مرحبا.',
  'An emoji 🎉 party, a lone \ud800 surrogate, another \udfff one, and a \ufffd replacement.',
  '“Quoted,” she said — (loudly)… 3.5% of $1,200,000; e-mail: a.b@c.org; #tag @user ~~ ^^',
  `A word far too long: ${'x'.repeat(101)} and one just fitting: ${'antidisestablishment'.repeat(5)}.`,
  'Supercalifragilisticexpialidocious qwzxv zzzzzzzzq unaffiliatedness',
  // Longer than the pretrained model's 512 tokens: truncated, without its closing [SEP].
  Array.from({ length: 700 }, (_, i) => `word${i % 37}`).join(' '),
];

async function generatedNewsSentences(count: number): Promise<string[]> {
  const seeds = (await loadCorpus(SEED_CORPUS, { maxFileBytes: 5_000_000 })).documents.map((d) => processDocument(d));
  const words = await readFrequencyRankedWords(path.join(MODELS_DIR, 'verbatim-glove-100d'));
  const generator = new NewsArticleGenerator({ seeds, words, seed: 7 });
  const sentences: string[] = [];
  while (sentences.length < count) {
    const article = generator.next();
    const processed = processDocument(buildCorpusDocument({ docId: article.docId, file: article.file, text: article.text, meta: {} }));
    sentences.push(...processed.sentences.map((s) => s.text));
  }
  return sentences;
}

async function seedSentences(): Promise<string[]> {
  const seeds = (await loadCorpus(SEED_CORPUS, { maxFileBytes: 5_000_000 })).documents.map((d) => processDocument(d));
  return seeds.flatMap((d) => [...d.sentences.map((s) => s.text), ...d.passages.map((p) => p.text)]);
}

/** Same keys, same dims, same int64 values. */
function expectSameTensors(memo: MemoizedTokenizer, stock: StockTokenizer, texts: string[]): void {
  const expected = stock(texts, { padding: true, truncation: true });
  const actual = memo.encodeBatch(texts) as unknown as Record<string, { data: BigInt64Array; dims: number[] }>;
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const key of Object.keys(expected)) {
    expect(actual[key]!.dims, `${key} dims`).toEqual(expected[key]!.dims);
    expect(actual[key]!.data, `${key} data`).toEqual(expected[key]!.data);
  }
}

const models = [
  { name: 'embedded', load: () => createEmbedder({ model: 'embedded', modelsDir: MODELS_DIR, allowRemoteModels: false }), available: true },
  {
    name: 'all-MiniLM-L6-v2',
    load: () => createEmbedder({ model: 'all-MiniLM-L6-v2', modelsDir: MODELS_DIR, allowRemoteModels: false, sources: ['models'] }),
    available: existsSync(path.join(MODELS_DIR, 'all-MiniLM-L6-v2', 'tokenizer.json')),
  },
];

describe.each(models)('the memoised tokenizer for the $name model', ({ load, available }) => {
  let embedder: TransformersEmbedder;
  let stock: StockTokenizer;
  let memo: MemoizedTokenizer;
  let news: string[];
  let seeds: string[];

  beforeAll(async () => {
    if (!available) return;
    embedder = (await load()) as TransformersEmbedder;
    stock = (embedder as unknown as { extractor: { tokenizer: StockTokenizer } }).extractor.tokenizer;
    memo = MemoizedTokenizer.of(stock)!;
    expect(memo).not.toBeNull();
    [news, seeds] = await Promise.all([generatedNewsSentences(4000), seedSentences()]);
  }, 120_000);
  afterAll(async () => {
    await embedder?.dispose();
  });

  it.skipIf(!available)('gives the stock ids for every seed sentence and passage, and every generated news sentence', () => {
    const mismatches = [...seeds, ...news].filter((text) => JSON.stringify(memo.encode(text)) !== JSON.stringify(stock.encode(text)));
    expect(mismatches).toEqual([]);
    // News repeats its words: far fewer distinct chunks than words.
    const words = news.reduce((sum, text) => sum + text.split(/\s+/).length, 0);
    expect(memo.memoSize).toBeLessThan(words / 4);
  });

  it.skipIf(!available)('gives the stock tensors, padded and truncated, for batches as the embedder cuts them', () => {
    const texts = [...seeds, ...news];
    const byLength = texts.map((_, i) => i).sort((a, b) => texts[a]!.length - texts[b]!.length);
    for (let start = 0; start < byLength.length; start += 64) expectSameTensors(memo, stock, byLength.slice(start, start + 64).map((i) => texts[i]!));
    // Unsorted batches pad more; the passages are long.
    for (let start = 0; start < texts.length; start += 97) expectSameTensors(memo, stock, texts.slice(start, start + 97));
  });

  it.skipIf(!available)('gives the stock ids and tensors for hostile texts, added tokens, over-long words and over-long texts', () => {
    for (const text of HOSTILE) expect(memo.encode(text), JSON.stringify(text.slice(0, 60))).toEqual(stock.encode(text));
    expectSameTensors(memo, stock, HOSTILE);
    expectSameTensors(memo, stock, ['']);
    expectSameTensors(memo, stock, [HOSTILE.at(-1)!, 'short']);
    expect(HOSTILE.at(-1)!.split(' ').length).toBeGreaterThan(Math.min(stock.model_max_length, 700) - 2);
  });

  it.skipIf(!available)('gives the stock ids for any string, and for any words the corpus repeats in new orders', () => {
    const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 120 }), fc.string({ unit: 'grapheme', maxLength: 80 }), fc.string({ maxLength: 120 }));
    fc.assert(fc.property(anyText, (text) => JSON.stringify(memo.encode(text)) === JSON.stringify(stock.encode(text))), { numRuns: 2000 });
    const vocabulary = [...new Set(news.flatMap((text) => text.split(/\s+/)))];
    const mixed = fc.array(fc.constantFrom(...vocabulary), { minLength: 1, maxLength: 30 }).map((words) => words.join(' '));
    fc.assert(fc.property(fc.array(mixed, { minLength: 1, maxLength: 8 }), (texts) => {
      expectSameTensors(memo, stock, texts);
    }), { numRuns: 300 });
  });

  it.skipIf(!available)('leaves the embedder’s vectors byte for byte what the stock tokenizer made', async () => {
    const texts = [...news.slice(0, 120), ...HOSTILE];
    const withMemo = await embedder.embed(texts);
    const fields = embedder as unknown as { memoizedTokenizer: MemoizedTokenizer | null };
    const kept = fields.memoizedTokenizer;
    fields.memoizedTokenizer = null;
    try {
      expect(await embedder.embed(texts)).toEqual(withMemo);
    } finally {
      fields.memoizedTokenizer = kept;
    }
  });
});
