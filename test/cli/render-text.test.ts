import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/types.js';
import type { BuildReport } from '../../src/index/index.js';
import { renderAnswerText, renderBuildText, renderSourcesText } from '../../src/cli/render-text.js';
import { escapeForTerminal } from '../../src/cli/terminal-text.js';

const TEXT = 'The bridge reopened on Friday after eleven months of repairs.';

function answerWith(copies: boolean): Answer {
  return {
    question: 'When did the bridge reopen?',
    abstained: false,
    answer: TEXT,
    sentences: [
      { text: TEXT, docId: 'gazette', start: 0, end: TEXT.length, citation: 1, ...(copies ? { copies: [{ text: TEXT, docId: 'herald', start: 9, end: 9 + TEXT.length, citation: 2 }] } : {}) },
    ],
    citations: (copies ? [1, 2] : [1]).map((n) => ({ n, docId: n === 1 ? 'gazette' : 'herald', title: n === 1 ? 'Gazette' : 'Herald', source: null, url: null, published: null, quote: TEXT, start: 0, end: TEXT.length, spans: [{ start: n === 1 ? 0 : 9, end: (n === 1 ? 0 : 9) + TEXT.length }] })),
    confidence: 0.9,
    tookMs: 1,
  };
}

describe('renderAnswerText', () => {
  it('shows a withheld best sentence as a possible answer, never as related reading', () => {
    const answer: Answer = { ...answerWith(false), abstained: true, answer: '', possibleAnswer: true, confidence: 0.25 };
    const text = renderAnswerText(answer);
    expect(text.split('\n')[0]).toBe('Possible answer (not a confident match):');
    expect(text).toContain(TEXT);
    expect(text).not.toContain('Related reading');
    expect(text).not.toContain('The corpus does not say');
    const refusal = renderAnswerText({ ...answer, possibleAnswer: false });
    expect(refusal).toContain('The corpus does not say.');
    expect(refusal).toContain('Related reading (not an answer):');
  });

  it('prints the sentence once with its citation marker and the sources beneath', () => {
    const text = renderAnswerText(answerWith(false));
    expect(text.split('\n')[0]).toBe(`${TEXT} [1]`);
    expect(text).toContain('Sources:\n[1] Gazette');
  });

  it('prints a sentence that several outlets carry once, with a marker for each', () => {
    const text = renderAnswerText(answerWith(true));
    expect(text.split('\n')[0]).toBe(`${TEXT} [1][2]`);
    expect(text.split(TEXT)).toHaveLength(2);
    expect(text).toContain('[2] Herald');
  });

  it('shows the short answer in bold inside its sentence, and the sentence unchanged without emphasis', () => {
    const answer = answerWith(false);
    const start = TEXT.indexOf('on Friday');
    // The sentence sits at offset 100 of its document; the short answer's offsets are the document's.
    const placed = { ...answer.sentences[0]!, start: 100, end: 100 + TEXT.length, answerSpan: { start: 100 + start, end: 100 + start + 'on Friday'.length, text: 'on Friday' } };
    const withSpan = { ...answer, sentences: [placed] };
    expect(renderAnswerText(withSpan).split('\n')[0]).toBe(`The bridge reopened \x1b[1mon Friday\x1b[22m after eleven months of repairs. [1]`);
    expect(renderAnswerText(withSpan, (phrase) => phrase).split('\n')[0]).toBe(`${TEXT} [1]`);
  });
});

describe('renderAnswerText with also-relevant sentences', () => {
  const OTHER = 'Traffic had been diverted through Eastby for the whole year.';
  const answer: Answer = {
    ...answerWith(false),
    alsoRelevant: [{ text: OTHER, docId: 'herald', start: 4, end: 4 + OTHER.length, citation: 2 }],
    citations: [1, 2].map((n) => ({ n, docId: n === 1 ? 'gazette' : 'herald', title: n === 1 ? 'Gazette' : 'Herald', source: null, url: null, published: null, quote: TEXT, start: 0, end: TEXT.length, spans: [n === 1 ? { start: 0, end: TEXT.length } : { start: 4, end: 4 + OTHER.length }] })),
    confidence: 0.62,
    confidenceLabel: 'partial match',
  };

  it('lists the runners-up under "Also relevant", each with its citation, apart from the answer', () => {
    const text = renderAnswerText(answer);
    expect(text.split('\n')[0]).toBe(`${TEXT} [1]`);
    expect(text).toContain(`Also relevant:\n  – ${OTHER} [2]`);
    expect(text.indexOf('Also relevant:')).toBeLessThan(text.indexOf('Sources:'));
  });

  it('gives the confidence in words before the figure', () => {
    expect(renderAnswerText(answer)).toContain('partial match (confidence 0.62)');
  });

  it('lists an also-relevant sentence\'s range beside its source, like the answer\'s', () => {
    const text = renderAnswerText(answer);
    expect(text).toContain(`gazette chars 0–${TEXT.length}`);
    expect(text).toContain(`herald chars 4–${4 + OTHER.length}`);
  });

  it('shows no "Also relevant" section when there is none', () => {
    expect(renderAnswerText(answerWith(false))).not.toContain('Also relevant');
  });
});

describe('ranges beside quotes', () => {
  it('prints the quoted sentence\'s own range, not the longer passage its citation stands for', () => {
    const passage = `Earlier text. ${TEXT} Later text.`;
    const start = passage.indexOf(TEXT);
    const answer: Answer = {
      ...answerWith(false),
      sentences: [{ text: TEXT, docId: 'gazette', start, end: start + TEXT.length, citation: 1 }],
      citations: [{ n: 1, docId: 'gazette', title: 'Gazette', source: null, url: null, published: null, quote: passage, start: 0, end: passage.length, spans: [{ start, end: start + TEXT.length }] }],
    };
    const text = renderAnswerText(answer);
    expect(text).toContain(`gazette chars ${start}–${start + TEXT.length}`);
    expect(text).not.toContain(`0–${passage.length}`);
  });
});

describe('renderBuildText', () => {
  const report: BuildReport = {
    documents: 1, passages: 1, model: 'm', dims: 8, tookMs: 5, embedded: 1, reused: 0, skipped: [], generation: 'g-1', added: [], changed: [], removed: [], unchanged: false,
  };

  it('says "1 document" and "1 passage", not "1 documents"', () => {
    expect(renderBuildText(report)).toMatch(/^Indexed 1 document, 1 passage in/);
  });

  it('says nothing changed when the served generation was kept', () => {
    expect(renderBuildText({ ...report, unchanged: true, documents: 5, passages: 60 })).toMatch(/^Nothing changed since the last build: 5 documents, 60 passages/);
  });
});

describe('escapeForTerminal', () => {
  it('shows control characters, ANSI escapes and bidi overrides as visible escapes', () => {
    expect(escapeForTerminal('a\u001b[2Jb\u0007c\u202ed')).toBe('a\\x1B[2Jb\\x07c\\u202Ed');
  });

  it('keeps line feeds, tabs and ordinary text, accents and quotes included', () => {
    const text = 'Café «quoted»\tcolumn\nnext line — “fine”';
    expect(escapeForTerminal(text)).toBe(text);
  });
});

describe('renderSourcesText', () => {
  it('keeps each article to its two lines when a file name or title holds a line break', () => {
    const text = renderSourcesText([
      { docId: 'evil\nfake-entry  Fake title', title: 'Two\nlines', source: null, url: null, published: null, passages: 1, chars: 10 },
      { docId: 'plain', title: 'Plain', source: 'Post', url: 'https://a.example/x', published: '2025-01-02', passages: 2, chars: 20 },
    ]);
    expect(text.split('\n')).toEqual([
      'evil\\nfake-entry  Fake title  Two\\nlines',
      '    1 passage, 10 characters',
      'plain  Plain (Post, 2025-01-02)',
      '    2 passages, 20 characters, https://a.example/x',
    ]);
  });
});
