import { COUNTRIES, KNOWN_ORGANIZATIONS, OUTLETS, TITLE_HEADS } from './gazetteer.js';
import { nameKey } from './text.js';
import type { Token } from './tokens.js';

/**
 * The gazetteer as lookups by written words: states (names, aliases, demonyms), known
 * international organisations, outlets and title heads.
 */

interface CountryLookup {
  name: string;
  viaDemonym: boolean;
}

/** Country names, aliases and demonyms by the exact words written (case matters: "US" not "us"). */
const COUNTRY_BY_WORDS = new Map<string, CountryLookup>();
for (const country of COUNTRIES) {
  for (const form of [country.name, ...country.aliases]) {
    COUNTRY_BY_WORDS.set(form, { name: country.name, viaDemonym: false });
  }
  for (const demonym of country.demonyms) {
    COUNTRY_BY_WORDS.set(demonym, { name: country.name, viaDemonym: true });
    const plural = demonym.endsWith('s') || demonym.endsWith('ese') ? demonym : `${demonym}s`;
    COUNTRY_BY_WORDS.set(plural, { name: country.name, viaDemonym: true });
  }
}
const MAX_COUNTRY_WORDS = 4;

const KNOWN_ORGANIZATION_BY_KEY = new Map<string, string>();
for (const [name, abbreviations] of Object.entries(KNOWN_ORGANIZATIONS)) {
  KNOWN_ORGANIZATION_BY_KEY.set(nameKey(name), name);
  for (const abbreviation of abbreviations) KNOWN_ORGANIZATION_BY_KEY.set(nameKey(abbreviation), name);
}

const OUTLET_KEYS = new Set([...OUTLETS].map((o) => nameKey(o)));

/** Compass words: "Eastern Libya" is Libya, a lone "Western" is nobody. */
export const DIRECTIONS = new Set(['North', 'South', 'East', 'West', 'Northern', 'Southern', 'Eastern', 'Western', 'Central']);

/** The state a name, alias or demonym refers to, as written. */
export function countryOf(words: string): string | null {
  return COUNTRY_BY_WORDS.get(words)?.name ?? null;
}

/** Is the word, as written, a state's name, alias or demonym? */
export function isCountryWord(word: string): boolean {
  return COUNTRY_BY_WORDS.has(word);
}

/** Is the word a demonym ("Venezuelan"), which may open a role ("Venezuelan dictator")? */
export function isDemonym(word: string): boolean {
  return COUNTRY_BY_WORDS.get(word)?.viaDemonym === true;
}

/** A known international organisation's canonical name, by name key. */
export function knownOrganizationOf(key: string): string | null {
  return KNOWN_ORGANIZATION_BY_KEY.get(key) ?? null;
}

/** Is the name key a news outlet's ("the new york times" counts too)? */
export function isOutletKey(key: string): boolean {
  return OUTLET_KEYS.has(key) || OUTLET_KEYS.has(key.replace(/^the /, ''));
}

export function isTitleHead(word: string): boolean {
  return TITLE_HEADS.has(word.toLowerCase());
}

/** A state (name, alias or demonym) that starts at token `i` before `end`, longest first. */
export function countryAt(tokens: readonly Token[], i: number, end: number): { name: string; length: number } | null {
  for (let length = Math.min(MAX_COUNTRY_WORDS, end - i); length >= 1; length--) {
    const slice = tokens.slice(i, i + length);
    if (slice.some((t, k) => k > 0 && !t.spaceBefore)) continue;
    const lookup = COUNTRY_BY_WORDS.get(slice.map((t) => t.text).join(' '));
    if (lookup) return { name: lookup.name, length };
  }
  return null;
}
