import { DETERMINERS } from '../text/index.js';
import { HEAD_OF_STATE_ROLES } from './gazetteer.js';
import { countryOf } from './known-names.js';
import { keyWords, nameKey, stripPossessive } from './text.js';
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

const MAX_COUNTRY_WORDS = 3;

/**
 * Groups an actor's roles by what they say once the state is left out ("Venezuela’s", "U.S.",
 * "Venezuelan") and head-of-state words are read as one. Groups come most wordings first, then
 * in the order the text gives them; within a group the best wording is the one whose head word
 * the text uses most, naming the state, with the shortest sentence.
 */
export function mergeNearSynonymRoles(roles: readonly ActorRoleRecord[]): MergedRole[] {
  // Each wording is read once; ranking compares what was read.
  const groups = new Map<string, ReadRole[]>();
  for (const record of roles) {
    const { core, namesState } = roleCore(record.role);
    const read: ReadRole = { record, namesState, head: headWord(record.role), sentenceLength: record.end - record.start };
    const group = groups.get(core);
    if (group) group.push(read);
    else groups.set(core, [read]);
  }
  return [...groups.values()]
    .map((variants, order) => ({ order, variants: rankVariants(variants) }))
    .sort((a, b) => b.variants.length - a.variants.length || a.order - b.order)
    .map(({ variants }) => ({ best: variants[0]!, variants }));
}

/** A wording with what ranking it needs. */
interface ReadRole {
  record: ActorRoleRecord;
  namesState: boolean;
  head: string;
  sentenceLength: number;
}

function rankVariants(variants: readonly ReadRole[]): ActorRoleRecord[] {
  const heads = new Map<string, number>();
  for (const v of variants) heads.set(v.head, (heads.get(v.head) ?? 0) + 1);
  const score = (v: ReadRole) => (heads.get(v.head) ?? 0) * 2 + (v.namesState ? 1 : 0);
  return variants
    .map((v, i) => ({ v, i, score: score(v) }))
    .sort((a, b) => b.score - a.score || a.v.sentenceLength - b.v.sentenceLength || a.i - b.i)
    .map(({ v }) => v.record);
}

function headWord(role: string): string {
  return keyWords(nameKey(role)).at(-1) ?? '';
}

/**
 * What a role says without its state and determiners, as a key: "Venezuela’s President" →
 * "head of state", "U.S. Defense Secretary" → "defense secretary", "former military
 * intelligence chief" unchanged.
 */
function roleCore(role: string): { core: string; namesState: boolean } {
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
    const written = stripPossessive(words.slice(i, i + length).join(' '));
    if (countryOf(written)) return length;
  }
  return 0;
}
