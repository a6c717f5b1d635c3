/** A verbatim span of a document: `documentText.slice(start, end) === text`. */
export interface QuotedSpan {
  text: string;
  docId: string;
  start: number;
  end: number;
}

/** A verbatim span and the number of the citation it belongs to. */
export interface CitedSpan extends QuotedSpan {
  citation: number;
  /**
   * Where a reader sees the quote in its context: the article's own page with a text fragment on
   * the quoted words, else the source viewer. Absent when neither exists (see quote-links.ts).
   */
  link?: string;
  /** The source viewer at the quoted characters; absent unless the viewer has a public address. */
  viewerLink?: string;
}

/** An answer sentence and the number of the citation it belongs to. */
export interface CitedSentence extends CitedSpan {
  /**
   * The same sentence in other documents (wire copy that several outlets ran), each verbatim at
   * its own offsets and cited to its own source: the sentence is shown once, cited to all of them.
   * Absent when no other document has it.
   */
  copies?: CitedSpan[];
}

/** A quoted span with the near-identical spans of other documents that it stands for. */
export interface SpanWithCopies extends QuotedSpan {
  copies?: QuotedSpan[];
}

/** A numbered source: one per document, with the passage the sentences came from. */
export interface Citation {
  n: number;
  docId: string;
  title: string;
  source: string | null;
  url: string | null;
  published: string | null;
  /** The cited passage, verbatim: `documentText.slice(start, end)`. */
  quote: string;
  start: number;
  end: number;
  /** The range of every sentence (and copy) the reply quotes from this document, in document order. */
  spans: CitedRange[];
}

/** Document offsets of one quoted sentence. */
export interface CitedRange {
  start: number;
  end: number;
}
