import {
  addsOnlyOrganizationCues,
  hasNonPersonConnector,
  isNicknameVariant,
  isPartOfPersonName,
  isSurnameSlip,
  leaning,
  organizationKey,
  type Leaning,
} from './merge-rules.js';
import { keyWords, nameKey } from './text.js';
import { emptyDraft, type ActorDraft, type ActorKind, type CandidateMention, type KindHint } from './types.js';

/**
 * Merging candidate mentions into actor drafts: states and known organisations by their
 * canonical name; every other name by its key, longest names first, each attached to the one
 * actor whose name it is part of (surname, nickname, bracketed acronym, cue-less organisation
 * name, a one-letter slip) or made a new actor. A name that fits several actors is ambiguous.
 */

/** The mentions written with one key, and the kinds their contexts voted for. */
interface KeyStats {
  key: string;
  mentions: CandidateMention[];
  votes: Map<KindHint, number>;
}

/** The drafts of a corpus and what the merge learnt on the way. */
export interface MergedDrafts {
  drafts: ActorDraft[];
  leaningOf: Map<ActorDraft, Leaning>;
  /** Names that fit several drafts ("Rodríguez"), by key. */
  ambiguous: Map<string, Set<ActorDraft>>;
}

function vote(stats: KeyStats, hint: KindHint | null): void {
  if (hint) stats.votes.set(hint, (stats.votes.get(hint) ?? 0) + 1);
}

/** Merges confirmed candidate mentions into actor drafts. Deterministic. */
export function mergeIntoDrafts(candidates: readonly CandidateMention[]): MergedDrafts {
  const merger = new DraftMerger();
  const { byKey, abbreviationOf } = merger.groupCandidates(candidates);
  // Word counts computed once, not in every comparison (tens of thousands of keys in a real archive).
  const wordCount = new Map([...byKey.keys()].map((key) => [key, keyWords(key).length]));
  const ordered = [...byKey.values()].sort(
    (a, b) => wordCount.get(b.key)! - wordCount.get(a.key)! || b.mentions.length - a.mentions.length || a.key.localeCompare(b.key),
  );
  for (const stats of ordered) merger.place(stats, abbreviationOf.get(stats.key));
  return { drafts: merger.drafts, leaningOf: merger.leaningOf, ambiguous: merger.ambiguous };
}

class DraftMerger {
  readonly drafts: ActorDraft[] = [];
  readonly leaningOf = new Map<ActorDraft, Leaning>();
  readonly ambiguous = new Map<string, Set<ActorDraft>>();
  private readonly byCanonical = new Map<string, ActorDraft>();
  private readonly draftByKey = new Map<string, ActorDraft>();
  /**
   * Blocking indexes over the placed keys, so a name is compared with the few keys that could
   * hold it, not with every actor (the registry of a 2,000-article archive has thousands):
   * every rule of `parentsOf` needs the other key to hold the name's first or second word, and a
   * surname slip needs a last word one edit away, which shares a one-letter deletion with it.
   */
  private readonly keysByWord = new Map<string, string[]>();
  private readonly keysByLastWordDeletion = new Map<string, string[]>();
  private readonly wordsOfKey = new Map<string, string[]>();

  /** Canonical names go straight to their draft; every other candidate is grouped by key, with its kind vote. */
  groupCandidates(candidates: readonly CandidateMention[]): { byKey: Map<string, KeyStats>; abbreviationOf: Map<string, string> } {
    const byKey = new Map<string, KeyStats>();
    const abbreviationOf = new Map<string, string>();
    for (const c of candidates) {
      if (c.canonical) {
        this.addCanonical(c, c.canonical);
        continue;
      }
      const key = c.hint === 'organization' ? organizationKey(c.key) : c.key;
      let stats = byKey.get(key);
      if (!stats) byKey.set(key, (stats = { key, mentions: [], votes: new Map() }));
      stats.mentions.push(c);
      vote(stats, c.hint);
      if (c.abbreviates) abbreviationOf.set(key, organizationKey(c.abbreviates));
    }
    // Votes travel with a key however it was written, so "Tren de Aragua" is an organisation everywhere;
    // a name that only ever has a role is a person.
    for (const stats of byKey.values()) {
      for (const m of stats.mentions) if (!m.hint && stats.votes.size === 0 && m.role) vote(stats, 'person');
    }
    return { byKey, abbreviationOf };
  }

  private addCanonical(c: CandidateMention, canonical: string): void {
    let draft = this.byCanonical.get(canonical);
    if (!draft) {
      const kind: ActorKind = c.hint === 'country' ? 'country' : 'organization';
      draft = { ...emptyDraft(canonical, kind), canonical };
      draft.keys.add(nameKey(canonical));
      this.byCanonical.set(canonical, draft);
      this.drafts.push(draft);
    }
    draft.keys.add(c.key);
    draft.surfaces.add(c.surface);
    draft.mentions.push(c);
  }

  /** Attaches a key's mentions to the actor it names, or records it as ambiguous, or starts a new actor. */
  place(stats: KeyStats, longForm: string | undefined): void {
    const own = leaning(stats.votes);
    const abbreviated = longForm ? this.draftByKey.get(longForm) : undefined;
    if (abbreviated) return this.attach(abbreviated, stats);
    if (own === 'capital') return this.attach(this.newDraft(), stats);
    const parents = this.parentsOf(stats, own);
    if (parents.size === 1) return this.attach([...parents][0]!, stats);
    if (parents.size > 1) {
      // "Rodríguez" when the text names Delcy and Jorge Rodríguez: no guess.
      this.ambiguous.set(stats.key, parents);
      return;
    }
    const slipOf = own === 'organization' ? undefined : this.surnameSlipOf(stats);
    if (slipOf) return this.attach(slipOf, stats);
    const draft = this.newDraft();
    this.leaningOf.set(draft, own);
    this.attach(draft, stats);
  }

  /** The actors whose longer name this key is part of. */
  private parentsOf(stats: KeyStats, own: Leaning): Set<ActorDraft> {
    const mine = this.wordsOf(stats.key);
    const parents = new Set<ActorDraft>();
    for (const otherKey of this.placedKeysHolding(mine)) {
      const draft = this.draftByKey.get(otherKey)!;
      const theirs = this.wordsOf(otherKey);
      const theirLean = this.leaningOf.get(draft);
      if (theirLean === 'capital') continue;
      const organizational = theirLean === 'organization' || theirLean === 'group' || own === 'organization' || own === 'group';
      if (organizational) {
        if (addsOnlyOrganizationCues(mine, theirs)) parents.add(draft);
      } else if (!hasNonPersonConnector(otherKey) && (isPartOfPersonName(mine, theirs) || isNicknameVariant(mine, theirs))) {
        parents.add(draft);
      }
    }
    return parents;
  }

  /**
   * The placed keys that could accept this name under a rule of `parentsOf`, in the order they
   * were placed. A contiguous part shares every word with its parent, a nickname variant every
   * word after the first: either way the parent holds each of `mine`'s words after the first (or
   * its only word), so the keys holding the rarest of those are the only ones to compare.
   */
  private placedKeysHolding(mine: readonly string[]): string[] {
    // An empty key is a contiguous part of every key: compare it with all of them, as the rules say.
    if (mine.length === 0) return [...this.draftByKey.keys()];
    const required = mine.length === 1 ? mine : mine.slice(1);
    let fewest: string[] | undefined;
    for (const word of required) {
      const keys = this.keysByWord.get(word) ?? [];
      if (!fewest || keys.length < fewest.length) fewest = keys;
    }
    // Each list is in placing order already (keys are appended as they are placed).
    return fewest ?? [];
  }

  private wordsOf(key: string): string[] {
    let words = this.wordsOfKey.get(key);
    if (!words) this.wordsOfKey.set(key, (words = keyWords(key)));
    return words;
  }

  /** The one person whose surname this lone word misspells by a letter, if exactly one. */
  private surnameSlipOf(stats: KeyStats): ActorDraft | undefined {
    const mine = this.wordsOf(stats.key);
    const near = new Set<ActorDraft>();
    if (mine.length !== 1) return undefined; // isSurnameSlip holds for lone words only
    const candidates = new Set<string>();
    for (const variant of withOneLetterDeleted(mine[0]!)) for (const key of this.keysByLastWordDeletion.get(variant) ?? []) candidates.add(key);
    for (const otherKey of candidates) {
      const draft = this.draftByKey.get(otherKey)!;
      if (this.leaningOf.get(draft) === 'organization' || hasNonPersonConnector(otherKey)) continue;
      if (isSurnameSlip(mine, this.wordsOf(otherKey))) near.add(draft);
    }
    return near.size === 1 ? [...near][0] : undefined;
  }

  /** Adds a newly placed key to the blocking indexes. */
  private index(key: string): void {
    const words = this.wordsOf(key);
    for (const word of new Set(words)) push(this.keysByWord, word, key);
    const last = words[words.length - 1];
    if (words.length >= 2 && last) for (const variant of withOneLetterDeleted(last)) push(this.keysByLastWordDeletion, variant, key);
  }

  private newDraft(): ActorDraft {
    const draft = emptyDraft();
    this.drafts.push(draft);
    return draft;
  }

  private attach(draft: ActorDraft, stats: KeyStats): void {
    draft.keys.add(stats.key);
    for (const m of stats.mentions) {
      draft.mentions.push(m);
      draft.surfaces.add(m.surface);
    }
    if (!this.draftByKey.has(stats.key)) this.index(stats.key);
    this.draftByKey.set(stats.key, draft);
    // A draft that does not lean yet takes the lean of the first name attached that does.
    if (!this.leaningOf.get(draft)) this.leaningOf.set(draft, leaning(stats.votes));
  }
}

function push(map: Map<string, string[]>, word: string, key: string): void {
  const list = map.get(word);
  if (list) list.push(key);
  else map.set(word, [key]);
}

/**
 * The word and every spelling of it with one letter deleted: two words one edit apart (a letter
 * changed, added, dropped or two swapped) always share one of these, so they block surname slips.
 */
function withOneLetterDeleted(word: string): Set<string> {
  const variants = new Set([word]);
  for (let i = 0; i < word.length; i++) variants.add(word.slice(0, i) + word.slice(i + 1));
  return variants;
}
