/**
 * The side a question asks about, named, against the side a sentence tells of: a thing done for or
 * against a named side ("scored for Nigeria"), and the body a leader leads ("the Hallam manager",
 * "the boss of Hartwell & Pryce"). A sentence about another side does not answer the question.
 */
import { LEADING_ROLES, words } from '../text/index.js';

/** "for Nigeria", "against Norwich": the side a thing was done for or against (group 1: the preposition, 2: the name). */
const SIDE_NAMED = /\b(for|against)\s+((?:the\s+)?\p{Lu}[\p{L}\p{N}'’-]*(?:\s+\p{Lu}[\p{L}\p{N}'’-]*)*)/gu;
/** The leading roles, in lower case or capitalised as titles ("manager", "President"). */
const ROLES = LEADING_ROLES.map((role) => `[${role[0]}${role[0]!.toUpperCase()}]${role.slice(1)}`).join('|');
/** "Redmarsh manager Alan Pritchard", "the Hallam boss": a leader named by the body they lead (group 1). */
const BODY_BEFORE_ROLE = new RegExp(String.raw`((?:\p{Lu}[\p{L}\p{N}&'’-]*\s+)*\p{Lu}[\p{L}\p{N}&'’-]*)\s+(?:${ROLES})\b`, 'gu');
/** "the boss of Hartwell & Pryce", "manager at Castor City": the body after the role (group 1). */
const BODY_AFTER_ROLE = new RegExp(String.raw`\b(?:${ROLES})\s+(?:of|at)\s+(?:the\s+)?(\p{Lu}[\p{L}\p{N}'’-]*(?:\s+(?:&\s+)?\p{Lu}[\p{L}\p{N}'’-]*)*)`, 'gu');
/** Words that open a sentence or title a person rather than name a body ("The", "Chief", "Its"). */
const NOT_A_BODY = new Set(['the', 'a', 'an', 'its', 'their', 'his', 'her', 'our', 'this', 'that', 'new', 'former', 'acting', 'interim', ...LEADING_ROLES]);

interface Side {
  kind: 'for' | 'against' | 'led';
  words: string[];
}

function sidesOf(text: string, withBodyAfterRole: boolean): Side[] {
  const sides: Side[] = [];
  for (const m of text.matchAll(SIDE_NAMED)) sides.push({ kind: m[1]!.toLowerCase() as Side['kind'], words: words(m[2]!) });
  for (const m of text.matchAll(BODY_BEFORE_ROLE)) sides.push({ kind: 'led', words: words(m[1]!) });
  if (withBodyAfterRole) for (const m of text.matchAll(BODY_AFTER_ROLE)) sides.push({ kind: 'led', words: words(m[1]!) });
  return sides.map((side) => ({ ...side, words: side.words.filter((w) => !NOT_A_BODY.has(w)) })).filter((side) => side.words.length > 0);
}

/**
 * Whether the sentence tells of the thing asked for another side than the question names: "How
 * many goals has Okoro scored for Nigeria?" is not answered by "Okoro scored 19 goals in 24 games
 * for Vitesse", nor "Who is the Hallam manager?" by "Redmarsh manager Alan Pritchard said…".
 */
export function namesAnotherSide(question: string, sentence: string): boolean {
  const sentenceWords = new Set(words(sentence));
  const questionWords = new Set(words(question));
  const told = sidesOf(sentence, false);
  return sidesOf(question, true).some((asked) => {
    if (asked.words.some((w) => sentenceWords.has(w))) return false;
    return told.some((side) => side.kind === asked.kind && side.words.every((w) => !questionWords.has(w)));
  });
}
