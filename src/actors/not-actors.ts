import { isStopWord } from '../text/index.js';
import {
  DESIGNATION_CONTEXT,
  EVENT_LAST_WORDS,
  NEVER_ACTORS,
  NOT_ACTOR_ACRONYMS,
  NOT_ACTOR_NAMES,
  ORGANIZATION_CUES,
  OUTLET_LAST_WORDS,
  OUTLET_NOUNS,
  REGIONS,
  VEHICLE_CONTEXT,
  VEHICLE_PREFIXES,
} from './gazetteer.js';
import { DIRECTIONS, isOutletKey } from './known-names.js';
import { nameKey } from './text.js';
import { isCapitalised, isWord, type Token } from './tokens.js';
import type { ExtractionContext } from './types.js';

/**
 * The extraction's rejections: capitalised words that are not actors (outlets, photo credits,
 * regions, vehicles, designations, events, dates) and sentences whose capitals prove nothing
 * (headlines).
 */

/**
 * Capitalised headlines ("Maduro’s Inner Circle Hasn’t Cracked") make every word look like a
 * name, so names there only count when confirmed elsewhere.
 */
export function isHeadline(tokens: readonly Token[], context: ExtractionContext): boolean {
  let lowerLongWords = 0;
  let capitalisedCommon = 0;
  tokens.forEach((t, i) => {
    if (!isWord(t)) return;
    if (/^\p{Ll}/u.test(t.text) && t.text.length >= 4) lowerLongWords++;
    if (i > 0 && isCapitalised(t)) {
      const lower = t.text.toLowerCase();
      if (isStopWord(lower) || context.commonWords.has(lower)) capitalisedCommon++;
    }
  });
  return lowerLongWords <= 1 && capitalisedCommon >= 2;
}

/**
 * Names that are not actors though capitalised like one: a vehicle ("Air Force One", "USS Gerald
 * R. Ford", or anything "aboard"), a designation ("designated as a Foreign Terrorist
 * Organization", "FTO"), an event ("State of the Union", "G20 Summit"). `'context'` when only the
 * words before the name say so (the build then drops the name elsewhere too).
 */
export function notActorName(nameWords: readonly string[], key: string, before: string): 'name' | 'context' | null {
  if (NOT_ACTOR_NAMES.has(key) || NOT_ACTOR_NAMES.has(key.replace(/^the /u, ''))) return 'name';
  if (nameWords.length === 1 && NOT_ACTOR_ACRONYMS.has(nameWords[0]!.replace(/\./gu, ''))) return 'name';
  if (nameWords.length > 1 && VEHICLE_PREFIXES.has(nameWords[0]!.replace(/\./gu, ''))) return 'name';
  if (nameWords.length > 1 && EVENT_LAST_WORDS.has(nameWords[nameWords.length - 1]!)) return 'name';
  return VEHICLE_CONTEXT.test(before) || DESIGNATION_CONTEXT.test(before) ? 'context' : null;
}

/** A world region ("Latin America", "the Caribbean") is a place, never an actor. */
export function isRegionKey(key: string): boolean {
  return REGIONS.has(key) || REGIONS.has(key.replace(/^the /, ''));
}

/**
 * A name that never names an actor whatever its context: a lone cue or compass word, a date
 * ("March 3", "Election Day"), a single letter.
 */
export function isNeverAnActor(nameWords: readonly string[], next: Token | undefined): boolean {
  const first = nameWords[0]!;
  if (nameWords.length === 1 && (NEVER_ACTORS.has(first) || ORGANIZATION_CUES.has(first) || DIRECTIONS.has(first))) return true;
  if (NEVER_ACTORS.has(first) && nameWords.length <= 2 && /^\d/.test(next?.text ?? '')) return true;
  if (/^(Day|Week|Month|Year|Eve)$/u.test(nameWords[nameWords.length - 1]!)) return true;
  return nameWords.length === 1 && first.replace(/[^\p{L}]/gu, '').length < 2;
}

/** Is the run a photo credit or a publication ("Photo by …", "AFP via Getty Images", "The New York Times")? */
export function isOutletOrCredit(tokens: readonly Token[], sentenceText: string, from: number, to: number, words: string[]): boolean {
  const before = sentenceText.slice(0, tokens[from]!.start);
  if (/(photo|image|picture|credit)s?\s*(by|:)\s*$/iu.test(before) || /\bvia\s*$/u.test(before) || /\/\s*$/u.test(before)) return true;
  if (/^(photo|image)\b/iu.test(words[words.length - 1] ?? '')) return true;
  if (isOutletKey(nameKey(words.join(' ')))) return true;
  if (OUTLET_LAST_WORDS.has(words[words.length - 1] ?? '') && (words.length > 1 || tokens[from - 1]?.text.toLowerCase() === 'the')) return true;
  // "El Pais, a major Spanish-language daily newspaper": the appositive says what it is.
  const after = sentenceText.slice(tokens[to - 1]!.end, tokens[to - 1]!.end + 60);
  const appositive = /^[’']?s?,\s+(?:a|an|the)\s+([^,.;]*)/u.exec(after);
  return !!appositive && appositive[1]!.split(/\s+/).some((w) => OUTLET_NOUNS.has(w.toLowerCase()));
}
