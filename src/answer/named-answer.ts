/**
 * A question that asks for the name of one ("Which company…", "What is the name of the
 * firefighter…") or for a place ("Where…") against a sentence that names none: "one firefighter
 * was treated for a burn" does not say who the firefighter was, nor "a celebrity chef tried to
 * overhaul the menu" which chef, nor "diverted to a project elsewhere on the network" where.
 */
import { canNameAPlace, DATELINE, datelinePlace, isCalendarWord, isDictionaryWord, isStopWord, NAME_CONNECTORS, words } from '../text/index.js';

/** A written word, or a mark between words ("—", ","), which no name runs across. */
const WORD = /[\p{L}\p{N}][\p{L}\p{M}\p{N}'’.&-]*|[^\s\p{L}\p{N}]/gu;
/**
 * Words before a name that say it is a place or a body, not a person: "on Ridgeway Road", "taken
 * to Kestleford General Hospital", "at a London school"; "according to the Northvale Fire and
 * Rescue Service" as well as "according to Ann Hart", which a person's question then does not take
 * for its answer.
 */
const PLACE_PREPOSITIONS: ReadonlySet<string> = new Set(['at', 'in', 'on', 'off', 'to', 'from', 'near', 'into', 'outside', 'across', 'inside', 'along', 'towards', 'toward']);
/**
 * Words before a name that say it is a place wherever the article writes it: "the edge of
 * Kestleford" after "near Kestleford". Not "in": "shares in Hartwell & Pryce".
 */
const ONLY_BEFORE_PLACES: ReadonlySet<string> = new Set(['near', 'outside', 'inside', 'across', 'along']);
/** Words that join a name's capitalised words: "Bank of England", "Fire and Rescue Service", "Hartwell & Pryce". */
const JOINS_NAME: ReadonlySet<string> = new Set([...NAME_CONNECTORS, 'and', '&']);
const ARTICLES: ReadonlySet<string> = new Set(['the', 'a', 'an']);

const capitalised = (word: string) => /^\p{Lu}/u.test(word);

/** A name as a sentence writes it, with the word before it (past an article: "according to *the* Northvale Fire…"). */
interface WrittenName {
  words: string[];
  before: string | undefined;
}

/** What an article's own writing tells of its names: the words it capitalises inside a sentence, and those it names as places. */
export interface ArticleNames {
  writtenAsName: ReadonlySet<string>;
  /** Folded words of names written after "near", "outside"… or in the dateline ("KESTLEFORD, Oct. 14 —"). */
  places: ReadonlySet<string>;
}

/** Reads an article's names from its sentences. */
export function articleNames(sentences: readonly string[]): ArticleNames {
  const writtenAsName = new Set<string>();
  const places = new Set<string>();
  for (const sentence of sentences) {
    for (const word of (sentence.match(WORD) ?? []).slice(1)) if (capitalised(word)) writtenAsName.add(word);
    const dateline = DATELINE.exec(sentence);
    if (dateline) for (const word of words(datelinePlace(dateline[0]))) places.add(word);
    for (const name of namesIn(sentence, writtenAsName)) if (name.before !== undefined && ONLY_BEFORE_PLACES.has(name.before)) for (const word of name.words.flatMap((w) => words(w))) places.add(word);
  }
  return { writtenAsName, places };
}

/**
 * The names a sentence writes: runs of capitalised words joined by connectors ("Bank of England",
 * "Fire and Rescue Service"), without a dateline. A capitalised first word that is a common word
 * is a name only when its article writes it capitalised elsewhere ("Oliver said…" after "Jamie
 * Oliver"), not "Striker" of "Striker Danny Keough" or "Police said…".
 */
function namesIn(sentence: string, writtenAsName: ReadonlySet<string>): WrittenName[] {
  // A dateline ("KESTLEFORD, Oct. 14 —") names where the report was filed, not one of those it tells of.
  const tokens = sentence.replace(DATELINE, '').match(WORD) ?? [];
  const names: WrittenName[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (!capitalised(tokens[i]!)) continue;
    let end = i + 1;
    while (end < tokens.length) {
      if (capitalised(tokens[end]!)) end++;
      else if (JOINS_NAME.has(tokens[end]!.toLowerCase()) && end + 1 < tokens.length && capitalised(tokens[end + 1]!)) end += 2;
      else break;
    }
    // "September's derailment": a name's possessive is no part of it.
    let run = tokens.slice(i, end).map((word) => word.replace(/['’]s$/u, ''));
    const first = run[0]!.toLowerCase();
    if (i === 0 && (isStopWord(first) || (isDictionaryWord(first) && !writtenAsName.has(run[0]!)))) run = run.slice(1);
    run = run.filter((word) => !isCalendarWord(word));
    const before = ARTICLES.has(tokens[i - 1]?.toLowerCase() ?? '') ? tokens[i - 2] : tokens[i - 1];
    if (run.length > 0) names.push({ words: run, before: before?.toLowerCase() });
    i = end - 1;
  }
  return names;
}

/** What a question for a name asks of it: a person's ("Which chef…"), a place's ("Which country…"), or neither ("Which company…"). */
export interface NameKind {
  readonly person: boolean;
  readonly place: boolean;
  /** The noun the question names it by ("farmer" of "What is the name of the farmer…"), when it has one. */
  readonly head?: string;
}

/** The word before a name that attributes what the sentence says to it: "…, said Fire Officer Priya Anand". */
const ATTRIBUTING: ReadonlySet<string> = new Set(['said', 'says', 'told', 'added', 'explained']);

/**
 * Whether the sentence speaks of one by its noun alone, no name set beside it: "a farmer suffered
 * minor burns" (not "the farmer, Tom Hale," nor "farmer Tom Hale").
 */
function speaksOfUnnamed(sentence: string, head: string): boolean {
  if (!/^[\p{L}'’-]+$/u.test(head)) return false;
  return new RegExp(String.raw`\b(?:[Aa]n?|[Oo]ne|[Tt]he|[Aa]nother)\s+(?:\p{Ll}[\p{Ll}-]*\s+)?${head}\b(?!\s*,?\s*\p{Lu})`, 'u').test(sentence);
}

/**
 * Whether the sentence names one that a question asking for a name could be answered by: a name
 * with a word the question does not hold. Unless a place is asked, not a place: not one whose
 * words name places ("Britain", or a town the article's dateline names); for a person, not a name
 * written after "at", "in", "to" either.
 */
export function namesOneAsked(sentence: string, questionWords: ReadonlySet<string>, asked: NameKind, article: ArticleNames): boolean {
  return namesIn(sentence, article.writtenAsName).some((name) => {
    const folded = name.words.flatMap((word) => words(word));
    if (folded.every((word) => questionWords.has(word))) return false;
    if (asked.person && name.before !== undefined && PLACE_PREPOSITIONS.has(name.before)) return false;
    // "Kerr, from Paisley,": where one comes from is no name of what is asked, unless a place is.
    if (!asked.place && name.before === 'from') return false;
    // "a farmer suffered minor burns…, said Fire Officer Priya Anand": the one asked for is there
    // without a name, and the name given is the one who told of them.
    if (asked.head !== undefined && name.before !== undefined && ATTRIBUTING.has(name.before) && speaksOfUnnamed(sentence, asked.head)) return false;
    return asked.place || !folded.every((word) => article.places.has(word) || (folded.length === 1 && canNameAPlace(word)));
  });
}

/**
 * The names in a sentence that could be persons', each as its folded words: not one written after
 * "at", "in", "to"…, nor one whose words name places (the dateline's town, "Britain").
 */
export function personNamesIn(sentence: string, article: ArticleNames): string[][] {
  return namesIn(sentence, article.writtenAsName)
    .filter((name) => name.before === undefined || !PLACE_PREPOSITIONS.has(name.before))
    .map((name) => name.words.flatMap((word) => words(word)))
    .filter((folded) => !folded.every((word) => article.places.has(word) || (folded.length === 1 && canNameAPlace(word))));
}

/** Prepositions that set a place ("built in mountainous areas", "found near the river"), with the words after them (group 1). */
const PLACING = /\b(?:in|at|near|on|to|from|into|across|outside|inside|along|off|beyond|towards?|between|around|through)\s+((?:[\p{L}'’-]+\s*){1,4})/giu;

/**
 * Whether the sentence tells a place a where-question could be answered by: a name the question
 * lacks that is not a person's, or a place set by a preposition and named by a word that names a
 * location ("in mountainous areas", "near the border"). "…diverted to a bridge renewal project
 * elsewhere on the network" tells no place.
 */
export function tellsAPlace(sentence: string, questionWords: ReadonlySet<string>, article: ArticleNames): boolean {
  if (namesOneAsked(sentence, questionWords, { person: false, place: true }, article)) return true;
  return [...sentence.matchAll(PLACING)].some((m) => words(m[1]!).some((word) => !questionWords.has(word) && !isStopWord(word) && canNameAPlace(word)));
}
