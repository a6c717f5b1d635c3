import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_SENTENCE_CHARS, splitSentences } from '../../src/corpus/index.js';
import { processText, sentenceTexts } from './helpers.js';

const split = (text: string): string[] => splitSentences(text).map((s) => s.text);

describe('splitSentences', () => {
  it('does not end a sentence after titles such as Mr., Mrs., Dr., Gen., Sen., Rep., Gov., Lt. Col., St.', () => {
    const text =
      'Mr. Smith met Mrs. Jones and Ms. Lee. Dr. Ortiz and Gen. Padrino spoke with Sen. Rubio, Rep. Diaz and Gov. Abbott. ' +
      'Lt. Col. Ruiz flew to St. Petersburg with Capt. Roe. Then they left.';
    expect(split(text)).toEqual([
      'Mr. Smith met Mrs. Jones and Ms. Lee.',
      'Dr. Ortiz and Gen. Padrino spoke with Sen. Rubio, Rep. Diaz and Gov. Abbott.',
      'Lt. Col. Ruiz flew to St. Petersburg with Capt. Roe.',
      'Then they left.',
    ]);
  });

  it('keeps U.S., U.N. and U.K. inside a sentence before a name, and ends after them before a new sentence', () => {
    expect(split('The U.S. Justice Department and the U.N. Security Council met in the U.K. Parliament. It rained.')).toEqual([
      'The U.S. Justice Department and the U.N. Security Council met in the U.K. Parliament.',
      'It rained.',
    ]);
    expect(split('Troops returned to the U.S. The mission ended.')).toEqual(['Troops returned to the U.S.', 'The mission ended.']);
    expect(split('He flew to the U.S. U.S. officials met him.')).toEqual(['He flew to the U.S.', 'U.S. officials met him.']);
  });

  it('keeps No., month abbreviations, vs., e.g. and i.e. inside sentences', () => {
    expect(split('He is No. 2 in the regime. On Jan. 5 and Sept. 12 he spoke. It was Maduro vs. Machado, e.g. Venezuela vs. the U.S. in sport, i.e. Rivalry. Done.')).toEqual([
      'He is No. 2 in the regime.',
      'On Jan. 5 and Sept. 12 he spoke.',
      'It was Maduro vs. Machado, e.g. Venezuela vs. the U.S. in sport, i.e. Rivalry.',
      'Done.',
    ]);
  });

  it('keeps initials with their names', () => {
    expect(split('J. R. Smith and George W. Bush met John F. Kennedy Jr. in 1999. They talked.')).toEqual([
      'J. R. Smith and George W. Bush met John F. Kennedy Jr. in 1999.',
      'They talked.',
    ]);
  });

  it('does not cut decimals, money or percentages', () => {
    expect(split('The deal is worth $2.5 billion, up 3.5% from €1.2 billion. Rates rose 0.25 points. Oil fell.')).toEqual([
      'The deal is worth $2.5 billion, up 3.5% from €1.2 billion.',
      'Rates rose 0.25 points.',
      'Oil fell.',
    ]);
  });

  it('keeps closing quotes after the period with their sentence and lets a lower-case tag continue it', () => {
    expect(split('“We will not leave,” he said. “Never.” She added: "It is over." Then silence.')).toEqual([
      '“We will not leave,” he said.',
      '“Never.”',
      'She added: "It is over."',
      'Then silence.',
    ]);
    expect(split('“Why now?” he asked. “Because!” she replied.')).toEqual(['“Why now?” he asked.', '“Because!” she replied.']);
  });

  it('splits a quotation that spans sentences at its inner sentence ends', () => {
    expect(split('“It is not a group. They don’t meet. They have no hierarchy,” said Isaacson.')).toEqual([
      '“It is not a group.',
      'They don’t meet.',
      'They have no hierarchy,” said Isaacson.',
    ]);
  });

  it('treats an ellipsis as an end only before a capital', () => {
    expect(split('He paused… Then he left. She said that... well, nothing. Wait... What?')).toEqual([
      'He paused…',
      'Then he left.',
      'She said that... well, nothing.',
      'Wait...',
      'What?',
    ]);
  });

  it('ends a sentence at a missing space after a period, but not inside URLs or initialisms', () => {
    expect(split('It was the CIA.A senior official spoke.')).toEqual(['It was the CIA.', 'A senior official spoke.']);
    expect(split('See www.Example.com for more. Visit example.com/News today.')).toEqual([
      'See www.Example.com for more.',
      'Visit example.com/News today.',
    ]);
    expect(split('Designated by the U.S.in February.')).toEqual(['Designated by the U.S.in February.']);
  });

  it('lets a line break end a headline without a final period', () => {
    expect(sentenceTexts('The Strategy of Maximum Pressure\nWashington assumed the worst. None of it happened.')).toEqual([
      'The Strategy of Maximum Pressure',
      'Washington assumed the worst.',
      'None of it happened.',
    ]);
  });

  it('splits a pathological file of 200,000 characters with no spaces into bounded pieces of its one sentence', () => {
    // Once quadratic (147 s for 200 KB); speed is the benchmark's business, and the suite's
    // timeout is what would catch a relapse here.
    const text = 'Ab.Cd'.repeat(40_000);
    const pieces = split(text);
    expect(pieces.join('')).toBe(text);
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(MAX_SENTENCE_CHARS);
  });

  it('returns trimmed sentences whose offsets slice the input exactly', () => {
    const text = '  \tFirst one.   Second “one.”\u00a0 Third\u2003';
    const sentences = splitSentences(text);
    expect(sentences.map((s) => s.text)).toEqual(['First one.', 'Second “one.”', 'Third']);
    for (const s of sentences) expect(text.slice(s.start, s.end)).toBe(s.text);
  });
});

/** Pieces that stress the splitter: abbreviations, quotes, numbers, odd spaces, newlines, any Unicode. */
const piece = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('Maduro', 'the', 'said', 'Venezuela', 'oil', 'Cartel', 'de', 'los', 'Soles', 'It', 'The', 'he', 'A', 'I') },
  { weight: 3, arbitrary: fc.constantFrom('Mr.', 'Dr.', 'Gen.', 'U.S.', 'U.N.', 'No.', 'Jan.', 'e.g.', 'i.e.', 'vs.', 'J.', 'R.', 'St.', 'CIA.A') },
  { weight: 3, arbitrary: fc.constantFrom('.', '?', '!', '…', '...', '.”', ',”', '?"', '."', '.)', "'", '’', '“', '”', '"', '(', ')') },
  { weight: 2, arbitrary: fc.constantFrom('$2.5', '3.5%', '7.9', '1,000', '2025.', '—', '–', '-', ':', ';') },
  { weight: 3, arbitrary: fc.constantFrom(' ', ' ', ' ', '  ', '\n', '\n\n', '\r\n', '\t', '\u00a0', '\u2003', '\ufeff') },
  { weight: 1, arbitrary: fc.constantFrom('TOPSHOT –', 'AFP via Getty Images', '© 2025 X. All rights reserved.', 'Previous post', 'pic.twitter.com/abc', '# ', '- ', '---', '```') },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 6 }) },
);
const generatedText = fc
  .tuple(fc.array(piece, { maxLength: 80 }), fc.constantFrom('', ' '))
  .map(([pieces, separator]) => pieces.join(separator));

describe('sentences and passages over generated text (property)', () => {
  it('always slice the text exactly, are trimmed, ordered and disjoint, and passages hold their sentences', () => {
    fc.assert(
      fc.property(generatedText, fc.constantFrom('doc.txt', 'doc.md'), (text, name) => {
        const { document, sentences, passages } = processText(text, name);
        let previousEnd = -1;
        for (const [i, sentence] of sentences.entries()) {
          expect(text.slice(sentence.start, sentence.end)).toBe(sentence.text);
          expect(sentence.text.length).toBeGreaterThan(0);
          expect(sentence.text).toBe(sentence.text.replace(/^\s+|\s+$/gu, ''));
          expect(sentence.start).toBeGreaterThanOrEqual(previousEnd);
          expect(sentence.index).toBe(i);
          previousEnd = sentence.end;
        }
        const covered = new Set<number>();
        for (const passage of passages) {
          expect(document.text.slice(passage.start, passage.end)).toBe(passage.text);
          expect(passage.sentenceIndexes.length).toBeGreaterThan(0);
          const members = passage.sentenceIndexes.map((index) => sentences[index]!);
          for (const [k, sentence] of members.entries()) {
            expect(sentence.start).toBeGreaterThanOrEqual(passage.start);
            expect(sentence.end).toBeLessThanOrEqual(passage.end);
            expect(sentence.paragraph).toBe(members[0]!.paragraph);
            if (k > 0) expect(sentence.index).toBe(members[k - 1]!.index + 1);
            covered.add(sentence.index);
          }
        }
        expect(covered.size).toBe(sentences.length);
      }),
      { seed: 20251116, numRuns: 800 },
    );
  });

  it('never puts a line break inside a sentence of a .txt file', () => {
    fc.assert(
      fc.property(generatedText, (text) => {
        for (const sentence of processText(text, 'doc.txt').sentences) expect(sentence.text).not.toMatch(/[\n]/);
      }),
      { seed: 42, numRuns: 500 },
    );
  });
});
