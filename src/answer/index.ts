/** The answer stage: choosing verbatim answer sentences, abstaining, building citations. */
export { AbstentionJudge, type AbstentionReason, type Judgement } from './abstention-judge.js';
export { AlsoRelevantSelector } from './also-relevant.js';
export { AnswerAssembler, labelOf, type AnswerAssemblyStep, type AssemblyContext } from './answer-assembler.js';
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
export { expectedAnswerType, QuestionError, validateQuestion, type AnswerType } from './question.js';
export { analyseQuestion, QuestionAnalyser, type AnalysedQuestion, type PreparedQuestion, type TermStatistics } from './question-analysis.js';
export { GenerationSentences, isQuestionShaped, type SentenceAnalysis, type SentenceSource } from './sentence-analysis.js';
export { sentenceEvidence, type SentenceEvidence } from './sentence-features.js';
export { SentenceRanker, type FeatureCandidate, type ScoredSentence, type SentenceFeatureHook } from './sentence-ranker.js';
export type { Answer, AnswerSentence } from './types.js';
export {
  SHORT_ANSWER_FEATURES,
  SHORT_ANSWER_MODEL,
  shortAnswerCandidates,
  shortAnswerOf,
  shortAnswerStep,
  type AnswerSpan,
  type ShortAnswerCandidate,
  type ShortAnswerFeature,
  type ShortAnswerModel,
  type ShortAnswerWeights,
} from './short-answer.js';
export { classEvidence, classifyQuestion, questionClassHook, type ClassifiedQuestion, type QuestionClass } from './question-classes.js';
