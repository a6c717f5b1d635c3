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

/** A document with its sentences and passages, ready to index. */
export interface ProcessedDocument {
  document: CorpusDocument;
  sentences: Sentence[];
  passages: Passage[];
}
