import { expectedAnswerType, type AnswerType } from './question.js';

/**
 * "What is the population / number / year…", "What is Peru's benchmark interest rate…": a measure
 * asked after a copula, of a thing or of a name, with up to two words narrowing it.
 */
const ASKED_MEASURE =
  /^\s*(?:what|which)\s+(?:is|was|are|were)\s+(?:the\s+|(?:\p{Lu}[\p{L}.-]*\s+){0,3}?\p{Lu}[\p{L}.-]*['’]s\s+)?(?:total\s+|approximate\s+|estimated\s+|average\s+)?(?:\p{Ll}[\p{L}-]*\s+){0,2}?(population|number|amount|percentage|percent|cost|price|size|magnitude|length|height|distance|speed|rate|temperature|year|date|decade|century|month|day)\b/iu;
const ASKED_PLACE = /^\s*(?:what|which)\s+(?:river|rivers|mountain|mountains|lake|lakes|sea|ocean|county|counties|district|desert|valley|coast|coastline|port|harbour|harbor|airport|street|neighbo(?:u)?rhood|village|capital)\b/i;
/** A word that asks: where the question's asking clause starts. */
const QUESTION_WORD = /\b(?:what|which|who|whom|whose|where|when|why|how)\b/gi;

/**
 * The answer type the question's asking clause wants. "Who was the chief executive when the
 * service began?" asks for a person, not a date: a second question word opens a subordinate
 * clause, so the type is read from the text before it; and "When time is required, this
 * represents what case?" asks in the clause after its comma.
 */
export function askedAnswerType(question: { text: string; type: AnswerType }): AnswerType {
  const text = question.text;
  // "What is the population of…", "What was the year…": the measure named after the copula.
  const measured = ASKED_MEASURE.exec(text)?.[1]?.toLowerCase();
  if (measured && question.type === 'other') return /^(year|date|decade|century|month|day)$/.test(measured) ? 'date' : 'number';
  // "What river…", "Which mountain range…": a place named by its kind.
  if (question.type === 'other' && ASKED_PLACE.test(text)) return 'place';
  const starts = [...text.matchAll(QUESTION_WORD)].map((m) => m.index);
  if (starts.length < 2) return question.type;
  const lastComma = text.lastIndexOf(',');
  const afterComma = lastComma >= 0 ? text.slice(lastComma + 1) : '';
  const asking = starts[0]! < lastComma && /^\s*when\b/i.test(text) && new RegExp(QUESTION_WORD.source, 'i').test(afterComma) ? afterComma : text.slice(0, starts[1]);
  return expectedAnswerType(asking);
}
