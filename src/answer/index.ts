/** The answer stage: choosing verbatim answer sentences, abstaining, building citations. */
export {
  ABSTAIN_BELOW,
  Answerer,
  CONFIDENCE_MODEL,
  confidenceFeatures,
  confidenceOf,
  featuresOf,
  SENTENCE_WEIGHTS,
  type AnswererOptions,
  type ConfidenceFeature,
  type ScoredSentence,
  type SentenceFeature,
  type SentenceWeights,
} from './answerer.js';
export { expectedAnswerType, QuestionError, validateQuestion, type AnswerType } from './question.js';
export { analyseQuestion, sentenceEvidence, type AnalysedQuestion, type SentenceEvidence } from './sentence-features.js';
export type { Answer, AnswerSentence } from './types.js';
export {
  SHORT_ANSWER_FEATURES,
  SHORT_ANSWER_MODEL,
  scoreShortAnswer,
  shortAnswerCandidates,
  shortAnswerOf,
  withShortAnswer,
  type AnswerSpan,
  type ShortAnswerCandidate,
  type ShortAnswerFeature,
  type ShortAnswerModel,
  type ShortAnswerWeights,
} from './short-answer.js';
