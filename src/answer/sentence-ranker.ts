import type { Sentence } from '../corpus/types.js';
import { cosineSimilarity, meanDirection, type Embedder } from '../embedding/embedder.js';
import type { RetrievedPassage } from '../retrieval/index.js';
import type { AnalysedQuestion, PreparedQuestion } from './question-reader.js';
import type { GenerationSentences, SentenceAnalysis } from './sentence-analysis.js';
import { evidenceOf, type SentenceEvidence } from './sentence-features.js';
import type { WordSimilarity } from './word-similarity.js';
import { leadingRoleFits, termsBesideLeading } from './question-classes.js';
import { namesAnotherSide } from './named-sides.js';

/** A candidate sentence with the evidence that it answers the question. */
export interface ScoredSentence {
  sentence: Sentence;
  evidence: SentenceEvidence;
  /** Cosine similarity of the sentence's vector to the question's. */
  similarity: number;
  /** The best fused retrieval score of a passage holding it, relative to the best passage. */
  passageScore: number;
  /** Every feature the ranking reads, by name: the evidence, similarity, passage and any hook's. */
  features: Record<string, number>;
  score: number;
  /** When the sentence stands in for an article's own question, which it answers: that question. */
  answersQuestion?: Sentence;
}

/** What a feature hook sees of one candidate. */
export interface FeatureCandidate {
  sentence: Sentence;
  analysis: SentenceAnalysis;
  previous?: SentenceAnalysis;
  next?: SentenceAnalysis;
}

/**
 * Extra features of a candidate sentence (e.g. evidence for a class of question), by name. Their
 * weights come from the answer model like every other feature's; a feature the model does not
 * weigh counts for nothing until a refit weighs it.
 */
export interface SentenceFeatureHook {
  features(question: AnalysedQuestion, candidate: FeatureCandidate): Record<string, number>;
}

/** A linear score of named features (plus `start`, a bias); a feature the weights do not name counts nothing. */
export function scoreFeatures(weights: Readonly<Record<string, number>>, features: Readonly<Record<string, number>>, start = 0): number {
  let score = start;
  for (const name in weights) score += weights[name]! * (features[name] ?? 0);
  return score;
}

/**
 * Features that measure how well a sentence matches the question's words, rather than what the
 * sentence itself says (its type of content, its novelty, its shape).
 */
const MATCH_FEATURES = ['coverage', 'nameCoverage', 'topicCoverage', 'contextCoverage', 'exactCoverage', 'phrase', 'proximity', 'softCoverage', 'similarity', 'contextSimilarity', 'passage'];

/**
 * Makes the sentence after an article's question stand in for it: the question's match to the
 * reader's becomes the answer's (its score, and the match features the confidence reads), while
 * what only the answer can show (its type of content, novelty) stays its own.
 */
function standIn(answer: ScoredSentence, echo: ScoredSentence): void {
  answer.answersQuestion = echo.sentence;
  takeMatch(answer, echo);
}

/** `answer` takes the score and the match to the question of the sentence it stands in for. */
function takeMatch(answer: ScoredSentence, standsFor: ScoredSentence): void {
  answer.score = standsFor.score;
  for (const name of MATCH_FEATURES) answer.features[name] = Math.max(answer.features[name] ?? 0, standsFor.features[name] ?? 0);
}

/** How far after an article's statement of an event its reason is looked for, in sentences. */
const REASON_LOOKAHEAD = 4;

/** Evidence, 0..1, that a candidate gives a reason: its answer-type or class evidence for a why-question. */
function reasonEvidence(candidate: ScoredSentence): number {
  return Math.max(candidate.features.typeMatch ?? 0, candidate.features.classEvidence ?? 0);
}

/** A question that asks why: its answer is a sentence that gives a reason. */
function isWhyQuestion(question: AnalysedQuestion): boolean {
  return question.askedType === 'reason' || question.questionClass?.class === 'reason';
}

/** A candidate sentence before scoring. */
interface Candidate {
  sentence: Sentence;
  position: number;
  passageScore: number;
  /** For a question-shaped sentence: the position of the sentence that answers it. */
  answeredBy?: number;
}

/** How far past an article's question its answer is looked for (a run of questions is skipped). */
const ECHO_LOOKAHEAD = 3;

/** How many sentence vectors a ranker keeps before starting afresh. */
const SENTENCE_VECTOR_CACHE = 50_000;

/**
 * Scores every sentence of the retrieved passages on its evidence (features of the sentence, its
 * neighbours, its similarity to the question and its passage's retrieval score) with the answer
 * model's weights, and sorts them best first.
 */
export class SentenceRanker {
  /** Sentence vectors by position in the generation, embedded on first need. */
  private readonly sentenceVectors = new Map<number, Float32Array>();

  constructor(
    private readonly sentences: GenerationSentences,
    private readonly embedder: Embedder,
    private readonly wordSimilarity: WordSimilarity,
    private readonly weights: Readonly<Record<string, number>>,
    private readonly hooks: readonly SentenceFeatureHook[] = [],
  ) {}

  /**
   * Every sentence of the retrieved passages, scored and sorted best first. A sentence shaped like
   * a question is never a candidate: the sentence after it stands in for it, with the better of
   * the two scores, since the article's answer to its own question is what follows it.
   */
  async rank(question: PreparedQuestion, retrieved: readonly RetrievedPassage[]): Promise<ScoredSentence[]> {
    const candidates = this.candidatesOf(retrieved);
    if (question.questionClass?.class === 'leader') this.addRestOfBestDocument(candidates, retrieved);
    await this.prepare(question, candidates);
    const wordSimilarity = (a: string, b: string) => this.wordSimilarity.similarity(a, b);
    const byPosition = new Map<number, ScoredSentence>();
    for (const { sentence, position, passageScore } of candidates.values()) {
      const analysis = this.sentences.analysis(sentence);
      const { previous, next } = this.sentences.adjacent(sentence);
      const around = { previous: previous && this.sentences.analysis(previous), next: next && this.sentences.analysis(next) };
      const evidence = evidenceOf(analysis, question, { ...around, similarity: wordSimilarity });
      const vector = this.sentenceVectors.get(position);
      const similarity = vector ? cosineSimilarity(question.vector, vector) : 0;
      // The sentence read with the one before it: an answer often leaves its subject there.
      const before = previous && this.sentences.storedVector(position - 1);
      const contextSimilarity = vector && before ? cosineSimilarity(question.vector, meanDirection([vector, before])) : similarity;
      const features: Record<string, number> = { ...evidence, similarity: Math.max(0, similarity), contextSimilarity: Math.max(0, contextSimilarity), passage: passageScore };
      for (const hook of this.hooks) Object.assign(features, hook.features(question, { sentence, analysis, ...around }));
      byPosition.set(position, { sentence, evidence, similarity, passageScore, features, score: scoreFeatures(this.weights, features) });
    }
    for (const { position, answeredBy } of candidates.values()) {
      const echo = byPosition.get(position)!;
      if (!this.sentences.analysis(echo.sentence).questionShaped) continue;
      byPosition.delete(position);
      const answer = answeredBy === undefined ? undefined : byPosition.get(answeredBy);
      if (answer && echo.score > answer.score) standIn(answer, echo);
    }
    const ranked = [...byPosition.values()].sort((a, b) => b.score - a.score);
    if (isWhyQuestion(question)) return this.reasonFirst(ranked, byPosition);
    return question.questionClass?.class === 'leader' ? this.leaderFirst(question, ranked) : ranked;
  }

  /**
   * For "Who runs X?": when the best sentence names no one who leads, it is the article speaking of
   * X ("Hallam & Finch has reported a 14% rise…"), and the article names its leader elsewhere. The
   * best-ranked sentence of the same article that does ("Chief executive Diane Rowbotham said…")
   * stands in for it, with its score, first: when the question asks only who leads X, or the
   * sentence speaks of what else it names ("the fire" of "the officer in charge of fighting the
   * fire"). A leader of something else ("Who was in charge of the papal army?" against "…their
   * leader, Rollo") does not.
   */
  private leaderFirst(question: AnalysedQuestion, ranked: ScoredSentence[]): ScoredSentence[] {
    const best = ranked[0];
    // A leader of another body ("Redmarsh manager Alan Pritchard" for "Who is the Hallam manager?"),
    // or in another role ("captain Lee Forrester"), is none.
    const leadsAsked = (c: ScoredSentence) => (c.features.classEvidence ?? 0) >= 1 && !namesAnotherSide(question.text, c.sentence.text) && leadingRoleFits(question.text, c.sentence.text);
    if (!best || leadsAsked(best)) return ranked;
    const topic = termsBesideLeading(question);
    const speaksOfTopic = (c: ScoredSentence) => topic.length === 0 || topic.some((t) => this.sentences.analysis(c.sentence).stemSet.has(t));
    // In the best sentence's article, or in an article that names what the question names.
    const inArticleAsked = (c: ScoredSentence) => c.sentence.docId === best.sentence.docId || this.documentNames(c.sentence.docId, question);
    const leader = ranked.find((c) => leadsAsked(c) && speaksOfTopic(c) && inArticleAsked(c));
    if (!leader) return ranked;
    takeMatch(leader, best);
    return [leader, ...ranked.filter((c) => c !== leader)];
  }

  /** Whether a document names every name of the question (one of each name's words), when it names any. */
  private documentNames(docId: string, question: AnalysedQuestion): boolean {
    if (question.namePhrases.length === 0) return false;
    const stems = this.sentences.documentStems(docId);
    return question.namePhrases.every((phrase) => phrase.some((term) => stems.has(term)));
  }

  /**
   * For "Who runs X?": an article names the one who leads X in its own paragraph, which rarely
   * repeats X's name or the question's words ("Chief executive Diane Rowbotham said exports…"),
   * so retrieval seldom brings it. The other sentences of the best passage's article become
   * candidates too, with that passage's score.
   */
  private addRestOfBestDocument(candidates: Map<number, Candidate>, retrieved: readonly RetrievedPassage[]): void {
    const best = retrieved[0];
    if (!best) return;
    const passageScore = best.score / Math.max(1e-9, ...retrieved.map((r) => r.score));
    for (const sentence of this.sentences.ofDocument(best.passage.docId)) {
      const position = this.sentences.positionOf(sentence);
      if (position !== undefined && !candidates.has(position)) candidates.set(position, { sentence, position, passageScore });
    }
  }

  /**
   * For a why-question: when the best sentence gives no reason, it is the article stating the
   * event the question restates ("X cancelled its flights on Tuesday"), and the article's
   * explanation follows it ("The cancellations came amid a strike"). The first of the next few
   * sentences of the same article that gives a reason stands in for it, with its score, first.
   */
  private reasonFirst(ranked: ScoredSentence[], byPosition: ReadonlyMap<number, ScoredSentence>): ScoredSentence[] {
    const best = ranked[0];
    if (!best || reasonEvidence(best) > 0) return ranked;
    let next = this.sentences.adjacent(best.sentence).next;
    for (let step = 0; next && step < REASON_LOOKAHEAD; step++, next = this.sentences.adjacent(next).next) {
      const position = this.sentences.positionOf(next);
      const candidate = position === undefined ? undefined : byPosition.get(position);
      if (!candidate || reasonEvidence(candidate) === 0) continue;
      takeMatch(candidate, best);
      return [candidate, ...ranked.filter((c) => c !== candidate)];
    }
    return ranked;
  }

  /**
   * The distinct sentences of the passages, each with the best relative score of a passage holding
   * it; a question-shaped sentence brings the sentence that answers it (the next one that is not a
   * question, in the next paragraph too), with the same passage score.
   */
  private candidatesOf(retrieved: readonly RetrievedPassage[]): Map<number, Candidate> {
    const bestPassage = Math.max(1e-9, ...retrieved.map((r) => r.score));
    const byPosition = new Map<number, Candidate>();
    const add = (sentence: Sentence, passageScore: number): number | undefined => {
      const position = this.sentences.positionOf(sentence);
      if (position === undefined) return undefined;
      const existing = byPosition.get(position);
      if (!existing) byPosition.set(position, { sentence, position, passageScore });
      else if (passageScore > existing.passageScore) existing.passageScore = passageScore;
      return position;
    };
    for (const hit of retrieved) {
      const passageScore = hit.score / bestPassage;
      for (const index of hit.passage.sentenceIndexes) {
        const sentence = this.sentences.sentence(hit.passage.docId, index);
        if (sentence) add(sentence, passageScore);
      }
    }
    for (const candidate of [...byPosition.values()]) {
      if (!this.sentences.analysis(candidate.sentence).questionShaped) continue;
      const answer = this.answerAfter(candidate.sentence);
      if (answer) candidate.answeredBy = add(answer, candidate.passageScore);
    }
    return byPosition;
  }

  /** The first sentence after a question-shaped one that is not itself a question, within a few. */
  private answerAfter(question: Sentence): Sentence | undefined {
    let next = this.sentences.adjacent(question).next;
    for (let step = 0; next && step < ECHO_LOOKAHEAD; step++) {
      if (!this.sentences.analysis(next).questionShaped) return next;
      next = this.sentences.adjacent(next).next;
    }
    return undefined;
  }

  /**
   * Gathers, once and cached, what scoring compares: the candidate sentences' vectors (stored by
   * the build; embedded here only for a sentence the generation has none for) and their words'
   * (for near-synonym matching).
   */
  private async prepare(question: AnalysedQuestion, candidates: ReadonlyMap<number, Candidate>): Promise<void> {
    const words = new Set<string>([...question.termWords.values(), ...question.focusWords]);
    for (const { sentence } of candidates.values()) for (const word of this.sentences.analysis(sentence).vectorWords) words.add(word);
    await this.wordSimilarity.prepare(words);
    const missing = new Map<number, string>();
    // Bounded: a long-running bot over a large corpus must not keep every sentence it ever saw.
    if (this.sentenceVectors.size + candidates.size > SENTENCE_VECTOR_CACHE) this.sentenceVectors.clear();
    for (const [position, { sentence }] of candidates) {
      if (this.sentenceVectors.has(position)) continue;
      const stored = this.sentences.storedVector(position);
      if (stored) this.sentenceVectors.set(position, stored);
      else missing.set(position, sentence.text);
    }
    if (missing.size === 0) return;
    const vectors = await this.embedder.embed([...missing.values()]);
    [...missing.keys()].forEach((position, i) => this.sentenceVectors.set(position, vectors[i]!));
  }
}
