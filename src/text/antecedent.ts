/**
 * A sentence that opens by pointing back ("They may not have a hierarchy…", "This follows…",
 * "But both…") reads only after the sentence before it. The answer stage quotes that sentence with
 * it; actor pages bring it along or leave the sentence out. One rule for both.
 */
const LEANS_ON_PREVIOUS = /^[“"‘']?(he|she|they|it|this|that|these|those|his|her|their|its|such|the move|the decision|but|however|yet|still|meanwhile|instead)\b/i;

/** Whether `text` opens with a word that refers to the sentence before it. */
export function leansOnPrevious(text: string): boolean {
  return LEANS_ON_PREVIOUS.test(text);
}

/** A sentence that opens with a personal pronoun ("He was eventually captured…"): it speaks of the one the sentence before named. */
const PERSONAL_PRONOUN_OPENING = /^[“"‘']?(?:he|she|they|his|her|their)\b/i;

/** Whether `text` opens with a personal pronoun standing for someone named in the sentence before. */
export function opensWithPersonalPronoun(text: string): boolean {
  return PERSONAL_PRONOUN_OPENING.test(text);
}

/** At most this many words make a sentence short enough to be a lead-in. */
const LEAD_IN_WORDS = 10;

/**
 * A short sentence that says only that something follows ("Patient groups urged caution.",
 * "One judge dissented.", "Unions reacted angrily.") or ends with a colon: news writes the
 * substance in the next sentence of the paragraph, and quoted alone it answers nothing.
 */
export function introducesNext(text: string): boolean {
  const trimmed = text.trim();
  if (/:[”"’']?$/.test(trimmed)) return true;
  return trimmed.split(/\s+/).length <= LEAD_IN_WORDS && !/\d/.test(trimmed) && !/[“"]/.test(trimmed);
}
