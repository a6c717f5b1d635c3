import type { Sentence } from '../corpus/types.js';
import { sameWordsAs } from '../evidence/index.js';
import { adjacentTermPairs, isStopWord, stem, words } from '../text/index.js';

/**
 * What the answer stage reads of a sentence, computed once per sentence of a generation and
 * reused by every question that has it among its candidates.
 */
export interface SentenceAnalysis {
  text: string;
  /** Every folded word, stop words included, in order. */
  words: readonly string[];
  surface: ReadonlySet<string>;
  /** The folded content words (stop words out), in order. */
  contentWords: readonly string[];
  /** The stem of each of `contentWords`. */
  stems: readonly string[];
  stemSet: ReadonlySet<string>;
  /** Index in `stems` of each stem's first occurrence. */
  firstPosition: ReadonlyMap<string, number>;
  /** Adjacent content-term pairs, "a b". */
  termPairs: ReadonlySet<string>;
  /** Distinct content words that are not numbers, for word-vector matching. */
  vectorWords: readonly string[];
  /** No closing punctuation: it reads as a headline. */
  headline: boolean;
  /** Shaped like a question (see {@link isQuestionShaped}), or an explainer's heading that asks ("How X keeps Y"): never an answer itself. */
  questionShaped: boolean;
}

/**
 * A sentence shaped like a question: a question word or an auxiliary first (after an opening
 * quote mark or "So," at most) and a question mark at the end. An article's own question ("So,
 * what exactly is the Cartel de los Soles?") echoes the reader's and answers nothing; the answer
 * is what follows it. A sentence that only ends in "?" may still hold an answer ("Asked whether
 * the talks had failed, he said: why would they?") and is not taken as one.
 */
export function isQuestionShaped(text: string): boolean {
  return QUESTION_SHAPE.test(text.trim());
}

const QUESTION_SHAPE =
  /^[“"‘'(]?(?:(?:so|and|but|then|now|well)\s*,?\s+)?(?:what|who|whom|whose|which|when|where|why|how|is|are|was|were|am|do|does|did|can|could|will|would|should|shall|has|have|had|may|might|must|isn['’]t|aren['’]t|wasn['’]t|don['’]t|doesn['’]t|didn['’]t|won['’]t|can['’]t)\b[^]*\?[”"’')]*$/i;

/** Distinct content words that are not numbers: what word vectors compare. */
function vectorWordsAmong(contentWords: readonly string[]): string[] {
  return [...new Set(contentWords.filter((w) => !/^\d/.test(w)))];
}

/** A sentence's `vectorWords` without the rest of its analysis (a build storing its words' vectors). */
export function vectorWordsOf(text: string): string[] {
  return vectorWordsAmong(words(text).filter((w) => !isStopWord(w)));
}

/** Analyses one sentence's text. */
export function analyseSentence(text: string): SentenceAnalysis {
  const folded = words(text);
  const contentWords = folded.filter((w) => !isStopWord(w));
  const stems = contentWords.map(stem);
  // Closing punctuation may be followed by quote marks and footnote marks ("…Galilee.[3]").
  const headline = !/[.!?…]["'”’)\]]*(?:\s*\[[^\]\n]{1,40}\])*$/u.test(text.trim());
  const firstPosition = new Map<string, number>();
  stems.forEach((term, i) => firstPosition.has(term) || firstPosition.set(term, i));
  return {
    text,
    words: folded,
    surface: new Set(folded),
    contentWords,
    stems,
    stemSet: new Set(stems),
    firstPosition,
    termPairs: new Set(adjacentTermPairs(stems)),
    vectorWords: vectorWordsAmong(contentWords),
    headline,
    questionShaped: isQuestionShaped(text) || (headline && EXPLAINER_HEADING.test(text.trim())),
  };
}

/**
 * A heading that asks without a question mark, as explainers write them ("How Maduro keeps the
 * military loyal", "Why the talks failed"): the article's own question, answered below it.
 */
const EXPLAINER_HEADING = /^(?:how|why|what|who|when|where|which)\s+(?:\S+\s+){1,10}\S+$/i;

/** What the answer stage needs of a generation's sentences (an `IndexGeneration` is one). */
export interface SentenceSource {
  sentencesOf(docId: string): readonly Sentence[];
  sentencePosition(docId: string, index: number): number | undefined;
  /** The sentence's vector stored at build time; absent, the ranker embeds it itself. */
  sentenceVector?(position: number): Float32Array | undefined;
}

/** How many sentence analyses are kept before starting afresh. */
const ANALYSIS_CACHE = 100_000;
/** How many documents' stems are kept between questions. */
const DOCUMENT_STEM_CACHE = 64;

/**
 * The sentences of one generation as the answer stage reads them: by document and index, their
 * neighbours, and their analyses, cached by position (a sentence is tokenised once, however many
 * questions and features read it).
 */
/** How many sentences open an article: its headline and its lead. */
const OPENING_SENTENCES = 2;

export class GenerationSentences {
  private readonly analyses = new Map<number, SentenceAnalysis>();
  private readonly documentStemCache = new Map<string, ReadonlySet<string>>();

  constructor(private readonly source: SentenceSource) {}

  /** Position of a sentence in its generation, a stable key for caches. */
  positionOf(sentence: Pick<Sentence, 'docId' | 'index'>): number | undefined {
    return this.source.sentencePosition(sentence.docId, sentence.index);
  }

  /** The vector the build stored for the sentence at a position, if the source has one. */
  storedVector(position: number): Float32Array | undefined {
    return this.source.sentenceVector?.(position);
  }

  /** Sentence `index` of a document. */
  sentence(docId: string, index: number): Sentence | undefined {
    return this.source.sentencesOf(docId)[index];
  }

  /** Every sentence of a document, in order. */
  ofDocument(docId: string): readonly Sentence[] {
    return this.source.sentencesOf(docId);
  }

  /** Every stem a document uses, computed on first need: what "does the article name X?" reads. */
  documentStems(docId: string): ReadonlySet<string> {
    let stems = this.documentStemCache.get(docId);
    if (!stems) {
      stems = new Set(this.ofDocument(docId).flatMap((s) => [...this.analysis(s).stemSet]));
      if (this.documentStemCache.size >= DOCUMENT_STEM_CACHE) this.documentStemCache.clear();
      this.documentStemCache.set(docId, stems);
    }
    return stems;
  }

  /** The sentences that open a document (its headline, when the file has one, and its lead): where it names what it reports. */
  openingOf(docId: string): readonly Sentence[] {
    return this.ofDocument(docId).slice(0, OPENING_SENTENCES);
  }

  /** Every stem of a document's opening: "is the article about X?". */
  openingStems(docId: string): ReadonlySet<string> {
    return new Set(this.openingOf(docId).flatMap((s) => [...this.analysis(s).stemSet]));
  }

  /** The sentences just before and after a sentence in its document (either may be missing),
   * across a line break too: news puts each sentence on its own line. */
  adjacent(sentence: Sentence): { previous?: Sentence; next?: Sentence } {
    const ofDocument = this.source.sentencesOf(sentence.docId);
    return { previous: ofDocument[sentence.index - 1], next: ofDocument[sentence.index + 1] };
  }

  /** The sentence with the sentences just before and after it (see {@link adjacent}), in document order. */
  window(sentence: Sentence): Sentence[] {
    const { previous, next } = this.adjacent(sentence);
    return [previous, sentence, next].filter((s) => s !== undefined);
  }

  /**
   * A test of "is this the same sentence as `sentence`, as another outlet printed it" (wire copy),
   * over the cached analyses: nothing is tokenised again per comparison.
   */
  copiesOf(sentence: Sentence): (other: Sentence) => boolean {
    const repeats = sameWordsAs(this.analysis(sentence).words);
    return (other) => repeats(this.analysis(other).words);
  }

  /** The analysis of a sentence of this generation, computed on first need. */
  analysis(sentence: Sentence): SentenceAnalysis {
    const position = this.positionOf(sentence);
    if (position === undefined) return analyseSentence(sentence.text);
    let analysis = this.analyses.get(position);
    if (!analysis) {
      // Bounded: a long-running bot over a large corpus must not keep every sentence it ever read.
      if (this.analyses.size >= ANALYSIS_CACHE) this.analyses.clear();
      analysis = analyseSentence(sentence.text);
      this.analyses.set(position, analysis);
    }
    return analysis;
  }
}
