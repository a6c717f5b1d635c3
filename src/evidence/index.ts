/**
 * The evidence stage: what answers and actor summaries cite. Quoted spans (verbatim, with their
 * document offsets), numbered citations, and copies (the same wire sentence in several outlets).
 */
export { buildCitations, describeSource, renumberCitations, type CitationSource } from './citations.js';
export { foldCopies, isNearDuplicate, sameSentenceAs, sameWordsAs } from './near-duplicates.js';
export type { Citation, CitedSentence, CitedSpan, QuotedSpan, SpanWithCopies } from './types.js';
export { QuoteLinker, quoteRangeParameter, VIEWER_HASH_CHARS, VIEWER_PARAMETERS, viewerLinkFor, withQuoteLinks, type LinkableDocument, type QuoteLinks } from './quote-links.js';
export {
  encodeTextDirectiveTerm,
  findTextDirective,
  foldForMatching,
  formatTextDirective,
  MAX_TEXT_DIRECTIVE_CHARS,
  parseTextDirective,
  textDirectiveFor,
  textFragmentLink,
  type TextDirective,
} from './text-fragment.js';
