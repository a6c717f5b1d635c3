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
  /** Other wordings the text uses for the same role ("President", "Venezuelan leader"), merged into this one. */
  alsoWritten?: string[];
}


/** The actor summary of CONTRACT.md (`actor --json`), every line a cited verbatim sentence. */
export interface ActorSummary {
  query: string;
  found: boolean;
  actor: ActorDetail | null;
  /**
   * What the sources say about the actor: ranked, diverse, verbatim. The first three are the key
   * sentences (concise ones first), enough for a compact first page.
   */
  summary: CitedSentence[];
  /**
   * What the actor said: sentences the text attributes to them, kept apart from `summary`; their
   * own words in quotation marks first, so the first two are the best quotes.
   */
  said: CitedSentence[];
  /** Each role (near-synonyms merged) with the sentence it came from; no sentence is also in `summary` or `said`. */
  roleEvidence: CitedRole[];
  related: { id: string; name: string; count: number }[];
  /** `quote`/`start`/`end` are the passage of the document's first sentence; `spans` lists every quoted sentence. */
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

// Build-time types, shared by the extraction passes, the merge and `actors.yaml` (not saved).

/** The sentence a candidate is found in: offsets into its document's text. */
export interface SentenceInput {
  docId: string;
  index: number;
  start: number;
  text: string;
}

/** What a candidate looks like it is, before corpus-wide evidence is weighed. */
export type KindHint = ActorKind | 'capital';

/** A span of a document and the text it holds. */
export interface DocumentSpan {
  text: string;
  start: number;
  end: number;
}

/** One place a name occurs, with what its context says about it. */
export interface CandidateMention {
  docId: string;
  sentence: number;
  /** Offsets of the name in the document (title, honorific and possessive excluded). */
  start: number;
  end: number;
  /** The name as written: `text.slice(start, end)` of the document. */
  surface: string;
  key: string;
  /** Offsets of each word of the name, so a headline's run can be cut to the names it holds. */
  parts: Array<[number, number]>;
  hint: KindHint | null;
  /** Canonical name from a gazetteer (a state or a known organisation), when it is one. */
  canonical?: string;
  /** "Mr." when the text wrote "Mr. Maduro": kept as an alias. */
  honorific?: string;
  /** A role the sentence gives this actor, verbatim, with its document offsets. */
  role?: DocumentSpan;
  /** The name opens a sentence or a quotation, so its first capital proves nothing. */
  clauseInitial?: boolean;
  /** The first word of the name was tagged a proper noun by wink-nlp. */
  firstWordProper?: boolean;
  /** Every word of the name was tagged a proper noun by wink-nlp. */
  proper: boolean;
  /** Found only where any word is capitalised (headlines, sentence starts): kept if confirmed elsewhere. */
  weak: boolean;
  /** Set on an acronym in brackets after a long name: "(FARC)" → key of the long name. */
  abbreviates?: string;
  /** See `mentionFacts`; unset when the mention was cut after extraction (recomputed when saved). */
  subject?: boolean;
  /** The sentence has a verb other than a speech verb (the same for every mention of the sentence). */
  action?: boolean;
}

/** Everything a sentence yields. */
export interface SentenceCandidates {
  mentions: CandidateMention[];
  /**
   * Keys of names the context shows are not actors ("aboard the Northern Star", "designated as a
   * Hostile Entity"): the build drops them wherever else they appear without a role.
   */
  notActorKeys: string[];
}

/** The context the whole corpus gives one sentence's extraction. */
export interface ExtractionContext {
  /** Lower-case words seen written in lower case somewhere in the corpus ("still", "inner"). */
  commonWords: Pick<ReadonlySet<string>, 'has'>;
}

/** An actor while it is being assembled. */
export interface ActorDraft {
  name: string;
  kind: ActorKind;
  /** Keys (see `nameKey`) that resolve to this actor. */
  keys: Set<string>;
  surfaces: Set<string>;
  mentions: CandidateMention[];
  roles: Array<{ role: string; docId: string; sentence: number }>;
  /** Set for states and known organisations: the name does not depend on how the text spells it. */
  canonical?: string;
}

/** An empty draft: the merge and `actors.yaml` fill it in. */
export function emptyDraft(name = '', kind: ActorKind = 'other'): ActorDraft {
  return { name, kind, keys: new Set(), surfaces: new Set(), mentions: [], roles: [] };
}
