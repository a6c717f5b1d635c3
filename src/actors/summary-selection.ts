import type { Sentence } from '../corpus/types.js';
import { CALENDAR_NAME, leansOnPrevious } from '../text/index.js';
import { contentWords, mentionsBySentence, sentenceKey } from './text.js';
import type { ActorMention, ActorRecord } from './types.js';

/**
 * Choosing "what the sources say" about an actor: sentences ranked by how much they say about
 * them, then picked for diversity with maximal marginal relevance over content words, spread
 * across documents.
 */

const MMR_LAMBDA = 0.7;
const SAME_DOCUMENT_PENALTY = 0.12;
const BOILERPLATE = /©|all rights reserved|\bphoto(?:graph)? by\b|getty images|pic\.twitter|featured image|click here|sign up|subscribe/iu;
const DATE_OR_NUMBER = new RegExp(`\\d|${CALENDAR_NAME.source}`, 'u');

interface Candidate {
  sentence: Sentence;
  relevance: number;
  words: Set<string>;
}

/**
 * Up to `limit` sentences about the actor, most informative first (subject of the sentence, a
 * role, a number or date, an action verb; short and boilerplate sentences out), each adding what
 * the chosen ones do not already say, from at least two articles when the corpus has them.
 */
export function selectSummarySentences(record: ActorRecord, nameWords: ReadonlySet<string>, sentences: readonly Sentence[], limit: number): Sentence[] {
  if (limit <= 0) return [];
  const candidates = rankCandidates(record, nameWords, sentences);
  if (candidates.length === 0) return [];
  const top = Math.max(...candidates.map((c) => c.relevance), 1e-9);
  const chosen: Candidate[] = [];
  const remaining = [...candidates];
  while (chosen.length < limit && remaining.length > 0) {
    let bestIndex = 0;
    let bestScore = -Infinity;
    remaining.forEach((c, i) => {
      const redundancy = Math.max(0, ...chosen.map((x) => jaccard(c.words, x.words)));
      const sameDocument = chosen.filter((x) => x.sentence.docId === c.sentence.docId).length;
      const score = MMR_LAMBDA * (c.relevance / top) - (1 - MMR_LAMBDA) * redundancy - SAME_DOCUMENT_PENALTY * sameDocument;
      if (score > bestScore) {
        bestScore = score;
        bestIndex = i;
      }
    });
    chosen.push(remaining.splice(bestIndex, 1)[0]!);
  }
  // Draw on every article that has a candidate, as far as `limit` allows: an article left out gets
  // its best sentence in place of the weakest pick from an article that has several.
  for (const docId of new Set(remaining.map((c) => c.sentence.docId))) {
    if (chosen.some((c) => c.sentence.docId === docId)) continue;
    const best = remaining.find((c) => c.sentence.docId === docId)!;
    const count = (d: string) => chosen.filter((c) => c.sentence.docId === d).length;
    let replaceable = chosen.length - 1;
    while (replaceable >= 0 && count(chosen[replaceable]!.sentence.docId) < 2) replaceable--;
    if (replaceable === -1) break;
    chosen[replaceable] = best;
  }
  return chosen.map((c) => c.sentence);
}

/**
 * Each sentence that leans on the one before it ("They may not have a hierarchy…") right after
 * that sentence, brought along when it was not chosen; left out when there is no sentence before
 * it, or that one leans on another in turn. Otherwise the order is kept.
 */
export function withAntecedents(chosen: readonly Sentence[], previousOf: (sentence: Sentence) => Sentence | null): Sentence[] {
  const keyOf = (sentence: Sentence) => sentenceKey(sentence.docId, sentence.index);
  const out: Sentence[] = [];
  const placed = new Set<string>();
  for (const sentence of chosen) {
    if (placed.has(keyOf(sentence))) continue;
    if (!leansOnPrevious(sentence.text)) {
      out.push(sentence);
      placed.add(keyOf(sentence));
      continue;
    }
    const previous = previousOf(sentence);
    if (!previous || leansOnPrevious(previous.text)) continue;
    const at = out.findIndex((other) => keyOf(other) === keyOf(previous));
    if (at === -1) out.push(previous, sentence);
    else out.splice(at + 1, 0, sentence);
    placed.add(keyOf(previous));
    placed.add(keyOf(sentence));
  }
  return out;
}

function rankCandidates(record: ActorRecord, nameWords: ReadonlySet<string>, sentences: readonly Sentence[]): Candidate[] {
  const roleKeys = record.roles.map((r) => r.role.toLowerCase());
  const bySentence = mentionsBySentence(record.mentions);
  return sentences
    .map((s) => ({ s, length: wordCount(s.text) }))
    .filter(({ s, length }) => !BOILERPLATE.test(s.text) && length >= 6)
    .map(({ s, length }) => {
      const mentionsHere = bySentence.get(sentenceKey(s.docId, s.index)) ?? [];
      const words = new Set(contentWords(s.text).filter((w) => !nameWords.has(w)));
      return { sentence: s, relevance: informativeness(s, length, mentionsHere, roleKeys), words };
    })
    .sort((a, b) => b.relevance - a.relevance || a.sentence.docId.localeCompare(b.sentence.docId) || a.sentence.index - b.sentence.index);
}

function wordCount(text: string): number {
  return (text.match(/[\p{L}\p{N}]+/gu) ?? []).length;
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared / (a.size + b.size - shared);
}

/** How much a sentence of `words` words tells about the actor it mentions. */
function informativeness(sentence: Sentence, words: number, mentions: readonly ActorMention[], roleKeys: string[]): number {
  const text = sentence.text;
  const lower = text.toLowerCase();
  let score = 1;
  // The actor as the subject and an action verb: decided from the tags at build time (see `mentionFacts`).
  if (mentions.some((m) => m.subject)) score += 1;
  if (roleKeys.some((r) => lower.includes(r))) score += 0.7;
  if (DATE_OR_NUMBER.test(text)) score += 0.5;
  if (mentions.some((m) => m.action)) score += 0.5;
  score += Math.min(0.4, 0.2 * (mentions.length - 1));
  if (words < 9) score -= 0.8;
  else if (words < 13) score -= 0.3;
  if (words > 55) score -= 0.4;
  if (/\?\s*$/u.test(text)) score -= 0.6;
  if (/\b(?:I|we|you)\b/u.test(text)) score -= 0.3;
  return Math.max(0.05, score);
}

/** How many sentences open a summary as its key sentences. */
export const KEY_SENTENCES = 3;
/** A sentence up to this long reads in a glance; the key sentences and the first quotes prefer them. */
const CONCISE_CHARS = 220;

/**
 * The chosen sentences with the key sentences first: one from each article before a second from
 * any (most informative first, concise ones preferred). A sentence that leans on the one before it
 * counts with that one, as a pair never split. The rest keep their rank.
 */
export function keySentencesFirst(chosen: readonly Sentence[]): Sentence[] {
  const units: Sentence[][] = [];
  for (const sentence of chosen) {
    const last = units.at(-1)?.at(-1);
    const leansOnLast = last !== undefined && last.docId === sentence.docId && last.index === sentence.index - 1 && leansOnPrevious(sentence.text);
    if (leansOnLast) units.at(-1)!.push(sentence);
    else units.push([sentence]);
  }
  const key: Sentence[][] = [];
  const size = () => key.reduce((sum, unit) => sum + unit.length, 0);
  const take = (accept: (unit: Sentence[]) => boolean) => {
    for (const unit of units) {
      // A unit that opens by pointing back has nothing to point to: never a key sentence.
      if (key.includes(unit) || leansOnPrevious(unit[0]!.text) || size() + unit.length > KEY_SENTENCES) continue;
      if (accept(unit)) key.push(unit);
    }
  };
  const newArticle = (unit: Sentence[]) => !key.some((other) => other[0]!.docId === unit[0]!.docId);
  const concise = (unit: Sentence[]) => unit.every((sentence) => sentence.text.length <= CONCISE_CHARS);
  take((unit) => newArticle(unit) && concise(unit));
  take(newArticle);
  take(concise);
  take(() => true);
  const keyUnits = new Set(key);
  return [...key.flat(), ...units.filter((unit) => !keyUnits.has(unit)).flat()];
}

/**
 * Sentences the actor speaks in, their own words first: a quotation ("…,” Maduro said) before a
 * report of what they said ("Maduro has denied the charges"), concise before long, then in
 * document order.
 */
export function ownWordsFirst(sentences: readonly Sentence[], quotesWords: (text: string) => boolean): Sentence[] {
  const score = (s: Sentence) => (quotesWords(s.text) ? 2 : 0) + (s.text.length <= CONCISE_CHARS ? 1 : 0);
  return sentences
    .map((s, i) => ({ s, i, score: score(s) }))
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .map(({ s }) => s);
}
