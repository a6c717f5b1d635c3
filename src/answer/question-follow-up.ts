import { AUXILIARIES, NAME_CONNECTORS as NAME_CONNECTOR_WORDS, QUESTION_WORDS } from '../text/index.js';

/**
 * Reading a short chat follow-up in the context of the previous question in the same channel.
 * The method is general and rule based (no model): a follow-up that names a new subject
 * ("What about Cabello?", "And China?") takes the previous question and swaps its main entity
 * for the new one; a follow-up that refers back with a pronoun ("What did he say?") gets the
 * previous question's main entity in place of the pronoun.
 */

/** Words that start a question and are capitalised for that reason only. */
const NOT_ENTITY_WORDS = new Set([
  ...QUESTION_WORDS,
  ...AUXILIARIES,
  ...'shall may might must tell and but or so then the a an i in on at for of to about please list name give show explain describe according if any there'.split(' '),
]);
/** Lower-case words that join the parts of a name: "Cartel de los Soles", "Bank of England", "Council for Peace". */
const NAME_CONNECTORS = new Set([...NAME_CONNECTOR_WORDS, 'for']);

const WORD = /[\p{L}\p{N}][\p{L}\p{N}.'’-]*/gu;

function isCapitalised(word: string): boolean {
  return /^\p{Lu}/u.test(word);
}

/** Strips a trailing possessive or full stop that is not part of an abbreviation such as "U.S.". */
function cleanWord(word: string): string {
  let cleaned = word.replace(/['’]s$/u, '');
  if (cleaned.endsWith('.') && !/^(?:\p{Lu}\.)+$/u.test(cleaned)) cleaned = cleaned.slice(0, -1);
  return cleaned;
}

/**
 * The first proper name in a question: a run of capitalised words, possibly joined by lower-case
 * connectors ("Cartel de los Soles"), skipping words that are capitalised only because they start
 * the question. Null when the question names nothing.
 */
export function mainEntity(question: string): string | null {
  const words = [...question.matchAll(WORD)].map((match) => ({ text: match[0], index: match.index }));
  let index = 0;
  while (index < words.length) {
    const word = words[index]!;
    if (!isCapitalised(word.text) || NOT_ENTITY_WORDS.has(cleanWord(word.text).toLowerCase())) {
      index++;
      continue;
    }
    let last = index;
    let probe = index + 1;
    while (probe < words.length) {
      const next = words[probe]!;
      if (isCapitalised(next.text) && !NOT_ENTITY_WORDS.has(next.text.toLowerCase())) {
        last = probe;
        probe++;
        // A possessive ends the name: "Maduro's government".
        if (/['’]s$/u.test(words[last]!.text)) break;
        continue;
      }
      if (NAME_CONNECTORS.has(next.text)) {
        // Skip a run of connectors ("de los") if a capitalised word follows it.
        let after = probe;
        while (after < words.length && NAME_CONNECTORS.has(words[after]!.text)) after++;
        if (after < words.length && isCapitalised(words[after]!.text)) {
          probe = after;
          continue;
        }
      }
      break;
    }
    const start = word.index;
    const lastWord = words[last]!;
    const raw = question.slice(start, lastWord.index + lastWord.text.length);
    const cleaned = raw.replace(/['’]s$/u, '').replace(/(?<!\p{Lu})\.$/u, '');
    if (cleaned.length > 0) return cleaned;
    index = last + 1;
  }
  return null;
}

export interface ResolvedQuestion {
  /** The question to answer. */
  question: string;
  /** True when the text was rewritten using the previous question. */
  rewritten: boolean;
}

const NEW_SUBJECT = /^(?:and\s+|so\s+|ok(?:ay)?,?\s+)?(?:what|how)\s+about\s+(.+?)\s*[?.!]*$/iu;
const AND_SUBJECT = /^and\s+(.+?)\s*[?.!]*$/iu;
/** A word that asks: a question word or an auxiliary ("And what did he say?" is a question, "And China?" is not). */
const ASKING_WORD = new RegExp(`\\b(?:${[...QUESTION_WORDS, ...AUXILIARIES].join('|')})\\b`, 'iu');
const PRONOUN = /\b(he|she|they|him|them|his|their|theirs|her|it|its)\b/iu;
const NOT_POSSESSIVE_AFTER_HER = new Set(['and', 'or', 'to', 'about', 'in', 'on', 'at', 'for', 'with', 'from', 'by', 'as', 'say', 'said']);

function wordCount(text: string): number {
  return text.trim().split(/\s+/u).filter(Boolean).length;
}

function withoutQuestionMark(question: string): string {
  return question.trim().replace(/[?.!\s]+$/u, '');
}

/** Replaces the first whole-word occurrence of `entity` in `question` with `replacement`. */
function replaceEntity(question: string, entity: string, replacement: string): string {
  const position = question.indexOf(entity);
  let before = question.slice(0, position);
  // "the Cartel" → "the Treasury", not "the the Treasury".
  if (/\bthe\s+$/iu.test(before) && /^the\s/iu.test(replacement)) before = before.replace(/\bthe\s+$/iu, '');
  return `${before}${replacement}${question.slice(position + entity.length)}`;
}

/**
 * Reads `question` in the context of `previous` (the last question asked in the same channel
 * within the follow-up window), or returns it unchanged when it stands on its own.
 */
export function resolveFollowUp(question: string, previous: string | null): ResolvedQuestion {
  const asked = question.trim();
  if (!previous || asked.length === 0 || wordCount(asked) > 12) return { question: asked, rewritten: false };
  const previousEntity = mainEntity(previous);

  const subjectMatch = NEW_SUBJECT.exec(asked) ?? (ASKING_WORD.test(asked.replace(/^and\s+/iu, '')) ? null : AND_SUBJECT.exec(asked));
  const newSubject = subjectMatch?.[1]?.trim();
  if (newSubject && wordCount(newSubject) <= 6) {
    if (previousEntity) return { question: replaceEntity(previous.trim(), previousEntity, newSubject), rewritten: true };
    return { question: `${withoutQuestionMark(previous)} (about ${newSubject})?`, rewritten: true };
  }

  const body = asked.replace(/^and\s+/iu, '');
  const pronoun = PRONOUN.exec(body);
  if (pronoun && previousEntity && mainEntity(body) === null) {
    const word = pronoun[1]!.toLowerCase();
    const after = body.slice(pronoun.index + pronoun[0].length).match(/^\s+([\p{L}]+)/u)?.[1]?.toLowerCase();
    const possessive = word === 'his' || word === 'their' || word === 'its' || (word === 'her' && after !== undefined && !NOT_POSSESSIVE_AFTER_HER.has(after));
    const replacement = possessive ? `${previousEntity}’s` : previousEntity;
    let rewritten = `${body.slice(0, pronoun.index)}${replacement}${body.slice(pronoun.index + pronoun[0].length)}`;
    rewritten = rewritten.charAt(0).toUpperCase() + rewritten.slice(1);
    return { question: rewritten, rewritten: true };
  }
  return { question: asked, rewritten: false };
}
