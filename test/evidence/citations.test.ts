/**
 * Citations list what they cite: the range of every sentence and copy quoted from a document,
 * even one outside the passage that the citation's quote shows.
 */
import { describe, expect, it } from 'vitest';
import type { CorpusDocument, Passage } from '../../src/corpus/types.js';
import { buildCitations, type CitationSource, type QuotedSpan } from '../../src/evidence/index.js';

const GAZETTE = 'The bridge reopened on Friday. Repairs cost $38 million.\n\nThe mayor cut a ribbon. Traffic returned by noon.';
const HERALD = 'Lowmoor news. The bridge reopened on Friday, officials said.';

function documentOf(docId: string, text: string): CorpusDocument {
  return { docId, file: `${docId}.txt`, text, hash: docId, meta: { title: docId, source: null, url: null, published: null, author: null } };
}

function passage(docId: string, text: string, start: number, end: number): Passage {
  return { id: `${docId}:${start}`, docId, start, end, text: text.slice(start, end), sentenceIndexes: [] };
}

const paragraphBreak = GAZETTE.indexOf('\n\n');
const source: CitationSource = {
  document: (docId) => ({ gazette: documentOf('gazette', GAZETTE), herald: documentOf('herald', HERALD) })[docId],
  passagesOf: (docId) =>
    docId === 'gazette'
      ? [passage('gazette', GAZETTE, 0, paragraphBreak), passage('gazette', GAZETTE, paragraphBreak + 2, GAZETTE.length)]
      : [passage('herald', HERALD, 0, HERALD.length)],
};

function quote(docId: 'gazette' | 'herald', sentence: string): QuotedSpan {
  const text = docId === 'gazette' ? GAZETTE : HERALD;
  const start = text.indexOf(sentence);
  return { text: sentence, docId, start, end: start + sentence.length };
}

describe('buildCitations', () => {
  it('lists the range of every sentence it cites, in document order, even outside the quoted passage', () => {
    const best = quote('gazette', 'Traffic returned by noon.');
    const other = quote('gazette', 'Repairs cost $38 million.');
    const { sentences, citations } = buildCitations([best, other], source);
    expect(citations).toHaveLength(1);
    const [citation] = citations;
    // The quote is the passage of the first sentence; the second sits in another passage.
    expect(citation!.quote).toBe(GAZETTE.slice(paragraphBreak + 2));
    expect(other.start).toBeLessThan(citation!.start);
    expect(citation!.spans).toEqual([
      { start: other.start, end: other.end },
      { start: best.start, end: best.end },
    ]);
    for (const sentence of sentences) expect(citation!.spans).toContainEqual({ start: sentence.start, end: sentence.end });
  });

  it('lists a copy under its own document’s citation, and a range once however often it is quoted', () => {
    const sentence = { ...quote('gazette', 'The bridge reopened on Friday.'), copies: [quote('herald', 'The bridge reopened on Friday, officials said.')] };
    const { sentences, citations } = buildCitations([sentence, quote('gazette', 'The bridge reopened on Friday.')], source);
    const copy = sentences[0]!.copies![0]!;
    expect(citations.find((c) => c.n === copy.citation)!.spans).toEqual([{ start: copy.start, end: copy.end }]);
    expect(citations.find((c) => c.docId === 'gazette')!.spans).toEqual([{ start: sentence.start, end: sentence.end }]);
  });
});
