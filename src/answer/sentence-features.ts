import { canNameAPerson, CIRCUMSTANCE_CUE, countsPersons, CURRENCY, DATELINE, DAY_DATE, END_CUE, EVENT_TIME, foldCase, isDictionaryWord, isStopWord, MONTH_WORD, NUMBER_WORD, opensWithPersonalPronoun, REASON_CUE, sharedPrefixLength, START_CUE, stem, tagText, WEEKDAY_NAMES, withoutReportingDays, YEAR_NUMBER } from '../text/index.js';
import type { AmountAsked, AnalysedQuestion } from './question-reader.js';
import { analyseSentence, type SentenceAnalysis } from './sentence-analysis.js';

/** The evidence that a sentence answers the question; each value lies in 0..1. */
export interface SentenceEvidence {
  /** Share of the question's term weight found in the sentence. */
  coverage: number;
  /** Share of the weight of the question's name terms found (1 when it names nothing). */
  nameCoverage: number;
  /** Share of the weight of the question's other terms found (1 when it has none): what is asked about. */
  topicCoverage: number;
  /**
   * Share of the question's term weight found in the sentence together with its neighbours in
   * the paragraph: an answer sentence often names its subject only in the sentence before
   * ("This comprises more than 60% of the land.").
   */
  contextCoverage: number;
  /**
   * Share of the question's term weight that the sentence holds in the question's own word form
   * ("founded", not only "founding"): a sentence the question was read from keeps its words.
   */
  exactCoverage: number;
  /**
   * Share of the question's term weight found in the sentence just before: a sentence that sets up
   * the question's topic is often followed by the one that answers it ("This hypothesis is called…").
   */
  previousCoverage: number;
  /** Share of the question's bigrams found as bigrams in the sentence. */
  phrase: number;
  /** The sentence holds something of the expected answer type that the question does not. */
  typeMatch: number;
  /** Share of the sentence's content words that the question does not already say. */
  novelty: number;
  /** Matched question terms sit close together in the sentence. */
  proximity: number;
  /** The sentence reads as a headline (no closing punctuation): a title states a topic, rarely an answer. */
  headline: number;
  /**
   * Share of the question's term weight that the sentence does not hold exactly but matches
   * with a similar word (by word vectors), scaled by how similar.
   */
  softCoverage: number;
}

/** Similarity of two folded words, 0..1; word vectors in the answer stage provide it. */
export type WordSimilarityFunction = (a: string, b: string) => number;

/** Below this cosine two words are not taken as near-synonyms. */
const SOFT_MATCH_FLOOR = 0.45;

const PERCENT_ANSWER = /%|\b(percent|per cent|half|third|thirds|quarter|quarters|majority|minority|fifth|tenth)\b/i;

/**
 * A sum written without its currency ("cost local shops around 5 million"): money only when no
 * counted word follows it ("1.1 million patients" counts patients).
 */
const BARE_SUM = /\d[\d,.]*\s+(?:million|billion|trillion|thousand|bn)\b/gi;
/** A number that can be a year, 1000 to 2099 ("1874", "2020s"). */
export const YEARS = new RegExp(String.raw`\b${YEAR_NUMBER.source}s?\b`, 'g');

/** Whether a word that is not a stop word comes right after `at`: what a number before it counts. */
function countedWordFollows(text: string, at: number): boolean {
  const next = /^\s+([a-z][a-z-]*)/.exec(text.slice(at, at + 40));
  return next !== null && !isStopWord(next[1]!);
}

/**
 * The text with its years blanked out: a four-digit number from 1000 to 2099 is a year unless a
 * counted word follows it ("in 1874 and" is a year, "2000 kilometres" and "1500 workers" are not).
 */
export function withoutYears(text: string): string {
  return text.replace(YEARS, (year, offset: number) => (countedWordFollows(text, offset + year.length) ? year : ' '.repeat(year.length)));
}

/**
 * A number that measures rather than counts: a sum ("$310 million"), a quantity with its unit
 * ("38,400 megawatts", "44C", "90 minutes"), a day of a month ("Oct. 3") or a clock time
 * ("3 p.m."). The unit is group 1 where there is one. A share is not here: the judge weighs
 * whether it is a share of what is counted.
 */
const MEASURE = new RegExp(
  [
    String.raw`[$€£¥]\s?\d[\d,.]*(?:\s+(?:million|billion|trillion|bn|m)\b)?`,
    String.raw`\d[\d,.]*\s?(?:-\s?)?(°\s?[CF]?|(?<=\d)[CF]\b|(?:megawatts?|gigawatts?|kilowatts?|watts?|volts?|degrees?|kilomet(?:re|er)s?|km|metres?|meters?|miles?|feet|foot|inches|inch|cm|mm|kilograms?|kg|grams?|tonnes?|tons?|litres?|liters?|gallons?|mph|hectares?|acres?|seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?)\b)`,
    String.raw`${MONTH_WORD.source}\.?\s+\d{1,2}\b`,
    String.raw`\b\d{1,2}(?::\d{2})?\s?(?:a\.m\.|p\.m\.|am\b|pm\b)`,
  ].join('|'),
  'gi',
);

/**
 * The text with what cannot answer a how-many question blanked out: years, and numbers that
 * measure rather than count, unless the question counts that very unit ("How many degrees…",
 * "How many days…").
 */
export function countsIn(text: string, countedTerms: readonly string[]): string {
  return withoutYears(text).replace(MEASURE, (measure, unit: string | undefined) =>
    unit !== undefined && countedTerms.includes(stem(unit.toLowerCase())) ? measure : ' '.repeat(measure.length),
  );
}

/** Word-vector similarity at which the noun after a number counts what the question counts ("vessel" for "boats"). */
const COUNTED_SIMILARITY = 0.65;

/**
 * Whether a number of the text may count what a how-many question counts: one whose noun is what
 * is asked or a near word ("1,800 vessel passages" for "How many boats…"), a person for a count of
 * people ("1,350 pupils" for "How many kids…"), a word of the question's own ("2,700 signatures"
 * for "How many people signed…"), or one that says nothing of what it counts ("the toll rose to
 * 12"). "The study, run at 38 hospitals across four countries" does not say how many patients
 * died, nor "It broke down four times" how many people were on board. True for any other question.
 */
export function countsWhatIsAsked(text: string, question: AnalysedQuestion, similarity: WordSimilarityFunction = () => 0): boolean {
  const head = question.countedWords?.at(-1);
  // "How many units…", "How many items…": a count of anything the sentence counts.
  if (head === undefined || GENERIC_COUNTED.has(head)) return true;
  // Persons are counted when the question counts persons ("protesters", "staff"), not a group
  // that WordNet also calls people ("schools", "homes", "teams"): "How many schools…" is not
  // answered by "3.2 million pupils".
  const countsPeople = canNameAPerson(head) || PEOPLE.has(head) || PERSONS_AS_GROUP.has(head);
  const counted = question.countedTerms ?? [];
  const questionWords = [...question.termWords.values()];
  const isAsked = (written: string) => {
    // A compound counts its last word: "1,400 e-scooters" counts scooters.
    const word = written.slice(written.lastIndexOf('-') + 1);
    const term = stem(word);
    if (counted.includes(term)) return true;
    // Another thing the question names is not what it counts: "How many people caught the virus
    // from the hens?" is not answered by "180,000 laying hens".
    if (question.terms.has(term)) return false;
    return questionWords.some((asked) => similarity(asked, word) >= COUNTED_SIMILARITY || sharesRoot(asked, word));
  };
  // "How many firefighters…" is not answered by "Firefighters used boats to rescue 14 people": a
  // sentence that names what is counted apart and counts other persons counts those others.
  // The word itself, singular or plural ("firefighter(s)"), not one made from it ("in protest" for "protesters").
  // Read only when a count of other persons is met (most counts answer or fail before it).
  const isHeadWord = (w: string) => w === head || `${w}s` === head || w === `${head}s`;
  // Apart: outside the words counted ("about 61,000 parking tickets last year" names its tickets in the count).
  const namesCountedApart = (counted: readonly string[] = []) =>
    (text.match(/\p{L}+/gu) ?? []).map(foldCase).filter(isHeadWord).length > counted.filter(isHeadWord).length;
  // A number the question states is not its answer: "the five branches" of "How many staff work
  // across the five branch libraries?".
  return nounsCounted(countsIn(text, counted))
    .filter(({ number }) => !question.foldedWords.has(foldCase(number)))
    // "One" with no noun after it stands for a thing named before ("at one of them"), not a count.
    .some(({ number, nouns, words: countWords }) => {
      const countedNoun = nouns.at(-1);
      // Nor a year ("in August 2003,").
      if (countedNoun === undefined) return foldCase(number) !== 'one' && !YEAR_ALONE.test(number);
      // The noun counted is the last one ("61,000 parking tickets" counts tickets). A word before it
      // that the question holds ("180 vacant driver positions" for "How many driving jobs…", "60
      // permanent jobs" for "How many permanent positions…") answers unless the sentence names what
      // is asked apart: "How many parking wardens…" is not answered by "wardens issued 61,000 parking tickets".
      const before = countWords.slice(0, countWords.lastIndexOf(countedNoun)).filter((w) => nouns.includes(w) || !SAYS_NOTHING_OF_KIND.has(w));
      if (isAsked(countedNoun) || (before.some(isAsked) && !namesCountedApart(nouns))) return true;
      // "How many protesters…" is answered by "more than 4,000 people marched": people count any persons.
      if (!countsPeople) return false;
      // Any persons answer ("4,000 people" for "protesters"), but not when the sentence names the ones asked apart.
      return (PEOPLE.has(countedNoun) || countsPersons(countedNoun)) && !namesCountedApart();
    });
}

/** Adjectives that say how new or how many, not what kind: "300 new trains" is no count of new jobs. */
const SAYS_NOTHING_OF_KIND: ReadonlySet<string> = new Set(['new', 'extra', 'additional', 'further', 'total', 'current', 'big', 'small', 'large', 'major', 'fresh', 'more', 'other', 'several', 'many', 'few']);

/** Groups counted by their persons: "How many staff…" is answered by "120 employees". */
const PERSONS_AS_GROUP: ReadonlySet<string> = new Set(['staff', 'crew', 'personnel', 'workforce']);

/** Nouns that count things of any kind: "How many units is the firm aiming to shift?" is answered by "three million of the handsets", "How many times…" by "on 43 occasions". */
const GENERIC_COUNTED: ReadonlySet<string> = new Set(['units', 'items', 'things', 'pieces', 'times']);

/** The words that count persons of any kind (WordNet files "people" as a group, not a person). */
const PEOPLE: ReadonlySet<string> = new Set(['people', 'persons', 'individuals']);

/** A number that is a year when no noun follows it. */
const YEAR_ALONE = new RegExp(String.raw`^${YEAR_NUMBER.source}$`);

/** The words that multiply a number: "3.2 million", "40 thousand". */
const MULTIPLIER = /^(?:hundred|thousand|million|billion|trillion|bn|m)$/i;
/** A rank written with its number: "fifth-largest", "second-biggest", "third-placed". */
const RANK = /-(?:\p{L}+est|placed|ranked)$/iu;

/** Parts of speech of the noun phrase after a number: "38 hospitals", "two blood thinners", "1,800 vessel passages". */
const COUNTED_NOUN_TAGS = new Set(['NOUN', 'PROPN', 'ADJ']);

/**
 * For each number of a text, the number as written and the nouns of the phrase it counts, folded,
 * the head noun last ("blood", "thinners" of "two blood thinners"); none when no noun follows
 * ("rose to 12.").
 */
function nounsCounted(text: string): { number: string; nouns: string[]; words: string[] }[] {
  const tokens = tagText(text).tokens;
  const counted: { number: string; nouns: string[]; words: string[] }[] = [];
  tokens.forEach((token, i) => {
    if (token.pos !== 'NUM' && !NUMBER_WORD.test(token.text)) return;
    // A multiplier belongs to the number before it ("3.2 million pupils" counts pupils).
    if (MULTIPLIER.test(token.text) && i > 0 && (tokens[i - 1]!.pos === 'NUM' || /\d/.test(tokens[i - 1]!.text))) return;
    let first = i + 1;
    while (first < tokens.length && MULTIPLIER.test(tokens[first]!.text)) first++;
    // A share ("6% of the market") is no count, nor a rank ("the fifth-largest maker", "third-placed").
    const next = tokens[first]?.text ?? '';
    if (/^(?:%|percent|per)$/i.test(next) || RANK.test(token.text) || (next === '-' && RANK.test(`-${tokens[first + 1]?.text ?? ''}`))) return;
    // "Thousands of fish", "two of the crew": what is counted follows "of".
    if (/^of$/i.test(next)) first += tokens[first + 1]?.pos === 'DET' ? 2 : 1;
    const nouns: string[] = [];
    // The adjectives too: "60 permanent jobs" is a count of permanent ones.
    const words: string[] = [];
    for (let j = first; j < tokens.length && COUNTED_NOUN_TAGS.has(tokens[j]!.pos); j++) {
      words.push(foldCase(tokens[j]!.text));
      if (tokens[j]!.pos !== 'ADJ') nouns.push(foldCase(tokens[j]!.text));
    }
    counted.push({ number: token.text, nouns, words });
  });
  return counted;
}

/** Whether two words share a root of four letters or more that leaves each at most three letters besides ("signed" and "signatures", "injured" and "injuries"; not "trial" and "trains"). */
function sharesRoot(a: string, b: string): boolean {
  const shared = sharedPrefixLength(a, b);
  if (shared < 4 || shared < Math.min(a.length, b.length) - 3) return false;
  // "fire" and "firefighters", "school" and "schoolchildren": a word that holds the other whole
  // with another word after it is a compound of two things, not a form of one.
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  return !(longer.startsWith(shorter) && isWordOfItsOwn(longer.slice(shorter.length)));
}

/** Whether the rest of a compound is a word of four letters or more, singular or plural ("fighters"; not "ers" of "workers"). */
function isWordOfItsOwn(rest: string): boolean {
  return rest.length >= 4 && [rest, rest.replace(/e?s$/, '')].some((word) => word.length >= 3 && isDictionaryWord(word));
}

/** A count of units of time or distance ("four days", "6.2 kilometres", "a two-year"; not an age, "a 23-year-old"): what "how long" asks. */
const EXTENT_ANSWER = new RegExp(
  `(?:\\d[\\d,.]*|${NUMBER_WORD.source}|\\bfew\\b)[\\s-]+(?:more\\s+|full\\s+)?(?:seconds?|minutes?|hours?|days?|nights?|weeks?|months?|years?|decades?|centuries|metres?|meters?|kilomet(?:re|er)s?|km|miles?|feet|foot|yards?)\\b(?!-old\\b)`,
  'i',
);

/** A count of units of length ("40 metres", "6.2 km", "a 300-foot", "40m"): what "how deep / tall / wide" asks, which a span of time does not tell. */
const DISTANCE_ANSWER = new RegExp(
  `(?:\\d[\\d,.]*|${NUMBER_WORD.source}|\\bfew\\b)[\\s-]*(?:more\\s+)?(?:metres?|meters?|kilomet(?:re|er)s?|centimet(?:re|er)s?|millimet(?:re|er)s?|km|cm|mm|miles?|feet|foot|ft|yards?|inch(?:es)?|fathoms?|storeys?|stories|floors?)\\b` +
    // "40m tall", not a sum ("£9m").
    `|(?<![£$€¥\\d.,])\\d[\\d,.]*m\\b`,
  'i',
);

/**
 * Not after the words that set a stretch of time (a preceding lookbehind): "for the next 12
 * months", "over two years", "within a week" say how long something lasts, not how old anyone is.
 */
const NOT_A_STRETCH = String.raw`(?<!\b(?:for|over|within|during|throughout|next|past|last|coming|every|per)\s+(?:the\s+)?(?:next\s+|past\s+|last\s+|first\s+|coming\s+)?(?:about\s+|around\s+|nearly\s+|almost\s+|some\s+|more\s+than\s+)?)`;

/**
 * An age: a span of time, old or not ("a 23-year-old", "12,000 years", "nearly a century old"; a
 * compound that describes another noun, "a four-year contract", is no age),
 * "aged 23", "at the age of 23", a person's age set off after their name ("Emeka Okoro, 23,"), or
 * the year or era a thing dates from ("built in 1874", "290 AD"). "How old is Okoro?" is not
 * answered by "19 goals", nor "How old is the champion?" by "for the next 12 months".
 */
const AGE_ANSWER = new RegExp(
  String.raw`(?<![\p{L}\p{N},.])${NOT_A_STRETCH}(?:\d[\d,.]*|${NUMBER_WORD.source}|\ba|\ban)(?:\s+(?:years?|months?|weeks?|days?|decades?|centur(?:y|ies))\b|-(?:year|month|week|day|decade|century)-old\b)|\baged\s+\d|\bage\s+of\s+\d|\p{Lu}\p{L}+,\s+\d{1,3},|\b${YEAR_NUMBER.source}s?\b|\b\d+\s*(?:AD|BC|BCE|CE)\b`,
  'iu',
);

/**
 * A person's age: "a 27-year-old", "27 years old", "aged 27", "at the age of 27", "Kessler, 27,",
 * "turned 30", "born in 1998", "her 30th birthday"; not a year or a span of time alone.
 */
const PERSON_AGE_ANSWER = new RegExp(
  String.raw`(?<![\p{L}\p{N},.])(?:\d{1,3}|${NUMBER_WORD.source}|\ba|\ban)(?:\s+|-)(?:years?|months?|weeks?|days?)(?:\s+|-)old\b|\baged\s+\d|\bage\s+of\s+\d|\p{Lu}\p{L}+,\s+\d{1,3},|\bturn(?:s|ed|ing)?\s+\d{1,3}\b|\bborn\b[^.;]{0,30}?\b${YEAR_NUMBER.source}\b|\b\d{1,3}(?:st|nd|rd|th)\s+birthday\b`,
  'iu',
);

/**
 * How long a thing lasts, told by when it ends: "will not sail again until at least March 12",
 * "closed until further notice".
 */
const UNTIL_ANSWER = new RegExp(
  String.raw`\b(?:until|till)\s+(?:at\s+least\s+|early\s+|late\s+|mid-?)?(?:${MONTH_WORD.source}|\b(?:${WEEKDAY_NAMES.join('|')})\b|\b${YEAR_NUMBER.source}\b|further notice|next\b|the end of\b)`,
  'i',
);

/**
 * Whether a text holds the kind of amount a how-much question asks for: a share (a percentage, a
 * fraction), a sum of money, an extent (of time or distance), a length or an age; any amount when the question asks
 * for none of them.
 */
export function holdsAmountAsked(text: string, asked: AmountAsked | undefined): boolean {
  if (asked === 'share') return PERCENT_ANSWER.test(text);
  if (asked === 'money') return CURRENCY.test(text) || [...text.matchAll(BARE_SUM)].some((m) => !countedWordFollows(text, m.index + m[0].length));
  if (asked === 'extent') return EXTENT_ANSWER.test(text) || UNTIL_ANSWER.test(text);
  if (asked === 'distance') return DISTANCE_ANSWER.test(text);
  if (asked === 'age') return AGE_ANSWER.test(text);
  if (asked === 'age of a person') return PERSON_AGE_ANSWER.test(text);
  return true;
}

/** Capitalised words after the first word, folded: a rough but general mark of names. */
function capitalisedWords(sentence: string): string[] {
  const out: string[] = [];
  // A dateline's place and agency ("KELDERBY, Nov 14 (Wire) - ") say where and by whom the news was filed.
  const tokens = sentence.replace(DATELINE, '').match(/[\p{L}][\p{L}\p{M}'’.-]*/gu) ?? [];
  tokens.forEach((token, i) => {
    if (i > 0 && /^\p{Lu}/u.test(token)) out.push(foldCase(token.replace(/['’]s$/, '').replace(/\.$/, '')));
  });
  return out;
}

/** Whether a sentence tells when something began: "records began in 1974", "since 1974", "first held in". */
export function tellsBeginning(sentence: string): boolean {
  return START_CUE.test(sentence) || /\b(?:since|first)\b/i.test(sentence);
}

/** How strongly a sentence holds a time the question does not already state: a year, a month, a day, an era. */
function dateEvidence(written: string, question: AnalysedQuestion): number {
  // A dateline's day ("SANKT ORLEN, April 17 (Wire) - ") is when the news was filed, not when
  // anything it tells of happened: "When was the railway first opened?" is not answered by it.
  const sentence = written.replace(DATELINE, '');
  const novel = (folded: string) => !question.foldedWords.has(folded);
  const years = sentence.match(YEARS) ?? [];
  if (years.some((y) => novel(y.toLowerCase()))) return 1;
  const month = sentence.match(MONTH_WORD);
  if (month && novel(month[0].toLowerCase())) return /\d/.test(sentence) ? 1 : 0.7;
  if (/\b(century|centuries|decade|today|yesterday|monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|weeks|month|months|ago|era)\b/i.test(sentence)) return 0.5;
  // What is still to come may wait for an event, not a date: "lifted as soon as the lake recovers".
  return question.asksWhenNext && EVENT_TIME.test(sentence) ? 0.5 : 0;
}

/** Does the sentence hold a candidate answer of this type that the question does not already state? */
export function answerTypeEvidence(sentence: string, question: AnalysedQuestion): number {
  const novel = (folded: string) => !question.foldedWords.has(folded);
  switch (question.type) {
    case 'date': {
      // "When will the ban end?" is not told by the day it comes into force.
      if (question.asksWhenEnds && START_CUE.test(sentence) && !END_CUE.test(sentence)) return 0;
      // "Since what year have records been kept?" is told by a beginning ("records began in 1974",
      // "since 1974"), not by another year of the same records ("the record set in 2022").
      if (question.asksSince && !tellsBeginning(sentence)) return 0.5 * dateEvidence(sentence, question);
      // "On what date…" wants a day: a year or a month alone is weaker evidence, and so is the
      // day the news was filed or a thing was said.
      if (question.valueAsked === 'day' && !DAY_DATE.test(withoutReportingDays(sentence))) return 0.3 * dateEvidence(sentence, question);
      return dateEvidence(sentence, question);
    }
    case 'number': {
      // A how-many question counts things: "38,400 megawatts" or "in 1931" is no count of customers.
      const counts = question.countedTerms === undefined ? sentence : countsIn(sentence, question.countedTerms);
      const numbers = counts.match(/\d[\d,.]*%?/g) ?? [];
      const word = counts.match(NUMBER_WORD);
      const counted = numbers.some((n) => novel(n.replace(/[,.%]+$/, '').toLowerCase())) ? 1 : word && novel(word[0].toLowerCase()) ? 0.7 : 0;
      // "How long will the ban last?" is told by when it ends as well as by a count of days:
      // "banned until the end of September" holds no number and answers it.
      const strength = question.amountAsked === 'extent' && UNTIL_ANSWER.test(counts) ? 1 : counted;
      // A question for a share wants a percentage or fraction, one for an amount of money a sum:
      // any other number is weaker evidence.
      return holdsAmountAsked(sentence, question.amountAsked) ? strength : strength * 0.3;
    }
    case 'person':
    case 'place':
      return capitalisedWords(sentence).some((w) => novel(w) && !isStopWord(w) && !MONTH_WORD.test(w)) ? 1 : 0;
    case 'reason':
      // A reason given outright, or the event or climate it came after ("amid a strike"): a why-question's answer.
      return REASON_CUE.test(sentence) ? 1 : CIRCUMSTANCE_CUE.test(sentence) ? 0.5 : 0;
    default:
      return 0;
  }
}

/** Share of the question's weight, over the given terms only, that `present` covers. */
function weightedShare(question: AnalysedQuestion, present: Pick<ReadonlySet<string>, 'has'>, include: (term: string) => boolean): number {
  let total = 0;
  let matched = 0;
  for (const [term, weight] of question.terms) {
    if (!include(term)) continue;
    total += weight;
    if (present.has(term)) matched += weight;
  }
  return total > 0 ? matched / total : 1;
}

/** What evidence reads around a sentence: its neighbours and word similarity. */
export interface EvidenceContext {
  /** The sentence just before, for context and previous coverage. */
  previous?: SentenceAnalysis;
  /** The sentence just after, for context coverage. */
  next?: SentenceAnalysis;
  /** Word similarity for near-synonym matching; none when absent. */
  similarity?: WordSimilarityFunction;
}

/** The evidence for a sentence given as text, with neighbours as text (analysed here). */
export function sentenceEvidence(
  sentence: string,
  question: AnalysedQuestion,
  around: { previous?: string; next?: string; similarity?: WordSimilarityFunction } = {},
): SentenceEvidence {
  return evidenceOf(analyseSentence(sentence), question, {
    previous: around.previous === undefined ? undefined : analyseSentence(around.previous),
    next: around.next === undefined ? undefined : analyseSentence(around.next),
    similarity: around.similarity,
  });
}

/** Computes every piece of evidence for one analysed sentence. */
export function evidenceOf(sentence: SentenceAnalysis, question: AnalysedQuestion, around: EvidenceContext = {}): SentenceEvidence {
  const { previous, next, similarity = () => 0 } = around;
  const { stems, stemSet: present, surface, firstPosition: positions } = sentence;
  let novelWords = 0;
  sentence.contentWords.forEach((word, i) => {
    if (!question.terms.has(stems[i]!) && !question.foldedWords.has(word)) novelWords++;
  });
  const contentWords = stems.length;
  let exactWeight = 0;
  for (const [term, weight] of question.terms) if (surface.has(question.termWords.get(term)!)) exactWeight += weight;
  const matchedPositions = [...question.terms.keys()].filter((t) => positions.has(t)).map((t) => positions.get(t)!);
  let phraseHits = 0;
  for (const bigram of question.bigrams) if (sentence.termPairs.has(bigram)) phraseHits++;
  let proximity = 0;
  if (matchedPositions.length >= 2) {
    proximity = matchedPositions.length / (Math.max(...matchedPositions) - Math.min(...matchedPositions) + 1);
  } else if (matchedPositions.length === 1) {
    proximity = 0.5;
  }
  // "He was eventually captured and killed.": a sentence that opens with a pronoun speaks of the
  // one the sentence before named, so the question's names there count as named here.
  const named = previous && opensWithPersonalPronoun(sentence.text) ? { has: (t: string) => present.has(t) || (question.nameTerms.has(t) && previous.stemSet.has(t)) } : present;
  const coverage = question.totalWeight > 0 ? weightedShare(question, named, () => true) : 0;
  const inContext = (term: string) => present.has(term) || previous?.stemSet.has(term) === true || next?.stemSet.has(term) === true;
  let softWeight = 0;
  for (const [term, weight] of question.terms) {
    if (present.has(term)) continue;
    const questionWord = question.termWords.get(term)!;
    let best = 0;
    for (const word of sentence.vectorWords) best = Math.max(best, similarity(questionWord, word));
    if (best > SOFT_MATCH_FLOOR) softWeight += weight * ((best - SOFT_MATCH_FLOOR) / (1 - SOFT_MATCH_FLOOR));
  }
  return {
    coverage,
    nameCoverage: weightedShare(question, named, (t) => question.nameTerms.has(t)),
    topicCoverage: weightedShare(question, present, (t) => !question.nameTerms.has(t)),
    contextCoverage: question.totalWeight > 0 ? weightedShare(question, { has: inContext }, () => true) : 0,
    exactCoverage: question.totalWeight > 0 ? exactWeight / question.totalWeight : 0,
    previousCoverage: previous && previous.text !== '' && question.totalWeight > 0 ? weightedShare(question, previous.stemSet, () => true) : 0,
    phrase: question.bigrams.size > 0 ? phraseHits / question.bigrams.size : 0,
    typeMatch: answerTypeEvidence(sentence.text, question),
    novelty: contentWords > 0 ? novelWords / contentWords : 0,
    proximity,
    // An explainer's heading stands for the article's own question and is never quoted itself.
    headline: sentence.headline && !sentence.questionShaped ? 1 : 0,
    softCoverage: question.totalWeight > 0 ? softWeight / question.totalWeight : 0,
  };
}
