import { describe, expect, it } from 'vitest';
import { processText, sentenceTexts } from './helpers.js';

describe('Markdown paragraphs', () => {
  it('joins hard-wrapped lines of a block and keeps the line break inside the verbatim sentence', () => {
    const text =
      'Washington has thrown everything at the Venezuelan government short of\n' +
      'a full-scale invasion. The Justice Department has indicted him.\n\nA new paragraph.';
    const { sentences } = processText(text, 'doc.md');
    expect(sentences.map((s) => s.text)).toEqual([
      'Washington has thrown everything at the Venezuelan government short of\na full-scale invasion.',
      'The Justice Department has indicted him.',
      'A new paragraph.',
    ]);
    expect(sentences.map((s) => s.paragraph)).toEqual([0, 0, 1]);
  });

  it('keeps headings, list items and short unpunctuated lines as paragraphs of their own, without the markers', () => {
    const text = '# The Big Story\nIntro line here.\nA Subheading\nMore text here.\n\n- first point\n- second point\n> A quoted line.';
    expect(sentenceTexts(text, 'doc.md')).toEqual([
      'The Big Story',
      'Intro line here.',
      'A Subheading',
      'More text here.',
      'first point',
      'second point',
      'A quoted line.',
    ]);
  });

  it('leaves code blocks, rules and images out of the sentences', () => {
    const text = 'Before.\n\n```\nconst x = 1. Not prose.\n```\n\n---\n\n![a photo](photo.jpg)\n\nAfter.';
    expect(sentenceTexts(text, 'doc.md')).toEqual(['Before.', 'After.']);
  });
});
