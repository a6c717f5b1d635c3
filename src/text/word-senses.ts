import { createRequire } from 'node:module';

/** WordNet's lexicographer files that hold people and groups of people ("noun.person", "noun.group"). */
const PEOPLE_FILES = ['noun.person', 'noun.group'];

interface WordNetSenses {
  words: Readonly<Record<string, number>>;
  senses: readonly (readonly number[])[];
  people: ReadonlySet<number>;
  person: number;
  group: number;
  location: number;
  animal: number;
  food: number;
  quantity: number;
  possession: number;
}

let wordNet: WordNetSenses | undefined;

/**
 * WordNet's word list from wink-lexicon (77k words, ~3 MB of JavaScript, ≈ 0.16 s to read), read on
 * first use: a command-line question rarely needs it. A long-running process calls it at start-up
 * ({@link preloadWordSenses}) so that no question waits for it.
 */
function loadWordNet(): WordNetSenses {
  if (!wordNet) {
    const require = createRequire(import.meta.url);
    const words = require('wink-lexicon/src/wn-words.js') as WordNetSenses['words'];
    const senses = require('wink-lexicon/src/wn-word-senses.js') as WordNetSenses['senses'];
    const names = require('wink-lexicon/src/wn-senses.js') as readonly string[];
    wordNet = { words, senses, people: new Set(PEOPLE_FILES.map((name) => names.indexOf(name))), person: names.indexOf('noun.person'), group: names.indexOf('noun.group'), location: names.indexOf('noun.location'), animal: names.indexOf('noun.animal'), food: names.indexOf('noun.food'), quantity: names.indexOf('noun.quantity'), possession: names.indexOf('noun.possession') };
  }
  return wordNet;
}

/**
 * Whether a noun can name a person or a group of people in one of its WordNet senses ("secretary",
 * "owners", "council", "company"), not only a thing ("promise", "trial"): what can answer "who".
 * A plural is read as its singular when WordNet lists only that.
 */
export function canNamePeople(noun: string): boolean {
  const { people } = loadWordNet();
  return hasSense(noun, (sense) => people.has(sense));
}

/**
 * Whether a noun can name a person in one of its WordNet senses ("patients", "members", "pupils"),
 * not only a group or a place ("hospitals", "countries"): what "How many people…" counts.
 */
export function canNameAPerson(noun: string): boolean {
  const { person } = loadWordNet();
  return hasSense(noun, (sense) => sense === person);
}

/** Whether a noun can name a group of people ("company", "party", "council"), which a place-like name may answer ("awarded to Veolia"). */
export function canNameAGroup(noun: string): boolean {
  const { group } = loadWordNet();
  return hasSense(noun, (sense) => sense === group);
}

/**
 * Whether a counted noun counts persons: one of its WordNet senses is a person, and it is not also
 * an animal people eat ("fish", "hens"), whose person sense is a rare one ("a Pisces"), nor a sum
 * or a measure ("pound", "grant", "cash", "head" of cattle), whose person sense is a surname
 * ("Ezra Pound", "Ulysses Grant"). "How many people died?" is not answered by "Thousands of fish
 * died", nor "How many students…" by "a 1.2 million pound grant".
 */
export function countsPersons(noun: string): boolean {
  const { person, animal, food, quantity, possession } = loadWordNet();
  return (
    hasSense(noun, (sense) => sense === person) &&
    !(hasSense(noun, (sense) => sense === animal) && hasSense(noun, (sense) => sense === food)) &&
    !hasSense(noun, (sense) => sense === quantity || sense === possession)
  );
}

/** Whether a word can name a place in one of its WordNet senses ("Beijing", "Espoo", "Poland"): what can answer "where". */
export function canNameAPlace(word: string): boolean {
  const { location } = loadWordNet();
  return hasSense(word, (sense) => sense === location);
}

/** Whether WordNet lists a word in lower case ("striker", "announcement"): a common word, not only a name ("Keough"). */
export function isDictionaryWord(word: string): boolean {
  return Object.hasOwn(loadWordNet().words, word.toLowerCase());
}

/** Plurals whose singular no suffix rule finds ("children" → "child"). */
const IRREGULAR_PLURALS: Readonly<Record<string, string>> = { children: 'child', men: 'man', women: 'woman', teeth: 'tooth', feet: 'foot', mice: 'mouse', geese: 'goose' };

/** Whether one of a noun's WordNet senses passes the test; a plural is read as its singular when WordNet lists only that. */
function hasSense(noun: string, test: (sense: number) => boolean): boolean {
  const { words, senses } = loadWordNet();
  const word = noun.toLowerCase();
  const forms = [word, IRREGULAR_PLURALS[word] ?? word, word.replace(/ies$/, 'y'), word.replace(/es$/, ''), word.replace(/s$/, '')];
  return forms.some((form) => {
    const index = Object.hasOwn(words, form) ? words[form] : undefined;
    return index !== undefined && (senses[index] ?? []).some(test);
  });
}

/** Reads WordNet's senses now (the bot, before it answers), not during the first question that needs them. */
export function preloadWordSenses(): void {
  loadWordNet();
}
