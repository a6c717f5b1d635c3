import { ORGANIZATION_CUES } from './gazetteer.js';
import { editDistance } from './text.js';
import type { KindHint } from './types.js';

/**
 * The rules by which two names are one actor, as named predicates over the words of their keys
 * (`mine` is the name being placed, `theirs` an actor's name already placed, longer names first).
 */

/** What the votes of a name's mentions lean to; a capital's name is a place, whatever else it is called. */
export type Leaning = 'person' | 'organization' | 'group' | 'capital' | null;

/** ORGANIZATION_CUES lower-cased once, to compare with the lower-case words of a name key. */
const LOWER_CASE_ORGANIZATION_CUES = new Set([...ORGANIZATION_CUES].map((cue) => cue.toLowerCase()));

/** Connectors that show a multi-word name is an organisation's or a title's, not a person's. */
const NON_PERSON_CONNECTORS = /\b(of|for|on|the|and)\b/u;

/** The strongest kind among the votes; a capital wins outright. */
export function leaning(votes: ReadonlyMap<KindHint, number>): Leaning {
  const count = (k: KindHint) => votes.get(k) ?? 0;
  if (count('capital') > 0) return 'capital';
  let best: Leaning = null;
  let most = 0;
  for (const kind of ['organization', 'group', 'person'] as const) {
    if (count(kind) > most) {
      best = kind;
      most = count(kind);
    }
  }
  return best;
}

/** "Department of War" and "War Department" name the same body. */
export function organizationKey(key: string): string {
  const match = /^(department|ministry|office) of (?:the )?(.+)$/u.exec(key);
  return match ? `${match[2]} ${match[1]}` : key;
}

/** "secretary of state marco rubio", "bank of america": a key with connectors is not a person's name. */
export function hasNonPersonConnector(key: string): boolean {
  return NON_PERSON_CONNECTORS.test(key);
}

/** Is `inner` a contiguous run of `outer`'s words? */
function isContiguousPart(inner: readonly string[], outer: readonly string[]): boolean {
  if (inner.length >= outer.length) return false;
  for (let i = 0; i + inner.length <= outer.length; i++) {
    if (inner.every((w, k) => outer[i + k] === w)) return true;
  }
  return false;
}

/** "Treasury" is the "Treasury Department": the longer name adds only organisation cue words. */
export function addsOnlyOrganizationCues(mine: readonly string[], theirs: readonly string[]): boolean {
  const extra = theirs.filter((w) => !mine.includes(w));
  return extra.length > 0 && extra.every((w) => LOWER_CASE_ORGANIZATION_CUES.has(w)) && isContiguousPart(mine, theirs);
}

/** "Maduro" and "Padrino López" are parts of a person's full name; a given name alone ("Nicolás") is not enough. */
export function isPartOfPersonName(mine: readonly string[], theirs: readonly string[]): boolean {
  const onlyGivenName = mine.length === 1 && theirs[0] === mine[0];
  return isContiguousPart(mine, theirs) && !onlyGivenName;
}

/** A short first name of a longer one: "Ric" of "Richard". */
function isNicknameOf(short: string, long: string): boolean {
  return short.length >= 3 && short !== long && long.startsWith(short);
}

/** "Ric Grenell" and "Richard Grenell": the same surname, and one first name shortens the other. */
export function isNicknameVariant(mine: readonly string[], theirs: readonly string[]): boolean {
  return (
    mine.length >= 2 &&
    mine.length === theirs.length &&
    mine.slice(1).join(' ') === theirs.slice(1).join(' ') &&
    (isNicknameOf(mine[0]!, theirs[0]!) || isNicknameOf(theirs[0]!, mine[0]!))
  );
}

/** "Rouvinksi" (sic) a line after "Vladimir Rouvinski": a lone long word one letter from a full name's surname. */
export function isSurnameSlip(mine: readonly string[], theirs: readonly string[]): boolean {
  return mine.length === 1 && mine[0]!.length >= 6 && theirs.length >= 2 && editDistance(mine[0]!, theirs[theirs.length - 1]!, 1) === 1;
}
