import { HEAD_OF_STATE_ROLES } from './gazetteer.js';
import { countryOf } from './known-names.js';
import { nameKey } from './text.js';
import { APOSTROPHES } from './tokens.js';
import type { ActorRoleRecord } from './types.js';

/**
 * Near-synonym roles as one: "Venezuela’s President", "President" and "Venezuelan President" say
 * the same of one actor, and so (for the top of a state) do "Venezuelan leader" and "Venezuelan
 * dictator". Each group keeps one wording verbatim, with its sentence, and lists the others.
 */

/** One role of an actor, with the other wordings the text uses for it. */
export interface MergedRole {
  /** The wording shown: its text and its sentence are the record's. */
  best: ActorRoleRecord;
  /** Every wording of the role, the best first. */
  variants: ActorRoleRecord[];
}

const DETERMINERS = new Set(['the', 'a', 'an', 'his', 'her', 'its', 'their']);
const POSSESSIVE = new RegExp(`[${APOSTROPHES}]s?$`, 'u');
const MAX_COUNTRY_WORDS = 3;

/**
 * Groups an actor's roles by what they say once the state is left out ("Venezuela’s", "U.S.",
 * "Venezuelan") and head-of-state words are read as one. Groups come most wordings first, then
 * in the order the text gives them; within a group the best wording is the one whose head word
 * the text uses most, naming the state, with the shortest sentence.
 */
export function mergeNearSynonymRoles(roles: readonly ActorRoleRecord[], sentenceLength: (role: ActorRoleRecord) => number): MergedRole[] {
  const groups = new Map<string, ActorRoleRecord[]>();
  for (const role of roles) {
    const core = roleCore(role.role).core;
    const group = groups.get(core);
    if (group) group.push(role);
    else groups.set(core, [role]);
  }
  return [...groups.values()]
    .map((variants, order) => ({ order, variants: rankVariants(variants, sentenceLength) }))
    .sort((a, b) => b.variants.length - a.variants.length || a.order - b.order)
    .map(({ variants }) => ({ best: variants[0]!, variants }));
}

function rankVariants(variants: readonly ActorRoleRecord[], sentenceLength: (role: ActorRoleRecord) => number): ActorRoleRecord[] {
  const heads = new Map<string, number>();
  for (const v of variants) {
    const head = headWord(v.role);
    heads.set(head, (heads.get(head) ?? 0) + 1);
  }
  const score = (v: ActorRoleRecord) => (heads.get(headWord(v.role)) ?? 0) * 2 + (roleCore(v.role).namesState ? 1 : 0);
  return variants
    .map((v, i) => ({ v, i }))
    .sort((a, b) => score(b.v) - score(a.v) || sentenceLength(a.v) - sentenceLength(b.v) || a.i - b.i)
    .map(({ v }) => v);
}

function headWord(role: string): string {
  const words = nameKey(role).split(' ');
  return words[words.length - 1] ?? '';
}

/**
 * What a role says without its state and determiners, as a key: "Venezuela’s President" →
 * "head of state", "U.S. Defense Secretary" → "defense secretary", "former military
 * intelligence chief" unchanged.
 */
export function roleCore(role: string): { core: string; namesState: boolean } {
  const words = role.split(/\s+/u).filter(Boolean);
  const kept: string[] = [];
  let namesState = false;
  for (let i = 0; i < words.length; ) {
    const country = countryWordsAt(words, i);
    if (country > 0) {
      namesState = true;
      i += country;
      continue;
    }
    if (kept.length === 0 && DETERMINERS.has(words[i]!.toLowerCase())) {
      i++;
      continue;
    }
    kept.push(words[i]!);
    i++;
  }
  const core = nameKey(kept.join(' '));
  return { core: HEAD_OF_STATE_ROLES.has(core) ? 'head of state' : core, namesState };
}

/** How many words at `i` name a state ("United States’", "Venezuelan"), 0 when none do. */
function countryWordsAt(words: readonly string[], i: number): number {
  for (let length = Math.min(MAX_COUNTRY_WORDS, words.length - i); length >= 1; length--) {
    const written = words.slice(i, i + length).join(' ').replace(POSSESSIVE, '');
    if (countryOf(written)) return length;
  }
  return 0;
}
