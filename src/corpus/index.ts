/**
 * The corpus stage: reading article files, their metadata, boilerplate, sentences with exact
 * offsets, and passages. Everything later in the pipeline quotes text through the offsets made here.
 */
export type {
  BoilerplateKind,
  BoilerplateSpan,
  CorpusDocument,
  DocumentMeta,
  Paragraph,
  Passage,
  ProcessedDocument,
  Sentence,
  SkippedFile,
} from './types.js';
export {
  CorpusError,
  buildCorpusDocument,
  loadCorpus,
  type CorpusDocumentInput,
  type LoadCorpusOptions,
  type LoadedCorpus,
} from './load.js';
export { MetadataError, readFrontMatter, readSidecar, type FrontMatter, type PartialMeta } from './metadata.js';
export { captionParts, detectBoilerplateLine, type CaptionParts, type LineSpan } from './boilerplate.js';
export { layoutParagraphs, type ParagraphLayout, type ParagraphSpan } from './paragraphs.js';
export { MAX_SENTENCE_CHARS, splitSentenceSpans, splitSentences, type SentenceSpan, type SplitSentence } from './sentences.js';
export { buildPassages, countWords, DEFAULT_MAX_CHARS, passageId, type PassageOptions } from './passages.js';
export { deriveTitle, looksLikeHeadline, shortenTitle } from './title.js';
export { formatOf, processDocument } from './process.js';
export { addressPolicy, describeNonPublicAddress, type AddressPolicy } from './address-policy.js';
export { ArticleRefusedError, fetchArticlePage, fetchChecked, MAX_REDIRECTS, type FetchLimits, type FetchedPage, type HostLookup } from './fetch-article.js';
export { extractHtmlArticle, extractTextArticle, MAX_NESTING_DEPTH, MAX_PAGE_ELEMENTS, MIN_ARTICLE_CHARS, type ExtractedArticle } from './extract-article.js';
export { describeInput, prepareArticle, type ArticleInput, type PreparedArticle } from './article-input.js';
export {
  articleDocId,
  articleTextFingerprint,
  findArticleByText,
  findArticleByUrl,
  removeArticleFiles,
  saveArticle,
  UnknownDocumentError,
  replaceFileDurably,
  type CorpusChange,
  type SavedArticle,
} from './save-article.js';
