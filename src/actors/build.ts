import type { ProcessedDocument, Sentence } from '../corpus/types.js';
import { applyActorOverrides } from './apply-overrides.js';
import { collectCandidates } from './candidates.js';
import { finishDrafts, isRealActor } from './classify.js';
import { mergeIntoDrafts } from './merge.js';
import { toRegistryData } from './records.js';
import { sentenceKey } from './text.js';
import type { ActorOverrides, ActorRegistryData } from './types.js';

/**
 * Building the actor registry of a corpus: candidate mentions from every sentence, confirmed
 * against each other, merged into actors (aliases, surnames, nicknames, abbreviations, demonyms),
 * classified, given the roles the text states, then corrected by `actors.yaml`.
 */
export function buildActorRegistry(documents: ProcessedDocument[], overrides?: ActorOverrides): ActorRegistryData {
  const sentenceOf = new Map<string, Sentence>();
  for (const d of documents) for (const s of d.sentences) sentenceOf.set(sentenceKey(d.document.docId, s.index), s);
  const { drafts, leaningOf, ambiguous } = mergeIntoDrafts(collectCandidates(documents));
  finishDrafts(drafts, leaningOf, sentenceOf);
  const real = drafts.filter((d) => isRealActor(d));
  const problems: string[] = [];
  const final = overrides ? applyActorOverrides(real, overrides, documents, problems) : real;
  return toRegistryData(final, ambiguous, sentenceOf, documents, problems);
}
