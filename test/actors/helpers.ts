import { buildCorpusDocument, loadCorpus, processDocument, type ProcessedDocument } from '../../src/corpus/index.js';
import { ActorRegistry, buildActorRegistry, corpusSourceFromDocuments, type ActorOverrides } from '../../src/actors/index.js';

/** Processes invented article texts exactly as the corpus stage processes files. */
export function processTexts(texts: Record<string, string>): ProcessedDocument[] {
  return Object.entries(texts).map(([docId, text]) =>
    processDocument(buildCorpusDocument({ docId, file: `${docId}.txt`, text })),
  );
}

export function registryOf(documents: ProcessedDocument[], overrides?: ActorOverrides): ActorRegistry {
  return new ActorRegistry(buildActorRegistry(documents, overrides), corpusSourceFromDocuments(documents));
}

let seeds: Promise<ProcessedDocument[]> | undefined;
export function seedDocuments(): Promise<ProcessedDocument[]> {
  seeds ??= loadCorpus(new URL('../../corpus', import.meta.url).pathname, { maxFileBytes: 5_000_000 }).then((c) =>
    c.documents.map((d) => processDocument(d)),
  );
  return seeds;
}
