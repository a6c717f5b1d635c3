import { buildCorpusDocument, loadCorpus, processDocument, type ProcessedDocument } from '../../src/corpus/index.js';
import { ActorRegistry, buildActorRegistry, corpusSourceFromDocuments, type ActorOverrides, type ActorSummary } from '../../src/actors/index.js';
import type { CitedSentence } from '../../src/evidence/index.js';

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

/** Every sentence a summary shows: what the sources say, what they said, and each role's sentence. */
export function shownLines(summary: ActorSummary): CitedSentence[] {
  return [...summary.summary, ...summary.said, ...summary.roleEvidence.map((r) => r.sentence)];
}

/** The lines with the copies (the same sentence in other outlets) cited beside each. */
export function withCopies(lines: readonly CitedSentence[]): CitedSentence[] {
  return lines.flatMap((s) => [s, ...(s.copies ?? [])]);
}
