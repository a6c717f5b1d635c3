import { eng as englishStopWords } from 'stopword';
import { NAME_CONNECTORS } from './english-words.js';
import porter2 from 'wink-porter2-stemmer';
import americanEnglish from 'american-english';
import irregularVerbForms from 'wink-lexicon/src/irregular-verbs.js';

const stopWords = new Set<string>([
  ...englishStopWords,
  // What the package's English list lacks: question words and auxiliaries carry no topic ("Who
  // heads…" must match on "heads"), nor do attribution verbs and possessive fragments.
  'whom', 'whose', 'when', 'why', 'does', 'its', 'she', 'us', 'so', 'will', 'may', 'shall', 'not',
  'no', 'yes', 's', 't', 'according', 'say', 'says', 'name', 'named', 'called',
]);

/** Word-like runs: letters (any script) and digits, keeping inner apostrophes, periods of
 * abbreviations and decimal points out of the term. */
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

/**
 * Accents (and compatibility forms) removed, case kept: "Nicolás" → "Nicolas". News text drops
 * diacritics often enough that every comparison of words or names goes through this one fold.
 */
export function foldAccents(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '');
}

/** Lower case with accents removed, so "Nicolás" and "nicolas" are one term. */
export function foldCase(text: string): string {
  return foldAccents(text).toLowerCase();
}

/** How many letters two words share at their start ("signed" and "signatures": 4). */
export function sharedPrefixLength(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

/** The words of a text, case- and accent-folded, possessive 's dropped, in order. */
export function words(text: string): string[] {
  const out: string[] = [];
  // "84%", "84 percent" and "84 per cent" say the same, and a question asks for a "percentage":
  // all become the word "percent", so any of them matches any other.
  for (const match of foldCase(text).replace(/%/g, ' percent ').replace(/\bper cent\b|\bpercentages?\b/g, 'percent').matchAll(WORD)) {
    const word = match[0];
    // Most words hold no apostrophe: skip the two replacements for them (same result).
    out.push(word.includes("'") || word.includes('’') ? word.replace(/['’]s$/, '').replace(/['’]/g, '') : word);
  }
  return out;
}

export function isStopWord(word: string): boolean {
  return stopWords.has(word);
}

/**
 * Stems already seen, by word. Stemming was most of the time of a lexical index build (every
 * passage is analysed twice: for MiniSearch and for document frequencies) and of each question's
 * sentence scoring; words follow Zipf's law, so a small cache answers nearly every call. Cleared
 * when full, so a long-running bot fed unusual words never grows it without bound.
 */
const stemCache = new Map<string, string>();
const STEM_CACHE_LIMIT = 200_000;

/** Longer "words" (hashes, URLs run together, garbage) are not stemmed. */
const MAX_STEMMED_WORD = 40;

/**
 * Forms of irregular verbs that news uses more often as other words, so they keep their own stem:
 * "the crew", "drug cartels", "the Fed", "the shore", "rent", "bound for", "ground", "wound", "a bit",
 * "lay" (also a verb of its own), the modals ("might" is not "May").
 */
const NOT_VERB_FORMS = new Set(['crew', 'drug', 'fed', 'shore', 'rent', 'bound', 'ground', 'wound', 'bit', 'bore', 'lay', 'dove', 'stove', 'slew', 'gilt', 'might', 'could', 'would']);

/**
 * An irregular verb's form, as its base ("paid" → "pay", "made" → "make", "took" → "take"), which
 * Porter2 cannot see: a reader asks "How much did they pay?" of an article that says "paid".
 */
function verbBaseOf(word: string): string {
  const base = irregularVerbForms[word];
  return base === undefined || NOT_VERB_FORMS.has(word) ? word : base;
}

/**
 * A British spelling as the American one ("organisations" → "organizations", "labour" → "labor",
 * "defence" → "defense"), from the american-english package's list of 1,738 words and their
 * inflections: a reader in London asks of an article from Washington, and Porter2 keeps the two
 * spellings apart ("organis" and "organ").
 */
function americanSpellingOf(word: string): string {
  return Object.hasOwn(americanEnglish.us_spelling, word) ? americanEnglish.us_spelling[word]! : word;
}

/**
 * Stems a folded word (in American spelling, an irregular verb's form as its base); numbers and
 * overlong runs are kept as they are.
 */
export function stem(word: string): string {
  // Porter2 takes time quadratic in a word's length: a 150,000-letter "word" in a corpus file
  // stalled a build for minutes. No real word is this long, so such runs are kept as they are.
  if (/^\d/.test(word) || word.length > MAX_STEMMED_WORD) return word;
  let stemmed = stemCache.get(word);
  if (stemmed === undefined) {
    if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
    stemmed = porter2(verbBaseOf(americanSpellingOf(word)));
    stemCache.set(word, stemmed);
  }
  return stemmed;
}

/**
 * Search terms of a text: folded words without stop words, stemmed. The lexical index and the
 * answer scorer both use this, so a question term and a sentence term match the same way.
 */
export function searchTerms(text: string): string[] {
  const out: string[] = [];
  for (const word of words(text)) {
    let term = termCache.get(word);
    if (term === undefined) {
      term = isStopWord(word) ? null : stem(word);
      if (termCache.size >= STEM_CACHE_LIMIT) termCache.clear();
      termCache.set(word, term);
    }
    if (term !== null) out.push(term);
  }
  return out;
}

/**
 * Each word's search term (null for a stop word), as {@link searchTerms} makes it: a build analyses
 * every passage, and one lookup per word costs less than the stop-word test, the digit test and
 * the stem cache's lookup it replaces. Bounded and cleared like the stem cache.
 */
const termCache = new Map<string, string | null>();

/**
 * Adjacent pairs of terms, "a b", in order: a passage or sentence that keeps a question's word
 * order ("battl hast" for "Battle of Hastings") is stronger evidence than the same words scattered.
 */
export function adjacentTermPairs(terms: readonly string[]): string[] {
  const pairs: string[] = [];
  for (let i = 1; i < terms.length; i++) pairs.push(`${terms[i - 1]} ${terms[i]}`);
  return pairs;
}


/**
 * The names of a question as lists of stemmed terms: runs of capitalised words after the first
 * word (and all-capital words), joined by connectors such as "de" or "of".
 */
export function namePhrasesOf(text: string): string[][] {
  const tokens = text.match(/[\p{L}][\p{L}\p{M}'’.-]*/gu) ?? [];
  // A capital letter hyphened to a word names no one: "a U-turn", "an X-ray", "T-shirts".
  const isName = (token: string, i: number) => !/^\p{Lu}-\p{Ll}/u.test(token) && ((i > 0 && /^\p{Lu}/u.test(token)) || /^\p{Lu}{2,}$/u.test(token));
  // A connector joins a name only when more connectors and then a capitalised word follow it.
  const continuesName = (from: number): boolean => {
    let j = from;
    while (j < tokens.length && NAME_CONNECTORS.has(tokens[j]!.toLowerCase())) j++;
    return j < tokens.length && isName(tokens[j]!, j);
  };
  const phrases: string[][] = [];
  let current: string[] = [];
  tokens.forEach((token, i) => {
    if (isName(token, i)) {
      for (const word of words(token)) if (!isStopWord(word)) current.push(stem(word));
    } else if (!(current.length > 0 && NAME_CONNECTORS.has(token.toLowerCase()) && continuesName(i + 1))) {
      if (current.length > 0) phrases.push(current);
      current = [];
    } else {
      for (const word of words(token)) if (!isStopWord(word)) current.push(stem(word));
    }
  });
  if (current.length > 0) phrases.push(current);
  return phrases;
}

/**
 * Per-term weights that make a name of several words count as one thing: each of its k distinct
 * terms gets 1/k. Terms outside such names are absent (weight 1). Pass `phrases` when the text's
 * name phrases are already known, so they are not found twice.
 */
export function nameTermShares(text: string, phrases: readonly (readonly string[])[] = namePhrasesOf(text)): Map<string, number> {
  const shares = new Map<string, number>();
  for (const phrase of phrases) {
    const distinct = [...new Set(phrase)];
    if (distinct.length < 2) continue;
    for (const term of distinct) shares.set(term, Math.min(shares.get(term) ?? 1, 1 / distinct.length));
  }
  return shares;
}
