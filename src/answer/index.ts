/** The answer stage: choosing verbatim answer sentences, abstaining, building citations. */
export { AbstentionJudge, type AbstentionReason, type Judgement } from './abstention-judge.js';
export { AlsoRelevantSelector } from './also-relevant.js';
export { AnswerAssembler, type AnswerAssemblyStep, type AssemblyContext } from './answer-assembler.js';
export { DEFAULT_LABEL_THRESHOLDS, labelOf, type LabelThresholds } from './confidence-label.js';
export {
  ANSWER_MODEL_FILE,
  ANSWER_MODEL_FILES,
  answerModelFamily,
  type AnswerModelFamily,
  AnswerModelError,
  parseAnswerModel,
  rankingWeights,
  shippedAnswerModel,
  type AnswerModel,
} from './answer-model.js';
export {
  Answerer,
  createAnswerer,
  createAnswerStages,
  type AnswerCorpus,
  type AnswererOptions,
  type AnswerStageOptions,
  type AnswerStages,
  type AnswerTrace,
} from './answerer.js';
export {
  analyseQuestion,
  askedAnswerType,
  classifyQuestion,
  expectedAnswerType,
  mainEntity,
  QuestionError,
  QuestionReader,
  readFocus,
  readQuestion,
  resolveFollowUp,
  validateQuestion,
  type AmountAsked,
  type AnalysedQuestion,
  type AnswerType,
  type ClassifiedQuestion,
  type PreparedQuestion,
  type QuestionClass,
  type ReadQuestion,
  type ResolvedQuestion,
  type TermStatistics,
  type ValueAsked,
} from './question-reader.js';
export { GenerationSentences, isQuestionShaped, type SentenceAnalysis, type SentenceSource } from './sentence-analysis.js';
export { sentenceEvidence, type SentenceEvidence } from './sentence-features.js';
export { SentenceRanker, type FeatureCandidate, type ScoredSentence, type SentenceFeatureHook } from './sentence-ranker.js';
export type { Answer, AnswerSentence, AnswerSpan } from './types.js';
export {
  SHORT_ANSWER_FEATURES,
  SHORT_ANSWER_MODEL,
  shortAnswerCandidates,
  shortAnswerOf,
  shortAnswerStep,
  type ShortAnswerCandidate,
  type ShortAnswerFeature,
  type ShortAnswerModel,
  type ShortAnswerWeights,
} from './short-answer.js';
export { classEvidence, questionClassHook } from './question-classes.js';
export { storeSentenceWords, WordSimilarity } from './word-similarity.js';
