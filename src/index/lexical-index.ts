import type Database from 'better-sqlite3';
import { nameTermShares, searchTerms } from '../text/index.js';
import { ImpactPostings, type ImpactList } from './impact-postings.js';

export interface LexicalHit {
  /** Position of the passage in the generation's passage list. */
  passage: number;
  score: number;
}

/** Terms whose rarity is kept in memory between questions; cleared when full. */
const RARITY_CACHE = 50_000;

/**
 * Postings a question's lexical search scores in full. FTS5's bm25() scores every passage holding
 * any query term, so at a million passages one common term ("said", "year") costs tens of
 * milliseconds. Past this many postings the search is bounded (`boundedSearch`): the rarest terms
 * are matched and ranked by FTS5, the common ones only scored on those candidates, and FTS5
 * scores at most `POSTINGS_CAP_FACTOR` times this many postings.
 */
export const LEXICAL_POSTINGS_BUDGET = 40_000;

/**
 * Postings past which a generation with impact-ordered postings is searched over them
 * (`impactSearch`) rather than by FTS5 (≈ 0.7 µs a posting: ≈ 3 ms here, where the whole
 * `LEXICAL_POSTINGS_BUDGET` costs ≈ 28 ms at a million passages).
 */
export const IMPACT_SEARCH_PAST = 4_096;

/** How far past the budget the search goes while a passage holding only common terms could still rank. */
const POSTINGS_CAP_FACTOR = 4;

/** Candidates of the rare terms rescored with the common ones, per passage asked for. */
const RESCORED_PER_HIT = 4;

/** Candidates outside some impact list whose missing parts are read (their stored terms), per passage asked for. */
const RESOLVED_PER_HIT = 4;

/** Candidates whose stored terms the impact search reads in one statement. */
const RESOLVED_PER_READ = 8;

/** FTS5's bm25() constants (fts5_aux.c), so a rescored candidate gets the score bm25() would give. */
const BM25_K1 = 1.2;
const BM25_B = 0.75;

/** One distinct question term: how many passages hold it, its weight (its share of a name, or 1)
 * and how many times the question holds it (each time counts, as in the question). */
interface QueryTerm {
  term: string;
  passages: number;
  share: number;
  repeats: number;
}

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
  private readonly termsAtMany: Database.Statement<[string], { passage: number; terms: string }>;
  private readonly postingsBudget: number;
  private readonly impacts: ImpactPostings;
  /** Whether the last search past the budget was provably the exhaustive one's top (undefined: it was exhaustive). */
  lastSearchExact: boolean | undefined;
  /** FTS5's row count and mean passage length in terms (its "averages" record), read once when first needed. */
  private totals: { rows: number; meanLength: number } | null | undefined;

  constructor(
    private readonly db: Database.Database,
    readonly passageCount: number,
    options: { postingsBudget?: number } = {},
  ) {
    this.frequencyOf = db.prepare('SELECT passages FROM term_passages WHERE term = ?');
    this.termsAt = db.prepare('SELECT terms FROM passage_terms WHERE rowid = ?');
    // FTS5's own content table, read by id: a list of rowids through the FTS5 table itself would
    // be a scan. One statement for many passages costs about half of one read each.
    this.termsAtMany = db.prepare('SELECT id AS passage, c0 AS terms FROM passage_terms_content WHERE id IN (SELECT value FROM json_each(?))');
    this.postingsBudget = options.postingsBudget ?? LEXICAL_POSTINGS_BUDGET;
    this.impacts = new ImpactPostings(db);
  }

  /**
   * The `limit` best passages by BM25. Exhaustive (FTS5 scores every posting of every term) while
   * the question's terms hold at most the postings budget, or when `exhaustive` is asked; bounded
   * past it (see `boundedSearch`).
   */
  search(query: string, limit: number, options: { exhaustive?: boolean } = {}): LexicalHit[] {
    // A name of several words ("United States") counts as one term, not as several: each of its
    // terms is weighted by its share.
    const shares = nameTermShares(query);
    const terms = new Map<string, QueryTerm>();
    let postings = 0;
    for (const term of searchTerms(query)) {
      const passages = this.documentFrequency(term);
      if (passages === 0) continue;
      // A repeated term counts each time, as it does in the question.
      const known = terms.get(term) ?? { term, passages, share: shares.get(term) ?? 1, repeats: 0 };
      known.repeats++;
      terms.set(term, known);
      postings += passages;
    }
    this.lastSearchExact = undefined;
    if (terms.size === 0 || limit <= 0) return [];
    if (options.exhaustive || postings <= (this.impacts.hasTable ? Math.min(this.postingsBudget, IMPACT_SEARCH_PAST) : this.postingsBudget)) {
      return this.ftsSearch([...terms.values()], limit);
    }
    const found = this.impacts.hasTable ? this.impactSearch([...terms.values()], limit) : this.boundedSearch([...terms.values()], limit);
    return found ?? this.ftsSearch([...terms.values()], limit);
  }

  /**
   * Top-k over impact-ordered postings (impact-postings.ts): each common term's best passages
   * and its bound are one read, the rare terms' postings FTS5's. A passage's parts from the lists
   * are a lower bound of its score; adding the bound of each truncated list it is missing from
   * gives an upper bound. Passages whose upper bound can still beat the `limit`-th score are
   * resolved, best upper bound first, by reading their stored terms (bm25()'s formula, as
   * `boundedSearch` does), until none can (the result is then bm25()'s top, scores equal to 1e-9)
   * or `limit × RESOLVED_PER_HIT` were read. Exact also needs no passage outside every list to
   * beat the `limit`-th score (the truncated terms' summed bounds): `lastSearchExact` says whether
   * both held. Undefined when FTS5's totals are unreadable.
   */
  private impactSearch(terms: QueryTerm[], limit: number): LexicalHit[] | undefined {
    const totals = this.readTotals();
    if (!totals) return undefined;
    const rare: QueryTerm[] = [];
    const listed: { term: QueryTerm; weight: number; list: ImpactList }[] = [];
    for (const term of terms) {
      const list = this.impacts.listOf(term.term);
      if (list) listed.push({ term, weight: term.share * term.repeats, list });
      else rare.push(term);
    }
    // The truncated lists first, so that bit i of a passage's mask is the i-th truncated list.
    listed.sort((a, b) => Number(b.list.bound > 0) - Number(a.list.bound > 0));
    const truncated = listed.filter(({ list }) => list.bound > 0);
    // Past 31 truncated terms the bitmask would overflow: such a question is scored by FTS5.
    if (truncated.length > 31) return undefined;
    const { score, seen, touched } = this.scratch();
    let touchedCount = 0;
    const add = (passage: number, part: number, bit: number) => {
      if (score[passage] === 0 && seen[passage] === 0) touched[touchedCount++] = passage;
      score[passage] = score[passage]! + part;
      seen[passage] = seen[passage]! | bit;
    };
    try {
      if (rare.length > 0) for (const hit of this.ftsSearch(rare, -1)) add(hit.passage, hit.score, 0);
      listed.forEach(({ weight, list }, i) => {
        const bit = list.bound > 0 ? 1 << i : 0;
        for (let j = 0; j < list.passages.length; j++) add(list.passages[j]!, weight * list.parts[j]!, bit);
      });
      const all = truncated.length === 0 ? 0 : 2 ** truncated.length - 1;
      const missingBound = missingBoundOf(truncated.map(({ weight, list }) => weight * list.bound));
      // The `limit`-th best known score (each exact, or a lower bound) before any is resolved.
      const firstThreshold = touchedCount < limit ? 0 : kthLargest(touched, touchedCount, score, limit);
      const best: LexicalHit[] = [];
      // Passages whose upper bound can beat that score, as a max-heap by upper bound (ties by
      // position): only the first few hundred are ever taken, so they are not all sorted.
      const open = new OpenCandidates(touchedCount);
      for (let i = 0; i < touchedCount; i++) {
        const passage = touched[i]!;
        if (score[passage]! >= firstThreshold) best.push({ passage, score: score[passage]! });
        if (seen[passage] === all) continue;
        const upper = score[passage]! + missingBound(seen[passage]!);
        if (upper > firstThreshold) open.add(passage, upper);
      }
      best.sort(rankedHits);
      best.length = Math.min(best.length, limit);
      const threshold = () => (best.length < limit ? 0 : best[best.length - 1]!.score);
      open.heapify();
      const idf = (passages: number) => Math.max(1e-6, Math.log((totals.rows - passages + 0.5) / (passages + 0.5)));
      let resolved = 0;
      let exact = true;
      // Popped a few at a time and their terms read in one statement; each is then resolved in
      // turn exactly as if popped alone (the loop ends at the first that no longer can rank, and
      // the few read past it are dropped), so the hits do not depend on the batch.
      const batch = { passages: [] as number[], uppers: [] as number[], terms: new Map<number, string[]>(), next: 0 };
      for (;;) {
        if (batch.next === batch.passages.length) {
          batch.passages = [];
          batch.uppers = [];
          batch.next = 0;
          while (open.size > 0 && batch.passages.length < RESOLVED_PER_READ && resolved + batch.passages.length < limit * RESOLVED_PER_HIT && open.topUpper() > threshold()) {
            batch.uppers.push(open.topUpper());
            batch.passages.push(open.pop());
          }
          if (batch.passages.length === 0) {
            // Nothing left that can rank, or the cap reached while some still could.
            if (open.size > 0 && open.topUpper() > threshold()) exact = false;
            break;
          }
          batch.terms = this.termsOfMany(batch.passages);
        }
        const passage = batch.passages[batch.next]!;
        const upper = batch.uppers[batch.next++]!;
        if (upper <= threshold()) break;
        resolved++;
        const mask = seen[passage]!;
        const passageTerms = batch.terms.get(passage) ?? this.termsOf(passage);
        const lengthNorm = BM25_K1 * (1 - BM25_B + (BM25_B * passageTerms.length) / totals.meanLength);
        let exactScore = score[passage]!;
        truncated.forEach(({ term, weight }, i) => {
          if ((mask >> i) & 1) return;
          let frequency = 0;
          for (const t of passageTerms) if (t === term.term) frequency++;
          if (frequency > 0) exactScore += weight * idf(term.passages) * ((frequency * (BM25_K1 + 1)) / (frequency + lengthNorm));
        });
        const at = best.findIndex((hit) => hit.passage === passage);
        if (at >= 0) best.splice(at, 1);
        else if (best.length === limit && exactScore <= threshold()) continue;
        insertRanked(best, { passage, score: exactScore });
        if (best.length > limit) best.pop();
      }
      this.lastSearchExact = exact && missingBound(0) <= threshold();
      return best;
    } finally {
      for (let i = 0; i < touchedCount; i++) {
        score[touched[i]!] = 0;
        seen[touched[i]!] = 0;
      }
    }
  }

  /** Per-passage accumulators, kept between searches (zeroed after each): 16 bytes a passage. */
  private scratchArrays: { score: Float64Array; seen: Int32Array; touched: Int32Array } | undefined;

  private scratch() {
    this.scratchArrays ??= { score: new Float64Array(this.passageCount), seen: new Int32Array(this.passageCount), touched: new Int32Array(this.passageCount) };
    return this.scratchArrays;
  }

  /**
   * MaxScore over FTS5: the rarest terms, up to the postings budget (always at least one), are
   * searched by FTS5, which ranks the passages holding them; the best `limit × RESCORED_PER_HIT`
   * of those get the other (common) terms' parts added, with bm25()'s own formula from the
   * passage's stored terms. A passage holding none of the searched terms scores at most the sum
   * of the common terms' largest parts (IDF × (k1 + 1)); while that bound is above the `limit`-th
   * score, the next rarest term joins the search, up to `POSTINGS_CAP_FACTOR` × the budget.
   * What it can still miss: a passage ranked past the candidates on the searched terms and lifted
   * by the common ones, and, once capped, a passage holding only common terms (docs/scaling.md
   * measures both). Undefined when FTS5's totals are unreadable.
   */
  private boundedSearch(terms: QueryTerm[], limit: number): LexicalHit[] | undefined {
    const totals = this.readTotals();
    if (!totals) return undefined;
    const byRarity = [...terms].sort((a, b) => a.passages - b.passages || (a.term < b.term ? -1 : 1));
    const idf = (passages: number) => Math.max(1e-6, Math.log((totals.rows - passages + 0.5) / (passages + 0.5)));
    const termCounts = new Map<number, { counts: Map<string, number>; lengthNorm: number }>();
    const countsOf = (passage: number) => {
      let known = termCounts.get(passage);
      if (!known) {
        const passageTerms = this.termsOf(passage);
        const counts = new Map<string, number>();
        for (const term of passageTerms) counts.set(term, (counts.get(term) ?? 0) + 1);
        known = { counts, lengthNorm: BM25_K1 * (1 - BM25_B + (BM25_B * passageTerms.length) / totals.meanLength) };
        termCounts.set(passage, known);
      }
      return known;
    };
    let postings = 0;
    let split = 0;
    while (split < byRarity.length && (split === 0 || postings + byRarity[split]!.passages <= this.postingsBudget)) postings += byRarity[split++]!.passages;
    for (;;) {
      const common = byRarity.slice(split);
      const candidates = this.ftsSearch(byRarity.slice(0, split), limit * RESCORED_PER_HIT);
      if (common.length === 0) return candidates.slice(0, limit);
      const commonIdf = common.map(({ passages }) => idf(passages));
      const rescored = candidates.map(({ passage, score }) => {
        const { counts, lengthNorm } = countsOf(passage);
        let added = 0;
        common.forEach(({ term, share, repeats }, i) => {
          const frequency = counts.get(term) ?? 0;
          if (frequency > 0) added += share * repeats * commonIdf[i]! * ((frequency * (BM25_K1 + 1)) / (frequency + lengthNorm));
        });
        return { passage, score: score + added };
      });
      rescored.sort((a, b) => b.score - a.score || a.passage - b.passage);
      const kept = rescored.slice(0, limit);
      const threshold = kept.length < limit ? 0 : kept[kept.length - 1]!.score;
      const commonBound = common.reduce((sum, { share, repeats }, i) => sum + share * repeats * commonIdf[i]! * (BM25_K1 + 1), 0);
      const next = byRarity[split]!.passages;
      if (commonBound <= threshold || postings + next > this.postingsBudget * POSTINGS_CAP_FACTOR) return kept;
      postings += next;
      split++;
    }
  }

  /** FTS5's bm25() over the terms, exhaustively. bm25() has no per-term weight, but its score of
   * an OR query is the sum of each term's part, so terms of one weight are scored together and
   * the groups' weighted scores summed. */
  private ftsSearch(terms: readonly QueryTerm[], limit: number): LexicalHit[] {
    const groups = new Map<number, string[]>();
    for (const { term, share, repeats } of terms) {
      const group = groups.get(share) ?? [];
      for (let i = 0; i < repeats; i++) group.push(`"${term.replace(/"/g, '""')}"`);
      groups.set(share, group);
    }
    const parameters: unknown[] = [];
    for (const [weight, quoted] of groups) parameters.push(weight, quoted.join(' OR '));
    parameters.push(limit);
    return this.searchStatement(groups.size).all(...parameters);
  }

  /** FTS5's row count and total terms: its "averages" record (id 1 of the `_data` table), a row
   * count and then each column's token total, as SQLite varints. */
  private readTotals(): { rows: number; meanLength: number } | null {
    if (this.totals !== undefined) return this.totals;
    const block = (this.db.prepare('SELECT block FROM passage_terms_data WHERE id = 1').get() as { block?: Buffer } | undefined)?.block;
    let position = 0;
    const varint = (): number => {
      let value = 0;
      for (let i = 0; i < 9 && block && position < block.length; i++) {
        const byte = block[position++]!;
        if (i === 8) return value * 256 + byte;
        value = value * 128 + (byte & 0x7f);
        if ((byte & 0x80) === 0) return value;
      }
      return NaN;
    };
    const rows = block ? varint() : NaN;
    const tokens = block ? varint() : NaN;
    this.totals = rows > 0 && tokens > 0 ? { rows, meanLength: tokens / rows } : null;
    return this.totals;
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

  /** {@link termsOf} for many passages at once, by passage (one statement). */
  termsOfMany(passages: readonly number[]): Map<number, string[]> {
    const found = new Map<number, string[]>();
    if (passages.length === 0) return found;
    for (const row of this.termsAtMany.all(JSON.stringify(passages))) found.set(row.passage, row.terms ? row.terms.split(' ') : []);
    return found;
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

/** Best first: by score, ties by position (a total order, so every way of sorting agrees). */
function rankedHits(a: LexicalHit, b: LexicalHit): number {
  return b.score - a.score || a.passage - b.passage;
}

/** Inserts a hit into hits already in {@link rankedHits} order, keeping the order. */
function insertRanked(hits: LexicalHit[], hit: LexicalHit): void {
  let low = 0;
  let high = hits.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (rankedHits(hits[middle]!, hit) <= 0) low = middle + 1;
    else high = middle;
  }
  hits.splice(low, 0, hit);
}

/**
 * The sum of the bounds of the truncated lists a passage is missing from (bit i of its mask set:
 * it is in list i), added in list order. Tabulated for every mask when the lists are few (the
 * usual question), so the per-passage cost is one read.
 */
function missingBoundOf(bounds: readonly number[]): (mask: number) => number {
  const sum = (mask: number) => bounds.reduce((total, bound, i) => ((mask >> i) & 1 ? total : total + bound), 0);
  if (bounds.length > 12) return sum;
  const table = Float64Array.from({ length: 2 ** bounds.length }, (_, mask) => sum(mask));
  return (mask) => table[mask]!;
}

/** The k-th largest of the scores of the first `count` touched passages (k ≤ count), with a min-heap of k. */
function kthLargest(touched: Int32Array, count: number, score: Float64Array, k: number): number {
  const heap = new Float64Array(k);
  let size = 0;
  for (let i = 0; i < count; i++) {
    const value = score[touched[i]!]!;
    if (size < k) {
      let at = size++;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if (heap[parent]! <= value) break;
        heap[at] = heap[parent]!;
        at = parent;
      }
      heap[at] = value;
    } else if (value > heap[0]!) {
      let at = 0;
      for (;;) {
        const left = 2 * at + 1;
        if (left >= k) break;
        const child = left + 1 < k && heap[left + 1]! < heap[left]! ? left + 1 : left;
        if (heap[child]! >= value) break;
        heap[at] = heap[child]!;
        at = child;
      }
      heap[at] = value;
    }
  }
  return heap[0]!;
}

/** Candidates to resolve, popped best upper bound first (ties by position), in typed arrays. */
class OpenCandidates {
  private readonly passages: Int32Array;
  private readonly uppers: Float64Array;
  size = 0;

  constructor(capacity: number) {
    this.passages = new Int32Array(capacity);
    this.uppers = new Float64Array(capacity);
  }

  add(passage: number, upper: number): void {
    this.passages[this.size] = passage;
    this.uppers[this.size++] = upper;
  }

  /** Orders what was added into a heap (once, after the last add). */
  heapify(): void {
    for (let at = (this.size >> 1) - 1; at >= 0; at--) this.siftDown(at);
  }

  topUpper(): number {
    return this.uppers[0]!;
  }

  pop(): number {
    const passage = this.passages[0]!;
    this.size--;
    this.passages[0] = this.passages[this.size]!;
    this.uppers[0] = this.uppers[this.size]!;
    this.siftDown(0);
    return passage;
  }

  /** Whether the entry at i comes before the one at j. */
  private before(i: number, j: number): boolean {
    return this.uppers[i]! > this.uppers[j]! || (this.uppers[i] === this.uppers[j] && this.passages[i]! < this.passages[j]!);
  }

  private siftDown(from: number): void {
    let at = from;
    for (;;) {
      const left = 2 * at + 1;
      if (left >= this.size) return;
      const child = left + 1 < this.size && this.before(left + 1, left) ? left + 1 : left;
      if (!this.before(child, at)) return;
      const passage = this.passages[at]!;
      const upper = this.uppers[at]!;
      this.passages[at] = this.passages[child]!;
      this.uppers[at] = this.uppers[child]!;
      this.passages[child] = passage;
      this.uppers[child] = upper;
      at = child;
    }
  }
}
