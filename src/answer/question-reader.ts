/**
 * The head of the answer stage: every rule about a question's wording lives here (its answer
 * type, the type its asking clause wants, its class, its focus, its names, the value it asks for,
 * how it reads as a follow-up). The reader reads a question once into a {@link ReadQuestion};
 * weighed against the corpus and embedded it becomes the {@link PreparedQuestion} that retrieval,
 * the ranker, the judge and the short-answer step only read.
 */
import { UserError } from '../config/index.js';
import type { Embedder } from '../embedding/embedder.js';
import { adjacentTermPairs, canNameAGroup, canNameAPerson, canNameAPlace, canNamePeople, COPULAS, DO_FORMS, END_VERBS, foldCase, isStopWord, LEADING_ROLES, LEADING_VERBS, namePhrasesOf, nameTermShares, QUESTION_WORD, stem, tagText, words, type Token } from '../text/index.js';
import { mainEntity, resolveFollowUp, type ResolvedQuestion } from './question-follow-up.js';
import { askedSpeaker, type AskedSpeaker } from './speaker.js';

/** A question a user must rephrase; the message is one line that says how. */
export class QuestionError extends UserError {
  override name = 'QuestionError';
  constructor(message: string) {
    super('question', message);
  }
}

/**
 * Checks a question before any work is done: not empty, not longer than the limit, and holding
 * at least one letter or digit (a line of emoji or punctuation has nothing to search for).
 */
export function validateQuestion(raw: string, maxChars: number): string {
  const question = raw.replace(/\s+/g, ' ').trim();
  if (question.length === 0) throw new QuestionError('The question is empty. Ask something, e.g. "Who heads the Cartel de los Soles?"');
  if (question.length > maxChars) {
    throw new QuestionError(`The question is ${question.length} characters long; the limit is ${maxChars}. Ask it more briefly.`);
  }
  if (!/[\p{L}\p{N}]/u.test(question)) {
    throw new QuestionError('The question has no words to search for. Ask it in words, e.g. "What did Rubio announce?"');
  }
  return question;
}

/** What kind of thing would answer the question, read from its wording. */
export type AnswerType = 'person' | 'date' | 'number' | 'place' | 'reason' | 'other';

/**
 * Classes of question that news readers ask and that want a particular kind of sentence:
 * - `definition` ("What is X?", "What does X mean / stand for / refer to?"): a sentence defining X;
 * - `identity` ("Who is X?"): a sentence giving X's role or an appositive for X;
 * - `list` ("Which countries…", "Who is part of…", "What are the…"): the sentence naming most items;
 * - `reason` ("Why…"): a sentence with a causal connective, or one explaining a why-statement;
 * - `leader` ("Who is the boss of X?", "Who runs X?"): a sentence naming a person with the role of
 *   one who leads ("Its chief executive, Martin Cole,", "Gemma Okafor, who led the inquiry").
 */
export type QuestionClass = 'definition' | 'identity' | 'list' | 'reason' | 'leader';

/** A question's class, with what it asks about. */
export interface ClassifiedQuestion {
  readonly class: QuestionClass;
  /** Folded words of X in "What is X?" / "Who is X?"; empty for list, reason and leader. */
  readonly subject: readonly string[];
  /** For a list of names ("Which countries…"): the items are names, not any noun phrase. */
  readonly namesAsked: boolean;
}

/**
 * A value the answer must hold for the question to be answered at all: an amount ("how many /
 * how much"), an hour of the day ("what time"), a year ("what year"), a day ("on what date",
 * "what day").
 */
export type ValueAsked = 'amount' | 'clock time' | 'year' | 'day';

/**
 * The kind of amount a how-much question wants: a share (a percentage, a fraction), a sum of
 * money, an extent ("how long", "how far": a number of days or of kilometres, not a year), a
 * length ("how deep / tall / wide": metres, not "three decades"), or an
 * age ("how old": "23-year-old", "aged 23", "built in 1874", not "19 goals").
 */
export type AmountAsked = 'share' | 'money' | 'extent' | 'distance' | 'age' | 'age of a person';

/** Whether an age is asked, a thing's or a person's. */
export function asksAge(amount: AmountAsked | undefined): boolean {
  return amount === 'age' || amount === 'age of a person';
}

/** A question as its wording reads, before any corpus statistics: what every later stage reads of it. */
export interface ReadQuestion {
  readonly text: string;
  /** The answer type of the whole wording ("who" → person, "how many" → number…). */
  readonly type: AnswerType;
  /** The answer type its asking clause wants ("Who was chief when the service began?" → person). */
  readonly askedType: AnswerType;
  /** Its class, when it is in one. */
  readonly questionClass: ClassifiedQuestion | undefined;
  /** The common nouns the question asks about, folded, in question order ("What is X's *currency*?"). */
  readonly focusWords: readonly string[];
  /** Whether the focus names the thing asked ("What is X's currency?"), not a category of answer ("Which range…"). */
  readonly focusNamed: boolean;
  /** The stem of the word right after the question word ("What *river*…", "How many *people*"), when it is a content word. */
  readonly focusHead: string | undefined;
  /** The question's names, each as its stemmed terms ("Saudi Arabia" → two terms). */
  readonly namePhrases: readonly (readonly string[])[];
  /** Its first proper name as written ("Cartel de los Soles"), or null: what a follow-up refers back to. */
  readonly mainEntity: string | null;
  /** The question word is the subject ("Who made Ralph earl?"): the answer comes before the question's other words. */
  readonly asksForSubject: boolean;
  /** The question asks about reporting ("Which newspaper…", "Who reported…"): a news outlet may answer it. */
  readonly asksForOutlet: boolean;
  /** "How large / long / far…": the answer is an amount with its unit. */
  readonly asksForUnit: boolean;
  /** "Did the hospital pay?", "Is the airline getting new planes?": whether something is so, which no phrase of a sentence answers. */
  readonly asksWhether: boolean;
  /** "How did Maduro react?", "How are ministers chosen?": a manner, which a sentence states as a whole, not in one phrase. */
  readonly asksManner: boolean;
  /** "What did the council do?", "What happened in Ostheide?": an action or an event, which a sentence states as a clause, not in one phrase. */
  readonly asksAction: boolean;
  /** The value an answer must hold, when the question asks for one. */
  readonly valueAsked: ValueAsked | undefined;
  /** For a how-much question: whether a share or a sum of money is asked. */
  readonly amountAsked: AmountAsked | undefined;
  /** "When…", "In what year…": the answer is a time (not "Who led when…", nor "When X, what…?", where "when" sets the scene). */
  readonly asksWhen: boolean;
  /** A when-question about what is still to come: "When will the bridge reopen?", "When is the plant expected to restart?". */
  readonly asksWhenNext: boolean;
  /** A when-question about an end: "When will the ban be lifted?", "When did the strike end?". */
  readonly asksWhenEnds: boolean;
  /** A when-question about a beginning that still holds: "Since what year have measurements been taken?". */
  readonly asksSince: boolean;
  /** The question asks about an earlier one of a thing: "What was the *previous* record?", "the club's *old* record signing". */
  readonly asksEarlierOne: boolean;
  /**
   * "Which company…", "What is the name of the firefighter / the shop…": the question asks for the
   * name of one that people are or make up, or for a name in so many words (its head noun), and whether that one is a person or may be a place ("Which country…").
   */
  readonly nameAsked: { readonly head: string; readonly person: boolean; readonly place: boolean } | undefined;
  /** "Where was the body found?": a place, which a sentence names or sets with a preposition. */
  readonly asksWhere: boolean;
  /**
   * "Who…?", "Whom…?": a person asked for by what they did or are, whom a name or a description of
   * people answers, and the one a clause names ("Pauline Doyle, 67, who found the panda…").
   */
  readonly asksWho: boolean;
  /** "What did the minister say about the vote?": what someone said, which a sentence that reports no speech does not tell. */
  readonly asksWhatSaid: boolean;
  /** For a what-was-said question, who it asks about ("Brantwood's chief executive"). */
  readonly speakerAsked: AskedSpeaker | undefined;
  /** For a how-many question, what it counts, stemmed: "dock jobs" of "How many dock jobs does…", "crew" of "How many of the crew…". */
  readonly countedTerms: readonly string[] | undefined;
  /** The same words as written (folded, not stemmed): "dock", "jobs". */
  readonly countedWords: readonly string[] | undefined;
}

/**
 * Reads the expected answer type from the question's wording ("who" → a person or organisation,
 * "when"/"what year" → a date, "how many"/"how much" → a number, "where" → a place, "why" → a
 * reason). Anything else is `other`: no type evidence is then used.
 */
/**
 * A question that asks for a reason, with "why" or without it: "How come…", "What was the reason
 * for…", "What's behind…", "What set off / sparked / triggered / forced…", "What are they
 * protesting about?".
 */
const ASKS_REASON =
  /\bwhy\b|\bfor what reason\b|^\s*how come\b|^\s*what(?:['’]s|\s+is|\s+was|\s+were|\s+are)?\s+(?:the\s+)?(?:main\s+)?(?:reasons?|cause|causes|motive|motives|excuses?|explanations?|justifications?)\b|^\s*what(?:['’]s|\s+is|\s+was|\s+are|\s+were)\s+behind\b|^\s*what\s+(?:caused|led to|prompted|motivated|triggered|sparked|set off|touched off|provoked|drove|forced|spurred|fu?elled|fueled|brought about)\b|\b(?:protest(?:s|ing|ed)?|strik(?:e|es|ing)|complain(?:s|ing|ed)?|angry|upset|worried|concerned|dispute|row)\s+(?:about|over|against)\s*\??\s*$/i;

export function expectedAnswerType(question: string): AnswerType {
  const q = question.toLowerCase();
  if (/\bhow (many|much|long|old|far|large|big|often|tall|high|hot|cold|warm|fast|heavy|deep|wide|thick)\b|\b(what|which) (percentage|percent|number|amount|proportion|share|fraction|portion|population|size|cost|price|sum)\b|\bhow \w+ (?:is|are|was|were) (?:the )?(?:population|number)\b/.test(q)) {
    return 'number';
  }
  if (/\bwhen\b|\b(what|which) (year|years|date|day|month|decade|century|time|period|era)\b|\bin what year\b|\bhow long ago\b/.test(q)) return 'date';
  if (ASKS_REASON.test(q)) return 'reason';
  if (/\bwhere\b|\b(what|which) (country|countries|city|cities|state|region|place|location|town|continent|island|area|province)\b|\bin what (country|city|state|region)\b/.test(q)) {
    return 'place';
  }
  if (/\bwho\b|\bwhom\b|\bwhose\b|\b(what|which) (person|man|woman|people|group|organi[sz]ation|company|companies|firm|firms|party|leader|president|minister|official|agency|cartel|gang|hospital|university|college|school|bank|newspaper|broadcaster|airline|manufacturer|maker|team|club|union|ministry|department|court|charity|foundation|association|council|committee|institute|institution|authority|lawyer|judge|officer|player|coach|author|writer|scientist|doctor|artist)\b/.test(q)) {
    return 'person';
  }
  return 'other';
}

/**
 * "What is the population / number / year…", "What is Peru's benchmark interest rate…": a measure
 * asked after a copula, of a thing or of a name, with up to two words narrowing it.
 */
const ASKED_MEASURE =
  /^\s*(?:what|which)\s+(?:is|was|are|were)\s+(?:the\s+|(?:\p{Lu}[\p{L}.-]*\s+){0,3}?\p{Lu}[\p{L}.-]*['’]s\s+)?(?:total\s+|approximate\s+|estimated\s+|average\s+)?(?:\p{Ll}[\p{L}-]*\s+){0,2}?(population|number|amount|percentage|percent|fraction|proportion|share|cost|price|value|worth|size|magnitude|length|height|distance|speed|rate|temperature|year|date|decade|century|month|day)\b/iu;
const ASKED_PLACE = /^\s*(?:what|which)\s+(?:river|rivers|mountain|mountains|lake|lakes|sea|ocean|county|counties|district|desert|valley|coast|coastline|port|harbour|harbor|airport|street|neighbo(?:u)?rhood|village|capital)\b/i;

/**
 * The answer type the question's asking clause wants. "Who was the chief executive when the
 * service began?" asks for a person, not a date: a second question word opens a subordinate
 * clause, so the type is read from the text before it; and "When time is required, this
 * represents what case?" asks in the clause after its comma.
 */
export function askedAnswerType(text: string, type: AnswerType = expectedAnswerType(text)): AnswerType {
  // "What is the population of…", "What was the year…": the measure named after the copula.
  const measured = ASKED_MEASURE.exec(text)?.[1]?.toLowerCase();
  if (measured && type === 'other') return /^(year|date|decade|century|month|day)$/.test(measured) ? 'date' : 'number';
  // "What river…", "Which mountain range…": a place named by its kind.
  if (type === 'other' && ASKED_PLACE.test(text)) return 'place';
  const starts = [...text.matchAll(new RegExp(QUESTION_WORD.source, 'gi'))].map((m) => m.index);
  if (starts.length < 2) return type;
  const lastComma = text.lastIndexOf(',');
  const afterComma = lastComma >= 0 ? text.slice(lastComma + 1) : '';
  const asking = starts[0]! < lastComma && /^\s*when\b/i.test(text) && QUESTION_WORD.test(afterComma) ? afterComma : text.slice(0, starts[1]);
  return expectedAnswerType(asking);
}

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
 * have no focus. `named`: whether it follows "What / Who" and a form of "be" ("What was
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

/** The question's word right after its question word ("What river…" → "river", "How many people" → "people"), stemmed. */
function focusHeadOf(question: string): string | undefined {
  const match = /\b(?:what|which|how many|how much)\s+(?:of the\s+|kind of\s+|type of\s+)?([\p{L}-]+)/iu.exec(question);
  const head = match?.[1] ? words(match[1])[0] : undefined;
  return head && !isStopWord(head) ? stem(head) : undefined;
}

const DEFINITION = [
  /^(?:so,?\s+)?what(?:'s|\s+(?:exactly\s+)?(?:is|are|was|were))\s+(.+?)\s*\??$/i,
  /^what\s+(?:does|do|did)\s+(.+?)\s+(?:mean|stand\s+for|refer\s+to)\s*\??$/i,
  /^what\s+is\s+meant\s+by\s+(.+?)\s*\??$/i,
  /^define\s+(.+?)\s*\??$/i,
];
const IDENTITY = /^who(?:'s|\s+(?:is|was|are|were))\s+(.+?)\s*\??$/i;
/** Words that make "What is X" a question about X's attribute, not a definition ("What is the population of…"). */
const NOT_A_SUBJECT = /(?:^|\s)(in|for|that|which|who|when|where|by|with|from|to|on|at|did|does|do|has|have|had|will|would|can|could|should|if|about)(?=\s|$)/i;
/** The opening of a question, past the "and" / "so" / "but" that makes it a follow-up ("And when will it reopen?"). */
const FOLLOW_UP_OPENING = String.raw`^\s*(?:(?:and|so|but)\s+)?`;
/** "Who is the boss of…", "Who runs / leads / chairs…": a question for the person who leads something. */
const LEADER = [
  new RegExp(String.raw`${FOLLOW_UP_OPENING}who(?:'s|\s+(?:is|was|are|were))\s+(?:the\s+|its\s+|their\s+)?(?:new\s+|current\s+|acting\s+)?(?:${LEADING_ROLES.join('|')})\b`, 'i'),
  new RegExp(String.raw`${FOLLOW_UP_OPENING}who\s+(?:${LEADING_VERBS.join('|')}|(?:is|was)\s+(?:in\s+charge\s+(?:of|at)|running|leading|heading))\b`, 'i'),
  // "Who was the fire officer in charge of…?"
  new RegExp(String.raw`${FOLLOW_UP_OPENING}who\s+(?:is|was)\s+the\s+(?:[\p{L}-]+\s+){1,3}in\s+charge\b`, 'iu'),
  // "Who is the Hallam manager?": the body named before the role (capitalised, so not read case-blind).
  new RegExp(String.raw`^\s*(?:(?:[Aa]nd|[Ss]o|[Bb]ut)\s+)?[Ww]ho(?:['’]s|\s+(?:is|was|are|were))\s+(?:the\s+)?(?:\p{Lu}[\p{L}&'’.-]*\s+){1,3}(?:${LEADING_ROLES.join('|')})\b`, 'u'),
];
/** Plural nouns whose items a list question asks for. */
const LISTED = 'countries|nations|states|cities|companies|firms|groups|organi[sz]ations|people|persons|officials|leaders|members|parties|agencies|banks|governments|ministers|airlines|teams|brands|places|regions|towns|gangs|cartels';
const LIST = [
  new RegExp(`^(?:which|what)\\s+(?:\\w+\\s+)?(${LISTED}|products)\\b`, 'i'),
  /^who\s+(?:is|are|was|were)\s+(?:part\s+of|members?\s+of|among|involved|on\s+the|in\s+the)\b/i,
  /^what\s+(?:are|were)\s+the\b/i,
  /^(?:name|list)\s+the\b/i,
];
/** Asked-for items that are names (capitalised) rather than any phrase. */
const NAMES_ASKED = new RegExp(`^(?:which|what)\\s+(?:\\w+\\s+)?(${LISTED})\\b|^who\\b`, 'i');

const MAX_SUBJECT_WORDS = 6;

/** The subject X of "What is X?": at most a few words, a thing named rather than an attribute asked. */
function subjectOf(raw: string): string[] | undefined {
  const text = raw.replace(/^(?:an?|the)\s+/i, '');
  if (NOT_A_SUBJECT.test(text)) return undefined;
  // "the leader of the cartel" asks for an attribute of a thing; "Bank of England" is a name.
  if (/\b\p{Ll}[\p{L}-]*\s+of\b/u.test(text)) return undefined;
  // "Peru's benchmark interest rate", "Maduro's plan": an attribute of X, asked by its name.
  if (/['’]s\s+\p{Ll}/u.test(text)) return undefined;
  const folded = words(text);
  return folded.length > 0 && folded.length <= MAX_SUBJECT_WORDS ? folded : undefined;
}

/** The question's class, or undefined when it is in none of them. */
export function classifyQuestion(question: string): ClassifiedQuestion | undefined {
  const text = question.trim();
  if (ASKS_REASON.test(text)) return { class: 'reason', subject: [], namesAsked: false };
  if (LIST.some((pattern) => pattern.test(text))) return { class: 'list', subject: [], namesAsked: NAMES_ASKED.test(text) };
  if (LEADER.some((pattern) => pattern.test(text))) return { class: 'leader', subject: [], namesAsked: false };
  const identity = IDENTITY.exec(text);
  if (identity && /\p{Lu}/u.test(identity[1]!)) {
    const subject = subjectOf(identity[1]!);
    if (subject) return { class: 'identity', subject, namesAsked: false };
  }
  for (const pattern of DEFINITION) {
    const match = pattern.exec(text);
    const subject = match && subjectOf(match[1]!);
    if (subject) return { class: 'definition', subject, namesAsked: false };
  }
  return undefined;
}

/**
 * A question whose question word is the subject ("Who made Ralph earl?", "What company owns ABC?"):
 * its answer comes before the question's other words in a sentence of active voice.
 */
const SUBJECT_QUESTION = /^(?:who|what|which)(?:\s+[\p{L}-]+)?\s+(?!is\b|are\b|was\b|were\b|do\b|does\b|did\b|has\b|have\b|had\b|can\b|could\b|will\b|would\b)[\p{L}-]+(?:ed|s)\b/iu;
const ASKS_FOR_OUTLET = /\b(?:report(?:s|ed|ing)?|publish(?:es|ed)?|broadcasts?|newspapers?|outlets?|media|news agency|networks?|channels?)\b/i;
/** A question led by an auxiliary ("Did…", "Is…", "Has…"), after an "and" or "so" of a follow-up. */
const ASKS_WHETHER = new RegExp(String.raw`${FOLLOW_UP_OPENING}(?:is|are|was|were|am|do|does|did|has|have|had|can|could|will|would|should|shall|may|might|must)(?:n['’]t)?\s`, 'i');
/** "X or Y?": a choice between things the question names, not a yes or no. */
const ALTERNATIVES = /\bor\b/i;
/** "How did…", "How are…": a question of manner (not "how many / long / far", which ask for an amount). */
const ASKS_MANNER = new RegExp(String.raw`${FOLLOW_UP_OPENING}how\s+(?:is|are|was|were|do|does|did|has|have|had|can|could|will|would|should|might|may)\b`, 'i');
/** "What did X do?", "What is X supposed to do?", "What has X done?", "What happened…?": the answer is a clause. */
const ASKS_ACTION = new RegExp(String.raw`${FOLLOW_UP_OPENING}what\s+(?:(?:did|does|do|will|would|is|are|was|were|has|have|had|can|could|should|must|might|may)\s.*\b(?:do|doing|done)\b|(?:happened|happens|will happen|is happening)\b)`, 'i');
const ASKS_FOR_UNIT = /\bhow (large|long|far|tall|high|big|heavy|deep|wide|old|much)\b/i;
/** "What time…", "At what time…": the answer is an hour of the day. */
const ASKS_CLOCK_TIME = /\b(?:what|which) time\b|\bat what hour\b/i;
/** "What year…", "In which year…": the answer is a year. */
const ASKS_YEAR = /\b(?:what|which) year\b/i;
/** "On what date…", "What day…": the answer names a day, which a year alone does not. */
const ASKS_DAY = /\b(?:what|which) (?:date|day)\b/i;
const ASKS_SHARE = /\b(percent|percentage|per cent|share|proportion|fraction|portion|rate)\b|\bhow much of\b/i;
const ASKS_EXTENT = /\bhow long\b(?!\s+ago\b)|\bhow (?:far|deep|tall|wide)\b/i;
/** "How deep / tall / wide…": a length, which a span of time does not tell ("How far" may be told in hours' drive). */
const ASKS_LENGTH = /\bhow (?:deep|tall|wide)\b/i;
const ASKS_AGE = /\bhow old\b/i;

/**
 * Whether "How old…" asks a person's age, by the first noun after it ("How old is the new
 * *champion*?"): a person's age is told as an age ("Kessler, 27,"), never by a year ("second in
 * 2021"), which can tell a bridge's.
 */
function asksPersonsAge(text: string): boolean {
  const tokens = tagText(text).tokens;
  const old = tokens.findIndex((token, i) => token.text.toLowerCase() === 'old' && tokens[i - 1]?.text.toLowerCase() === 'how');
  const subject = tokens.slice(old + 1).find((token) => token.pos === 'NOUN');
  return old >= 0 && subject !== undefined && canNameAPerson(foldCase(subject.text));
}
/** "How big / high…": a size, which for a sum is an amount ("How big was the fine?"). */
const SIZE_WORDS = 'big|large|high|steep|heavy';
const ASKS_SIZE = new RegExp(String.raw`\bhow (?:${SIZE_WORDS})\b`, 'i');
const ASKS_MONEY = new RegExp(String.raw`\bhow (?:much|${SIZE_WORDS})\b.*\b(cost|costs|costing|pay|pays|paid|paying|spend|spends|spending|spent|worth|price|money|fund|funds|funding|owe|owes|debt|budget|value|reward|bounty|earn|earns|earned|earning|earnings|salary|salaries|wage|wages|fee|fees|fine|fines|penalty|penalties|bill|payout|profit|profits|loss|losses|deficit|settlement|bonus|tax|taxes|loan|loans|revenue|turnover|ransom|rent|charge|charges|charged|compensation|bail|invest|invests|investing|invested|investment|donate|donated|donating|donation|donations)\b|\b(cost|price|value|worth|amount of money)\b`, 'i');
/** A question that opens by asking who ("Who…", "And whom…"), not whose. */
const ASKS_WHO = new RegExp(String.raw`${FOLLOW_UP_OPENING}(?:who|whom)\b`, 'i');
/** A question that opens by asking when. */
const ASKS_WHEN = new RegExp(String.raw`${FOLLOW_UP_OPENING}(?:when\b|(?:in|on|by|during|since)?\s*(?:what|which)\s+(?:year|date|day|month|decade|century)\b)`, 'i');
/**
 * A when-question about what is still to come: "When will…", "When should…", "When can…", "When is
 * X expected / due / set / going to…", and a rule's start asked in the present: "When do the new
 * fines come into force / take effect / kick in?".
 */
const ASKS_WHEN_NEXT = new RegExp(
  String.raw`${FOLLOW_UP_OPENING}when\s+(?:will|shall|should|can|could|(?:is|are)\b.*\b(?:expected|due|set|scheduled|going|likely)\s+to|(?:do|does)\b.*\b(?:come|comes)\s+into\s+(?:force|effect)|(?:do|does)\b.*\b(?:take|takes)\s+effect|(?:do|does)\b.*\bkicks?\s+in)\b`,
  'i',
);
/** What a question asks the end of: "When will the ban end / be lifted / be over?", "When did the farm close?" */
const ENDING = new RegExp(String.raw`\b(?:${END_VERBS.join('|')}|close)\b(?!\s+of\b)|\bover\s*\??\s*$`, 'i');
/** "Since what year…", "Since when…": the answer is when something that still holds began. */
const ASKS_SINCE = /\bsince\s+(?:what|which|when)\b/i;
/** "the previous record", "its former owner", "the club's old record signing" (not "prior to", "Old Norse", "How old is…"). */
const ASKS_EARLIER_ONE = /(?:\b(?:previous|former|preceding|earlier|prior(?!\s+to\b))|(?:\b(?:the|its|their|his|her|our|an?)|['’]s)\s+old)\s+\p{Ll}/u;
/** A question that opens by asking where. */
const ASKS_WHERE = new RegExp(String.raw`${FOLLOW_UP_OPENING}where\b`, 'i');
/** "Where did the team finish last season?", "Where do Redmarsh sit in the league?": a standing ("fourth", "top"), not a place. */
const ASKS_STANDING = /\b(?:finish|finished|finishes|rank|ranked|ranks|sit|sits|sat|stand|stands|placed|come|came|lie|lies)\b/i;
/** "Which minister…", "What is the name of the chef…": a question for the name of one. */
const ASKS_NAME_OF_ONE = new RegExp(String.raw`${FOLLOW_UP_OPENING}(?:which\b|what\s+(?:is|was|are|were)\s+the\s+names?\s+of\b)`, 'i');
/** "What is the name of…": a name asked in so many words. */
const ASKS_THE_NAME = /\bthe\s+names?\s+of\b/i;

/** "Which kind of / type of / group of…": a kind asked, which a description tells ("pupils from low-income households"), not a name. */
const ASKS_KIND_OF = /\bwhich\s+(?:kinds?|types?|sorts?|groups?|categor(?:y|ies)|class(?:es)?)\s+of\b/i;

/** The head noun of a question for a name, when people are or make up what it names ("chef", "company"; not "year", "bridge"). */
function nameAskedBy(text: string, focusWords: readonly string[]): ReadQuestion['nameAsked'] {
  const head = focusWords.at(-1);
  // "What was the name of the shop / of her first album…" asks for a name whatever it names.
  if (head === undefined || !ASKS_NAME_OF_ONE.test(text) || ASKS_KIND_OF.test(text) || !(canNamePeople(head) || ASKS_THE_NAME.test(text))) return undefined;
  // A company or a party is people too, but a name written after "to" or "at" may name it ("awarded to Veolia").
  return { head, person: canNameAPerson(head) && !canNameAGroup(head), place: canNameAPlace(head) };
}

/** "When X happens, what…?": the question asked after the comma is the one to answer. */
const LATER_QUESTION_WORD = /,[^,]*\b(?:what|which|who|whom|whose|how|where|why)\b/i;
const COUNTED = /\bhow many\b/i;

/** Parts of speech of a counted noun phrase: "dock jobs", "more troops", "Victorians". */
const COUNTED_PHRASE_TAGS = new Set(['NOUN', 'PROPN', 'ADJ', 'NUM']);

/**
 * What a how-many question counts: the noun phrase after "how many" (past "of the"), up to its
 * verb, folded ("dock", "jobs" of "How many dock jobs does…", "crew" of "How many of the crew
 * survived?"); undefined for any other question.
 */
function countedWordsOf(text: string): string[] | undefined {
  if (!COUNTED.test(text)) return undefined;
  const tokens = tagText(text).tokens;
  const many = tokens.findIndex((t, i) => /^many$/i.test(t.text) && /^how$/i.test(tokens[i - 1]?.text ?? ''));
  if (many < 0) return undefined;
  let i = many + 1;
  while (i < tokens.length && (tokens[i]!.pos === 'ADP' || tokens[i]!.pos === 'DET')) i++;
  const phrase: string[] = [];
  for (; i < tokens.length && COUNTED_PHRASE_TAGS.has(tokens[i]!.pos); i++) {
    // "How many people use the route…": a word an article follows is a verb, whatever the tagger
    // says ("people use" is no compound), and the counted phrase ends before it.
    if (phrase.length > 0 && tokens[i + 1]?.pos === 'DET') break;
    const word = foldCase(tokens[i]!.text);
    if (!isStopWord(word)) phrase.push(word);
  }
  return phrase;
}

/** "By how much will wages rise?": a change, answered by a share as well as by a sum. */
const ASKS_CHANGE = /\b(?:rise|rises|rose|risen|raise|raised|increase|increased|grow|grew|grown|fall|falls|fell|fallen|drop|dropped|climb|climbed|jump|jumped|decline|declined|cut|shrink|shrank|go up|went up|gone up|go down|went down)\b/i;

function valueAskedBy(text: string): ValueAsked | undefined {
  // "How far did salaries fall?" asks how much they changed, which a sentence may tell in words: no extent.
  const asksExtent = ASKS_EXTENT.test(text) && !ASKS_CHANGE.test(text);
  if (/\bhow (many|much)\b/i.test(text) || ASKS_AGE.test(text) || asksExtent) return 'amount';
  // "How big was the fine?", "How high is the bill?": a sum, asked by its size.
  if (ASKS_SIZE.test(text) && ASKS_MONEY.test(text)) return 'amount';
  if (ASKS_CLOCK_TIME.test(text)) return 'clock time';
  if (ASKS_YEAR.test(text)) return 'year';
  if (ASKS_DAY.test(text)) return 'day';
  return undefined;
}

/** Reads a question's wording once: every rule about a question, applied in one place. */
export function readQuestion(text: string): ReadQuestion {
  const type = expectedAnswerType(text);
  const focus = readFocus(text);
  const counted = countedWordsOf(text);
  const asksWhen = ASKS_WHEN.test(text) && !LATER_QUESTION_WORD.test(text);
  const speakerAsked = askedSpeaker(text);
  return {
    text,
    type,
    askedType: askedAnswerType(text, type),
    questionClass: classifyQuestion(text),
    focusWords: focus.words,
    focusNamed: focus.named,
    focusHead: focusHeadOf(text),
    namePhrases: namePhrasesOf(text),
    mainEntity: mainEntity(text),
    asksForSubject: SUBJECT_QUESTION.test(text),
    asksForOutlet: ASKS_FOR_OUTLET.test(text),
    asksForUnit: ASKS_FOR_UNIT.test(text),
    asksWhether: ASKS_WHETHER.test(text) && !ALTERNATIVES.test(text),
    asksManner: ASKS_MANNER.test(text),
    asksWhen,
    asksWhenNext: asksWhen && ASKS_WHEN_NEXT.test(text),
    asksWhenEnds: asksWhen && ENDING.test(text),
    asksSince: ASKS_SINCE.test(text),
    asksEarlierOne: ASKS_EARLIER_ONE.test(text),
    asksWhatSaid: speakerAsked !== undefined,
    speakerAsked,
    asksWhere: ASKS_WHERE.test(text) && !ASKS_STANDING.test(text),
    asksWho: ASKS_WHO.test(text),
    nameAsked: nameAskedBy(text, focus.words),
    countedTerms: counted?.map(stem),
    countedWords: counted,
    asksAction: ASKS_ACTION.test(text),
    valueAsked: valueAskedBy(text),
    amountAsked: type !== 'number' ? undefined : ASKS_SHARE.test(text) ? 'share' : ASKS_MONEY.test(text) && !ASKS_CHANGE.test(text) ? 'money' : ASKS_EXTENT.test(text) && !ASKS_CHANGE.test(text) ? (ASKS_LENGTH.test(text) ? 'distance' : 'extent') : ASKS_AGE.test(text) ? (asksPersonsAge(text) ? 'age of a person' : 'age') : undefined,
  };
}

/** The question read and weighed by the corpus: reused by every stage and candidate sentence. */
export interface AnalysedQuestion extends ReadQuestion {
  /** The question's search terms in order, as the lexical index reads text. */
  readonly searchTerms: readonly string[];
  /** Distinct stemmed content terms with their rarity weight (IDF). */
  readonly terms: ReadonlyMap<string, number>;
  /** A folded word of the question for each term, to look up its word vector. */
  readonly termWords: ReadonlyMap<string, string>;
  /** Sum of the weights of `terms`. */
  readonly totalWeight: number;
  /** Terms that come from names in the question (capitalised words after the first). */
  readonly nameTerms: ReadonlySet<string>;
  /** Consecutive content-term pairs, "a b", for phrase evidence. */
  readonly bigrams: ReadonlySet<string>;
  /** Every folded word of the question, stop words included, to tell new words from echoed ones. */
  readonly foldedWords: ReadonlySet<string>;
  /** Share of the term weight whose terms occur nowhere in the corpus. */
  readonly unseenWeight: number;
  /** The terms that occur nowhere in the corpus (a misspelt name, or a thing it never mentions). */
  readonly unseenTerms: ReadonlySet<string>;
}

/**
 * Weighs a question against the corpus. `idf` gives a term's rarity; `seen` says whether the
 * corpus has the term at all (a question about something the corpus never mentions cannot be
 * answered from it). A question given as text is read first.
 */
export function analyseQuestion(
  question: string | ReadQuestion,
  idf: (term: string) => number = () => 1,
  seen: (term: string) => boolean = () => true,
): AnalysedQuestion {
  const read = typeof question === 'string' ? readQuestion(question) : question;
  const { text, namePhrases } = read;
  const folded = words(text);
  const contentWords = withoutDurationVerb(text, folded).filter((w) => !isStopWord(w));
  const contentTerms = contentWords.map(stem);
  const terms = new Map<string, number>();
  const termWords = new Map<string, string>();
  contentTerms.forEach((term, i) => {
    terms.set(term, idf(term));
    if (!termWords.has(term)) termWords.set(term, contentWords[i]!);
  });
  // A name of several words is one thing asked about: its words share one term's weight, so
  // "United States" does not outweigh "extradited" just by having two words.
  for (const [term, share] of nameTermShares(text, namePhrases)) if (terms.has(term)) terms.set(term, terms.get(term)! * share);
  let totalWeight = 0;
  let unseen = 0;
  const unseenTerms = new Set<string>();
  const asking = askingWordTerms(folded);
  for (const [term, weight] of terms) {
    totalWeight += weight;
    if (!seen(term)) {
      if (!asking.has(term)) unseen += weight;
      unseenTerms.add(term);
    }
  }
  for (const term of namePhrases.flat()) if (!terms.has(term) && !seen(term)) unseenTerms.add(term);
  return {
    ...read,
    searchTerms: contentTerms,
    terms,
    termWords,
    totalWeight,
    nameTerms: new Set(namePhrases.flat()),
    bigrams: new Set(adjacentTermPairs(contentTerms)),
    foldedWords: new Set(folded),
    unseenWeight: totalWeight > 0 ? unseen / totalWeight : 0,
    unseenTerms,
  };
}

/** "How long does the battery *last*?", "How long did the repairs *take*?": the verb completes "how long". */
const HOW_LONG = /\bhow long\b/i;
const DURATION_VERBS: ReadonlySet<string> = new Set(['last', 'lasts', 'lasted', 'take', 'takes', 'took']);

/**
 * A how-long question's words without the verb that closes it: "last" asks for a duration, and
 * as a term it matched "last year" in a sentence about something else.
 */
function withoutDurationVerb(text: string, folded: readonly string[]): readonly string[] {
  const closing = folded.at(-1);
  return HOW_LONG.test(text) && closing !== undefined && DURATION_VERBS.has(closing) ? folded.slice(0, -1) : folded;
}

/**
 * The terms of a question's words that complete its asking words rather than name what it asks
 * about: the word after "how" ("how old", "how far"), a framing noun ("what kind", "how many
 * people"), a form of "do". A corpus of a few articles may never use them, which says nothing
 * about whether it answers the question ("How old is the lock?" of an article saying "built in 1874").
 */
function askingWordTerms(folded: readonly string[]): Set<string> {
  const terms = new Set<string>();
  folded.forEach((word, i) => {
    if (folded[i - 1] === 'how' || FRAME_NOUNS.has(word) || DO_FORMS.has(word)) terms.add(stem(word));
  });
  return terms;
}

/** A question read, weighed and embedded: what retrieval (a `RetrievalQuery`) and every later stage read. */
export interface PreparedQuestion extends AnalysedQuestion {
  readonly vector: Float32Array;
}

/** The corpus statistics a question's analysis weighs its terms by (a `LexicalIndex` gives them). */
export interface TermStatistics {
  inverseDocumentFrequency(term: string): number;
  documentFrequency(term: string): number;
}

/**
 * The first role of answering: a valid question read once ({@link readQuestion}), weighed
 * against the corpus and embedded once, into the prepared question every later stage reads.
 */
export class QuestionReader {
  constructor(
    private readonly embedder: Embedder,
    private readonly statistics: TermStatistics,
  ) {}

  /** The question's wording read, without the corpus. */
  read(question: string): ReadQuestion {
    return readQuestion(question);
  }

  /** A short chat follow-up read in the context of the previous question (see {@link resolveFollowUp}). */
  resolveFollowUp(question: string, previous: string | null): ResolvedQuestion {
    return resolveFollowUp(question, previous);
  }

  /** The question read, weighed by the corpus's term statistics and embedded: frozen, for every later stage to read. */
  async prepare(question: string): Promise<PreparedQuestion> {
    const [vector] = await this.embedder.embed([question]);
    const { statistics } = this;
    const analysed = analyseQuestion(
      readQuestion(question),
      (term) => statistics.inverseDocumentFrequency(term),
      (term) => statistics.documentFrequency(term) > 0,
    );
    return Object.freeze({ ...analysed, vector: vector! });
  }
}

export { mainEntity, resolveFollowUp, type ResolvedQuestion };
