import { HONORIFICS, SPEECH_VERBS, TITLE_HEADS, UNNAMED_SPEAKERS } from './gazetteer.js';

/**
 * Deciding whether a sentence reports what an actor said: a quotation or a claim with an
 * attribution to them ("…,” Maduro said", "said Adam Isaacson", "according to Rubio", "Hegseth
 * wrote", "Cabello said that…"). Being the object of a speech verb ("Trump told Maduro") is not
 * speaking, nor is being named inside someone else's quotation, nor a claim the story credits to
 * an unnamed source ("…,” said the source", "officials said").
 */

const VERBS = [...SPEECH_VERBS].join('|');
/** Words that may sit between a subject and its speech verb: "Hegseth has also said", "Ramsey reportedly added". */
const AUXILIARIES = '(?:(?:has|have|had|also|reportedly|then|later|further|previously|again|repeatedly|publicly|would|will|could|did|does|is|was|are|were|been|being|once|allegedly|recently)\\s+){0,3}';
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
/** "professor at Icesi University, told": a name governed by a preposition is not the verb's subject. */
const PREPOSITION_BEFORE = /\b(?:at|of|for|from|with|in|on|to|about|against|into|toward|towards|under|behind|like|than|between|among)\s+(?:the\s+)?$/iu;
/** "something that Maduro denies.": a relative clause whose object is the thing before it… */
const RELATIVE_BEFORE = /\b(?:that|which|what|whom)\s+$/iu;
/** …when nothing the actor said follows the verb. */
const NOTHING_AFTER_VERB = /^\s*(?:\p{Ll}+ly\s*)?(?:[.,;:!?)—–]|$)/u;
/** "Maduro was told", "Maduro is said to…": a passive speech verb makes the actor the one spoken to or about. */
const PASSIVE = /\b(?:is|was|are|were|been|being)\s+(?:\p{L}+\s+)*?\p{L}+(?<!ing)$/iu;
/**
 * "Atlantic Council international senior fellow Geoff Ramsey", "U.S. Defense Secretary Pete
 * Hegseth": the name only modifies a title and the speaker after it.
 */
const TITLE_HEAD_ANY_CASE = [...TITLE_HEADS].map((h) => `[${h[0]}${h[0]!.toUpperCase()}]${h.slice(1)}`).join('|');
const MODIFIES_TITLED_NAME = new RegExp(`^\\s+(?:[\\p{L}.-]+\\s+){0,5}?(?:${TITLE_HEAD_ANY_CASE})\\s+\\p{Lu}`, 'u');
/** Verbs that credit a claim to a speaker left unnamed ("officials said"), fewer than SPEECH_VERBS: "officials in five states" states nothing. */
const CREDIT_VERBS = 'said|says|say|told|tells|added|adds|wrote|warned|confirmed|claimed';
/** Up to three words before the unnamed speaker ("two senior U.S."), never a conjunction that starts another clause. */
const SPEAKER_MODIFIERS = "(?:(?!(?:while|but|and|as|although|though|whereas|yet|after|before|when)\\s)[\\p{L}.’'-]+\\s+){0,3}?";
const UNNAMED = `${SPEAKER_MODIFIERS}(?:${UNNAMED_SPEAKERS})\\b`;
/** "…,” said the source, speaking on condition of anonymity." / "…, two U.S. officials told Reuters.": the last clause credits an unnamed speaker. */
const UNNAMED_SPEAKER_LAST = new RegExp(
  `[,”"—]\\s*(?:(?:${CREDIT_VERBS}|according to)\\s+${UNNAMED}|${UNNAMED}[^“”",]{0,60}?\\s(?:${CREDIT_VERBS})\\b)[^“”"]*$`,
  'iu',
);
/** "Officials said Maduro…", "U.S. officials say…", "A source close to the talks told…": the sentence opens with an unnamed speaker. */
const UNNAMED_SPEAKER_FIRST = new RegExp(`^\\s*${UNNAMED}[^“”",]{0,60}?\\s(?:${CREDIT_VERBS})\\b`, 'iu');
const PRONOUN_ATTRIBUTION = new RegExp(`(?:[”"],?\\s*|\\b)(?:he|she)\\s+${AUXILIARIES}(?:${VERBS})\\b`, 'iu');

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
  if (quotedRanges(sentence).some(([from, to]) => from <= span.start && span.end <= to)) return false;
  if (creditsUnnamedSpeaker(sentence)) return false;
  const after = sentence.slice(span.end);
  const before = sentence.slice(0, span.start);
  if (/^[’'‘]s?\b/u.test(after)) return false;
  const subjectVerb = SUBJECT_THEN_VERB.exec(after);
  if (
    subjectVerb &&
    !PREPOSITION_BEFORE.test(before) &&
    !PASSIVE.test(subjectVerb[0].replace(/^[^]*,\s*/u, '')) &&
    !(RELATIVE_BEFORE.test(before) && NOTHING_AFTER_VERB.test(after.slice(subjectVerb[0].length)))
  ) {
    return true;
  }
  if (ACCORDING_TO.test(before) && !MODIFIES_TITLED_NAME.test(after)) return true;
  // Inverted attribution only reads as speech after a quotation: "“It is not a group,” said Adam Isaacson".
  if (VERB_THEN_SUBJECT.test(before) && QUOTE_MARKS.test(before)) return true;
  return false;
}

/** A pronoun attribution ("…,” he says.") that needs the previous sentences to know who spoke. */
export function hasPronounAttribution(sentence: string): boolean {
  return QUOTE_MARKS.test(sentence) && PRONOUN_ATTRIBUTION.test(sentence);
}

/** A sentence that is nothing but a quotation continues the previous speaker ("“The message is clear…”"). */
export function isBareQuotation(sentence: string): boolean {
  const trimmed = sentence.trim();
  return /^[“"]/u.test(trimmed) && /[”"]$/u.test(trimmed) && !/[”"].+[“"]/u.test(trimmed.slice(1, -1));
}

/**
 * The ranges of a sentence inside quotation marks (offsets after the opening mark and at the
 * closing one). A closing mark with no opening one ends a quotation begun in an earlier sentence;
 * an opening mark with no closing one runs to the sentence's end.
 */
function quotedRanges(sentence: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let curly: number | null = null;
  let straight: number | null = null;
  for (let i = 0; i < sentence.length; i++) {
    const mark = sentence[i];
    if (mark === '“') curly ??= i + 1;
    else if (mark === '”') {
      ranges.push([curly ?? 0, i]);
      curly = null;
    } else if (mark === '"') {
      if (straight === null) straight = i + 1;
      else {
        ranges.push([straight, i]);
        straight = null;
      }
    }
  }
  if (curly !== null) ranges.push([curly, sentence.length]);
  if (straight !== null) ranges.push([straight, sentence.length]);
  return ranges;
}

/** Does the sentence credit what it reports to an unnamed source ("a source said", "officials say")? */
function creditsUnnamedSpeaker(sentence: string): boolean {
  return UNNAMED_SPEAKER_LAST.test(sentence) || UNNAMED_SPEAKER_FIRST.test(sentence);
}

/** Does the sentence quote words (three or more, in quotation marks) outside the actor's name? */
export function quotesWords(sentence: string): boolean {
  return quotedRanges(sentence).some(([from, to]) => (sentence.slice(from, to).match(/[\p{L}\p{N}]+/gu) ?? []).length >= 3);
}
