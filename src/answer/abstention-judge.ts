import { canNamePeople, CLOCK_TIME, countryNameAliases, DAY_DATE, DEATH_WORD, editDistance, foldCase, FUTURE_CUE, INJURY_WORD, isCalendarWord, isStopWord, REPORTED_SPEECH, stem, tagText, typoAllowance, withoutReportingDays, words, YEAR_NUMBER } from '../text/index.js';
import type { Sentence } from '../corpus/types.js';
import { labelOf } from './confidence-label.js';
import type { ConfidenceLabel } from './types.js';
import { MAX_ALSO_RELEVANT } from './also-relevant.js';
import type { AnswerModel } from './answer-model.js';
import { asksAge, type AnalysedQuestion } from './question-reader.js';
import { LEADING_TERMS, ledByClause, leadingRoleFits, termsBesideLeading } from './question-classes.js';
import { articleNames, namesOneAsked, personNamesIn, tellsAPlace, type ArticleNames } from './named-answer.js';
import { tellsOfAnotherNamed } from './told-of-another.js';
import { namesAnotherSide } from './named-sides.js';
import { speaksForAnother } from './speaker.js';
import type { GenerationSentences } from './sentence-analysis.js';
import { scoreFeatures, type ScoredSentence } from './sentence-ranker.js';
import { answerTypeEvidence, countsWhatIsAsked, holdsAmountAsked, tellsBeginning, withoutYears, YEARS, type WordSimilarityFunction } from './sentence-features.js';

/** Nouns of time, which WordNet also lets name people ("year": a class of students; "night": a goddess). */
const TIME_NOUN = /^(?:years?|nights?|days?|weeks?|months?|mornings?|evenings?|afternoons?|seasons?|times?|decades?|centur(?:y|ies)|hours?|minutes?)$/i;
/** A pronoun that stands for a person named before. */
const PERSONAL_PRONOUN = /\b(?:he|she|they|him|her|them|his|their)\b/i;

/** A question term that is a year. */
const YEAR_TERM = new RegExp(`^${YEAR_NUMBER.source}s?$`);
/** "the 2010 Eyjafjallajokull eruption": a year set before a noun to name one instance of it (group 1: the year, group 2: the noun). */
const YEAR_BEFORE_NOUN = new RegExp(String.raw`\bthe\s+(${YEAR_NUMBER.source})\s+(?:\p{Lu}[\p{L}'’-]*\s+){0,3}(\p{Ll}[\p{L}-]*)`, 'gu');
/**
 * "…the deadliest since 2011, when a freight train collided…, killing 14 people": a clause that
 * tells of another event, named by its year (group 1), to the end of the sentence.
 */
const EARLIER_EVENT_CLAUSE = new RegExp(String.raw`\b(?:in|since)\s+(${YEAR_NUMBER.source})\s*,?\s+when\b.*$`, 'su');
/** A share of a whole: a percentage or a fraction ("40%", "12 percent", "a third", "two-thirds", "half"). */
const SHARE = /\d[\d,.]*\s*(?:%|percent\b|per cent\b)|\b(?:a|one|two|three)[\s-]+(?:half|third|thirds|quarter|quarters|fifth|fifths|tenth|tenths)\b|\bhalf\b/gi;
/** A year before 1000 as a date gives it: "in 911", "by 800 AD". */
const EARLY_YEAR = /\b(?:in|by|since|until|from|around|c\.)\s+\d{2,3}\b|\b\d{1,4}\s*(?:AD|BC|BCE|CE)\b/;
const LATIN_WORD = /^[a-z]{3,}$/;
/** A name numbered in a series: "Boreas-1", "Apollo 11", "Terminal 5" (group 1: the name, group 2: its number). */
const NUMBERED_NAME = /\b(\p{Lu}[\p{L}]+)[-\s](\d+[A-Za-z]?)\b/gu;

/** How the judge reads the shown evidence beyond the confidence model; each check can be off (tuning measures them). */
export interface EvidenceChecks {
  /** Lowest word-vector similarity at which a sentence's word stands for a focus word; above 1: exact words only. */
  focusSimilarity: number;
  /** A focus that names the thing asked (after "What is / Who was") must be covered at all. */
  namedFocus: boolean;
  /** Where every name of the question must be: in the shown sentence itself, in it or its neighbours, or anywhere. */
  names: 'sentence' | 'around' | 'document' | 'anywhere';
  /** A how-many / how-much question needs a number the question does not state. */
  answerValue: boolean;
}


/** The checks the judge applies when the answer model names none. */
const DEFAULT_EVIDENCE_CHECKS: EvidenceChecks = { focusSimilarity: 0, namedFocus: true, names: 'document', answerValue: true };

/** Why the answer stage answered or abstained. */
export type AbstentionReason =
  | 'answered'
  /** Retrieval found nothing to rank. */
  | 'no-candidates'
  /** The confidence model puts the best sentence below the threshold. */
  | 'low-confidence'
  /** The best sentence shares the question's names but nothing of what it asks. */
  | 'topic-not-covered'
  /** The shown sentence and its neighbours say nothing of the thing the question asks about (its focus). */
  | 'focus-not-covered'
  /** A name in the question is missing from the shown sentence's whole document. */
  | 'name-not-in-document'
  /** A question for a value (an amount, a time) answered by a sentence that holds none of its kind. */
  | 'no-answer-value'
  /** A year the question names is not in the shown sentence or its neighbours. */
  | 'year-not-covered'
  | 'earlier-instance'
  /** The question names one of a numbered series ("Boreas-1") and the sentence another ("Boreas-2"). */
  | 'another-of-series'
  /** The question names the side a thing was done for or against ("for Nigeria") and the sentence another ("for Vitesse"). */
  | 'another-side'
  /** The question asks about an earlier one of a thing ("the previous record") and the sentence speaks only of the present one. */
  | 'not-the-earlier-one'
  /** The question asks what someone said and the sentence reports no speech, or another's. */
  | 'nothing-said'
  /** The question asks for the name of one ("Which chef…") and the sentence names none it could be. */
  | 'no-name-given'
  /** A where-question answered by a sentence that names no place and sets none. */
  | 'no-place-given';

/** The judge's verdict on a ranked list of candidates. */
export interface Judgement {
  /** Probability, 0..1, that the best sentence answers the question. */
  confidence: number;
  abstained: boolean;
  reason: AbstentionReason;
  /** The confidence in words, by the answer model's fitted label thresholds. */
  label?: ConfidenceLabel;
  /**
   * Withheld only for a confidence just short of the threshold, every evidence check passed: the
   * best sentence may be shown as a possible answer (never as related reading).
   */
  possible?: boolean;
}

/** How many runners-up may stand in for a best sentence that lacks the value asked. */
const VALUE_RUNNERS_UP = 2;
/**
 * How far behind the best a runner-up holding the value asked may score, in also-relevant
 * margins. Measured on the SQuAD subset, answer sentences right: 584 of 705 at 1 and 2, 584 at
 * any distance but two fewer ranked first; 2 lets the GloVe model's cost sentence (0.45 behind
 * the lede, margin 0.34) stand in.
 */
const VALUE_MARGIN_FACTOR = 2;

/**
 * Whether the question asks for a value of a kind a sentence either holds or not: a sum, a share,
 * an extent, an hour, a year, a time. Any number answers a bare how-many, so one in a runner-up
 * is no evidence that it answers better ("How much did the donor give?" is not answered by "a
 * 4.1-metre telescope").
 */
function asksValueOfKind(question: AnalysedQuestion): boolean {
  return question.amountAsked !== undefined || question.valueAsked === 'clock time' || question.valueAsked === 'year' || question.asksWhen;
}

/**
 * Whether the sentence names another member of a numbered series the question names, and not the
 * one asked: "When will Boreas-1 run out of fuel?" is not answered by "Boreas-2, launched in 2017,
 * remains healthy", nor a question about Terminal 5 by a sentence about Terminal 2.
 */
export function namesAnotherOfSeries(question: string, sentence: string): boolean {
  // A date ("March 12") or a sentence's opening word ("In 2019") is no name of a series.
  const named = (text: string) => [...text.matchAll(NUMBERED_NAME)].filter(([, name]) => !isStopWord(name!.toLowerCase()) && !isCalendarWord(name!));
  return named(question).some(([, name, number]) => {
    const members = named(sentence).filter((m) => m[1] === name).map((m) => m[2]);
    return members.length > 0 && !members.includes(number);
  });
}

/** Places in an order, each with the words that say it: a debut album is the first, gold is first place. */
const ORDER_PLACES: readonly (readonly string[])[] = [
  ['first', 'debut', 'gold'], ['second', 'silver'], ['third', 'bronze'], ['fourth'], ['fifth'],
];
const ORDER_WORD = new RegExp(String.raw`\b(${ORDER_PLACES.flat().join('|')})\s+([\p{L}-]+)`, 'giu');
const placeOf = (word: string) => ORDER_PLACES.findIndex((place) => place.includes(word.toLowerCase()));
/** A medal won and named by its metal alone: "took silver at the championships", "won gold". */
const MEDAL_WON = /\b(?:won|win|wins|winning|took|take|takes|taking|claimed|claim|claims|claiming|earned|clinched|collected)\s+(?:the\s+|a\s+)?(gold|silver|bronze)\b(?!\s+medals?\b)/gi;
const MEDAL = stem('medal');

/**
 * Whether the sentence tells of another place in an order than the question asks about, for the
 * same thing: "What was the name of the band's first album?" is not answered by "their second
 * album, Low Tide Psalms", nor "Who won the gold medal?" by "who took the silver medal" or "who
 * took silver".
 */
export function namesAnotherInOrder(question: string, sentence: string): boolean {
  const placed = (text: string) => [...text.matchAll(ORDER_WORD)].map((m) => ({ place: placeOf(m[1]!), thing: stem(m[2]!.toLowerCase()) }));
  const told = [...placed(sentence), ...[...sentence.matchAll(MEDAL_WON)].map((m) => ({ place: placeOf(m[1]!), thing: MEDAL }))];
  return placed(question).some((asked) => told.some((t) => t.thing === asked.thing && t.place !== asked.place) && !told.some((t) => t.thing === asked.thing && t.place === asked.place));
}

/** Whether a text's stems name a country by another of its names: "Britain" of "UK stores". */
function namedOtherwise(stems: ReadonlySet<string>, term: string): boolean {
  return countryNameAliases(term).some((alias) => alias.every((word) => stems.has(stem(word))));
}

/** Words that count the dead without a word for dying: "the toll rose to 34", "12 bodies were recovered". */
const DEAD_COUNTED = /\b(?:toll|bodies|body|remains)\b/i;

/**
 * Whether a how-many question asks for deaths and the sentence tells of none, or asks for injuries
 * and the sentence tells only of deaths: "How many people were killed by e-scooters?" is not
 * answered by "212 people were treated for injuries involving e-scooters", nor "How many patients
 * have died?" by "…when four patients fell ill".
 */
function tellsOfOtherHarm(question: string, sentence: string): boolean {
  const asksDeaths = DEATH_WORD.test(question);
  const asksInjuries = INJURY_WORD.test(question);
  if (asksDeaths === asksInjuries) return false;
  return asksDeaths ? !DEATH_WORD.test(sentence) && !DEAD_COUNTED.test(sentence) : DEATH_WORD.test(sentence) && !INJURY_WORD.test(sentence);
}

/** Words that set one thing before another: "beat the *previous* record", "its *former* owner", "had been… *before*", "issued *last year*". */
const EARLIER_CUE = /\b(?:previous|previously|former|formerly|preceding|earlier|old|older|prior|before|once|until then|(?:last|past) (?:year|month|week|season|summer|winter|spring|autumn|time))\b/i;

/**
 * Whether a sentence can speak of an earlier one of a thing: it says so ("beat the previous
 * record of 26.9 degrees") or names a year ("In March 2022, a chemical leak…"). "What was the
 * previous record for demand?" is not answered by "Demand hit a record 38,400 megawatts on
 * Wednesday", the new one.
 */
function speaksOfAnEarlierOne(sentence: string): boolean {
  return EARLIER_CUE.test(sentence) || A_YEAR.test(sentence);
}

/** One year anywhere in a text (YEARS without its global flag, so that `test` keeps no state). */
const A_YEAR = new RegExp(YEARS.source);

/** The kinds of sum a how-much question may name: what the sum is, which a sum of another kind does not answer. */
const SUM_KINDS: ReadonlySet<string> = new Set([
  'profit', 'profits', 'loss', 'losses', 'revenue', 'revenues', 'turnover', 'salary', 'salaries', 'wage', 'wages', 'fee', 'fees',
  'fine', 'fines', 'penalty', 'penalties', 'bonus', 'bonuses', 'tax', 'taxes', 'loan', 'loans', 'ransom', 'rent', 'compensation', 'bail',
  'debt', 'debts', 'budget', 'reward', 'bounty', 'earnings', 'dividend', 'deficit', 'donation', 'donations', 'grant', 'subsidy',
]);
/** Words that name the same kind of sum ("a fine" is a penalty, earnings are profit). */
const SUM_KIND_FAMILIES: readonly (readonly string[])[] = [
  ['profit', 'earnings', 'earn', 'earned'],
  ['loss', 'deficit'],
  ['revenue', 'turnover', 'sales'],
  ['salary', 'wage', 'pay', 'paid', 'earn', 'earned'],
  ['fine', 'fined', 'penalty', 'penalised', 'penalized'],
  ['fee', 'charge', 'charged'],
  ['debt', 'owe', 'owed'],
  ['reward', 'bounty'],
  ['donation', 'donated'],
  ['grant', 'subsidy'],
].map((family) => family.map(stem));
/** The stems that name the kind of sum a word names: itself and its family. */
function sumKindFamily(word: string): ReadonlySet<string> {
  const term = stem(word);
  return new Set([term, ...SUM_KIND_FAMILIES.filter((family) => family.includes(term)).flat()]);
}
/** How near a sentence's word must be to the kind of sum asked to name it ("earnings" for "profit"). */
const SUM_KIND_SIMILARITY = 0.6;

/**
 * The words that ask what a thing cost ("How much did it *cost* to make?", "What did they *pay*?"):
 * a sum stated answers them, whatever verb the sentence uses. Not "worth" or "value": what a firm
 * is worth is not told by its profits.
 */
const PRICE_TERMS: ReadonlySet<string> = new Set(['cost', 'costs', 'price', 'pay', 'paid', 'spend', 'spent'].map(stem));
/** The sums that tell a firm's or a body's result, not what it paid for anything. */
const BALANCE_KINDS: ReadonlySet<string> = new Set(['profit', 'loss', 'deficit', 'surplus', 'revenue', 'turnover', 'sales', 'earnings'].map(stem));
/** Words that tell what a thing cost, whatever its sum is also called ("the deficit, after spending £9m on agency staff"). */
const COST_WORDS: ReadonlySet<string> = new Set([...PRICE_TERMS, ...['bill', 'fee', 'charge', 'bought', 'buy', 'spending', 'paying', 'invest', 'invested'].map(stem)]);
/** The words that ask for an age ("How *old*…", "What *age*…"): an age stated answers them. */
const AGE_TERMS: ReadonlySet<string> = new Set(['old', 'age', 'aged'].map(stem));

/** How many articles' names the judge keeps read (see namesOfArticle). */
const ARTICLE_NAMES_KEPT = 256;

/** How close to the threshold a withheld answer's confidence must be to be offered as a possible answer. */
const POSSIBLE_ANSWER_SHARE = 0.8;

/**
 * Words that frame a question rather than name what it asks about ("What kind of…", "When did
 * the siege take place?", "Who became king?", "What does CBD stand for?"): the topic check does
 * not ask an answer to repeat them.
 */
const QUESTION_FRAME_TERMS = new Set(
  ['become', 'became', 'take', 'took', 'taken', 'place', 'happen', 'happened', 'occur', 'occurred', 'get', 'got', 'make', 'made',
    'give', 'gave', 'come', 'came', 'go', 'went', 'use', 'used', 'name', 'named', 'kind', 'type', 'sort', 'stand', 'call', 'called',
    'known', 'refer'].map(stem),
);

/**
 * Decides whether the best candidate answers the question: the answer model's logistic confidence
 * over the best sentence's features and the question's own, a threshold read off a measured
 * trade-off, and a topic check for what one sentence's features cannot show.
 */
export class AbstentionJudge {
  private readonly articleNamesRead = new Map<string, ArticleNames>();

  constructor(
    private readonly model: Pick<AnswerModel, 'confidence' | 'abstainBelow' | 'labels'> & { evidenceChecks?: EvidenceChecks; alsoRelevantMargin?: number },
    private readonly sentences: GenerationSentences,
    private readonly similarity: WordSimilarityFunction = () => 0,
  ) {}


  /**
   * The confidence model's inputs: the best sentence's features, the question's own, and how many
   * runners-up are shown beside it (split evidence can be shown at a lower confidence).
   */
  confidenceFeatures(question: AnalysedQuestion, ranked: readonly ScoredSentence[], alsoRelevant: readonly ScoredSentence[] = []): Record<string, number> {
    const best = ranked[0]!;
    // The runner-up is the best other sentence; the same sentence in another outlet's copy is no rival.
    const repeatsBest = this.sentences.copiesOf(best.sentence);
    const runnerUp = ranked.slice(1).find((c) => !repeatsBest(c.sentence));
    return {
      ...best.features,
      unseen: question.unseenWeight,
      margin: best.score - (runnerUp?.score ?? 0),
      alsoRelevant: alsoRelevant.length / MAX_ALSO_RELEVANT,
    };
  }

  /** Probability, 0..1, that the quotes shown (the best sentence and its runners-up) answer the question. */
  confidence(question: AnalysedQuestion, ranked: readonly ScoredSentence[], alsoRelevant: readonly ScoredSentence[] = []): number {
    if (ranked.length === 0) return 0;
    const { bias, weights } = this.model.confidence;
    const z = scoreFeatures(weights, this.confidenceFeatures(question, ranked, alsoRelevant), bias);
    return 1 / (1 + Math.exp(-z));
  }

  /**
   * The ranking with a close runner-up first when the best sentence lacks the value the question
   * asks for and the runner-up holds it: "How much will the restoration cost?" is answered by
   * "…would cost about 2.4 million euros", not by the lede that restates the vote above it.
   * Close: among the next {@link VALUE_RUNNERS_UP}, within {@link VALUE_MARGIN_FACTOR} of the
   * model's also-relevant margins.
   */
  preferValueHolder(question: AnalysedQuestion, ranked: ScoredSentence[]): ScoredSentence[] {
    const best = ranked[0];
    const leaderAsked = question.questionClass?.class === 'leader';
    if (!best || !(this.model.evidenceChecks ?? DEFAULT_EVIDENCE_CHECKS).answerValue || !(asksValueOfKind(question) || question.asksEarlierOne || question.asksWhatSaid || question.nameAsked || question.asksWhere || leaderAsked)) return ranked;
    // "What was the club's old record signing?": the one that speaks of an earlier one, too; "What
    // did the coach say…?": the one that reports speech; "Which councillor…?": one that names one;
    // "Where…?": one that tells a place.
    const holds = (c: ScoredSentence) =>
      (!asksValueOfKind(question) || this.holdsAnswerValue(question, c)) &&
      (!question.asksEarlierOne || speaksOfAnEarlierOne(c.sentence.text)) &&
      (!question.asksWhatSaid || this.reportsSpeechAsked(question, c)) &&
      this.namesOneAsked(question, c) &&
      (!question.asksWhere || this.tellsAPlace(question, c)) &&
      // "Who is the boss of the biscuit company?": one that names a person by a leading role that fits.
      (!leaderAsked || this.namesLeaderAsked(question, c));
    if (holds(best)) return ranked;
    const margin = this.model.alsoRelevantMargin ?? 0;
    // A quote shares few of the question's words and ranks below the sentence that tells the
    // event; one from the same article is near enough, whatever its score.
    // So does a leader's, which often stands in a quote ("…," said chief executive Miriam Lyle).
    const close = (c: ScoredSentence) => (question.asksWhatSaid || leaderAsked ? c.sentence.docId === best.sentence.docId : best.score - c.score <= VALUE_MARGIN_FACTOR * margin);
    const i = ranked.slice(1, 1 + VALUE_RUNNERS_UP).findIndex((c) => close(c) && holds(c));
    if (i < 0) return ranked;
    return [ranked[i + 1]!, ...ranked.slice(0, i + 1), ...ranked.slice(i + 2)];
  }

  judge(question: AnalysedQuestion, ranked: readonly ScoredSentence[], alsoRelevant: readonly ScoredSentence[] = []): Judgement {
    const best = ranked[0];
    if (!best) return { confidence: 0, abstained: true, reason: 'no-candidates' };
    const threshold = this.model.abstainBelow;
    const confidence = this.confidence(question, ranked, alsoRelevant);
    // What the confidence model cannot see in one sentence's features: evidence that shares the
    // question's names but says nothing about what it asks ("When was X born?" against sentences
    // that only mention X). Such an answer is withheld, its confidence kept below the threshold.
    const withheld = { confidence: Math.min(confidence, threshold * 0.9), abstained: true };
    if (!this.coversTopic(question, best)) return { ...withheld, reason: 'topic-not-covered' };
    const checks = this.model.evidenceChecks ?? DEFAULT_EVIDENCE_CHECKS;
    // A focus that names what is asked ("What was X's inflation rate?") must be there, its
    // modifiers as words; for any focus, a similarity floor can be set (measured off: see the model).
    const focus = this.focusCoverage(question, best);
    if (focus < checks.focusSimilarity || (checks.namedFocus && question.focusNamed && focus === 0)) return { ...withheld, reason: 'focus-not-covered' };
    if (checks.names !== 'anywhere' && !this.namesIn(question, best, checks.names)) return { ...withheld, reason: 'name-not-in-document' };
    if (checks.answerValue && !this.holdsAnswerValue(question, best)) return { ...withheld, reason: 'no-answer-value' };
    if (!this.namesSumKind(question, best)) return { ...withheld, reason: 'focus-not-covered' };
    if (checks.answerValue && !this.yearsAround(question, best)) return { ...withheld, reason: 'year-not-covered' };
    if (checks.answerValue && this.speaksOfAnEarlierInstance(question, best)) return { ...withheld, reason: 'earlier-instance' };
    if (namesAnotherOfSeries(question.text, best.sentence.text) || namesAnotherInOrder(question.text, best.sentence.text)) return { ...withheld, reason: 'another-of-series' };
    if (namesAnotherSide(question.text, best.sentence.text) || this.tellsOfAnotherNamed(question, best)) return { ...withheld, reason: 'another-side' };
    if (question.asksEarlierOne && !speaksOfAnEarlierOne(best.sentence.text)) return { ...withheld, reason: 'not-the-earlier-one' };
    // "What did Danny Keough say after scoring?" is not answered by the sentence that tells of his goals.
    if (question.asksWhatSaid && !this.reportsSpeechAsked(question, best)) return { ...withheld, reason: 'nothing-said' };
    // "Which celebrity chef made the series?" is not answered by "a celebrity chef tried to overhaul the menu".
    if (question.nameAsked && !this.namesOneAsked(question, best)) return { ...withheld, reason: 'no-name-given' };
    // "Where was the project the crew was sent to?" is not answered by "…diverted to a project elsewhere on the network".
    if (question.asksWhere && !this.tellsAPlace(question, best)) return { ...withheld, reason: 'no-place-given' };
    // "Who was the referee?" is not answered by "…won 2-1 at Millfield Park": no one is named or described.
    if (!this.tellsOfSomeone(question, best)) return { ...withheld, reason: 'no-name-given' };
    // "Who is X?" is answered by the form of a sentence that names X whole with X's role, and "Who
    // runs X?" by one that names a person with a leading role, however little either shares with
    // the question's wording otherwise (the topic and name checks above have passed).
    if (confidence < threshold && !this.givesRoleOfNamed(question, best) && !this.namesLeaderAsked(question, best)) return { confidence, abstained: true, reason: 'low-confidence', possible: confidence >= POSSIBLE_ANSWER_SHARE * threshold };
    return { confidence, abstained: false, reason: 'answered', label: labelOf({ abstained: false, confidence }, this.model.labels) };
  }

  /**
   * Whether the best sentence, with its neighbours, says anything about what the question asks
   * (its words other than names), exactly or through a near-synonym.
   */
  private coversTopic(question: AnalysedQuestion, best: ScoredSentence): boolean {
    const window = this.sentences.window(best.sentence);
    // "How much did the film cost to make?" is answered by its sum ("made for less than £500,000"),
    // "How old is Vik?" by an age ("Vik, 24,"), whatever words the sentence uses for them.
    const valueWords = question.amountAsked === 'money' ? PRICE_TERMS : asksAge(question.amountAsked) ? AGE_TERMS : undefined;
    const valueGiven = valueWords !== undefined && window.some((s) => holdsAmountAsked(s.text, question.amountAsked));
    // "Who runs X?" is answered by a sentence naming X's leader by role ("Chief executive Diane Rowbotham").
    const leaderNamed = question.questionClass?.class === 'leader' && (best.features.classEvidence ?? 0) >= 1;
    const topicTerms = [...question.terms.keys()].filter(
      (t) => !question.nameTerms.has(t) && !QUESTION_FRAME_TERMS.has(t) && !(valueGiven && valueWords.has(t)) && !(leaderNamed && LEADING_TERMS.has(t)),
    );
    if (topicTerms.length === 0 || best.evidence.softCoverage > 0) return true;
    const around = window.map((s) => this.sentences.analysis(s).stemSet);
    return topicTerms.some((t) => around.some((present) => present.has(t)));
  }

  /**
   * How well the best sentence and its neighbours cover the question's focus: for its worst
   * covered focus word, 1 when the word (its stem) is there, else the best word-vector similarity
   * of a word there; 1 when the question has no focus. Only the head (the last focus noun) may be
   * matched by similarity: the nouns before it narrow what is asked ("*inflation* rate" is not an
   * exchange rate), so they must be there as words. "What is Venezuela's currency called?"
   * answered with a sentence about Venezuela's economy scores low.
   */
  focusCoverage(question: AnalysedQuestion, best: ScoredSentence): number {
    const focus = question.focusWords;
    if (focus.length === 0) return 1;
    const around = this.sentences.window(best.sentence).map((s) => this.sentences.analysis(s));
    let worst = 1;
    // The words that narrow the focus may name what the whole article is about, said as it opens
    // and not again: "the tram project" in an article headed "Velmont's first tram line opens".
    let opening: ReadonlySet<string> | undefined;
    const inOpening = (term: string) => (opening ??= this.sentences.openingStems(best.sentence.docId)).has(term);
    focus.forEach((word, i) => {
      const term = stem(word);
      if (around.some((a) => a.stemSet.has(term))) return;
      if (i < focus.length - 1 && inOpening(term)) return;
      let match = 0;
      if (i === focus.length - 1) for (const analysis of around) for (const other of analysis.vectorWords) match = Math.max(match, this.similarity(word, other));
      worst = Math.min(worst, match);
    });
    return worst;
  }

  /** Whether each name the question asks about (that the corpus knows) has a word in the best sentence, its window or its document. */
  namesIn(question: AnalysedQuestion, best: ScoredSentence, where: 'sentence' | 'around' | 'document'): boolean {
    if (question.namePhrases.length === 0) return this.unseenNamesMisspelt(question, best);
    const present = where === 'document' ? [this.sentences.documentStems(best.sentence.docId)] : (where === 'sentence' ? [best.sentence] : this.sentences.window(best.sentence)).map((s) => this.sentences.analysis(s).stemSet);
    // A name's word also counts in a word made from it or it from: "Venezuelans" for Venezuela, "California" for Californian.
    const related = (a: string, b: string) => a.length >= 5 && b.length > a.length && b.startsWith(a);
    const has = (stems: ReadonlySet<string>, term: string) => stems.has(term) || [...stems].some((other) => related(term, other) || related(other, term));
    // A country by another of its names: "Britain" in an article that says "UK stores".
    // A name the corpus never mentions (often misspelt) says nothing about which article is meant:
    // the confidence model weighs unseen words; this check is for names the corpus knows elsewhere.
    const known = (phrase: readonly string[]) => phrase.some((term) => !question.unseenTerms.has(term));
    if (!question.namePhrases.every((phrase) => !known(phrase) || phrase.some((term) => present.some((stems) => has(stems, term) || namedOtherwise(stems, term))))) return false;
    return this.unseenNamesMisspelt(question, best);
  }

  /**
   * Whether each name word and year of the question that the corpus never mentions could be a
   * misspelling of a word of the best sentence's document ("Maduor" for "Maduro"). One that is
   * not names something the corpus does not hold: "the Vienna tram", "the Nobel Prize", "the
   * 2023 attack" asked of an archive that never says Vienna, Nobel or 2023 is not answered by the
   * nearest article's sentence about trams, prizes or attacks.
   */
  unseenNamesMisspelt(question: AnalysedQuestion, best: ScoredSentence): boolean {
    // Letters only: a symbol or a code ("π", "4g") is no name to misspell.
    const unseen = [...question.unseenTerms].filter((term) => (question.nameTerms.has(term) && LATIN_WORD.test(term)) || YEAR_TERM.test(term));
    if (unseen.length === 0) return true;
    const stems = this.sentences.documentStems(best.sentence.docId);
    // A name written apart that the document writes as one word ("Sky Drive", "SkyDrive").
    const joined = question.namePhrases.filter((phrase) => phrase.length > 1 && stems.has(stem(phrase.join('')))).flat();
    return unseen.every((term) => {
      if (YEAR_TERM.test(term)) return stems.has(term);
      if (joined.includes(term)) return true;
      // A country the document names otherwise: "Britain" of an article that says "the UK".
      if (namedOtherwise(stems, term)) return true;
      // Short names get one edit too ("GSP" for "GPS", "Sand" for "San").
      const allowance = Math.max(1, typoAllowance(term.length));
      for (const other of stems) {
        if (Math.abs(other.length - term.length) > allowance) continue;
        if (editDistance(term, other, allowance) <= allowance) return true;
      }
      return false;
    });
  }

  /**
   * Whether a share in the sentence is a share of what a how-many question counts: "roughly a
   * third of the jobs" answers "How many jobs…", "71% of parents" does not answer "How many
   * students…", nor "a 40% jump in calls" "How many people died…".
   */
  private sharesOfCounted(question: AnalysedQuestion, text: string): boolean {
    const counted = question.countedTerms ?? [];
    if (counted.length === 0) return false;
    return [...text.matchAll(SHARE)].some((m) => {
      const after = (text.slice(m.index + m[0].length).toLowerCase().match(/[\p{L}\p{N}-]+/gu) ?? []).slice(0, 6).map(stem);
      return after.some((w) => counted.includes(w));
    });
  }

  /**
   * Whether the best sentence or its neighbours speak of the kind of sum a how-much question names
   * ("profit", "fine", "salary"): the word itself or a near one ("earnings", "penalty"). "How much
   * profit did Northern Interiors make?" is not answered by a deal "worth about £85m".
   */
  private namesSumKind(question: AnalysedQuestion, best: ScoredSentence): boolean {
    if (question.amountAsked !== 'money') return true;
    const kinds = [...question.termWords.entries()].filter(([, word]) => SUM_KINDS.has(word));
    if (kinds.length === 0) return !this.tellsOnlyABalance(question, best);
    const around = this.sentences.window(best.sentence).map((s) => this.sentences.analysis(s));
    return kinds.every(([, word]) => {
      const family = sumKindFamily(word);
      return around.some((a) => [...family].some((t) => a.stemSet.has(t)) || a.vectorWords.some((other) => this.similarity(word, other) >= SUM_KIND_SIMILARITY));
    });
  }

  /** Whether the best sentence names one that a question for a name ("Which chef…") could be answered by. */
  private namesOneAsked(question: AnalysedQuestion, best: ScoredSentence): boolean {
    const asked = question.nameAsked;
    if (!asked) return true;
    return namesOneAsked(best.sentence.text, question.foldedWords, asked, this.namesOfArticle(best.sentence.docId));
  }

  /**
   * Whether the best sentence reports what the one a what-was-said question asks about said: a
   * reporting verb or a quotation, and no speaker named who is another ("Caldmore … said" for
   * "What did Brantwood's chief executive say?").
   */
  private reportsSpeechAsked(question: AnalysedQuestion, best: ScoredSentence): boolean {
    if (!REPORTED_SPEECH.test(best.sentence.text)) return false;
    const asked = question.speakerAsked;
    if (!asked) return true;
    return !speaksForAnother(asked, best.sentence.text, this.sentences.ofDocument(best.sentence.docId).map((s) => s.text));
  }

  /** Whether the best sentence tells what is asked of another person than the question names ("…, who rides for…", "Her campaign…"). */
  private tellsOfAnotherNamed(question: AnalysedQuestion, best: ScoredSentence): boolean {
    const { docId, index } = best.sentence;
    const before = [1, 2].map((back) => this.sentences.sentence(docId, index - back)?.text).filter((text) => text !== undefined);
    const article = this.namesOfArticle(docId);
    return tellsOfAnotherNamed(question, best.sentence.text, before, (text) => personNamesIn(text, article));
  }

  /**
   * For a who-question, whether the best sentence names or describes anyone it could be answered
   * by: a name that is not a place's ("Priya Anand", "The Lantern Club") or a noun that can name
   * people ("a track inspector", "elderly patients"), either not the question's own. "Who was the
   * referee for the game?" is not answered by "Harford won 2-1 over Kingsmere at Millfield Park",
   * nor "Who hosted the ceremony?" by a sentence whose only new name is the city it was held in.
   * "Who is X?" is told by X's role, and a question for a named one is checked by its own rule.
   */
  private tellsOfSomeone(question: AnalysedQuestion, best: ScoredSentence): boolean {
    if (!question.asksWho || question.nameAsked || question.questionClass?.class === 'identity') return true;
    const text = best.sentence.text;
    // "She was appointed in May": a person named in a sentence before.
    if (PERSONAL_PRONOUN.test(text)) return true;
    if (namesOneAsked(text, question.foldedWords, { person: true, place: false }, this.namesOfArticle(best.sentence.docId))) return true;
    // A common noun, written in lower case (a capitalised one is a name's word: "Millfield Park"),
    // and not a time.
    return tagText(text).tokens.some(
      (token) => token.pos === 'NOUN' && /^\p{Ll}/u.test(token.text) && !TIME_NOUN.test(token.text) && !question.foldedWords.has(foldCase(token.text)) && canNamePeople(foldCase(token.text)),
    );
  }

  /** Whether the best sentence tells a place a where-question could be answered by. */
  private tellsAPlace(question: AnalysedQuestion, best: ScoredSentence): boolean {
    return tellsAPlace(best.sentence.text, question.foldedWords, this.namesOfArticle(best.sentence.docId));
  }

  /** An article's names as its writing tells them, read once per article and kept with the judge (one per generation), a few hundred at most. */
  private namesOfArticle(docId: string): ArticleNames {
    let names = this.articleNamesRead.get(docId);
    if (!names) {
      names = articleNames(this.sentences.ofDocument(docId).map((s) => s.text));
      // A long-running bot asks of many articles: keep the reading of the last few hundred.
      if (this.articleNamesRead.size >= ARTICLE_NAMES_KEPT) this.articleNamesRead.clear();
      this.articleNamesRead.set(docId, names);
    }
    return names;
  }

  /**
   * Whether a question for what a thing cost ("How much does the trust spend on agency doctors?")
   * meets a sentence whose sum is a firm's result (a deficit, a profit, sales) and that names no
   * cost: "…is forecasting a deficit of £9m this year" does not say what it spends.
   */
  private tellsOnlyABalance(question: AnalysedQuestion, best: ScoredSentence): boolean {
    if (![...question.terms.keys()].some((t) => PRICE_TERMS.has(t))) return false;
    const stems = this.sentences.analysis(best.sentence).stemSet;
    return [...BALANCE_KINDS].some((t) => stems.has(t)) && ![...COST_WORDS].some((t) => stems.has(t));
  }

  /**
   * Whether the best sentence answers "Who runs X?" by its form: it names a person with a leading
   * role, X is named beside it or in its article's opening, and it or its neighbours speak of
   * what else the question names ("the board that investigated the crash"), if anything. "Who led Isaac's troops?" is not answered by "…their
   * leader, Rollo" in a paragraph about something else.
   */
  private namesLeaderAsked(question: AnalysedQuestion, best: ScoredSentence): boolean {
    if (question.questionClass?.class !== 'leader' || (best.features.classEvidence ?? 0) < 1 || !leadingRoleFits(question.text, best.sentence.text)) return false;
    const around = this.sentences.window(best.sentence).map((s) => this.sentences.analysis(s).stemSet);
    // What is led is named there or is what the article is about (its opening names it):
    // "Who is the president of Colombia?" is not answered by "Venezuelan President Nicolás Maduro".
    const aboutNamed = [...around, this.sentences.openingStems(best.sentence.docId)];
    if (!question.namePhrases.every((phrase) => phrase.some((t) => aboutNamed.some((stems) => stems.has(t))))) return false;
    const topic = termsBesideLeading(question).filter((t) => !QUESTION_FRAME_TERMS.has(t));
    // "…, said Janet Ferris, who runs a café opposite the factory gates" leads something else than
    // the company asked about.
    const led = ledByClause(best.sentence.text);
    if (led !== undefined && topic.length > 0 && !words(led).map(stem).some((t) => topic.includes(t) || question.nameTerms.has(t))) return false;
    // The article's opening tells what the article is about: "Who is the boss of the biscuit
    // company?" is answered by "…, said chief executive Miriam Lyle" in an article that opens with
    // "Family-owned biscuit maker Harrow & Lyle said…".
    return topic.length === 0 || topic.some((t) => aboutNamed.some((stems) => stems.has(t)));
  }

  /**
   * Whether the best sentence answers "Who is X?" by its form: it names X whole and gives X's role
   * ("…, according to Evan Ellis, a research professor at the US Army War College").
   */
  private givesRoleOfNamed(question: AnalysedQuestion, best: ScoredSentence): boolean {
    const classified = question.questionClass;
    if (classified?.class !== 'identity' || (best.features.classEvidence ?? 0) < 1) return false;
    const words = new Set(this.sentences.analysis(best.sentence).words);
    return classified.subject.every((word) => words.has(word));
  }

  /**
   * Whether the best sentence speaks of what the question asks about only as another instance
   * named by its year ("the 2010 Eyjafjallajokull eruption"), when the question names no year and
   * the article's opening does not name that year: an article compares the event it reports with
   * earlier ones, and "How much did this eruption cost the airlines?" is not answered by what the
   * 2010 eruption cost. (An article about "the 2024 election" names that year as it opens.)
   */
  private speaksOfAnEarlierInstance(question: AnalysedQuestion, best: ScoredSentence): boolean {
    if ([...question.foldedWords].some((w) => YEAR_TERM.test(w))) return false;
    const text = best.sentence.text;
    const instances = [...text.matchAll(YEAR_BEFORE_NOUN)].map((m) => ({ year: m[1]!, noun: stem(m[2]!) })).filter((i) => question.terms.has(i.noun));
    if (instances.length === 0) return false;
    // The sentence names the thing once more without a year: it speaks of this one too.
    const mentions = this.sentences.analysis(best.sentence).stems.filter((t) => instances.some((i) => i.noun === t)).length;
    if (mentions > instances.length) return false;
    const opening = this.sentences.openingOf(best.sentence.docId).map((s) => s.text).join(' ');
    return instances.every((i) => !opening.includes(i.year));
  }

  /**
   * For a how-many or how-much question, a sentence's text without a clause that tells of an
   * earlier event named by its year ("since 2011, when a freight train collided…, killing six
   * people"), unless the question or the article's opening names that year: the amounts there
   * belong to that event, not to the one the article reports ("How many people died in the
   * derailment?").
   */
  private withoutEarlierEvent(question: AnalysedQuestion, sentence: Sentence): string {
    // A when-question may ask for that very year ("When did crews last strike before this one?").
    const clause = question.valueAsked === 'amount' ? EARLIER_EVENT_CLAUSE.exec(sentence.text) : null;
    if (!clause || question.foldedWords.has(clause[1]!)) return sentence.text;
    if (this.sentences.openingOf(sentence.docId).some((s) => s.text.includes(clause[1]!))) return sentence.text;
    return sentence.text.slice(0, clause.index);
  }

  /**
   * Whether every year the question names is in the best sentence or its neighbours: "What rating
   * did the bridge get in 2022?" is not answered by "it was last rated in 2019", nor a 2023 event
   * by the 2004 one the archive holds.
   */
  yearsAround(question: AnalysedQuestion, best: ScoredSentence): boolean {
    const years = [...question.foldedWords].filter((w) => YEAR_TERM.test(w));
    if (years.length === 0) return true;
    // A sentence that names years of its own speaks of them, whatever its neighbours name: "last
    // inspected in 2019" does not say what the 2022 inspection found, though the next sentence
    // mentions 2022.
    const own = withoutYears(best.sentence.text) === best.sentence.text ? undefined : best.sentence.text;
    const around = own ?? this.sentences.window(best.sentence).map((s) => s.text).join(' ');
    return years.every((y) => around.includes(y));
  }

  /**
   * For a question that asks for a value (how many / how much, what time, what year, when), whether
   * the best sentence holds one of its kind that the question does not already state: a sentence
   * about the port that names no hour does not say when the port opens.
   */
  holdsAnswerValue(question: AnalysedQuestion, best: ScoredSentence): boolean {
    const text = this.withoutEarlierEvent(question, best.sentence);
    switch (question.valueAsked) {
      case 'amount':
        // A sum when money is asked, a share when a share is; a year is no count ("How many
        // people were hurt?" is not answered by "built in 1874"), nor a number that counts
        // something else than what a how-many question counts, nor a share of something else.
        if (question.amountAsked !== undefined) return best.evidence.typeMatch > 0 && holdsAmountAsked(text, question.amountAsked);
        if (question.countedTerms === undefined) return answerTypeEvidence(withoutYears(text), question) > 0;
        {
          if (tellsOfOtherHarm(question.text, text)) return false;
          const withoutShares = text.replace(SHARE, (share) => ' '.repeat(share.length));
          return (answerTypeEvidence(withoutShares, question) > 0 && countsWhatIsAsked(withoutShares, question, this.similarity)) || this.sharesOfCounted(question, text);
        }
      case 'clock time':
        return CLOCK_TIME.test(text);
      case 'year':
        // "Since what year…?" is told by a beginning, not by another year of the same thing.
        return (text.match(YEARS) ?? []).some((year) => !question.foldedWords.has(year.toLowerCase())) && (!question.asksSince || tellsBeginning(text));
      case 'day':
        // "On what date did the train crash?" is not answered by "the deadliest since 2011".
        return DAY_DATE.test(withoutReportingDays(text)) && (!question.asksWhenNext || FUTURE_CUE.test(text));
      default:
        // "When will the guidance take effect?" is not answered by a sentence that names no time,
        // nor "When will the plant restart?" by the day it broke down: what is still to come is
        // told with a future ("would be running again by Friday"), or by the event it waits for
        // ("lifted as soon as the lake recovers").
        if (question.asksWhen) return (answerTypeEvidence(text, question) > 0 || EARLY_YEAR.test(text)) && (!question.asksWhenNext || FUTURE_CUE.test(text)) && (!question.asksSince || tellsBeginning(text));
        return true;
    }
  }
}
