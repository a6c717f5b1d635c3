/**
 * The evidence stage: what answers and actor summaries cite. Quoted spans (verbatim, with their
 * document offsets), numbered citations, and copies (the same wire sentence in several outlets).
 */
export { buildCitations, describeSource, renumberCitations, type CitationSource } from './citations.js';
export { foldCopies, isNearDuplicate, sameSentenceAs, sameWordsAs } from './near-duplicates.js';
export type { Citation, CitedSentence, CitedSpan, QuotedSpan, SpanWithCopies } from './types.js';
