import { adjacentTermPairs, isStopWord, namePhrasesOf, nameTermShares, stem, words } from '../text/index.js';
import type { Embedder } from '../embedding/embedder.js';
import { expectedAnswerType, type AnswerType } from './question.js';
import { readFocus } from './question-focus.js';

/** The question, analysed once before retrieval and reused by every stage and candidate sentence. */
export interface AnalysedQuestion {
  text: string;
  type: AnswerType;
  /** The question's search terms in order, as the lexical index reads text. */
  searchTerms: readonly string[];
  /** Distinct stemmed content terms with their rarity weight (IDF). */
  terms: Map<string, number>;
  /** A folded word of the question for each term, to look up its word vector. */
  termWords: Map<string, string>;
  /** Sum of the weights of `terms`. */
  totalWeight: number;
  /** Terms that come from names in the question (capitalised words after the first). */
  nameTerms: Set<string>;
  /** The question's names, each as its stemmed terms ("Saudi Arabia" → two terms). */
  namePhrases: readonly (readonly string[])[];
  /** Consecutive content-term pairs, "a b", for phrase evidence. */
  bigrams: Set<string>;
  /** Every folded word of the question, stop words included, to tell new words from echoed ones. */
  foldedWords: Set<string>;
  /** Share of the term weight whose terms occur nowhere in the corpus. */
  unseenWeight: number;
  /** The terms that occur nowhere in the corpus (a misspelt name, or a thing it never mentions). */
  unseenTerms: ReadonlySet<string>;
  /** The common nouns the question asks about (see {@link readFocus}), folded. */
  focusWords: readonly string[];
  /** Whether the focus names the thing asked ("What is X's currency?"), not a category of answer ("Which range…"). */
  focusNamed: boolean;
}

/**
 * Analyses a question. `idf` gives a term's rarity; `seen` says whether the corpus has the term
 * at all (a question about something the corpus never mentions cannot be answered from it).
 */
export function analyseQuestion(
  text: string,
  type: AnswerType,
  idf: (term: string) => number,
  seen: (term: string) => boolean = () => true,
): AnalysedQuestion {
  const folded = words(text);
  const contentWords = folded.filter((w) => !isStopWord(w));
  const contentTerms = contentWords.map(stem);
  const terms = new Map<string, number>();
  const termWords = new Map<string, string>();
  contentTerms.forEach((term, i) => {
    terms.set(term, idf(term));
    if (!termWords.has(term)) termWords.set(term, contentWords[i]!);
  });
  // A name of several words is one thing asked about: its words share one term's weight, so
  // "United States" does not outweigh "extradited" just by having two words.
  const namePhrases = namePhrasesOf(text);
  for (const [term, share] of nameTermShares(text, namePhrases)) if (terms.has(term)) terms.set(term, terms.get(term)! * share);
  let totalWeight = 0;
  let unseen = 0;
  const unseenTerms = new Set<string>();
  for (const [term, weight] of terms) {
    totalWeight += weight;
    if (!seen(term)) {
      unseen += weight;
      unseenTerms.add(term);
    }
  }
  for (const term of namePhrases.flat()) if (!terms.has(term) && !seen(term)) unseenTerms.add(term);
  const focus = readFocus(text);
  return {
    text,
    type,
    searchTerms: contentTerms,
    terms,
    termWords,
    totalWeight,
    nameTerms: new Set(namePhrases.flat()),
    namePhrases,
    bigrams: new Set(adjacentTermPairs(contentTerms)),
    foldedWords: new Set(folded),
    unseenWeight: totalWeight > 0 ? unseen / totalWeight : 0,
    unseenTerms,
    focusWords: focus.words,
    focusNamed: focus.named,
  };
}

/** A question analysed and embedded: what retrieval (a `RetrievalQuery`) and every later stage read. */
export interface PreparedQuestion extends AnalysedQuestion {
  vector: Float32Array;
}

/** The corpus statistics a question's analysis weighs its terms by (a `LexicalIndex` gives them). */
export interface TermStatistics {
  inverseDocumentFrequency(term: string): number;
  documentFrequency(term: string): number;
}

/** The first role of answering: a valid question, analysed once and embedded once. */
export class QuestionAnalyser {
  constructor(
    private readonly embedder: Embedder,
    private readonly statistics: TermStatistics,
  ) {}

  async prepare(question: string): Promise<PreparedQuestion> {
    const [vector] = await this.embedder.embed([question]);
    const { statistics } = this;
    const analysed = analyseQuestion(
      question,
      expectedAnswerType(question),
      (term) => statistics.inverseDocumentFrequency(term),
      (term) => statistics.documentFrequency(term) > 0,
    );
    return { ...analysed, vector: vector! };
  }
}
