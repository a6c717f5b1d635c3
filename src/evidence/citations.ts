import type { CorpusDocument, Passage } from '../corpus/types.js';
import type { Citation, CitedSentence, QuotedSpan, SpanWithCopies } from './types.js';

/** What citation building needs to know about the served corpus. */
export interface CitationSource {
  document(docId: string): CorpusDocument | undefined;
  /** The passages of a document, in order of their offsets. */
  passagesOf(docId: string): readonly Passage[];
}

/**
 * Numbers the documents of `spans` in order of first appearance (one citation per document) and
 * attaches to each span its citation number. A citation's quote is the passage that holds the
 * document's first (most relevant) span, so a reader sees the sentence in its context. The copies
 * of a span (the same sentence in other documents) are numbered after every span, so the answer's
 * own sources keep the first numbers. Each citation lists in `spans` the range of every sentence and
 * copy cited to it, in document order, so a reader can check each one, wherever it sits.
 */
export function buildCitations(
  spans: readonly SpanWithCopies[],
  source: CitationSource,
): { sentences: CitedSentence[]; citations: Citation[] } {
  const numberByDoc = new Map<string, number>();
  const citations: Citation[] = [];
  const numberFor = (span: QuotedSpan): number => {
    const known = numberByDoc.get(span.docId);
    if (known !== undefined) return known;
    const document = source.document(span.docId);
    if (!document) throw new Error(`Citation to unknown document ${span.docId}`);
    const n = citations.length + 1;
    numberByDoc.set(span.docId, n);
    const passage = source.passagesOf(span.docId).find((p) => p.start <= span.start && span.end <= p.end);
    const start = passage?.start ?? span.start;
    const end = passage?.end ?? span.end;
    citations.push({
      n,
      docId: span.docId,
      title: document.meta.title,
      source: document.meta.source,
      url: document.meta.url,
      published: document.meta.published,
      quote: document.text.slice(start, end),
      start,
      end,
      spans: [],
    });
    return n;
  };
  const sentences: CitedSentence[] = spans.map(({ copies: _copies, ...span }) => ({ ...span, citation: numberFor(span) }));
  spans.forEach((span, i) => {
    const copies = (span.copies ?? []).map((copy) => ({ text: copy.text, docId: copy.docId, start: copy.start, end: copy.end, citation: numberFor(copy) }));
    if (copies.length > 0) sentences[i]!.copies = copies;
  });
  for (const cited of [...sentences, ...sentences.flatMap((s) => s.copies ?? [])]) {
    const { spans: listed } = citations[cited.citation - 1]!;
    if (!listed.some((r) => r.start === cited.start && r.end === cited.end)) listed.push({ start: cited.start, end: cited.end });
  }
  for (const citation of citations) citation.spans.sort((a, b) => a.start - b.start);
  return { sentences, citations };
}

/**
 * How a source reads wherever it is named: "Title — Outlet, 2025-11-25" (the outlet and the date
 * when known).
 */
export function describeSource(document: { title: string; source: string | null; published: string | null }): string {
  const details = [document.source, document.published?.slice(0, 10)].filter((part): part is string => Boolean(part)).join(', ');
  return details ? `${document.title} — ${details}` : document.title;
}

/**
 * The citations of some of a reply's sentences (one page of an actor's dossier), numbered 1..n in
 * the order the sentences cite them, with only the sources those sentences cite: a page never
 * reads [1][2][4][5]. The sentences come back with their markers renumbered; texts and offsets
 * are untouched.
 */
export function renumberCitations<T extends CitedSentence>(sentences: readonly T[], citations: readonly Citation[]): { sentences: T[]; citations: Citation[] } {
  const numbers = new Map<number, number>();
  const number = (n: number) => {
    if (!numbers.has(n)) numbers.set(n, numbers.size + 1);
    return numbers.get(n)!;
  };
  const renumbered = sentences.map((sentence) => {
    const copy: T = { ...sentence, citation: number(sentence.citation) };
    if (sentence.copies) copy.copies = sentence.copies.map((other) => ({ ...other, citation: number(other.citation) }));
    return copy;
  });
  const byNumber = new Map(citations.map((citation) => [citation.n, citation]));
  const kept = [...numbers.entries()].flatMap(([old, n]) => {
    const citation = byNumber.get(old);
    return citation ? [{ ...citation, n }] : [];
  });
  return { sentences: renumbered, citations: kept };
}
