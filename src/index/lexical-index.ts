import MiniSearch from 'minisearch';
import { nameTermShares, searchTerms } from './text-analysis.js';

/** Version of the saved lexical file; bump when the analyzer or layout changes. */
export const LEXICAL_FORMAT_VERSION = 2;

/**
 * Weight of a pair of adjacent content terms ("battl hast" for "Battle of Hastings") against a
 * single term. A question that keeps a passage's word order is stronger evidence than the same
 * words scattered through it (DrQA's bigram idea). Measured with `npm run eval` on the SQuAD
 * subset: paragraph recall@1 0.854 without pairs, 0.874 at 0.5, 0.872 at 1. (MiniSearch also
 * favours passages matching more of the query's terms, so a matched pair counts there too.)
 */
export const TERM_PAIR_BOOST = 0.5;

/** Content terms and each pair of adjacent ones (stop words are already gone, so "battle of
 * Hastings" pairs "battl" with "hast"). A pair holds a space; a single term never does. */
function termsWithPairs(terms: readonly string[]): string[] {
  const out = [...terms];
  for (let i = 1; i < terms.length; i++) out.push(`${terms[i - 1]} ${terms[i]}`);
  return out;
}

const isTermPair = (term: string) => term.includes(' ');

export interface LexicalHit {
  /** Position of the passage in the generation's passage list. */
  passage: number;
  score: number;
}

interface LexicalFile {
  formatVersion: number;
  miniSearch: unknown;
  /** Passages each term occurs in, for rarity (IDF) weights in answer scoring. */
  documentFrequency: Record<string, number>;
  passageCount: number;
}

const miniSearchOptions = {
  fields: ['text'],
  idField: 'id',
  // One analyzer for indexing and querying: searchTerms already folds, drops stop words and
  // stems; adjacent pairs are added on both sides.
  tokenize: (text: string) => termsWithPairs(searchTerms(text)),
  processTerm: (term: string) => term,
  // Queries always go through the same analyzer, also on an index built from precomputed terms.
  searchOptions: { tokenize: (text: string) => termsWithPairs(searchTerms(text)), processTerm: (term: string) => term },
};

/** BM25 search over passages (MiniSearch's BM25+), plus term rarity for the answer scorer. */
export class LexicalIndex {
  private constructor(
    private readonly miniSearch: MiniSearch<{ id: number; text: string }>,
    private readonly documentFrequency_: Map<string, number>,
    readonly passageCount: number,
  ) {}

  static build(passageTexts: readonly string[]): LexicalIndex {
    // Each passage is analysed once: MiniSearch indexes the terms computed here (the build-time
    // options hand it the term list as the field's tokens), and the document frequencies come
    // from the same lists. The saved index is the same as indexing the texts themselves.
    const termsOf = passageTexts.map((text) => termsWithPairs(searchTerms(text)));
    const miniSearch = new MiniSearch<{ id: number; text: string }>({
      ...miniSearchOptions,
      extractField: (document, field) => (field === 'id' ? document.id : termsOf[document.id]) as never,
      stringifyField: (terms) => terms as never,
      tokenize: (terms) => terms as unknown as string[],
    });
    miniSearch.addAll(passageTexts.map((_, id) => ({ id, text: '' })));
    const documentFrequency = new Map<string, number>();
    // Rarity is asked of single terms only; pairs would double the table for nothing.
    for (const terms of termsOf) {
      for (const term of new Set(terms)) if (!isTermPair(term)) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
    }
    return new LexicalIndex(miniSearch, documentFrequency, passageTexts.length);
  }

  /** Parses a saved index; throws with what is wrong so the loader can name the file. */
  static fromJSON(json: string): LexicalIndex {
    const file = JSON.parse(json) as LexicalFile;
    if (file.formatVersion !== LEXICAL_FORMAT_VERSION) {
      throw new Error(`lexical index format ${file.formatVersion}, expected ${LEXICAL_FORMAT_VERSION}`);
    }
    const miniSearch = MiniSearch.loadJS<{ id: number; text: string }>(file.miniSearch as never, miniSearchOptions);
    return new LexicalIndex(miniSearch, new Map(Object.entries(file.documentFrequency)), file.passageCount);
  }

  toJSON(): string {
    const file: LexicalFile = {
      formatVersion: LEXICAL_FORMAT_VERSION,
      miniSearch: this.miniSearch.toJSON(),
      documentFrequency: Object.fromEntries(this.documentFrequency_),
      passageCount: this.passageCount,
    };
    return JSON.stringify(file);
  }

  search(query: string, limit: number): LexicalHit[] {
    // A name of several words ("United States") counts as one term, not as several.
    const shares = nameTermShares(query);
    const boost = (term: string) => (isTermPair(term) ? TERM_PAIR_BOOST : (shares.get(term) ?? 1));
    const results = this.miniSearch.search(query, { combineWith: 'OR', boostTerm: boost });
    return results.slice(0, limit).map((result) => ({ passage: result.id as number, score: result.score }));
  }

  /** How many passages hold the (stemmed) term. */
  documentFrequency(term: string): number {
    return this.documentFrequency_.get(term) ?? 0;
  }

  /**
   * Rarity of a (stemmed) term: BM25's IDF, ln(1 + (N - df + 0.5) / (df + 0.5)). A term the
   * corpus never saw gets the highest weight, as it would in BM25.
   */
  inverseDocumentFrequency(term: string): number {
    const df = this.documentFrequency(term);
    return Math.log(1 + (this.passageCount - df + 0.5) / (df + 0.5));
  }
}
