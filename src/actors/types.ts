import type { Citation, CitedSentence } from '../answer/types.js';

export type ActorKind = 'person' | 'organization' | 'country' | 'group' | 'other';

/** An actor as listed by `actors --json`. */
export interface ActorListing {
  id: string;
  name: string;
  kind: ActorKind;
  mentions: number;
  docIds: string[];
}

/** An actor with its aliases and roles, as in `actor --json`. */
export interface ActorDetail extends ActorListing {
  aliases: string[];
  roles: string[];
}

/** A role the text gives an actor, with the sentence it came from. */
export interface CitedRole {
  role: string;
  sentence: CitedSentence;
}

/** The actor summary of CONTRACT.md (`actor --json`), every line a cited verbatim sentence. */
export interface ActorSummary {
  query: string;
  found: boolean;
  actor: ActorDetail | null;
  /** What the sources say about the actor: ranked, diverse, verbatim. */
  summary: CitedSentence[];
  /** What the actor said: sentences quoting them, kept apart from `summary`. */
  said: CitedSentence[];
  roleEvidence: CitedRole[];
  related: { id: string; name: string; count: number }[];
  citations: Citation[];
  /** Close names when nothing matched (or when the match was uncertain). */
  suggestions: string[];
}
