import type { ProcessedDocument, Sentence } from '../corpus/types.js';
import { applyActorOverrides } from './apply-overrides.js';
import { collectCandidates, confirmCandidates } from './candidates.js';
import { extractDocumentsInParallel } from './parallel-extraction.js';
import type { ActorExtractions, ExtractedCorpus } from './extractions.js';
import { finishDrafts, isRealActor } from './classify.js';
import { mergeIntoDrafts } from './merge.js';
import { toRegistryData } from './records.js';
import { sentenceKey } from './text.js';
import type { ActorOverrides, ActorRegistryData, CandidateMention } from './types.js';

/**
 * Building the actor registry of a corpus: candidate mentions from every sentence, confirmed
 * against each other, merged into actors (aliases, surnames, nicknames, abbreviations, demonyms),
 * classified, given the roles the text states, then corrected by `actors.yaml`.
 */
export function buildActorRegistry(documents: ProcessedDocument[], overrides?: ActorOverrides): ActorRegistryData {
  return buildActorRegistryIncrementally(documents, { overrides }).registry;
}

/** A registry built on the previous build's per-document extractions, and this build's to keep. */
export interface IncrementalActorRegistry {
  registry: ActorRegistryData;
  /** Save with the generation and pass to the next build as `previousExtractions`. */
  extractions: ActorExtractions;
  /** Documents whose reading was reused rather than done again. */
  reusedDocuments: number;
}

/**
 * {@link buildActorRegistry}, reading again only the documents added or changed since the build
 * that saved `previousExtractions` (and the few whose reading depended on a word the change made
 * common or uncommon); the corpus-wide steps (confirmation, merge, roles) run on everything, so
 * the registry is exactly the one a full build gives.
 */
export function buildActorRegistryIncrementally(
  documents: ProcessedDocument[],
  options: { overrides?: ActorOverrides; previousExtractions?: ActorExtractions },
): IncrementalActorRegistry {
  const { candidates, extracted } = collectCandidates(documents, options.previousExtractions);
  return registryOf(documents, candidates, extracted, options.overrides);
}

/**
 * {@link buildActorRegistryIncrementally} with the documents' reading (wink-nlp tagging every
 * sentence, most of the time) on two threads; the same registry and extractions.
 */
export async function buildActorRegistryInParallel(
  documents: ProcessedDocument[],
  options: { overrides?: ActorOverrides; previousExtractions?: ActorExtractions; parallel?: Parameters<typeof extractDocumentsInParallel>[2] },
): Promise<IncrementalActorRegistry & { readInWorker: number }> {
  const extracted = await extractDocumentsInParallel(documents, options.previousExtractions, options.parallel);
  return { ...registryOf(documents, confirmCandidates(extracted), extracted, options.overrides), readInWorker: extracted.readInWorker };
}

function registryOf(documents: ProcessedDocument[], candidates: CandidateMention[], extracted: ExtractedCorpus, overrides: ActorOverrides | undefined): IncrementalActorRegistry {
  const sentenceOf = new Map<string, Sentence>();
  for (const d of documents) for (const s of d.sentences) sentenceOf.set(sentenceKey(d.document.docId, s.index), s);
  const { drafts, leaningOf, ambiguous } = mergeIntoDrafts(candidates);
  finishDrafts(drafts, leaningOf, sentenceOf);
  const real = drafts.filter((d) => isRealActor(d));
  const problems: string[] = [];
  const final = overrides ? applyActorOverrides(real, overrides, documents, problems) : real;
  const entries = extracted.extractions.documents;
  const registry = toRegistryData(final, ambiguous, sentenceOf, documents, problems, (docId) => {
    const entry = entries[docId];
    return entry && (entry.facts ??= {});
  });
  return { registry, extractions: extracted.extractions, reusedDocuments: extracted.reusedDocuments };
}
