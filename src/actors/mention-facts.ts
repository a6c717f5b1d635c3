import { SPEECH_VERBS } from './gazetteer.js';
import type { Token } from './tokens.js';

/**
 * What a summary needs to know about a mention, decided once at build time from the tags so that
 * summaries never tag text: is the actor the subject (a verb within three words after the name,
 * not "Trump’s envoy" or "the Trump administration"), and does the sentence report an action (a
 * verb that is not a speech verb)? `end` is relative to the sentence.
 */
export function mentionFacts(tokens: readonly Token[], end: number): { subject: boolean; action: boolean } {
  return { subject: isSubjectAt(tokens, end), action: sentenceHasAction(tokens) };
}

/** A verb or auxiliary follows the name before any noun, within three tokens. */
export function isSubjectAt(tokens: readonly Token[], end: number): boolean {
  const after = tokens.filter((t) => t.start >= end).slice(0, 3);
  if (after[0] && /^[’'‘]/u.test(after[0].text)) return false;
  for (const t of after) {
    if (t.pos === 'VERB' || t.pos === 'AUX') return true;
    if (t.pos === 'NOUN' || t.pos === 'PROPN') return false;
  }
  return false;
}

export function sentenceHasAction(tokens: readonly Token[]): boolean {
  return tokens.some((t) => t.pos === 'VERB' && !SPEECH_VERBS.has(t.text.toLowerCase()));
}
