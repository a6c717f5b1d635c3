import MiniSearch from 'minisearch';
import { nameTermShares, searchTerms } from '../text/index.js';

/** Version of the saved lexical file; bump when the analyzer or layout changes. */
export const LEXICAL_FORMAT_VERSION = 1;

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
  // One analyzer for indexing and querying: searchTerms already folds, drops stop words and stems.
  tokenize: (text: string) => searchTerms(text),
  processTerm: (term: string) => term,
  // Queries always go through searchTerms, also on an index built from precomputed terms.
  searchOptions: { tokenize: (text: string) => searchTerms(text), processTerm: (term: string) => term },
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
    const termsOf = passageTexts.map((text) => searchTerms(text));
    const miniSearch = new MiniSearch<{ id: number; text: string }>({
      ...miniSearchOptions,
      extractField: (document, field) => (field === 'id' ? document.id : termsOf[document.id]) as never,
      stringifyField: (terms) => terms as never,
      tokenize: (terms) => terms as unknown as string[],
    });
    miniSearch.addAll(passageTexts.map((_, id) => ({ id, text: '' })));
    const documentFrequency = new Map<string, number>();
    for (const terms of termsOf) {
      for (const term of new Set(terms)) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
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
    const results = this.miniSearch.search(query, { combineWith: 'OR', boostTerm: (term) => shares.get(term) ?? 1 });
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
