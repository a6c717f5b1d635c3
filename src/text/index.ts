/**
 * The text stage, below every other: the one analysis of text that indexing, retrieval, answering
 * and actors share (folded words, one stop-word list, stems, name phrases, adjacent term pairs),
 * so a question term and a document term always match the same way.
 */
export {
  adjacentTermPairs,
  foldAccents,
  foldCase,
  isStopWord,
  namePhrasesOf,
  nameTermShares,
  searchTerms,
  sharedPrefixLength,
  stem,
  words,
} from './analysis.js';
export { introducesNext, leansOnPrevious, opensWithPersonalPronoun } from './antecedent.js';
export { canNameAGroup, canNameAPerson, canNameAPlace, canNamePeople, countsPersons, isDictionaryWord, preloadWordSenses } from './word-senses.js';
export { findSecret, redactSecrets, redactSecretsDeep } from './secrets.js';
export { tagText, tokenize, type TaggedEntity, type TaggedText, type Token } from './tagging.js';
export {
  AUXILIARIES,
  DO_FORMS,
  BE_FORMS,
  CIRCUMSTANCE_CUE,
  CALENDAR_NAME,
  CLOCK_TIME,
  CURRENCY,
  DEATH_WORD,
  END_CUE,
  END_VERBS,
  EVENT_TIME,
  FUTURE_CUE,
  INJURY_WORD,
  REPORTED_SPEECH,
  LEADING_ROLES,
  LEADING_VERBS,
  NAME_TITLE,
  START_CUE,
  YEAR_NUMBER,
  COPULAS,
  DETERMINERS,
  isCalendarWord,
  MONTH_NAMES,
  MONTH_WORD,
  DAY_DATE,
  DATELINE,
  datelinePlace,
  withoutReportingDays,
  countryNameAliases,
  NAME_CONNECTORS,
  NAME_PARTICLES,
  NUMBER_WORD,
  QUESTION_WORD,
  QUESTION_WORDS,
  REASON_CUE,
  WEEKDAY_NAMES,
} from './english-words.js';
export { editDistance, typoAllowance } from './spelling.js';
export { isOutletName, OUTLET_LAST_WORDS, OUTLETS } from './news-outlets.js';
