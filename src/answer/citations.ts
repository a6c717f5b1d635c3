import type { CorpusDocument, Passage } from '../corpus/types.js';
import type { Citation, CitedSentence, QuotedSpan } from './types.js';

/** What citation building needs to know about the served corpus. */
export interface CitationSource {
  document(docId: string): CorpusDocument | undefined;
  /** The passages of a document, in order of their offsets. */
  passagesOf(docId: string): readonly Passage[];
}

/**
 * Numbers the documents of `spans` in order of first appearance (one citation per document) and
 * attaches to each span its citation number. A citation's quote is the passage that holds the
 * document's first (most relevant) span, so a reader sees the sentence in its context.
 */
export function buildCitations(
  spans: readonly QuotedSpan[],
  source: CitationSource,
): { sentences: CitedSentence[]; citations: Citation[] } {
  const numberByDoc = new Map<string, number>();
  const citations: Citation[] = [];
  const sentences: CitedSentence[] = [];
  for (const span of spans) {
    let n = numberByDoc.get(span.docId);
    if (n === undefined) {
      const document = source.document(span.docId);
      if (!document) throw new Error(`Citation to unknown document ${span.docId}`);
      n = citations.length + 1;
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
      });
    }
    sentences.push({ ...span, citation: n });
  }
  return { sentences, citations };
}
