/**
 * A sentence that tells what the question asks of someone other than the one it names: "Which
 * team does Ilse Draaijer ride for?" is not answered by "Kessler, 27, who rides for the
 * Nordlicht-Vortex team, …, just ahead of Ilse Draaijer", nor "How much did Pettifer's campaign
 * spend?" by "Her campaign … spent 8,900 pounds" in a paragraph about the winner.
 */
import { stem, words } from '../text/index.js';

/** "Kessler, 27, who rides for…", "Janet Ferris, who runs a café": a name (group 1: its last word) and the verb its clause tells of it (group 2). */
const NAME_WHO = /(\p{Lu}[\p{L}'’-]+)(?:,\s+\d{1,3})?,\s+who\s+(?:also\s+|now\s+|still\s+|once\s+)?(\p{Ll}+)/gu;
/** A sentence that opens with a person's possessive pronoun, and the noun it owns (group 1): "Her campaign…". */
const POSSESSIVE_OPENING = /^[“"‘']?(?:His|Her|Their)\s+(?:own\s+|new\s+|first\s+|latest\s+)?(\p{Ll}[\p{L}-]*)/u;
/** How many sentences back a possessive pronoun's owner is looked for: the paragraph's last named one is near. */
const OWNER_LOOKBACK = 2;

/** What the check reads of a question: the stems of the names it asks about, and of all its words. */
export interface QuestionOfNamed {
  readonly nameTerms: ReadonlySet<string>;
  readonly terms: { has(term: string): boolean };
  /** A who-question is answered by the name a clause tells of ("Pauline Doyle, 67, who found the panda…"). */
  readonly asksWho: boolean;
}

/**
 * Whether the sentence tells the thing asked of another person than the question names: a clause
 * "X, who <verb>…" with the question's verb, X not named by the question (unless it asks who); or an opening "His / Her /
 * Their <noun>" with the question's noun, the question's person not named in the sentence, and the
 * nearest sentence before it that names persons naming others only.
 * `before`: the sentences before, nearest first; `personNames`: a sentence's persons' names, as folded words.
 */
export function tellsOfAnotherNamed(question: QuestionOfNamed, sentence: string, before: readonly string[], personNames: (text: string) => string[][]): boolean {
  if (question.nameTerms.size === 0) return false;
  const namesAsked = (folded: readonly string[]) => folded.some((word) => question.nameTerms.has(stem(word)));
  if (!question.asksWho) for (const [, name, verb] of sentence.matchAll(NAME_WHO)) {
    if (question.terms.has(stem(verb!)) && !namesAsked(words(name!))) return true;
  }
  const owned = POSSESSIVE_OPENING.exec(sentence);
  if (!owned || !question.terms.has(stem(owned[1]!)) || personNames(sentence).some(namesAsked)) return false;
  for (const previous of before.slice(0, OWNER_LOOKBACK)) {
    const names = personNames(previous);
    if (names.length > 0) return !names.some(namesAsked);
  }
  return false;
}
