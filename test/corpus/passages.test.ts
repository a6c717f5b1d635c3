import { describe, expect, it } from 'vitest';
import { buildPassages, countWords, passageId, type Sentence } from '../../src/corpus/index.js';
import { processText } from './helpers.js';

/** A sentence of exactly `words` words, capitalised so the splitter sees a new sentence: "Tag0 tag1 … tagN." */
const sentenceOf = (words: number, tag: string): string =>
  Array.from({ length: words }, (_, i) => (i === 0 ? `${tag.toUpperCase()}${i}` : `${tag}${i}`)).join(' ') + '.';

describe('buildPassages', () => {
  it('makes windows of about 60–120 words with one sentence of overlap inside a paragraph', () => {
    const paragraph = Array.from({ length: 10 }, (_, i) => sentenceOf(25, `s${i}w`)).join(' ');
    const { passages } = processText(paragraph);
    expect(passages.map((p) => p.sentenceIndexes)).toEqual([[0, 1, 2], [2, 3, 4], [4, 5, 6], [6, 7, 8, 9]]);
    for (const p of passages.slice(0, -1)) {
      expect(countWords(p.text)).toBeGreaterThanOrEqual(60);
      expect(countWords(p.text)).toBeLessThanOrEqual(120);
    }
  });

  it('never lets a passage cross a paragraph, and keeps a short paragraph (a headline) as its own passage', () => {
    const text = `Headline Without Period\n${sentenceOf(10, 'a')} ${sentenceOf(10, 'b')}\n${sentenceOf(10, 'c')}`;
    const { passages, sentences } = processText(text);
    expect(passages.map((p) => p.sentenceIndexes)).toEqual([[0], [1, 2], [3]]);
    for (const p of passages) {
      const paragraphs = new Set(p.sentenceIndexes.map((i) => sentences[i]!.paragraph));
      expect(paragraphs.size).toBe(1);
    }
  });

  it('makes a single sentence longer than the maximum its own passage', () => {
    const text = `${sentenceOf(10, 'a')} ${sentenceOf(150, 'w')} ${sentenceOf(10, 'b')}`;
    const { passages } = processText(text);
    expect(passages.map((p) => p.sentenceIndexes)).toEqual([[0], [1], [2]]);
  });

  it('skips the overlap when the shared sentence and the next one would overflow the maximum together', () => {
    const text = [sentenceOf(40, 'a'), sentenceOf(40, 'b'), sentenceOf(100, 'c'), sentenceOf(10, 'd')].join(' ');
    const { passages } = processText(text);
    expect(passages.map((p) => p.sentenceIndexes)).toEqual([[0, 1], [2, 3]]);
  });

  it('folds a short tail of a paragraph into the last window instead of leaving it alone', () => {
    const text = [sentenceOf(50, 'a'), sentenceOf(20, 'b'), sentenceOf(8, 'c')].join(' ');
    expect(processText(text).passages.map((p) => p.sentenceIndexes)).toEqual([[0, 1, 2]]);
  });

  it('respects custom word limits', () => {
    const sentences: Sentence[] = [];
    const text = Array.from({ length: 4 }, (_, i) => sentenceOf(5, `x${i}`)).join(' ');
    let at = 0;
    for (let i = 0; i < 4; i++) {
      const s = sentenceOf(5, `x${i}`);
      const start = text.indexOf(s, at);
      sentences.push({ docId: 'd', index: i, paragraph: 0, start, end: start + s.length, text: s });
      at = start + s.length;
    }
    expect(buildPassages('d', text, sentences, { minWords: 10, maxWords: 10 }).map((p) => p.sentenceIndexes)).toEqual([[0, 1], [1, 2], [2, 3]]);
  });

  it('gives stable ids: a hash of docId, offsets and text, 16 hex characters', () => {
    const text = 'One sentence here. Another one there.';
    const first = processText(text).passages;
    const second = processText(text).passages;
    expect(first.map((p) => p.id)).toEqual(second.map((p) => p.id));
    expect(first[0]!.id).toMatch(/^[0-9a-f]{16}$/);
    expect(first[0]!.id).toBe(passageId('doc', first[0]!.start, first[0]!.end, first[0]!.text));
    // Moving the same words changes the id: offsets are part of what a citation points at.
    const moved = processText(`\n${text}`).passages;
    expect(moved[0]!.text).toBe(first[0]!.text);
    expect(moved[0]!.id).not.toBe(first[0]!.id);
    expect(processText(text, 'other.txt').passages[0]!.id).not.toBe(first[0]!.id);
  });
});
