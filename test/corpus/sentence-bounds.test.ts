/**
 * Two sentence-splitting defects found on real news (issue 21 §4, issue 22 item 5): an
 * abbreviation inside an organisation's name ended the sentence, so a quote started mid-name; and
 * a page without full stops was one sentence of megabytes. Every piece stays an exact slice.
 */
import { describe, expect, it } from 'vitest';
import { buildCorpusDocument, DEFAULT_MAX_CHARS, MAX_SENTENCE_CHARS, processDocument, splitSentences } from '../../src/corpus/index.js';

const split = (text: string): string[] => splitSentences(text).map((s) => s.text);

describe('abbreviations inside a name', () => {
  it('do not end a sentence before the rest of the name', () => {
    expect(split('Brazil\u2019s Cia. Vale do Rio Doce said output rose. Shares fell.')).toEqual(['Brazil\u2019s Cia. Vale do Rio Doce said output rose.', 'Shares fell.']);
    expect(split('Warner Bros. Discovery and Acme Corp. Chief Executive Jane Roe met Samsung Electronics Co. Ltd. President Lee in Seoul. They agreed.')).toEqual([
      'Warner Bros. Discovery and Acme Corp. Chief Executive Jane Roe met Samsung Electronics Co. Ltd. President Lee in Seoul.',
      'They agreed.',
    ]);
    expect(split('Alphabet Inc. Chief Sundar Pichai spoke. Tata Sons Ltd. Chairman N. Chandrasekaran listened.')).toEqual([
      'Alphabet Inc. Chief Sundar Pichai spoke.',
      'Tata Sons Ltd. Chairman N. Chandrasekaran listened.',
    ]);
  });

  it('still end a sentence when the next word opens one, or a number follows', () => {
    expect(split('The stake was sold to Apple Inc. The deal closed in May.')).toEqual(['The stake was sold to Apple Inc.', 'The deal closed in May.']);
    expect(split('He founded Roe & Co. In 2010 he sold it.')).toEqual(['He founded Roe & Co.', 'In 2010 he sold it.']);
    expect(split('She works for Globex Corp. Its shares rose.')).toEqual(['She works for Globex Corp.', 'Its shares rose.']);
  });
});

/** Characters of `text` outside white space, in order: what every piece together must hold. */
const visible = (text: string) => text.replace(/\s+/gu, '');

describe('a text without full stops', () => {
  it('is cut into sentences of at most MAX_SENTENCE_CHARS at word boundaries, every character quotable, offsets exact', () => {
    const words = ['harbour', 'council', 'lighthouse', 'Kestrel', 'restoration', 'euros', 'fund', 'vote'];
    const body = Array.from({ length: 40_000 }, (_, i) => words[i % words.length]).join(' ');
    const document = buildCorpusDocument({ docId: 'scraped', file: 'scraped.txt', text: body });
    const processed = processDocument(document);
    expect(processed.sentences.length).toBeGreaterThan(body.length / MAX_SENTENCE_CHARS);
    for (const sentence of processed.sentences) {
      expect(sentence.text.length).toBeLessThanOrEqual(MAX_SENTENCE_CHARS);
      expect(body.slice(sentence.start, sentence.end)).toBe(sentence.text);
      // Word boundaries: a piece starts and ends at a whole word.
      expect(body[sentence.start - 1] ?? ' ').toBe(' ');
      expect(body[sentence.end] ?? ' ').toBe(' ');
    }
    expect(visible(processed.sentences.map((sentence) => sentence.text).join(' '))).toBe(visible(body));
    for (const passage of processed.passages) {
      expect(passage.text.length).toBeLessThanOrEqual(DEFAULT_MAX_CHARS);
      expect(body.slice(passage.start, passage.end)).toBe(passage.text);
    }
  });

  it('cuts a single huge word into bounded pieces without splitting a surrogate pair', () => {
    const body = `Opening words ${'\u{1F600}a'.repeat(3_000)} closing words`;
    const sentences = splitSentences(body);
    expect(sentences.length).toBeGreaterThan(1);
    for (const sentence of sentences) {
      expect(sentence.text.length).toBeLessThanOrEqual(MAX_SENTENCE_CHARS);
      expect(body.slice(sentence.start, sentence.end)).toBe(sentence.text);
      expect(sentence.text).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
    }
    expect(visible(sentences.map((sentence) => sentence.text).join(''))).toBe(visible(body));
  });

  it('leaves an ordinary long sentence whole', () => {
    const sentence = `The council said ${'that the harbour, '.repeat(40)}would reopen.`;
    expect(sentence.length).toBeLessThan(MAX_SENTENCE_CHARS);
    expect(split(`${sentence} It did.`)).toEqual([sentence, 'It did.']);
  });
});
