import type { ActorListing, ActorSummary } from './actors/types.js';
import type { Answer } from './answer/types.js';
import type { BuildProgress, BuildReport } from './index/types.js';

/** A document as listed by `sources --json`. */
export interface SourceListing {
  docId: string;
  title: string;
  source: string | null;
  url: string | null;
  published: string | null;
  passages: number;
  chars: number;
}

export interface ReindexOptions {
  /** A Discord user id, or "cli". Recorded in the audit log. */
  requestedBy: string;
  /** Accept a build that would serve far less than before (no documents, or half of them gone). */
  force?: boolean;
  onProgress?: (progress: BuildProgress) => void;
}

/**
 * Everything the bot and the command line can do, over one served index generation.
 * Both front ends receive this object; neither reaches past it into the stages.
 */
export interface VerbatimService {
  ask(question: string): Promise<Answer>;
  actor(query: string): Promise<ActorSummary>;
  /** Actors, most mentioned first. */
  actors(limit?: number): Promise<ActorListing[]>;
  /** Actors whose name or alias starts with / contains `partial`, for autocomplete (fast, no model call). */
  suggestActors(partial: string, limit: number): Promise<ActorListing[]>;
  sources(): Promise<SourceListing[]>;
  reindex(options: ReindexOptions): Promise<BuildReport>;
  /** The generation being served, e.g. `g-20251125T150102-ab12cd`; null before the first load. */
  currentGeneration(): string | null;
}
