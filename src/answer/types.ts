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
}

/**
 * An extractive answer that carries its evidence (the shape of `ask --json` in CONTRACT.md).
 * Renderers (Discord, terminal, JSON) format it and never change its text.
 */
export interface Answer {
  question: string;
  abstained: boolean;
  /** The answer's sentences joined by a space; empty when abstained. */
  answer: string;
  /** Most relevant first. When abstained: the nearest passages' sentences, as related reading. */
  sentences: CitedSentence[];
  citations: Citation[];
  /** 0..1, calibrated so that abstention happens below a measured threshold. */
  confidence: number;
  tookMs: number;
  /** Which index generation answered. */
  generation?: string;
}
