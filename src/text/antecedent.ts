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
