import { COUNTRIES, HONORIFICS } from './gazetteer.js';
import { countryOf, knownOrganizationOf } from './known-names.js';
import { editDistance, nameKey, typoAllowance } from './text.js';
import type { ActorListing, ActorRecord, ActorRegistryData } from './types.js';

/**
 * Finding the actor a person means: listing, autocomplete, forgiving lookup (names, aliases,
 * honorifics, accents, titles, a surname alone, typos) and close names when nothing matches.
 */

const TITLE_WORDS = /^(?:president|minister|secretary|senator|general|governor|ambassador|envoy|chief|leader)$/u;
const HONORIFIC_KEYS = new Set([...HONORIFICS].map((h) => nameKey(h)));

/** An actor with the keys a lookup compares a query with. */
export interface IndexedActor {
  record: ActorRecord;
  /** Keys of the name and every alias, honorifics removed. */
  keys: Set<string>;
  /** Every word of those keys. */
  words: Set<string>;
  /** The keys and words a typo is measured against (three letters or more), listed once at start-up. */
  spellings: string[];
}

/** A lookup's answer: the actor, or none with the candidates that made it uncertain. */
export interface Resolution {
  actor: IndexedActor | null;
  candidates: IndexedActor[];
}

export class ActorLookup {
  private readonly actors: IndexedActor[];
  private readonly byId = new Map<string, IndexedActor>();
  private readonly byKey = new Map<string, Set<string>>();
  private readonly ambiguous = new Map<string, string[]>();

  constructor(data: ActorRegistryData) {
    this.actors = data.actors.map(indexActor);
    for (const actor of this.actors) {
      this.byId.set(actor.record.id, actor);
      for (const key of actor.keys) {
        if (!this.byKey.has(key)) this.byKey.set(key, new Set());
        this.byKey.get(key)!.add(actor.record.id);
      }
    }
    for (const a of data.ambiguous) this.ambiguous.set(stripHonorific(nameKey(a.name)), a.actorIds);
  }

  /** Every actor, most mentioned first (as `actors --json` lists them). */
  list(limit?: number): ActorListing[] {
    const listings = this.actors.map((a) => toListing(a.record));
    return limit === undefined ? listings : listings.slice(0, limit);
  }

  /**
   * Autocomplete: actors whose name, alias or a word of them starts with `partial` (case and
   * accents ignored), then those containing it, then near spellings; most mentioned first within each.
   */
  suggest(partial: string, limit = 25): ActorListing[] {
    const query = stripHonorific(nameKey(partial));
    if (!query) return this.list(limit);
    const scored = this.actors
      .map((actor) => ({ actor, rank: suggestionRank(actor, query) }))
      .filter((s) => s.rank < Infinity);
    return scored
      .sort((a, b) => a.rank - b.rank || b.actor.record.mentions.length - a.actor.record.mentions.length)
      .slice(0, limit)
      .map((s) => toListing(s.actor.record));
  }

  /**
   * The actor a query names: exact name or alias, honorifics, titles and accents ignored; then
   * a state or known organisation by any of its names; then every word of the query among the
   * actor's names ("padrino lopez", a surname alone); then one or two typos ("cabelo"). A name
   * several actors share resolves to none, with them as candidates.
   */
  resolve(query: string): Resolution {
    const key = stripTitles(stripHonorific(nameKey(query)));
    if (!key) return { actor: null, candidates: [] };
    const exact = [...(this.byKey.get(key) ?? [])].map((id) => this.byId.get(id)!);
    if (exact.length > 0) return exact.length === 1 ? { actor: exact[0]!, candidates: exact } : { actor: null, candidates: exact };
    const shared = this.ambiguous.get(key);
    if (shared) return { actor: null, candidates: shared.map((id) => this.byId.get(id)).filter((a): a is IndexedActor => !!a) };
    const known = countryOf(query.trim()) ?? countryOf(titleCase(key)) ?? knownOrganizationOf(key);
    const actor = known ? this.actors.find((a) => a.record.name === known) : undefined;
    if (actor) return { actor, candidates: [actor] };
    const queryWords = key.split(' ');
    const byWords = this.actors.filter((a) => queryWords.every((w) => a.words.has(w)));
    if (byWords.length > 0) return byWords.length === 1 ? { actor: byWords[0]!, candidates: byWords } : { actor: null, candidates: byWords };
    return this.resolveTypo(key);
  }

  private resolveTypo(key: string): Resolution {
    const allowance = typoAllowance(key.length);
    if (allowance === 0) return { actor: null, candidates: [] };
    let best: Array<{ actor: IndexedActor; distance: number }> = [];
    for (const actor of this.actors) {
      let distance = Infinity;
      for (const candidate of actor.spellings) distance = Math.min(distance, editDistance(key, candidate, allowance));
      if (distance > allowance) continue;
      if (best.length === 0 || distance < best[0]!.distance) best = [{ actor, distance }];
      else if (distance === best[0]!.distance) best.push({ actor, distance });
    }
    if (best.length === 0) return { actor: null, candidates: [] };
    // Among equally near names, the one the corpus talks about most is the likelier meaning.
    best.sort((a, b) => b.actor.record.mentions.length - a.actor.record.mentions.length);
    return { actor: best[0]!.actor, candidates: best.map((b) => b.actor) };
  }

  /** Close names for a query that matched nothing (or several actors). */
  suggestionsFor(query: string, candidates: readonly IndexedActor[]): string[] {
    if (candidates.length > 0) return candidates.map((c) => c.record.name);
    const key = stripHonorific(nameKey(query));
    // Each typed word is compared too, so "Madero Moros" still suggests "Nicolás Maduro".
    const typed = [key, ...key.split(' ').filter((w) => w.length >= 4)];
    const near = this.actors
      .map((actor) => ({ actor, distance: relativeDistance(actor, typed) }))
      .filter((n) => n.distance <= 1)
      .sort((a, b) => a.distance - b.distance || b.actor.record.mentions.length - a.actor.record.mentions.length)
      .map((n) => n.actor.record.name);
    const prefixed = this.suggest(query, 5).map((l) => l.name);
    return [...new Set([...near, ...prefixed])].slice(0, 5);
  }
}

/** The listing of `actors --json`. */
export function toListing(record: ActorRecord): ActorListing {
  return { id: record.id, name: record.name, kind: record.kind, mentions: record.mentions.length, docIds: record.docIds };
}

function indexActor(record: ActorRecord): IndexedActor {
  const names = [record.name, ...record.aliases];
  if (record.kind === 'country') {
    const entry = COUNTRIES.find((c) => c.name === record.name);
    if (entry) names.push(...entry.aliases, ...entry.demonyms);
  }
  const keys = new Set(names.map((n) => stripHonorific(nameKey(n))).filter(Boolean));
  const words = new Set([...keys].flatMap((k) => k.split(' ')));
  const spellings = [...keys, ...words].filter((s) => s.length >= 3);
  return { record, keys, words, spellings };
}

/** 0 a name starts with the query, 1 a word does, 2 a name contains it, 3 a near spelling, Infinity none. */
function suggestionRank(actor: IndexedActor, query: string): number {
  let rank = Infinity;
  for (const key of actor.keys) {
    if (key.startsWith(query)) rank = Math.min(rank, 0);
    else if (key.split(' ').some((w) => w.startsWith(query))) rank = Math.min(rank, 1);
    else if (key.includes(query)) rank = Math.min(rank, 2);
  }
  const allowance = typoAllowance(query.length);
  if (rank === Infinity && allowance > 0) {
    for (const word of actor.words) {
      if (editDistance(query, word.slice(0, query.length + 1), allowance) <= allowance || editDistance(query, word, allowance) <= allowance) return 3;
    }
  }
  return rank;
}

/** Edit distance of the nearest typed form to any name of the actor, relative to the form's length. */
function relativeDistance(actor: IndexedActor, typed: readonly string[]): number {
  let distance = Infinity;
  for (const q of typed) {
    for (const candidate of actor.spellings) {
      distance = Math.min(distance, editDistance(q, candidate, 4) / Math.max(1, Math.min(2, q.length / 4)));
    }
  }
  return distance;
}

function stripHonorific(key: string): string {
  const [first, ...rest] = key.split(' ');
  return rest.length > 0 && HONORIFIC_KEYS.has(first!) ? rest.join(' ') : key;
}

/** "president trump" → "trump": a title typed before a name is not part of it. */
function stripTitles(key: string): string {
  const parts = key.split(' ');
  while (parts.length > 1 && TITLE_WORDS.test(parts[0]!)) parts.shift();
  return parts.join(' ');
}

function titleCase(key: string): string {
  return key.replace(/\b\p{L}/gu, (c) => c.toUpperCase());
}
