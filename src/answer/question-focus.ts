import { foldCase, isStopWord, tagText, type Token } from '../text/index.js';

/**
 * Nouns that frame what kind of answer is wanted rather than what it is about ("What year…",
 * "Which country…", "What kind of…", "What is the name of…"): the answer sentence holds a year, a
 * country's name, not the word itself, so they are never asked to be covered.
 */
const FRAME_NOUNS = new Set([
  'kind', 'type', 'sort', 'form', 'name', 'names', 'term', 'word', 'part', 'thing', 'things', 'one', 'ones',
  'year', 'years', 'date', 'day', 'days', 'month', 'months', 'decade', 'century', 'time', 'period', 'era',
  'number', 'amount', 'percentage', 'percent', 'proportion', 'share', 'fraction', 'size', 'money', 'sum', 'cost', 'price', 'value',
  'person', 'man', 'woman', 'people', 'group', 'country', 'countries', 'city', 'cities', 'state', 'region', 'place', 'location',
  'town', 'continent', 'island', 'area', 'province',
]);

/** Parts of speech a noun phrase right after the question word is made of. */
const NOUN_PHRASE = new Set(['NOUN', 'ADJ', 'PROPN', 'PART', 'DET', 'NUM']);

/**
 * The focus of a question: the common nouns of the noun phrase it asks about, right after the
 * question word ("What is Venezuela's national *currency* called?", "How many *barrels*…", "Who is
 * the *president* of…"), past a framing noun ("What kind of *car*…"). An answer must say something
 * about them; names are checked apart, and questions led by a verb ("What did Rubio announce?")
 * have no focus. Folded words, in question order.
 */
export function questionFocus(question: string): string[] {
  return readFocus(question).words;
}

/** Forms of "be": after "What is / Who was…" the focus phrase names the very thing asked about. */
const COPULAS = new Set(['is', 'was', 'are', 'were']);

/**
 * The question's focus, and whether it follows "What / Who" and a form of "be" ("What was
 * Venezuela's inflation rate…", an attribute asked by name) rather than "Which mountain range…"
 * (an instance asked for, which the answer names without the category word).
 */
export function readFocus(question: string): { words: string[]; named: boolean } {
  const tokens = tagText(question).tokens;
  const lower = (t: Token | undefined) => (t ? foldCase(t.text) : '');
  let i = tokens.findIndex((t) => ['what', 'which', 'who', 'how'].includes(lower(t)));
  if (i < 0) return { words: [], named: false };
  let named = false;
  if (lower(tokens[i]) === 'how') {
    if (!['many', 'much'].includes(lower(tokens[i + 1]))) return { words: [], named: false };
    i += 2;
  } else {
    named = ['what', 'who'].includes(lower(tokens[i])) && COPULAS.has(lower(tokens[i + 1]));
    i += 1;
    if (tokens[i]?.pos === 'AUX') i += 1;
  }
  const afterVerb = tokens[i - 1]?.pos === 'AUX';
  const focus: string[] = [];
  while (i < tokens.length) {
    const token = tokens[i]!;
    // "What did Gaddafi call…": after an auxiliary, a name not followed by "'s" is the subject of a verb.
    if (afterVerb && token.pos === 'PROPN' && tokens[i + 1]?.pos !== 'PROPN' && tokens[i + 1]?.pos !== 'PART') {
      if (tokens[i + 1]?.pos === 'NOUN') break;
    }
    if (NOUN_PHRASE.has(token.pos)) {
      const word = lower(token);
      if (token.pos === 'NOUN' && !isStopWord(word) && !FRAME_NOUNS.has(word)) focus.push(word);
      i++;
      continue;
    }
    // "What kind of car…": past a phrase of framing nouns only, the focus is the one after "of".
    if (focus.length === 0 && lower(token) === 'of') {
      i++;
      continue;
    }
    break;
  }
  return { words: focus, named: named && focus.length > 0 };
}
