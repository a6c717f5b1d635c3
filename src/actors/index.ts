/**
 * The actors stage: who is who in the corpus (people, organisations, states, groups), their
 * aliases, roles and mentions, and extractive summaries of what the sources say about them.
 */
export type {
  ActorDetail,
  ActorKind,
  ActorListing,
  ActorMention,
  ActorOverrideEntry,
  ActorOverrides,
  ActorRecord,
  ActorRegistryData,
  ActorRoleRecord,
  ActorSummary,
  AmbiguousName,
  CitedRole,
} from './types.js';
export { ACTOR_REGISTRY_FORMAT_VERSION } from './types.js';
export { buildActorRegistry, buildActorRegistryIncrementally, buildActorRegistryInParallel, type IncrementalActorRegistry } from './build.js';
export { parseActorExtractions, planExtractionAhead, serializeActorExtractions, type ActorExtractions } from './extractions.js';
export { parseActorOverrides } from './overrides.js';
export { ActorRegistry } from './registry.js';
export { corpusSourceFromDocuments, type ActorCorpusSource } from './corpus-source.js';
export type { ActorSummaryOptions } from './summarize.js';
export { attributesSpeechTo } from './attribution.js';
