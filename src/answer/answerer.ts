import type { Embedder } from '../embedding/embedder.js';
import type { WordVectorStore } from '../index/index.js';
import type { CitationSource } from '../evidence/index.js';
import { IndexGeneration } from '../index/index.js';
import { HybridRetriever, type RetrievalOptions, type RetrievedPassage, type Retriever } from '../retrieval/index.js';
import { AbstentionJudge, type Judgement } from './abstention-judge.js';
import { AlsoRelevantSelector } from './also-relevant.js';
import { AnswerAssembler, type AnswerAssemblyStep } from './answer-assembler.js';
import { answerModelFamily, rankingWeights, shippedAnswerModel, type AnswerModel } from './answer-model.js';
import { QuestionReader, validateQuestion, type PreparedQuestion, type TermStatistics } from './question-reader.js';
import { GenerationSentences, type SentenceSource } from './sentence-analysis.js';
import { SentenceRanker, type ScoredSentence, type SentenceFeatureHook } from './sentence-ranker.js';
import { questionClassHook } from './question-classes.js';
import { shortAnswerStep } from './short-answer.js';
import type { Answer } from './types.js';
import { WordSimilarity } from './word-similarity.js';

/** The roles an Answerer composes, each replaceable on its own. */
export interface AnswerStages {
  /** The head of the stage: reads the question once into what every other role reads. */
  questions: QuestionReader;
  retriever: Retriever;
  ranker: SentenceRanker;
  alsoRelevant: AlsoRelevantSelector;
  judge: AbstentionJudge;
  assembler: AnswerAssembler;
}

export interface AnswererOptions {
  maxQuestionChars: number;
  /** Passages retrieved per question; defaults to the answer model's. */
  passages?: number;
  perDocumentCap?: number;
  /** Lexical share of the retrieval blend; defaults to the retriever's. */
  lexicalWeight?: number;
}

/** What answering one question produced at each stage, for evaluation and tuning. */
export interface AnswerTrace {
  answer: Answer;
  question: PreparedQuestion;
  retrieved: RetrievedPassage[];
  /** Every candidate sentence, best first. */
  ranked: ScoredSentence[];
  /** The runners-up shown, or that would be shown had it not abstained. */
  alsoRelevant: ScoredSentence[];
  judgement: Judgement;
}

/**
 * Answers a question with verbatim sentences: validate, analyse and embed it once, retrieve
 * passages, rank their sentences, judge whether the best one answers, and assemble the answer.
 */
export class Answerer {
  /** The retrieval options this answerer asks with. */
  readonly retrieval: RetrievalOptions;

  constructor(
    readonly stages: AnswerStages,
    private readonly options: AnswererOptions & { model?: Pick<AnswerModel, 'retrieval'> },
  ) {
    const fitted = (options.model ?? shippedAnswerModel()).retrieval;
    this.retrieval = {
      limit: options.passages ?? fitted.passages,
      perDocumentCap: options.perDocumentCap ?? fitted.perDocumentCap,
      lexicalWeight: options.lexicalWeight ?? fitted.lexicalWeight,
    };
  }

  async answer(rawQuestion: string): Promise<Answer> {
    return (await this.trace(rawQuestion)).answer;
  }

  /** The answer and what each stage produced on the way. */
  async trace(rawQuestion: string): Promise<AnswerTrace> {
    const started = performance.now();
    const question = await this.stages.questions.prepare(validateQuestion(rawQuestion, this.options.maxQuestionChars));
    return this.answerPrepared(question, started);
  }

  /** Answers a question already prepared (the evaluation prepares once and reuses it). */
  async answerPrepared(question: PreparedQuestion, started = performance.now()): Promise<AnswerTrace> {
    const { retriever, ranker, alsoRelevant: selector, judge, assembler } = this.stages;
    const retrieved = await retriever.retrieve(question, this.retrieval);
    const ranked = judge.preferValueHolder(question, await ranker.rank(question, retrieved));
    const alsoRelevant = selector.select(ranked);
    const judgement = judge.judge(question, ranked, alsoRelevant);
    const answer = assembler.assemble({ question, ranked, alsoRelevant, judgement }, started);
    return { answer, question, retrieved, ranked, alsoRelevant, judgement };
  }
}

/** What to wire into the answer stage over one generation; every part has a default. */
export interface AnswerStageOptions {
  /** The answer model; defaults to the one shipped in src/answer/answer-model.json. */
  model?: AnswerModel;
  /** Ranking weights in place of the model's (tuning tries its own). */
  weights?: Readonly<Record<string, number>>;
  retriever?: Retriever;
  /** Extra ranking features; defaults to the question-class evidence. */
  featureHooks?: readonly SentenceFeatureHook[];
  /**
   * Where single words' vectors are kept between questions and processes (see
   * `openWordVectorCache`); without one, each answerer embeds the words it compares itself.
   */
  wordVectors?: WordVectorStore;
  /** Steps after assembly; defaults to marking the short answer. */
  assemblySteps?: readonly AnswerAssemblyStep[];
}

/**
 * What the answer stage reads of a generation besides retrieval: its name, its term statistics,
 * its sentences and what citations quote. A local `IndexGeneration` is one; so is a generation
 * served from PostgreSQL (src/store/), which brings its own retriever.
 */
export interface AnswerCorpus extends SentenceSource, CitationSource {
  readonly name: string;
  readonly lexicalIndex: TermStatistics;
}

/** The default roles over one generation: hybrid retrieval, the answer model's ranking and judge. */
export function createAnswerStages(generation: AnswerCorpus, embedder: Embedder, options: AnswerStageOptions = {}): AnswerStages {
  if (!options.retriever && !(generation instanceof IndexGeneration)) throw new Error('A generation other than a local IndexGeneration needs its own retriever.');
  const model = options.model ?? shippedAnswerModel(answerModelFamily(embedder.id));
  const sentences = new GenerationSentences(generation);
  const wordSimilarity = new WordSimilarity(embedder, options.wordVectors);
  return {
    questions: new QuestionReader(embedder, generation.lexicalIndex),
    retriever: options.retriever ?? new HybridRetriever(generation as IndexGeneration),
    ranker: new SentenceRanker(sentences, embedder, wordSimilarity, options.weights ?? rankingWeights(model), options.featureHooks ?? [questionClassHook]),
    alsoRelevant: new AlsoRelevantSelector(sentences, model.alsoRelevantMargin),
    judge: new AbstentionJudge(model, sentences, (a, b) => wordSimilarity.similarity(a, b)),
    assembler: new AnswerAssembler(sentences, generation, generation.name, options.assemblySteps ?? [shortAnswerStep]),
  };
}

/** An Answerer over one generation with the default roles. */
export function createAnswerer(
  generation: AnswerCorpus,
  embedder: Embedder,
  options: AnswererOptions & AnswerStageOptions,
): Answerer {
  const model = options.model ?? shippedAnswerModel(answerModelFamily(embedder.id));
  return new Answerer(createAnswerStages(generation, embedder, { ...options, model }), { ...options, model });
}
