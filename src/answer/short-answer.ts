import { BE_FORMS, canNameAPlace, canNamePeople, CLOCK_TIME, DATELINE, isCalendarWord, isOutletName, isStopWord, NAME_CONNECTORS as NAME_CONNECTOR_WORDS, NUMBER_WORD, sharedPrefixLength, stem, tagText, words, YEAR_NUMBER, type TaggedText, type Token } from '../text/index.js';
import type { AnswerAssemblyStep } from './answer-assembler.js';
import type { AnswerSpan } from './types.js';
import { asksAge, type AnalysedQuestion } from './question-reader.js';
import { classAnswerRange } from './question-classes.js';
import { holdsAmountAsked } from './sentence-features.js';
import { z } from 'zod';
import shortAnswerModelJson from './short-answer-model.json' with { type: 'json' };

/** A token that is a year or a decade ("1874", "2020s"), and one that is a year alone. */
const YEAR_TOKEN = new RegExp(`^${YEAR_NUMBER.source}s?$`);
const BARE_YEAR_TOKEN = new RegExp(`^${YEAR_NUMBER.source}$`);

/** What kind of phrase a candidate is. */
type CandidateKind = 'name' | 'date' | 'year' | 'amount' | 'number' | 'measure' | 'list' | 'phrase' | 'definition' | 'reason';

/** The features a candidate phrase is scored on; each lies in 0..1. */
export const SHORT_ANSWER_FEATURES = [
  'typeFit',
  'focusBeside',
  'focusInside',
  'leftContext',
  'rightContext',
  'questionShare',
  'near',
  'adjacent',
  'length',
  'capitalised',
  'afterPreposition',
  'afterCopula',
  'kindName',
  'kindDate',
  'kindAmount',
  'kindList',
  'kindPhrase',
  'kindDefinition',
  'before',
  'beforeForSubject',
  'afterForObject',
  'questionHead',
  'questionHeadOfName',
  'unitAsked',
  'modifiesEcho',
  'questionLead',
  'sameClause',
  'besideVerb',
  'insideName',
  'appositiveOfFocus',
] as const;

export type ShortAnswerFeature = (typeof SHORT_ANSWER_FEATURES)[number];

/** A candidate phrase with offsets inside its sentence and its features. */
export interface ShortAnswerCandidate {
  start: number;
  end: number;
  kind: CandidateKind;
  features: Record<ShortAnswerFeature, number>;
}

/** Weights of the features (fitted by `npm run tune-short-answer`). */
export type ShortAnswerWeights = Record<ShortAnswerFeature, number>;

/** The short-answer model as saved: its format, weights and the score a phrase needs to be shown. */
const shortAnswerModelSchema = z.object({
  formatVersion: z.literal(1),
  minScore: z.number(),
  weights: z.object(Object.fromEntries(SHORT_ANSWER_FEATURES.map((f) => [f, z.number()])) as Record<ShortAnswerFeature, z.ZodNumber>),
  provenance: z.unknown(),
});

export type ShortAnswerModel = z.infer<typeof shortAnswerModelSchema>;

/** The fitted model in `short-answer-model.json`, checked when loaded. */
export const SHORT_ANSWER_MODEL: ShortAnswerModel = shortAnswerModelSchema.parse(shortAnswerModelJson);

/** What joins the parts of a name in a sentence: the connector words, and "&" ("Procter & Gamble"). */
const NAME_CONNECTORS = new Set([...NAME_CONNECTOR_WORDS, '&']);
const PREPOSITIONS = new Set(['in', 'at', 'on', 'from', 'by', 'to', 'near', 'into', 'during', 'since', 'until', 'after', 'before', 'for', 'with', 'as', 'than', 'of']);
/** Verbs after which a phrase says what the subject is: forms of "be", and naming verbs. */
const LINKING_VERBS = new Set([...BE_FORMS, 'means', 'meant', 'refers', 'referred', 'called', 'named', 'known', 'became', 'become', 'becomes']);
const isLinkingVerb = (word: string) => LINKING_VERBS.has(word.toLowerCase());
const NP_TAGS = new Set(['ADJ', 'NOUN', 'PROPN', 'NUM']);
/** Parts of speech a phrase does not start or end with. */
const LEADING_NOISE = new Set(['DET', 'PUNCT', 'ADP', 'CCONJ', 'SCONJ', 'PART', 'AUX', 'PRON']);
const TRAILING_NOISE = new Set(['DET', 'PUNCT', 'ADP', 'CCONJ', 'SCONJ', 'PART', 'AUX', 'PRON', 'VERB', 'ADV']);
/** Hedges before an amount that SQuAD-style answers leave out: "about 10,000". */
const APPROXIMATELY = /^(about|around|approximately|nearly|almost|roughly|some|over|under|just|only|more|less|than|up|least|at)$/i;
/** Titles and roles written before a name: "President", "Interior Minister", "Duke". */
const TITLE = /^(president|vice|prime|minister|interior|foreign|defen[cs]e|secretary|chancellor|king|queen|prince|princess|duke|duchess|earl|count|lord|lady|sir|pope|bishop|archbishop|emperor|empress|general|admiral|colonel|captain|commander|governor|mayor|senator|judge|justice|chief|mr|mrs|ms|dr|professor|saint|st)\.?$/i;


/** How far across a comma a name's appositive phrase is read for the asked thing: "El Pais, a major Spanish-language daily newspaper". */
const APPOSITIVE_TOKENS = 8;

/** Letters two words must share at their start to be read as one word in two forms. */
const MIN_SHARED_STEM = 6;

/** Tokens on each side of a candidate read for the question's words. */
const CONTEXT_WINDOW = 4;
/** Longest candidate phrase, in tokens: a short answer is a phrase, not a clause. */
const MAX_PHRASE_TOKENS = 12;

function kindOfEntity(type: string, token: Token): CandidateKind | undefined {
  if (type === 'DATE' || type === 'TIME' || type === 'DURATION') return 'date';
  if (type === 'MONEY' || type === 'PERCENT') return 'amount';
  if (type === 'CARDINAL') return YEAR_TOKEN.test(token.text) ? 'year' : 'number';
  if (type === 'ORDINAL') return 'number';
  return undefined;
}

function isCapitalised(token: Token): boolean {
  return /^\p{Lu}/u.test(token.text);
}

/** Verbs of reporting written right after a source: "Reuters reported", "the Herald said". */
const REPORTED = new Set(['reported', 'reports', 'said', 'says', 'quoted', 'cited', 'wrote', 'writes', 'added']);

/**
 * Whether a name sits where a sentence says who reported it: before a verb of reporting
 * ("…, Reuters reported"), after "told" ("told the Associated Press") or "according to".
 */
function isAttribution(tokens: readonly Token[], first: number, last: number): boolean {
  const before = tokens.slice(Math.max(0, first - 3), first).map((t) => t.text.toLowerCase()).filter((w) => w !== 'the');
  if (/\b(?:told|tells|according to|reported by|quoted by|cited by)$/.test(before.join(' '))) return true;
  return REPORTED.has(tokens[last + 1]?.text.toLowerCase() ?? '');
}

/** Verbs that say when a thing was said or announced: "the authority said on Monday". */
const REPORTING = new Set([...REPORTED, 'announced', 'announces', 'told', 'stated', 'confirmed']);
const REPORTING_STEMS = new Set(['say', 'announce', 'report', 'tell', 'state', 'confirm'].map(stem));

/**
 * Whether a date is the day a thing was said ("…, the authority said on Monday", "told reporters
 * on Friday", "announced Tuesday"): when the report came, not when what it reports happens.
 */
function isReportDate(tokens: readonly Token[], first: number): boolean {
  let i = first - 1;
  if (tokens[i]?.text.toLowerCase() === 'on') i--;
  if (REPORTING.has(tokens[i]?.text.toLowerCase() ?? '')) return true;
  return tokens[i - 1]?.text.toLowerCase() === 'told' && tokens[i]?.pos === 'NOUN';
}

/** A length of time on its own: "three weeks", "five years", "14 months". */
const DURATION = new RegExp(`^(?:\\d[\\d,.]*|a|an|a few|several|(?:${NUMBER_WORD.source}))(?:[ -]\\S+)?[ -](?:second|minute|hour|day|week|month|year|decade|centur(?:y|ie))s?$`, 'i');

/**
 * Whether a date phrase is a bare duration, which says how long, not when ("three weeks later than
 * planned", "deaths over five years"); "in five years" and "three weeks ago" do say when.
 */
function isBareDuration(phrase: string, previous: Token | undefined, next: Token | undefined): boolean {
  return DURATION.test(phrase) && !/^(?:in|within)$/i.test(previous?.text ?? '') && !/^(?:ago|earlier|before|after)$/i.test(next?.text ?? '');
}

/** A token that is an amount written as a word ("fourfold", "dozens", "third"). */
const AMOUNT_IN_WORDS = new RegExp(`^(?:${NUMBER_WORD.source})$`, 'i');

/** A fraction an article can stand before: "a third", "a quarter", "a fifth", "a dozen". */
const FRACTION_WORD = /^(?:half|third|quarter|fifth|sixth|tenth|dozen)$/i;

const VALUE_KINDS = new Set<CandidateKind>(['date', 'year', 'amount', 'number', 'measure']);
const CLAUSE_KINDS = new Set<CandidateKind>(['reason', 'definition']);
/** Words that keep a date or an ordinal a value without digits: "the first half of the century". */
const ORDINAL_OR_PERIOD = /\b(?:first|second|century|decade)/i;

/** Every word of the phrase capitalised (connectors aside), and at least one word. */
function isCapitalisedPhrase(phrase: Token[]): boolean {
  // A possessive inside a name ("St. Brendan's Hospital") is no word of its own.
  const lettered = phrase.filter((t) => /\p{L}/u.test(t.text) && !NAME_CONNECTORS.has(t.text.toLowerCase()) && !/^['’]s$/.test(t.text));
  return lettered.length > 0 && lettered.every(isCapitalised);
}

function isNameToken(tokens: Token[], i: number): boolean {
  const token = tokens[i];
  if (!token || isCalendarWord(token.text)) return false;
  if (token.pos === 'PROPN') return true;
  return i > 0 && isCapitalised(token) && (token.pos === 'NOUN' || token.pos === 'ADJ');
}

/**
 * Token index ranges [first, last] of the candidate phrases, with their kind. `reasonAsked`: the
 * question asks why, so the event or climate a thing came after ("amid a strike") is a reason too.
 */
function candidateRanges(tagged: TaggedText, reasonAsked: boolean): { first: number; last: number; kind: CandidateKind }[] {
  const { tokens, entities } = tagged;
  const out: { first: number; last: number; kind: CandidateKind }[] = [];
  const nounAfter = (i: number) => {
    // "4.1-metre": a unit joined by a hyphen.
    if (tokens[i + 1]?.text === '-' && !tokens[i + 1]!.spaceBefore && tokens[i + 2] && !tokens[i + 2]!.spaceBefore && /^\p{L}/u.test(tokens[i + 2]!.text)) return i + 2;
    let j = i;
    while (j + 1 < tokens.length && (tokens[j + 1]!.pos === 'NOUN' || tokens[j + 1]!.pos === 'ADJ') && j - i < 2) j++;
    // "two grid" of "two grid-scale battery projects": a unit cut inside its compound is none.
    const compoundGoesOn = tokens[j + 1]?.pos === 'NOUN' || (tokens[j + 1]?.text === '-' && !tokens[j + 1]!.spaceBefore);
    return j > i && tokens[j]!.pos === 'NOUN' && !compoundGoesOn ? j : i;
  };
  for (const entity of entities) {
    const kind = kindOfEntity(entity.type, tokens[entity.first]!);
    if (!kind) continue;
    let last = entity.last;
    // "March 3" and ", 1066" are one date.
    if (kind === 'date' && tokens[last + 1]?.text === ',' && BARE_YEAR_TOKEN.test(tokens[last + 2]?.text ?? '')) last += 2;
    out.push({ first: entity.first, last, kind });
    // The amount with its unit: "300 km", "10th century", "5 million people".
    const unit = nounAfter(last);
    if (unit > last) out.push({ first: entity.first, last: unit, kind: kind === 'number' ? 'measure' : kind });
  }
  // A range is one amount: "five to seven years", "10-12 percent", "between 3 and 4 million". Either
  // end alone would misstate it, so neither is a candidate then.
  const ranges: { first: number; last: number }[] = [];
  for (const range of [...out]) {
    const joiner = tokens[range.first - 1]?.text.toLowerCase();
    const low = tokens[range.first - 2];
    if (!low || !/^(to|-|–|or|and)$/.test(joiner ?? '') || !(low.pos === 'NUM' || /^\d/.test(low.text))) continue;
    if (joiner === 'and' && tokens[range.first - 3]?.text.toLowerCase() !== 'between') continue;
    // "rose from 5 to 7 percent" is a change: its end is the amount now.
    if (joiner === 'to' && tokens[range.first - 3]?.text.toLowerCase() === 'from') continue;
    ranges.push({ first: range.first - 2, last: range.last });
    out.push({ first: range.first - 2, last: range.last, kind: range.kind });
  }
  const partOfRange = (c: { first: number; last: number }) => ranges.some((r) => c.first >= r.first && c.last <= r.last && (c.first > r.first || c.last < r.last));
  for (let i = out.length - 1; i >= 0; i--) if (VALUE_KINDS.has(out[i]!.kind) && partOfRange(out[i]!)) out.splice(i, 1);
  // An amount in words the tagger does not mark: "rose fourfold", "tripled", "a third".
  tokens.forEach((token, i) => {
    if (AMOUNT_IN_WORDS.test(token.text) && !entities.some((e) => e.first <= i && e.last >= i)) out.push({ first: i, last: nounAfter(i), kind: 'number' });
  });
  // Names: runs of proper nouns, joined by connectors ("Bank of England", "William the Conqueror").
  for (let i = 0; i < tokens.length; i++) {
    if (!isNameToken(tokens, i)) continue;
    let j = i;
    while (j + 1 < tokens.length) {
      if (isNameToken(tokens, j + 1) || (tokens[j + 1]!.text === '-' && !tokens[j + 1]!.spaceBefore)) j++;
      // "St. Brendan's Hospital", "Lloyd's Register": a possessive inside a name, which a
      // capitalised common noun closes ("Freedonia's President Anna Berg" is two names).
      else if (/^['’]s$/.test(tokens[j + 1]!.text) && !tokens[j + 1]!.spaceBefore && tokens[j + 2]?.pos === 'NOUN' && isNameToken(tokens, j + 2) && !isNameToken(tokens, j + 3)) j += 2;
      else if (NAME_CONNECTORS.has(tokens[j + 1]!.text.toLowerCase()) && j + 2 < tokens.length && isNameToken(tokens, j + 2)) j += 2;
      // Two connectors: "Cartel de los Soles", "Bank of the North".
      else if (NAME_CONNECTORS.has(tokens[j + 1]!.text.toLowerCase()) && NAME_CONNECTORS.has(tokens[j + 2]?.text.toLowerCase() ?? '') && j + 3 < tokens.length && isNameToken(tokens, j + 3)) j += 3;
      else break;
    }
    out.push({ first: i, last: j, kind: 'name' });
    i = j;
  }
  // Noun phrases: a determiner, then adjectives, nouns and numbers, ending in a noun or number;
  // also the phrase with its complement ("the first half of the 10th century", "a monastery at
  // Sant'Eufemia"), and lists ("Denmark, Iceland and Norway").
  const phrases: { first: number; last: number }[] = [];
  const inPhrase = (j: number, from: number) => {
    const token = tokens[j]!;
    if (NP_TAGS.has(token.pos) || token.text === '&' || /^[$€£%°]$/.test(token.text)) return true;
    // "Eutelsat's Eurobird", "Saint-Clair-sur-Epte": joined without spaces, inside the phrase.
    return j > from && (token.pos === 'PART' || token.text === '-' || !token.spaceBefore) && token.pos !== 'PUNCT' || (j > from && token.text === '-');
  };
  for (let i = 0; i < tokens.length; i++) {
    let j = i;
    if (tokens[j]!.pos === 'DET' || (tokens[j]!.pos === 'PRON' && /^(his|her|their|its)$/i.test(tokens[j]!.text))) j++;
    const from = j;
    while (j < tokens.length && inPhrase(j, from)) j++;
    let end = j - 1;
    while (end >= from && !['NOUN', 'PROPN', 'NUM'].includes(tokens[end]!.pos) && !/^[%°]$/.test(tokens[end]!.text)) end--;
    if (end < from) continue;
    phrases.push({ first: i, last: end });
    i = end;
  }
  for (const [k, phrase] of phrases.entries()) {
    out.push({ ...phrase, kind: 'phrase' });
    const next = phrases[k + 1];
    const joiner = tokens[phrase.last + 1];
    if (next && joiner && next.first === phrase.last + 2 && joiner.pos === 'ADP') out.push({ first: phrase.first, last: next.last, kind: 'phrase' });
    // Its head alone: "gauge" of "narrow gauge" is rarely asked, the last noun often is.
    if (phrase.last > phrase.first && tokens[phrase.last]!.pos === 'NOUN' && tokens[phrase.last - 1]!.pos !== 'PROPN') out.push({ first: phrase.last, last: phrase.last, kind: 'phrase' });
    let last = phrase.last;
    let m = k;
    let items = 1;
    let closed = false;
    const gapBefore = (n: number) => tokens.slice(phrases[n - 1]!.last + 1, phrases[n]!.first).map((t) => t.text.toLowerCase()).join(' ');
    while (phrases[m + 1] && /^(,|and|or|, and|, or)$/.test(gapBefore(m + 1))) {
      m++;
      items++;
      last = phrases[m]!.last;
      closed = /\b(and|or)$/.test(gapBefore(m));
      if (closed) break;
    }
    // A list of names ends at its last name ("Norway, Denmark and Estonia", not "… Estonia use").
    if (isNameToken(tokens, phrase.first) || isNameToken(tokens, phrase.first + 1)) while (last > phrase.first && !isNameToken(tokens, last)) last--;
    // A list closes with "and" or "or"; "31 March 2012, Sky" or "NDS, a Cisco company" is not one.
    // "the council approved a lane, and residents welcomed it": two clauses, not a list of two.
    const joinsClauses = items === 2 && /^, (and|or)$/.test(gapBefore(m)) && /^(VERB|AUX)$/.test(tokens[phrases[m]!.last + 1]?.pos ?? '');
    if (items >= 2 && closed && !joinsClauses) out.push({ first: phrase.first, last, kind: 'list' });
  }
  // A reason: the clause after "because", "due to", "in order to"…
  tokens.forEach((token, i) => {
    const word = token.text.toLowerCase();
    const next = tokens[i + 1]?.text.toLowerCase();
    let from = -1;
    if (word === 'because' && next === 'of') from = i + 2;
    else if (word === 'because' || word === 'since') from = i + 1;
    else if ((word === 'due' || word === 'owing' || word === 'thanks') && next === 'to') from = i + 2;
    else if (word === 'in' && next === 'order' && tokens[i + 2]?.text.toLowerCase() === 'to') from = i + 3;
    else if (word === 'so' && next === 'that') from = i + 2;
    // The event or climate something came after: "amid a strike", "following the vote".
    else if (reasonAsked && (word === 'amid' || word === 'amidst' || word === 'following' || word === 'after')) from = i + 1;
    if (from < 0 || from >= tokens.length) return;
    let last = from;
    while (last + 1 < tokens.length && !/^[,;:.!?)]$/.test(tokens[last + 1]!.text) && last - from < MAX_PHRASE_TOKENS - 1) last++;
    out.push({ first: from, last, kind: 'reason' });
  });
  // A defining phrase: what follows "is", "means", "refers to"… up to the clause's end.
  tokens.forEach((token, i) => {
    if (!isLinkingVerb(token.text)) return;
    let from = i + 1;
    if (/^(to|as)$/i.test(tokens[from]?.text ?? '')) from++;
    let last = from;
    while (last + 1 < tokens.length && !/^[,;:.!?)]$/.test(tokens[last + 1]!.text) && last - from < MAX_PHRASE_TOKENS - 1) last++;
    if (from < tokens.length && !/^[,;:.!?]$/.test(tokens[from]!.text)) out.push({ first: from, last, kind: 'definition' });
  });
  return out.filter((c) => c.last - c.first < MAX_PHRASE_TOKENS);
}

const TYPE_FIT: Record<AnalysedQuestion['type'], Partial<Record<CandidateKind, number>>> = {
  person: { name: 1, list: 0.5, phrase: 0.3 },
  place: { name: 1, list: 0.5, phrase: 0.3 },
  date: { date: 1, year: 1, number: 0.5, measure: 0.5 },
  number: { amount: 1, number: 1, measure: 1, year: 0.3 },
  reason: { reason: 1, phrase: 0.3, definition: 0.3 },
  other: { phrase: 0.6, name: 0.6, list: 0.5, definition: 0.5, measure: 0.3, date: 0.2 },
};

/** What a person does right after being named: "Jukka Lehtinen, said…", "Ana Ruiz, who…". */
const SPEAKS = new Set(['said', 'says', 'told', 'added', 'explained', 'noted', 'who', 'whose', 'argued', 'insisted', 'warned']);

/**
 * Whether a name is of a person speaking or described ("…, Jukka Lehtinen, said", "Ana Ruiz, who
 * runs…") and none of its words can name a place (WordNet): no answer to "where".
 */
function speaksAsAPerson(tokens: readonly Token[], first: number, last: number): boolean {
  const next = tokens[last + 1]?.text === ',' ? tokens[last + 2] : tokens[last + 1];
  if (!SPEAKS.has(next?.text.toLowerCase() ?? '')) return false;
  return !tokens.slice(first, last + 1).some((token) => /^\p{Lu}/u.test(token.text) && canNameAPlace(token.text));
}

/** The candidate phrases of a sentence for a question, each with its features. */
export function shortAnswerCandidates(question: AnalysedQuestion, sentence: string, tagged: TaggedText = tagText(sentence)): ShortAnswerCandidate[] {
  const { tokens } = tagged;
  if (tokens.length === 0) return [];
  const folded = tokens.map((t) => words(t.text)[0]);
  const termOf = folded.map((word) => (word === undefined || isStopWord(word) ? undefined : stem(word)));
  // A word of the question in another form that stemming keeps apart ("Californian", "California").
  const questionWords = [...question.foldedWords].filter((w) => w.length >= MIN_SHARED_STEM && !isStopWord(w));
  const sharesStem = (word: string) => word.length >= MIN_SHARED_STEM && questionWords.some((w) => sharedPrefixLength(w, word) >= Math.max(MIN_SHARED_STEM, Math.min(w.length, word.length) - 2));
  const echoesQuestion = termOf.map((term, i) => term !== undefined && (question.terms.has(term) || question.foldedWords.has(folded[i]!) || sharesStem(folded[i]!)));
  const inQuestion = (i: number) => echoesQuestion[i] === true;
  const matched = tokens.map((_, i) => i).filter(inQuestion);
  const matchedVerbs = matched.filter((m) => tokens[m]!.pos === 'VERB');
  const { focusHead: focus, askedType, asksForSubject, asksForUnit } = question;
  const questionTerms = Math.max(1, Math.min(CONTEXT_WINDOW, question.terms.size));
  /** Share of the question's terms (up to the window's size) in a window of the sentence's tokens. */
  const contextMatch = (from: number, to: number) => {
    const found = new Set<string>();
    for (let i = Math.max(0, from); i <= Math.min(tokens.length - 1, to); i++) if (inQuestion(i)) found.add(termOf[i] ?? tokens[i]!.text);
    return Math.min(1, found.size / questionTerms);
  };
  // Clause of each token: punctuation that ends a clause starts the next.
  const clauseOf: number[] = [];
  tokens.forEach((_, i) => clauseOf.push((clauseOf[i - 1] ?? 0) + (i > 0 && /^[,;:()—–]$/.test(tokens[i - 1]!.text) ? 1 : 0)));
  /** A value's phrase with the two tokens after it, where its unit is written ("60 %", "5 million euros"). */
  const withUnit = (first: number, last: number) => sentence.slice(tokens[first]!.start, tokens[Math.min(tokens.length - 1, last + 2)]!.end);
  // "until at least March 12": a date that ends a stretch of time says how long it lasts.
  const withLead = (first: number, last: number) => sentence.slice(tokens[Math.max(0, first - 3)]!.start, tokens[last]!.end);
  const seen = new Set<string>();
  const candidates: ShortAnswerCandidate[] = [];
  const trimmed = (range: { first: number; last: number; kind: CandidateKind }, keepQuestionHead: boolean, keepQuestionLead = false) => {
    let { first, last } = range;
    // A clause (a reason, a definition) keeps its words; only punctuation and joining words come off its edges.
    if (CLAUSE_KINDS.has(range.kind)) {
      while (first <= last && (tokens[first]!.pos === 'PUNCT' || tokens[first]!.pos === 'CCONJ')) first++;
      // A clause cut at the phrase limit ("…shut the airport for") does not end on a joining word.
      while (last >= first && ['PUNCT', 'CCONJ', 'ADP', 'DET', 'SCONJ', 'PART'].includes(tokens[last]!.pos)) last--;
      return { first, last };
    }
    while (first <= last && ((!keepQuestionLead && inQuestion(first)) || LEADING_NOISE.has(tokens[first]!.pos) || APPROXIMATELY.test(tokens[first]!.text))) first++;
    // "rose fourfold": an amount in words may be tagged an adverb, and stays.
    while (last >= first && ((!keepQuestionHead && inQuestion(last)) || (TRAILING_NOISE.has(tokens[last]!.pos) && !AMOUNT_IN_WORDS.test(tokens[last]!.text)))) last--;
    // "64 suspender" of "64 suspender cables" once the question's "cables" is cut: the piece of a
    // compound left is no unit, so the amount stands alone. (Outside an amount the piece can be
    // the answer: "What kind of engine?" → "steam" of "steam engine".)
    if (VALUE_KINDS.has(range.kind) && last < range.last && tokens[last + 1]!.pos === 'NOUN') while (last > first && tokens[last]!.pos === 'NOUN') last--;
    // "a fifth", "a third": the article is the fraction's "one".
    if (VALUE_KINDS.has(range.kind) && first > 0 && first <= last && /^an?$/i.test(tokens[first - 1]!.text) && FRACTION_WORD.test(tokens[first]!.text)) first--;
    // "€2.4 million": a currency sign written against the amount belongs to it.
    if (VALUE_KINDS.has(range.kind) && first > 0 && first <= last && tokens[first - 1]!.pos === 'SYM' && !tokens[first]!.spaceBefore) first--;
    // "Soles" of "Cartel de los Soles" once the question's "Cartel" is cut: a piece, not a name.
    if (range.kind === 'name' && first > range.first && NAME_CONNECTORS.has(tokens[range.first + 1]?.text.toLowerCase() ?? '')) return { first: 1, last: 0 };
    return { first, last };
  };
  // The question's own words and determiners at the edges are not part of the answer, except the
  // head of a name that the question asks by ("Which company…" → "the Walt Disney Company").
  // The question's words that lead a phrase can be part of its answer too ("What device is
  // attributed to Turing?" → "Turing machines"), so those variants are candidates as well.
  const rawRanges = candidateRanges(tagged, askedType === 'reason' || question.questionClass?.class === 'reason');
  const nameRanges = rawRanges.filter((r) => r.kind === 'name');
  const valueRanges = rawRanges.filter((r) => VALUE_KINDS.has(r.kind));
  // Who or where is never an amount, nor a phrase around one: "Who is paying?" is not "costs 3.1
  // million euros", nor "euros", of "The trial costs 3.1 million euros, paid by the council".
  const aboutValue = (first: number, last: number) => valueRanges.some((v) => first <= v.last && last >= v.first);
  const asksWhoOrWhere = askedType === 'person' || askedType === 'place';
  const asksWhenSaid = [...question.terms.keys()].some((term) => REPORTING_STEMS.has(term));
  // "When will the study report?" asks for a point in time: a bare duration beside it fits less.
  const asksPointInTime = askedType === 'date' && !/\bhow long\b|\b(?:period|era)\b/i.test(question.text);
  const ranges = rawRanges.flatMap((range) => [
    { ...range, ...trimmed(range, false) },
    { ...range, ...trimmed(range, true) },
    { ...range, ...trimmed(range, false, true) },
    { ...range, ...trimmed(range, true, true) },
  ]);
  // A dateline ("SANKT ORLEN, April 17 (Wire) - ") tells where and when the news was filed, not what it tells of.
  const datelineEnd = DATELINE.exec(sentence)?.[0].length ?? 0;
  // A piece of a written word is no phrase of it: "B" of "Ward 7B".
  const cutsAWord = (start: number, end: number) => /[\p{L}\p{N}]/u.test(sentence[start - 1] ?? '') || /[\p{L}\p{N}]/u.test(sentence[end] ?? '');
  for (const range of ranges) {
    const { first, last } = range;
    if (first > last) continue;
    const key = `${first}:${last}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (tokens[first]!.start < datelineEnd || cutsAWord(tokens[first]!.start, tokens[last]!.end)) continue;
    let content = 0;
    let echoed = 0;
    for (let i = first; i <= last; i++) {
      if (termOf[i] === undefined) continue;
      content++;
      if (inQuestion(i)) echoed++;
    }
    if (content === 0 && !/\d/.test(tokens.slice(first, last + 1).map((t) => t.text).join(''))) continue;
    const distance = matched.length === 0 ? tokens.length : Math.min(...matched.map((m) => (m < first ? first - m : m > last ? m - last : tokens.length)));
    const before = matched.length > 0 ? matched.filter((m) => m > last).length / matched.length : 0;
    const after = matched.length > 0 ? matched.filter((m) => m < first).length / matched.length : 0;
    const previous = tokens[first - 1];
    const length = last - first + 1;
    const kind = range.kind;
    // A date or an amount trimmed down to its unit ("day" of "nine-day") is no longer one.
    const phrase = sentence.slice(tokens[first]!.start, tokens[last]!.end);
    // ("late April" keeps its month wherever it stands.)
    if (VALUE_KINDS.has(kind) && !/\d/.test(phrase) && !phrase.split(/\s+/).some(isCalendarWord) && !NUMBER_WORD.test(phrase) && !ORDINAL_OR_PERIOD.test(phrase)) continue;
    if (asksWhoOrWhere && kind === 'phrase' && aboutValue(first, last)) continue;
    // "Who leads the union?" is not answered by "a promise": a phrase answers who only when its
    // noun can name people ("general secretary", "a group of 64 property owners").
    if (askedType === 'person' && kind === 'phrase' && !canNamePeople(tokens[last]!.text)) continue;
    if (kind === 'date' && !asksWhenSaid && isReportDate(tokens, first)) continue;
    // The outlet that reported a thing is not who did it: "…, Reuters reported" does not answer "Who said…?".
    if (kind === 'name' && askedType === 'person' && !question.asksForOutlet && isOutletName(phrase) && isAttribution(tokens, first, last)) continue;
    // The kind of phrase tells what an untyped question ("What…") asks for; a typed one has typeFit.
    const untyped = askedType === 'other' ? 1 : 0;
    // "El Pais, a major Spanish-language daily newspaper", "the manufacturer, Halvorsen Aerospace
    // Corp.": a name set across one comma beside a phrase of the asked thing is its name.
    const describedAfter = () => {
      if (tokens[last + 1]?.text !== ',' || !/^(DET|ADJ)$/.test(tokens[last + 2]?.pos ?? '')) return false;
      for (let i = last + 2; i < tokens.length && i - last <= APPOSITIVE_TOKENS; i++) {
        if (/^[,;:.!?()]$/.test(tokens[i]!.text)) return false;
        if (termOf[i] === focus) return true;
      }
      return false;
    };
    const describedBefore = () => tokens[first - 1]?.text === ',' && termOf[first - 2] === focus;
    const appositiveOfFocus = kind === 'name' && focus !== undefined && (describedAfter() || describedBefore());
    candidates.push({
      start: tokens[first]!.start,
      end: tokens[last]!.end,
      kind,
      features: {
        // "How much of the revenue…" asks for a share: another amount beside it ("dozens of firms") fits less.
        // A duration ("four hours", read as a date) answers "how far / how long" as well as a distance does,
        // and an age ("23-year-old", read as a date) answers "how old".
        // "What time…" is answered by an hour, not by the year or the day beside it, nor by a phrase before the hour.
        typeFit: question.valueAsked === 'clock time' ? (CLOCK_TIME.exec(phrase)?.index === 0 ? 1 : 0) :
          (question.amountAsked === 'extent' || question.amountAsked === 'distance' || asksAge(question.amountAsked)) && VALUE_KINDS.has(kind) &&
          (asksAge(question.amountAsked)
            ? holdsAmountAsked(phrase, 'age')
            : question.amountAsked === 'distance'
              ? holdsAmountAsked(withUnit(first, last), 'distance')
              : holdsAmountAsked(withUnit(first, last), 'extent') || (kind === 'date' && holdsAmountAsked(withLead(first, last), 'extent')))
            ? 1
            : (TYPE_FIT[askedType][kind] ?? 0) *
              (VALUE_KINDS.has(kind) && !holdsAmountAsked(withUnit(first, last), question.amountAsked) ? 0.2 : 1) *
              (asksPointInTime && kind === 'date' && isBareDuration(phrase, previous, tokens[last + 1]) ? 0.5 : 1) *
              // "Where was the phone designed?" is not answered by the person who speaks ("Its head of
              // design, Jukka Lehtinen, said…"), unless the name is a place as well.
              (askedType === 'place' && kind === 'name' && speaksAsAPerson(tokens, first, last) ? 0.3 : 1),
        focusBeside: focus !== undefined && (termOf[first - 1] === focus || termOf[last + 1] === focus) ? 1 : 0,
        focusInside: focus !== undefined && termOf[last] === focus ? 1 : 0,
        leftContext: contextMatch(first - CONTEXT_WINDOW, first - 1),
        rightContext: contextMatch(last + 1, last + CONTEXT_WINDOW),
        questionShare: content > 0 ? echoed / content : 0,
        near: 1 / (1 + distance),
        adjacent: distance <= 2 ? 1 : 0,
        length: Math.min(1, Math.log(1 + length) / Math.log(1 + MAX_PHRASE_TOKENS)),
        capitalised: isCapitalisedPhrase(tokens.slice(first, last + 1)) ? 1 : 0,
        afterPreposition: previous && PREPOSITIONS.has(previous.text.toLowerCase()) ? 1 : 0,
        afterCopula: previous && isLinkingVerb(previous.text) ? 1 : 0,
        kindName: kind === 'name' ? untyped : 0,
        kindDate: kind === 'date' || kind === 'year' ? untyped : 0,
        kindAmount: kind === 'amount' || kind === 'number' || kind === 'measure' ? untyped : 0,
        kindList: kind === 'list' ? untyped : 0,
        kindPhrase: kind === 'phrase' ? untyped : 0,
        kindDefinition: kind === 'definition' ? untyped : 0,
        before,
        beforeForSubject: asksForSubject ? before : 0,
        afterForObject: asksForSubject ? 0 : after,
        questionHead: inQuestion(last) ? 1 : 0,
        unitAsked: kind === 'measure' && asksForUnit ? 1 : 0,
        questionHeadOfName: inQuestion(last) && isCapitalised(tokens[last]!) && first < last ? 1 : 0,
        questionLead: inQuestion(first) ? 1 : 0,
        // "important" of "important resource" when the question asks about the resource.
        modifiesEcho: inQuestion(last + 1) && NP_TAGS.has(tokens[last + 1]!.pos) && tokens[last]!.pos !== 'PUNCT' ? 1 : 0,
        // "Australian Labor" of "Australian Labor Party": a piece of a longer name is rarely the answer.
        // A title before it is not part of the name: "Nicolas Maduro" of "President Nicolas Maduro" is whole.
        insideName: kind === 'name' && nameRanges.some((r) => r.first <= first && r.last >= last && (r.last > last || (r.first < first && !tokens.slice(r.first, first).every((t) => TITLE.test(t.text))))) ? 1 : 0,
        // The argument of a verb the question repeats: "killed [William]", "[Hawk] founded".
        besideVerb: matchedVerbs.some((m) => (m < first && first - m <= 3) || (m > last && m - last <= 2)) ? 1 : 0,
        // The answer sits in the clause that repeats the question, not across a comma from it.
        appositiveOfFocus: appositiveOfFocus ? 1 : 0,
        sameClause: matched.length > 0 ? matched.filter((m) => clauseOf[m] === clauseOf[first] || clauseOf[m] === clauseOf[last]).length / matched.length : 0,
      },
    });
  }
  return candidates;
}

/** Tagged sentences by text: a bot is asked about the same few sentences again and again. */
const taggedCache = new Map<string, TaggedText>();
const TAGGED_CACHE_LIMIT = 5_000;

function taggedSentence(text: string): TaggedText {
  let tagged = taggedCache.get(text);
  if (!tagged) {
    if (taggedCache.size >= TAGGED_CACHE_LIMIT) taggedCache.clear();
    tagged = tagText(text);
    taggedCache.set(text, tagged);
  }
  return tagged;
}

/** A candidate's score under the weights. */
export function scoreShortAnswer(candidate: ShortAnswerCandidate, weights: ShortAnswerWeights = SHORT_ANSWER_MODEL.weights): number {
  let score = 0;
  for (const name of SHORT_ANSWER_FEATURES) score += weights[name] * candidate.features[name];
  return score;
}

/**
 * The phrase of an answer sentence that answers the question (the name, the date, the amount with
 * its unit, the place, the defining phrase), in document offsets; undefined when no phrase fits.
 * The span lies inside the sentence and is its text verbatim.
 */
export function shortAnswerOf(
  question: AnalysedQuestion,
  sentence: { text: string; start: number },
  model: Pick<ShortAnswerModel, 'weights' | 'minScore'> = SHORT_ANSWER_MODEL,
): AnswerSpan | undefined {
  // Bold on a phrase would pretend to answer what only the whole sentence does: whether something
  // is so, how it came about, what someone did. On the SQuAD subset, the phrase chosen for the first
  // two matched the answer exactly for none of 11 (mean F1 0.10).
  if (question.asksWhether || question.asksManner || question.asksAction) return undefined;
  const classified = question.questionClass;
  // A definition or identity question wants the defining phrase or the role, when the sentence has one.
  const classRange = classAnswerRange(classified, sentence.text);
  if (classRange) return spanOf(sentence, classRange);
  const candidates = shortAnswerCandidates(question, sentence.text, taggedSentence(sentence.text));
  // A list question wants the list, a why-question ("Why…", "What caused…") the reason, when the sentence has one.
  const wanted = classified?.class === 'list' ? 'list' : classified?.class === 'reason' || question.askedType === 'reason' ? 'reason' : undefined;
  const ofClass = candidates.filter((c) => c.kind === wanted);
  // A why-question answered by a stray phrase ("imminent") misleads: without a reason, no short answer.
  if (wanted === 'reason' && ofClass.length === 0) return undefined;
  // "Which hospital…" is answered by the name the hospital goes by ("St. Brendan's Hospital")
  // before any other name in the sentence ("Sennet", where it stands); not by a name the
  // question itself gives ("Century City is a district of which city?").
  const namedByAskedNoun = candidates.filter(
    (c) => c.kind === 'name' && c.features.questionHeadOfName === 1 && c.features.focusInside === 1 && c.features.typeFit > 0 && c.features.questionShare < 1,
  );
  let best: ShortAnswerCandidate | undefined;
  let bestScore = -Infinity;
  for (const candidate of ofClass.length > 0 ? ofClass : namedByAskedNoun.length > 0 ? namedByAskedNoun : candidates) {
    // A question that asks for a person, a place, a date or a number is not answered by a phrase
    // of another kind: "Who is paying?" bolded "costs 3.1 million euros", "Which hospital?" "80 patients".
    if (question.askedType !== 'other' && candidate.features.typeFit === 0) continue;
    const score = scoreShortAnswer(candidate, model.weights);
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  if (!best || bestScore < model.minScore) return undefined;
  return spanOf(sentence, best);
}

/** A range inside a sentence as a span in document offsets, verbatim. */
function spanOf(sentence: { text: string; start: number }, range: { start: number; end: number }): AnswerSpan {
  return { start: sentence.start + range.start, end: sentence.start + range.end, text: sentence.text.slice(range.start, range.end) };
}

/**
 * The assembly step that marks the short answer: on the best sentence (the first) of an answer
 * that did not abstain, the phrase that answers the question, when one fits. The other sentences
 * are context and carry none.
 */
export const shortAnswerStep: AnswerAssemblyStep = (answer, { question }) => {
  const best = answer.sentences[0];
  if (answer.abstained || !best) return answer;
  const answerSpan = shortAnswerOf(question, best);
  return answerSpan ? { ...answer, sentences: [{ ...best, answerSpan }, ...answer.sentences.slice(1)] } : answer;
};
