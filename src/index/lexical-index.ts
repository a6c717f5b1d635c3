import type Database from 'better-sqlite3';
import { nameTermShares, searchTerms } from '../text/index.js';

export interface LexicalHit {
  /** Position of the passage in the generation's passage list. */
  passage: number;
  score: number;
}

/** Terms whose rarity is kept in memory between questions; cleared when full. */
const RARITY_CACHE = 50_000;

/**
 * BM25 search over passages (SQLite FTS5's bm25(), over the terms `searchTerms` gives, so the
 * question and the passages are analysed by the same code), plus term rarity for the answer
 * scorer. Reads the generation's SQLite file; holds nothing per passage in memory.
 */
export class LexicalIndex {
  private readonly searches = new Map<number, Database.Statement<unknown[], { passage: number; score: number }>>();
  private readonly frequencyOf: Database.Statement<[string], { passages: number }>;
  private readonly frequencies = new Map<string, number>();
  private readonly termsAt: Database.Statement<[number], { terms: string }>;

  constructor(
    private readonly db: Database.Database,
    readonly passageCount: number,
  ) {
    this.frequencyOf = db.prepare('SELECT passages FROM term_passages WHERE term = ?');
    this.termsAt = db.prepare('SELECT terms FROM passage_terms WHERE rowid = ?');
  }

  search(query: string, limit: number): LexicalHit[] {
    // A name of several words ("United States") counts as one term, not as several: each of its
    // terms is weighted by its share. FTS5's bm25() has no per-term weight, but its score of an OR
    // query is the sum of each term's part, so terms of one weight are scored together and the
    // groups' weighted scores summed.
    const shares = nameTermShares(query);
    const groups = new Map<number, string[]>();
    for (const term of searchTerms(query)) {
      if (this.documentFrequency(term) === 0) continue;
      const weight = shares.get(term) ?? 1;
      const group = groups.get(weight) ?? [];
      // A repeated term counts each time, as it does in the question.
      group.push(`"${term.replace(/"/g, '""')}"`);
      groups.set(weight, group);
    }
    if (groups.size === 0 || limit <= 0) return [];
    const parameters: unknown[] = [];
    for (const [weight, terms] of groups) parameters.push(weight, terms.join(' OR '));
    parameters.push(limit);
    return this.searchStatement(groups.size).all(...parameters);
  }

  private searchStatement(groups: number): Database.Statement<unknown[], { passage: number; score: number }> {
    let statement = this.searches.get(groups);
    if (!statement) {
      const scored = 'SELECT rowid, -bm25(passage_terms) * ? AS score FROM passage_terms WHERE passage_terms MATCH ?';
      const parts = Array.from({ length: groups }, () => scored).join(' UNION ALL ');
      // One group needs no sum (and SQLite would flatten the sub-select, taking bm25() out of
      // the only context where it can be computed).
      statement = this.db.prepare(
        groups === 1
          ? `SELECT rowid AS passage, score FROM (${scored}) ORDER BY score DESC, rowid LIMIT ?`
          : `SELECT rowid AS passage, SUM(score) AS score FROM (${parts}) GROUP BY rowid ORDER BY score DESC, rowid LIMIT ?`,
      );
      this.searches.set(groups, statement);
    }
    return statement;
  }

  /** A passage's terms in order, as `searchTerms` gave them when it was indexed (a read, not a
   * second analysis of its text). */
  termsOf(passage: number): string[] {
    const terms = this.termsAt.get(passage)?.terms;
    return terms ? terms.split(' ') : [];
  }

  /** How many passages hold the (stemmed) term. */
  documentFrequency(term: string): number {
    let frequency = this.frequencies.get(term);
    if (frequency === undefined) {
      frequency = this.frequencyOf.get(term)?.passages ?? 0;
      if (this.frequencies.size >= RARITY_CACHE) this.frequencies.clear();
      this.frequencies.set(term, frequency);
    }
    return frequency;
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
