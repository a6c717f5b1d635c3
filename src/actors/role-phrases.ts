import { DETERMINERS, isStopWord } from '../text/index.js';
import { HONORIFICS, ORGANIZATION_CUES, TITLE_MODIFIERS, TITLE_PREMODIFIERS } from './gazetteer.js';
import { isCountryWord, isDemonym, isTitleHead } from './known-names.js';
import { APOSTROPHES, isCapitalised, isWord, possessiveLength, type Token } from './tokens.js';

/**
 * The roles a sentence gives a name, as token ranges: a capitalised title before it ("Interior
 * Minister Diosdado Cabello"), a lower-case one ("former military intelligence chief Hugo
 * Carvajal"), or an appositive after or before it ("Hugo Carvajal, Venezuela's former spymaster";
 * "his defense minister, Vladimir Padrino López").
 */

const CLAUSE_STOPPERS = new Set(['who', 'which', 'that', 'whose', 'whom', 'where', 'when', 'and', 'but', 'or']);
const APPOSITIVE_AFTER_ENDS = new Set([',', '.', ';', ':', '—', '–', '(', ')', '“', '”', '"', '?', '!']);
const APPOSITIVE_BEFORE_ENDS = new Set([',', '.', ';', ':', '—', '–', '(', ')', '“', '”', '"']);

/**
 * The last token of a capitalised title that opens the run `[from, to)` ("Secretary of State"
 * Marco Rubio), or -1 when the run does not open with a title. The name keeps at least one word.
 */
export function capitalisedTitleEnd(tokens: readonly Token[], from: number, to: number): number {
  let titleEnd = -1;
  let headSeen = false;
  for (let m = from; m < to - 1; m++) {
    const word = tokens[m]!.text;
    const titleish = TITLE_MODIFIERS.has(word) || isTitleHead(word) || isCountryWord(word);
    if (!titleish) break;
    if (isTitleHead(word)) headSeen = true;
    // "Secretary of State" runs past its head; a trailing "of" or "the" does not end a title.
    if (headSeen && isCapitalised(tokens[m])) titleEnd = m;
  }
  return titleEnd;
}

/** Is every word of the range a title word, with a head among them ("Interior Minister")? */
export function isTitleOnly(tokens: readonly Token[], from: number, to: number): boolean {
  const range = tokens.slice(from, to);
  return range.every((t) => TITLE_MODIFIERS.has(t.text) || isTitleHead(t.text)) && range.some((t) => isTitleHead(t.text));
}

/** Walks back from a title to take in "former", "the late", a demonym or "Venezuela’s". */
export function extendRoleBackwards(tokens: readonly Token[], roleFrom: number): number {
  let k = roleFrom;
  for (let steps = 0; steps < 4 && k > 0; steps++) {
    const previous = tokens[k - 1]!;
    if (TITLE_PREMODIFIERS.has(previous.text.toLowerCase()) && /^\p{Ll}/u.test(previous.text)) {
      k--;
      continue;
    }
    if (isDemonym(previous.text)) {
      k--;
      continue;
    }
    const possessiveTokens = possessiveLength(tokens, k - 1) ? 1 : possessiveLength(tokens, k - 2) === 2 ? 2 : 0;
    const owner = possessiveTokens > 0 ? tokens[k - 1 - possessiveTokens] : undefined;
    if (owner && isCountryWord(owner.text)) {
      k = k - 1 - possessiveTokens;
      continue;
    }
    break;
  }
  return k;
}

/**
 * A lower-case title right before a name: "former military intelligence chief Hugo Carvajal",
 * "Venezuelan dictator Nicolás Maduro", "Atlantic Council international senior fellow Geoff Ramsey".
 * Returns the first token of the role (the last is `runFrom - 1`).
 */
export function lowerCaseTitleBefore(tokens: readonly Token[], runFrom: number): number | null {
  const head = tokens[runFrom - 1];
  if (!head || !/^\p{Ll}/u.test(head.text) || !isTitleHead(head.text)) return null;
  let k = runFrom - 1;
  for (let steps = 0; steps < 5 && k > 0; steps++) {
    const previous = tokens[k - 1]!;
    const modifier =
      (/^\p{Ll}/u.test(previous.text) && isWord(previous) && !isStopWord(previous.text) && ['NOUN', 'ADJ', 'PROPN'].includes(previous.pos)) ||
      TITLE_PREMODIFIERS.has(previous.text) ||
      isDemonym(previous.text);
    if (modifier) {
      k--;
      continue;
    }
    // Take in the organisation the title belongs to: "Atlantic Council international senior fellow".
    if (isCapitalised(previous) && ORGANIZATION_CUES.has(previous.text)) {
      let m = k - 1;
      while (m > 0 && isCapitalised(tokens[m - 1])) m--;
      k = m;
      continue;
    }
    break;
  }
  return extendRoleBackwards(tokens, k);
}

/** The phrase after "Name, …" when it is a role: "Hugo Carvajal, Venezuela's former spymaster, …". */
export function appositiveAfter(tokens: readonly Token[], runTo: number, possessive: boolean): [number, number] | null {
  if (possessive || tokens[runTo]?.text !== ',') return null;
  let k = runTo + 1;
  if (DETERMINERS.has(tokens[k]?.text.toLowerCase() ?? '') && tokens[k]!.text !== 'that') k++;
  const from = k;
  const first = tokens[from];
  if (!first || ['VERB', 'AUX', 'PRON', 'ADP', 'SCONJ', 'CCONJ', 'ADV'].includes(first.pos)) return null;
  // A list of names ("Delcy Rodríguez, Jorge Rodríguez") is not an appositive, but "Venezuela's former spymaster" is.
  if (isCapitalised(first) && !possessiveLength(tokens, from + 1) && !isDemonym(first.text) && !TITLE_PREMODIFIERS.has(first.text.toLowerCase())) return null;
  let headSeen = false;
  let to = from;
  while (to < tokens.length && to - from < 16) {
    const t = tokens[to]!;
    if (APPOSITIVE_AFTER_ENDS.has(t.text) || CLAUSE_STOPPERS.has(t.text)) break;
    if (['VERB', 'AUX'].includes(t.pos) && !headSeen) return null;
    if (isTitleHead(t.text) && to - from < 7) headSeen = true;
    to++;
  }
  return headSeen ? [from, to] : null;
}

/** The phrase before ", Name" when it is a role: "his defense minister, Vladimir Padrino López". */
export function appositiveBefore(tokens: readonly Token[], runFrom: number): [number, number] | null {
  if (tokens[runFrom - 1]?.text !== ',') return null;
  const to = runFrom - 1;
  let from = to;
  let headSeen = false;
  while (from > 0 && to - from < 18) {
    const t = tokens[from - 1]!;
    // "at the Foundation for…": a determiner inside a prepositional phrase does not start the role.
    if (DETERMINERS.has(t.text.toLowerCase()) && tokens[from - 2]?.pos !== 'ADP') break;
    if (t.text.length <= 2 && APOSTROPHES.includes(t.text[0]!) && !t.spaceBefore) {
      // "Mr. Maduro’s former spymasters": the owner belongs to the role.
      from -= 1;
      while (from > 0 && (isCapitalised(tokens[from - 1]) || HONORIFICS.has(tokens[from - 1]!.text))) from--;
      break;
    }
    if (APPOSITIVE_BEFORE_ENDS.has(t.text) || ['VERB', 'AUX', 'PRON'].includes(t.pos)) break;
    if (isTitleHead(t.text)) headSeen = true;
    from--;
  }
  if (!headSeen || from >= to || ['ADP', 'CCONJ', 'SCONJ'].includes(tokens[from]!.pos)) return null;
  // The head must come before any preposition: "professor at the Institute", not "a letter to President Trump".
  const phrase = tokens.slice(from, to);
  const firstHead = phrase.findIndex((t) => isTitleHead(t.text));
  const firstPreposition = phrase.findIndex((t) => t.pos === 'ADP');
  if (firstPreposition >= 0 && firstPreposition < firstHead) return null;
  return [from, to];
}
