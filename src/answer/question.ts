import { UserError } from '../config/index.js';

/** A question a user must rephrase; the message is one line that says how. */
export class QuestionError extends UserError {
  override name = 'QuestionError';
  constructor(message: string) {
    super('question', message);
  }
}

/**
 * Checks a question before any work is done: not empty, not longer than the limit, and holding
 * at least one letter or digit (a line of emoji or punctuation has nothing to search for).
 */
export function validateQuestion(raw: string, maxChars: number): string {
  const question = raw.replace(/\s+/g, ' ').trim();
  if (question.length === 0) throw new QuestionError('The question is empty. Ask something, e.g. "Who heads the Cartel de los Soles?"');
  if (question.length > maxChars) {
    throw new QuestionError(`The question is ${question.length} characters long; the limit is ${maxChars}. Ask it more briefly.`);
  }
  if (!/[\p{L}\p{N}]/u.test(question)) {
    throw new QuestionError('The question has no words to search for. Ask it in words, e.g. "What did Rubio announce?"');
  }
  return question;
}

/** What kind of thing would answer the question, read from its wording. */
export type AnswerType = 'person' | 'date' | 'number' | 'place' | 'reason' | 'other';

/**
 * Reads the expected answer type from the question's wording ("who" → a person or organisation,
 * "when"/"what year" → a date, "how many"/"how much" → a number, "where" → a place, "why" → a
 * reason). Anything else is `other`: no type evidence is then used.
 */
export function expectedAnswerType(question: string): AnswerType {
  const q = question.toLowerCase();
  if (/\bhow (many|much|long|old|far|large|big|often|tall|high)\b|\b(what|which) (percentage|percent|number|amount|proportion|share|population|size|cost|price)\b|\bhow \w+ (?:is|are|was|were) (?:the )?(?:population|number)\b/.test(q)) {
    return 'number';
  }
  if (/\bwhen\b|\b(what|which) (year|years|date|day|month|decade|century|time|period|era)\b|\bin what year\b|\bhow long ago\b/.test(q)) return 'date';
  if (/\bwhy\b|\bfor what reason\b|\bwhat (caused|led to|prompted|motivated)\b/.test(q)) return 'reason';
  if (/\bwhere\b|\b(what|which) (country|countries|city|cities|state|region|place|location|town|continent|island|area|province)\b|\bin what (country|city|state|region)\b/.test(q)) {
    return 'place';
  }
  if (/\bwho\b|\bwhom\b|\bwhose\b|\b(what|which) (person|man|woman|people|group|organi[sz]ation|company|party|leader|president|minister|official|agency|cartel|gang)\b/.test(q)) {
    return 'person';
  }
  return 'other';
}
