import { foldCase, isStopWord, stem, words } from '../index/index.js';
import type { AnswerType } from './question.js';

/** The question, analysed once and reused for every candidate sentence. */
export interface AnalysedQuestion {
  text: string;
  type: AnswerType;
  /** Distinct stemmed content terms with their rarity weight (IDF). */
  terms: Map<string, number>;
  /** Sum of the weights of `terms`. */
  totalWeight: number;
  /** Consecutive content-term pairs, "a b", for phrase evidence. */
  bigrams: Set<string>;
  /** Every folded word of the question, stop words included, to tell new words from echoed ones. */
  foldedWords: Set<string>;
}

export function analyseQuestion(text: string, type: AnswerType, idf: (term: string) => number): AnalysedQuestion {
  const contentTerms = contentStems(text);
  const terms = new Map<string, number>();
  for (const term of contentTerms) terms.set(term, idf(term));
  let totalWeight = 0;
  for (const weight of terms.values()) totalWeight += weight;
  return {
    text,
    type,
    terms,
    totalWeight,
    bigrams: bigramsOf(contentTerms),
    foldedWords: new Set(words(text)),
  };
}

function contentStems(text: string): string[] {
  return words(text).filter((w) => !isStopWord(w)).map(stem);
}

function bigramsOf(terms: string[]): Set<string> {
  const out = new Set<string>();
  for (let i = 1; i < terms.length; i++) out.add(`${terms[i - 1]} ${terms[i]}`);
  return out;
}

/** The evidence that a sentence answers the question; each value lies in 0..1. */
export interface SentenceEvidence {
  /** Share of the question's term weight found in the sentence. */
  coverage: number;
  /** Share of the question's bigrams found as bigrams in the sentence. */
  phrase: number;
  /** The sentence holds something of the expected answer type that the question does not. */
  typeMatch: number;
  /** Share of the sentence's content words that the question does not already say. */
  novelty: number;
  /** Matched question terms sit close together in the sentence. */
  proximity: number;
}

const MONTHS = /\b(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?)\b/i;
const NUMBER_WORDS = /\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|hundreds|thousand|thousands|million|millions|billion|billions|trillion|dozen|dozens|half|several|percent)\b/i;
const REASON_CUES = /\b(because|due to|since|as a result|in order to|so that|so as to|reason|reasons|led to|caused|owing to|thanks to|aimed at|to (?:avoid|prevent|ensure|protect|counter|stop|secure|punish|pressure))\b/i;

/** Capitalised words after the first word, folded: a rough but general mark of names. */
function capitalisedWords(sentence: string): string[] {
  const out: string[] = [];
  const tokens = sentence.match(/[\p{L}][\p{L}\p{M}'’.-]*/gu) ?? [];
  tokens.forEach((token, i) => {
    if (i > 0 && /^\p{Lu}/u.test(token)) out.push(foldCase(token.replace(/['’]s$/, '').replace(/\.$/, '')));
  });
  return out;
}

/** Does the sentence hold a candidate answer of this type that the question does not already state? */
export function answerTypeEvidence(sentence: string, question: AnalysedQuestion): number {
  const novel = (folded: string) => !question.foldedWords.has(folded);
  switch (question.type) {
    case 'date': {
      const years = sentence.match(/\b(1\d{3}|20\d{2})s?\b/g) ?? [];
      if (years.some((y) => novel(y.toLowerCase()))) return 1;
      const month = sentence.match(MONTHS);
      if (month && novel(month[0].toLowerCase()) && /\d/.test(sentence)) return 1;
      if (/\b(century|centuries|decade|today|yesterday|monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|weeks|month|months|ago|era)\b/i.test(sentence)) return 0.5;
      return 0;
    }
    case 'number': {
      const numbers = sentence.match(/\d[\d,.]*%?/g) ?? [];
      if (numbers.some((n) => novel(n.replace(/[,.%]+$/, '').toLowerCase()))) return 1;
      const word = sentence.match(NUMBER_WORDS);
      return word && novel(word[0].toLowerCase()) ? 0.7 : 0;
    }
    case 'person':
    case 'place':
      return capitalisedWords(sentence).some((w) => novel(w) && !isStopWord(w) && !MONTHS.test(w)) ? 1 : 0;
    case 'reason':
      return REASON_CUES.test(sentence) ? 1 : 0;
    default:
      return 0;
  }
}

/** Computes every piece of evidence for one sentence. */
export function sentenceEvidence(sentence: string, question: AnalysedQuestion): SentenceEvidence {
  const sentenceWords = words(sentence);
  const stems: string[] = [];
  const positions = new Map<string, number[]>();
  let novelWords = 0;
  let contentWords = 0;
  sentenceWords.forEach((word) => {
    if (isStopWord(word)) return;
    const term = stem(word);
    contentWords++;
    if (!question.terms.has(term) && !question.foldedWords.has(word)) novelWords++;
    const list = positions.get(term) ?? [];
    list.push(stems.length);
    positions.set(term, list);
    stems.push(term);
  });
  let matchedWeight = 0;
  const matchedPositions: number[] = [];
  for (const [term, weight] of question.terms) {
    const at = positions.get(term);
    if (at) {
      matchedWeight += weight;
      matchedPositions.push(at[0]!);
    }
  }
  let phraseHits = 0;
  const sentenceBigrams = bigramsOf(stems);
  for (const bigram of question.bigrams) if (sentenceBigrams.has(bigram)) phraseHits++;
  let proximity = 0;
  if (matchedPositions.length >= 2) {
    const span = Math.max(...matchedPositions) - Math.min(...matchedPositions) + 1;
    proximity = matchedPositions.length / span;
  } else if (matchedPositions.length === 1) {
    proximity = 0.5;
  }
  return {
    coverage: question.totalWeight > 0 ? matchedWeight / question.totalWeight : 0,
    phrase: question.bigrams.size > 0 ? phraseHits / question.bigrams.size : 0,
    typeMatch: answerTypeEvidence(sentence, question),
    novelty: contentWords > 0 ? novelWords / contentWords : 0,
    proximity,
  };
}
