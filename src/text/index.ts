/**
 * The text stage, below every other: the one analysis of text that indexing, retrieval, answering
 * and actors share (folded words, one stop-word list, stems, name phrases, adjacent term pairs),
 * so a question term and a document term always match the same way.
 */
export {
  adjacentTermPairs,
  foldAccents,
  foldCase,
  isStopWord,
  namePhrasesOf,
  nameTermShares,
  searchTerms,
  stem,
  words,
} from './analysis.js';
export { leansOnPrevious } from './antecedent.js';
export { findSecret, redactSecrets } from './secrets.js';
export { tagText, tokenize, type TaggedEntity, type TaggedText, type Token } from './tagging.js';
