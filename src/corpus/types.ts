/** Metadata of one article, from YAML front matter, a sidecar `NAME.meta.json`, or derived. */
export interface DocumentMeta {
  title: string;
  source: string | null;
  url: string | null;
  /** ISO 8601 date (`2025-11-16` or a full timestamp), or null when unknown. */
  published: string | null;
  author: string | null;
}

/** One corpus file, read as UTF-8. Every offset in Verbatim points into `text`. */
export interface CorpusDocument {
  /** File name without its extension: `000_1be521f82225c4ad`. */
  docId: string;
  /** File name relative to the corpus folder. */
  file: string;
  /** The whole file as read (front matter included), so offsets match `fs.readFile(file, 'utf8')`. */
  text: string;
  meta: DocumentMeta;
  /** sha256 of `text` plus any sidecar metadata, hex. */
  hash: string;
  /**
   * Offset in `text` where the article body starts: after YAML front matter in a `.md` file, 0
   * otherwise. Absent means 0, so documents built by hand (tests, evaluation) need not set it.
   */
  contentStart?: number;
  /**
   * How paragraphs are read: `txt` (every non-empty line is a paragraph) or `md` (blank-line
   * separated blocks, hard-wrapped lines joined). Absent means: from the file extension.
   */
  format?: 'txt' | 'md';
}

/** A sentence of a document: `document.text.slice(start, end) === text`, always. */
export interface Sentence {
  docId: string;
  /** Position among the document's sentences (boilerplate excluded), from 0. */
  index: number;
  /** Paragraph number within the document, from 0; passages never cross paragraphs. */
  paragraph: number;
  start: number;
  end: number;
  text: string;
}

/** A window of consecutive sentences of one paragraph, the unit that is embedded and retrieved. */
export interface Passage {
  /** Stable id: a hash of docId, offsets and text. */
  id: string;
  docId: string;
  start: number;
  end: number;
  /** `document.text.slice(start, end)`. */
  text: string;
  /** Indexes (Sentence.index) of the sentences in this passage, in order. */
  sentenceIndexes: number[];
}

/** A file the loader did not take, with a reason a person can act on. */
export interface SkippedFile {
  file: string;
  reason: string;
}

/** Why a span of a document is not article text. */
export type BoilerplateKind =
  | 'copyright'
  | 'comment-prompt'
  | 'navigation'
  | 'photo-caption'
  | 'photo-credit'
  | 'social-embed'
  | 'link'
  | 'share-prompt'
  | 'markup';

/** A line recognised as boilerplate: excluded from sentences and passages, offsets untouched. */
export interface BoilerplateSpan {
  kind: BoilerplateKind;
  start: number;
  end: number;
}

/** A paragraph of article text: sentences and passages never cross one. */
export interface Paragraph {
  /** Same numbering as `Sentence.paragraph`, from 0, boilerplate excluded. */
  index: number;
  start: number;
  end: number;
}

/** A document with its sentences and passages, ready to index. */
export interface ProcessedDocument {
  document: CorpusDocument;
  sentences: Sentence[];
  passages: Passage[];
  /** The article paragraphs (set by `processDocument`; optional so hand-built fixtures compile). */
  paragraphs?: Paragraph[];
  /** Lines left out as boilerplate (set by `processDocument`). */
  boilerplate?: BoilerplateSpan[];
}
