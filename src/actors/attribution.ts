import { HONORIFICS, SPEECH_VERBS } from './gazetteer.js';

/**
 * Deciding whether a sentence reports what an actor said: a quotation or a claim with an
 * attribution to them ("…,” Maduro said", "said Adam Isaacson", "according to Rubio", "Hegseth
 * wrote", "Cabello said that…"). Being the object of a speech verb ("Trump told Maduro") is not
 * speaking.
 */

const VERBS = [...SPEECH_VERBS].join('|');
/** Words that may sit between a subject and its speech verb: "Hegseth has also said", "Ramsey reportedly added". */
const AUXILIARIES = '(?:(?:has|have|had|also|reportedly|then|later|further|previously|again|repeatedly|publicly|would|will|could|did|does|is|was|once|allegedly|recently)\\s+){0,3}';
/** An appositive between subject and verb: "Vladimir Rouvinski, an international relations professor at Icesi University, told". */
const APPOSITIVE = '(?:,[^,“”"]{1,90},\\s*)?';
const SUBJECT_THEN_VERB = new RegExp(`^\\s*(?:${APPOSITIVE}|,\\s*)${AUXILIARIES}(?:${VERBS})\\b`, 'iu');
const honorifics = [...HONORIFICS].map((h) => h.replace('.', '\\.')).join('|');
/**
 * "…,” said Adam Isaacson", "…,” says Mr. Ellis": the verb follows the closing quotation (or its
 * comma), and only an honorific or capitalised title words stand between it and the name.
 */
const VERB_THEN_SUBJECT = new RegExp(`(?:[”"]\\s*,?|,)\\s*(?:${VERBS})\\s+(?:(?:${honorifics}|\\p{Lu}[\\p{L}.’'-]*|former|the|late)\\s+){0,4}$`, 'u');
const ACCORDING_TO = /\baccording to\s+(?:[\p{L}.’'-]+\s+){0,6}$/iu;
const QUOTE_MARKS = /[“”"]/u;

/** A span of the actor's name inside a sentence, offsets relative to the sentence text. */
export interface SpanInSentence {
  start: number;
  end: number;
}

/**
 * Does the sentence attribute words to the actor named at `span`? Speech verbs right after the
 * name (the actor is their subject), speech verbs right before it after a quotation, and
 * "according to" all count.
 */
export function attributesSpeechTo(sentence: string, span: SpanInSentence): boolean {
  const after = sentence.slice(span.end);
  const before = sentence.slice(0, span.start);
  if (/^[’'‘]s?\b/u.test(after)) return false;
  if (SUBJECT_THEN_VERB.test(after)) return true;
  if (ACCORDING_TO.test(before)) return true;
  // Inverted attribution only reads as speech after a quotation: "“It is not a group,” said Adam Isaacson".
  if (VERB_THEN_SUBJECT.test(before) && QUOTE_MARKS.test(before)) return true;
  return false;
}

/** A pronoun attribution ("…,” he says.") that needs the previous sentences to know who spoke. */
export function hasPronounAttribution(sentence: string): boolean {
  return QUOTE_MARKS.test(sentence) && new RegExp(`(?:[”"],?\\s*|\\b)(?:he|she)\\s+${AUXILIARIES}(?:${VERBS})\\b`, 'iu').test(sentence);
}

/** A sentence that is nothing but a quotation continues the previous speaker ("“The message is clear…”"). */
export function isBareQuotation(sentence: string): boolean {
  const trimmed = sentence.trim();
  return /^[“"]/u.test(trimmed) && /[”"]$/u.test(trimmed) && !/[”"].+[“"]/u.test(trimmed.slice(1, -1));
}
