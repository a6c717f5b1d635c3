import { eng as englishStopWords } from 'stopword';
import porter2 from 'wink-porter2-stemmer';

const stopWords = new Set<string>([
  ...englishStopWords,
  // Question words and auxiliaries carry no topic: "Who heads…" must match on "heads".
  'what', 'which', 'who', 'whom', 'whose', 'when', 'where', 'why', 'how', 'does', 'did', 'do',
  'is', 'was', 'were', 'are', 'be', 'been', 'has', 'have', 'had', 'the', 'a', 'an', 'of', 'to',
  'in', 'on', 'at', 'by', 'for', 'with', 'as', 'it', 'its', 'that', 'this', 'these', 'those',
  'there', 'their', 'they', 'them', 'he', 'she', 'his', 'her', 'him', 'i', 'you', 'we', 'our',
  'us', 'me', 'my', 'your', 'or', 'and', 'but', 'if', 'so', 'than', 'then', 'into', 'from',
  'about', 'would', 'could', 'should', 'will', 'can', 'may', 'might', 'must', 'shall', 'also',
  'not', 'no', 'yes', 's', 't', 'according', 'said', 'say', 'says', 'name', 'named', 'called',
]);

/** Word-like runs: letters (any script) and digits, keeping inner apostrophes, periods of
 * abbreviations and decimal points out of the term. */
const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)?/gu;

/** Lower case with accents removed, so "Nicolás" and "nicolas" are one term. */
export function foldCase(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}+/gu, '').toLowerCase();
}

/** The words of a text, case- and accent-folded, possessive 's dropped, in order. */
export function words(text: string): string[] {
  const out: string[] = [];
  // "84%" and "84 percent" say the same: the sign becomes the word so either matches a question.
  for (const match of foldCase(text).replace(/%/g, ' percent ').matchAll(WORD)) {
    out.push(match[0].replace(/['’]s$/, '').replace(/['’]/g, ''));
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

/** Stems a folded word; numbers and overlong runs are kept as they are. */
export function stem(word: string): string {
  // Porter2 takes time quadratic in a word's length: a 150,000-letter "word" in a corpus file
  // stalled a build for minutes. No real word is this long, so such runs are kept as they are.
  if (/^\d/.test(word) || word.length > MAX_STEMMED_WORD) return word;
  let stemmed = stemCache.get(word);
  if (stemmed === undefined) {
    if (stemCache.size >= STEM_CACHE_LIMIT) stemCache.clear();
    stemmed = porter2(word);
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
    if (!isStopWord(word)) out.push(stem(word));
  }
  return out;
}
