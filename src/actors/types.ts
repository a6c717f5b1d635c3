import type { Citation, CitedSentence } from '../evidence/index.js';

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
  /** Outlets (document `meta.source`) of the documents that mention the actor. */
  sources?: string[];
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

/** Version of {@link ActorRegistryData}; bump it when the shape changes so old index files are rebuilt. */
export const ACTOR_REGISTRY_FORMAT_VERSION = 2;

/** One place the text names an actor: `document.text.slice(start, end)` is the name as written. */
export interface ActorMention {
  docId: string;
  /** `Sentence.index` of the sentence holding the mention. */
  sentence: number;
  start: number;
  end: number;
  /**
   * The actor is a subject here: a verb follows the name within three words ("Maduro responded"),
   * unlike "Trump’s envoy" or "the Trump administration". Decided from wink-nlp tags at build time
   * (format 2) so that summaries never tag text.
   */
  subject: boolean;
  /** The mention's sentence has a verb other than a speech verb: it reports an action, not only words. */
  action: boolean;
}

/** A role with the sentence it came from, as saved (the summary turns it into a {@link CitedRole}). */
export interface ActorRoleRecord {
  /** The role as written: "Interior Minister", "Trump’s special envoy". */
  role: string;
  docId: string;
  sentence: number;
  /** Offsets of the whole sentence in the document. */
  start: number;
  end: number;
}

/** An actor as saved in an index generation's `actors.json`. */
export interface ActorRecord {
  /** Slug of the name: "diosdado-cabello". */
  id: string;
  name: string;
  kind: ActorKind;
  /** Other names the text (or `actors.yaml`) uses for the actor, the canonical name excluded. */
  aliases: string[];
  roles: ActorRoleRecord[];
  /** Every mention, in document order. */
  mentions: ActorMention[];
  /** Documents that mention the actor, in corpus order. */
  docIds: string[];
}

/** A name several actors share ("Rodríguez"): lookups answer with a choice instead of a guess. */
export interface AmbiguousName {
  name: string;
  actorIds: string[];
}

/** The plain, JSON-serialisable actor registry saved with each index generation. */
export interface ActorRegistryData {
  formatVersion: typeof ACTOR_REGISTRY_FORMAT_VERSION;
  /** Most mentioned first. */
  actors: ActorRecord[];
  ambiguous: AmbiguousName[];
  /** What could not be applied from `actors.yaml`, in words a moderator can act on. */
  problems: string[];
}

/** One entry of `actors.yaml`: names an actor (existing or new) and what to change. */
export interface ActorOverrideEntry {
  /** Any name or alias the registry knows; a name it does not know adds a new actor. */
  name: string;
  /** Replaces the canonical name. */
  rename?: string;
  kind?: ActorKind;
  aliases?: string[];
}

/** The parsed `actors.yaml`. */
export interface ActorOverrides {
  actors: ActorOverrideEntry[];
  /** Each group becomes one actor, named after its first member. */
  merge: string[][];
  /** Names of actors that are not actors (a columnist, a product). */
  exclude: string[];
}
