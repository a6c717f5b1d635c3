import type { CitationSource } from '../evidence/index.js';
import type { CorpusDocument, Passage, ProcessedDocument, Sentence } from '../corpus/types.js';

/** What the registry needs to quote the corpus: documents, their sentences and passages. */
export interface ActorCorpusSource extends CitationSource {
  document(docId: string): CorpusDocument | undefined;
  /** The document's sentences, in order (`Sentence.index` = position). */
  sentencesOf(docId: string): readonly Sentence[];
  passagesOf(docId: string): readonly Passage[];
}

/** An {@link ActorCorpusSource} over processed documents held in memory. */
export function corpusSourceFromDocuments(documents: readonly ProcessedDocument[]): ActorCorpusSource {
  const byId = new Map(documents.map((d) => [d.document.docId, d]));
  return {
    document: (docId) => byId.get(docId)?.document,
    sentencesOf: (docId) => byId.get(docId)?.sentences ?? [],
    passagesOf: (docId) => byId.get(docId)?.passages ?? [],
  };
}

/** The sentence of a document with this index. */
export function sentenceAt(source: ActorCorpusSource, docId: string, index: number): Sentence | undefined {
  const sentences = source.sentencesOf(docId);
  const direct = sentences[index];
  return direct?.index === index ? direct : sentences.find((s) => s.index === index);
}
