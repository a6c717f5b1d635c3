import { describe, expect, it } from 'vitest';
import { searchTerms } from '../../src/text/index.js';
import path from 'node:path';
import { LexicalIndex } from '../../src/index/lexical-index.js';
import Database from 'better-sqlite3';
import { ImpactPostings, writeImpactPostings } from '../../src/index/impact-postings.js';
import { RecordStore, writeRecordStore } from '../../src/index/record-store.js';
import { temporaryFolder } from '../helpers/temp-folders.js';

const PASSAGES = [
  'Hastings won the duke a battle.',
  'The duke won the battle of Hastings.',
  'Sourdough bread needs a starter, flour, water and patience.',
];

/** A lexical index over the passages, one document each, through the generation's SQLite file. */
async function indexOf(
  passages: readonly string[],
  options: { postingsBudget?: number; impacts?: { minPassages: number; depth: number } | 'none' } = {},
): Promise<LexicalIndex> {
  const folder = await temporaryFolder('lexical');
  const file = path.join(folder, 'records.sqlite');
  writeRecordStore(
    file,
    passages.map((text, i) => {
      const docId = `d${i}`;
      return {
        document: { docId, file: `${docId}.txt`, text, hash: docId, meta: { title: docId, source: null, url: null, published: null, author: null } },
        sentences: [{ docId, index: 0, paragraph: 0, start: 0, end: text.length, text }],
        passages: [{ id: docId, docId, start: 0, end: text.length, text, sentenceIndexes: [0] }],
      };
    }),
    passages.map(() => new Float32Array(4)),
    passages.map(() => new Float32Array(4)),
  );
  if (options.impacts) {
    // Rewritten with small lists (the build's are thousands long), or dropped as in a generation written before them.
    const db = new Database(file);
    if (options.impacts === 'none') db.exec('DROP TABLE term_impacts');
    else writeImpactPostings(db, options.impacts);
    db.close();
  }
  return new LexicalIndex(new RecordStore(file).database, passages.length, options);
}

describe('LexicalIndex', () => {
  it('weighs single terms by rarity and ranks the passage holding the rarer terms first', async () => {
    const index = await indexOf(PASSAGES);
    expect(index.documentFrequency('hast')).toBe(2);
    expect(index.documentFrequency('unknown')).toBe(0);
    expect(index.inverseDocumentFrequency('sourdough')).toBeGreaterThan(index.inverseDocumentFrequency('hast'));
    const hits = index.search('Sourdough and Hastings', 3);
    expect(hits.map((hit) => hit.passage)).toEqual([2, 0, 1]);
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
    expect(index.search('the of and', 3)).toEqual([]);
  });

  it('counts a name of several words as one term', async () => {
    // "Bank of England" is one name: its two terms share one term's weight, so the passage with
    // the other question word outranks the one that only repeats the name's words.
    const index = await indexOf(['The bank said England would wait.', 'Rates rose, the bank said.', 'A quiet day.']);
    const hits = index.search('Why did rates at the Bank of England rise?', 3).map((hit) => hit.passage);
    expect(hits[0]).toBe(1);
  });
});

describe('LexicalIndex past its postings budget', () => {
  // 40 passages: "volcano" in 5, "report" in 15 (some twice), of varied lengths.
  const filler = ['harbour', 'engine', 'garden', 'market', 'river', 'castle', 'winter', 'silver'];
  const passages = Array.from({ length: 40 }, (_, i) => {
    const words = [filler[i % 8]!, filler[(i * 3) % 8]!, ...Array.from({ length: i % 5 }, (_, j) => filler[(i + j) % 8]!)];
    if (i % 8 === 0) words.push('volcano');
    if (i % 8 === 1 && i > 0) words.push('report', 'report');
    if (i % 4 === 2 || i % 8 === 0) words.push('report');
    return `${words.join(' ')}.`;
  });

  it('scores the common terms on the rare terms\' candidates as bm25() does', async () => {
    const bounded = await indexOf(passages, { postingsBudget: 0, impacts: 'none' });
    expect(bounded.documentFrequency('volcano')).toBe(5);
    expect(bounded.documentFrequency('report')).toBeGreaterThan(5);
    const question = 'Which report names the volcano?';
    const exhaustive = bounded.search(question, 5, { exhaustive: true });
    const hits = bounded.search(question, 5);
    expect(hits.map((hit) => hit.passage)).toEqual(exhaustive.map((hit) => hit.passage));
    hits.forEach((hit, i) => expect(hit.score).toBeCloseTo(exhaustive[i]!.score, 9));
    // The common term's part is really added: the volcano passages holding "report" rank first.
    expect(hits[0]!.score).toBeGreaterThan(hits[4]!.score);
  });

  it('misses the passages that hold only common terms once capped, and stays exhaustive within the budget', async () => {
    const question = 'Which report names the volcano?';
    const bounded = (await indexOf(passages, { postingsBudget: 0, impacts: 'none' })).search(question, 10);
    expect(bounded.map((hit) => hit.passage).sort((a, b) => a - b)).toEqual([0, 8, 16, 24, 32]);
    // With room past the budget (4×), the common term joins the search while a passage holding
    // only it could still rank: then nothing is missed.
    const extended = await indexOf(passages, { postingsBudget: 10, impacts: 'none' });
    expect(extended.search(question, 10)).toEqual(extended.search(question, 10, { exhaustive: true }));
    const withinBudget = await indexOf(passages);
    expect(withinBudget.search(question, 10)).toEqual(withinBudget.search(question, 10, { exhaustive: true }));
    expect(withinBudget.search(question, 10)).toHaveLength(10);
  });
});

describe('LexicalIndex over impact-ordered postings', () => {
  // 60 passages over a few terms of every rarity: "volcano" in 4, "report" in 20, "harbour" in
  // about half, each repeated in some and in passages of varied lengths.
  const filler = ['harbour', 'engine', 'garden', 'market', 'river', 'castle', 'winter', 'silver'];
  const passages = Array.from({ length: 60 }, (_, i) => {
    const words = Array.from({ length: 2 + ((i * 7) % 9) }, (_, j) => filler[(i * 5 + j * 3) % 8]!);
    if (i % 15 === 3) words.push('volcano');
    if (i % 3 === 0) words.push('report');
    if (i % 6 === 0) words.push('report');
    return `${words.join(' ')}.`;
  });
  const questions = ['Which report names the volcano?', 'The harbour report', 'harbour engine report volcano', 'silver river report', 'Which garden market?', 'volcano'];

  it('keeps each common term\'s best parts as bm25() scores them, and a bound over the rest', async () => {
    const index = await indexOf(passages, { postingsBudget: 0, impacts: { minPassages: 5, depth: 6 } });
    const db = new Database(path.join((index as unknown as { db: Database.Database }).db.name));
    const list = new ImpactPostings(db).listOf('report')!;
    expect(new ImpactPostings(db).listOf('volcano')).toBeUndefined(); // held by 4: no list
    const all = db
      .prepare<[], { passage: number; part: number }>("SELECT rowid AS passage, -bm25(passage_terms) AS part FROM passage_terms WHERE passage_terms MATCH 'report' ORDER BY part DESC, rowid")
      .all();
    expect(all).toHaveLength(20);
    expect([...list.passages]).toEqual(all.slice(0, 6).map((row) => row.passage));
    expect([...list.parts]).toEqual(all.slice(0, 6).map((row) => row.part));
    expect(list.bound).toBe(all[6]!.part);
    db.close();
  });

  it('returns bm25()\'s top and scores (to 1e-9) whenever it says it is exact, and complete lists are always exact', async () => {
    let exactSearches = 0;
    for (const impacts of [{ minPassages: 0, depth: 100 }, { minPassages: 5, depth: 8 }, { minPassages: 2, depth: 3 }]) {
      const index = await indexOf(passages, { postingsBudget: 0, impacts });
      for (const question of questions) {
        for (const limit of [1, 5, 10]) {
          const exhaustive = index.search(question, limit, { exhaustive: true });
          const hits = index.search(question, limit);
          if (impacts.depth === 100) expect(index.lastSearchExact, question).toBe(true);
          if (!index.lastSearchExact) continue;
          exactSearches++;
          expect(hits.map((hit) => hit.passage), `${question} @${limit}`).toEqual(exhaustive.map((hit) => hit.passage));
          hits.forEach((hit, i) => expect(hit.score).toBeCloseTo(exhaustive[i]!.score, 9));
        }
      }
    }
    // Most searches with truncated lists are still provably exact (the bounds prune), not only the complete ones.
    expect(exactSearches).toBeGreaterThan(questions.length * 3 + 10);
  });

  it('reads many passages\' terms in one statement as it reads each alone', async () => {
    const index = await indexOf(passages, { postingsBudget: 0, impacts: { minPassages: 5, depth: 6 } });
    const positions = [59, 0, 17, 3, 3, 42, 1000];
    const many = index.termsOfMany(positions);
    expect([...many.keys()].sort((a, b) => a - b)).toEqual([0, 3, 17, 42, 59]);
    for (const position of [0, 3, 17, 42, 59]) expect(many.get(position)).toEqual(index.termsOf(position));
    expect(index.termsOfMany([]).size).toBe(0);
  });

  it('says when it cannot prove its top, and falls back to FTS5 for a generation without the table', async () => {
    // Depth 1: every list truncated after its best passage, so a passage holding only common terms could rank.
    const index = await indexOf(passages, { postingsBudget: 0, impacts: { minPassages: 0, depth: 1 } });
    index.search('Which garden market?', 10);
    expect(index.lastSearchExact).toBe(false);
    const older = await indexOf(passages, { postingsBudget: 0, impacts: 'none' });
    // The MaxScore search over FTS5 (budget 0, capped): the rare term's 4 passages, in bm25()'s order.
    expect(older.search('Which report names the volcano?', 5).map((hit) => hit.passage)).toEqual(
      older.search('Which report names the volcano?', 5, { exhaustive: true }).map((hit) => hit.passage).slice(0, 4),
    );
    expect(older.lastSearchExact).toBeUndefined();
  });
});

describe('words of percentages', () => {
  it('matches "%", "percent", "per cent" and "percentage" to one another', async () => {
    const [term] = searchTerms('percent');
    for (const text of ['84%', '84 percent', '84 per cent', 'What percentage?', 'percentages']) {
      expect(searchTerms(text), text).toContain(term);
    }
    const index = await indexOf(['Venezuela exports 84% of its oil to China.', 'Venezuela exports oil and gold.']);
    expect(index.search('What percentage of its oil does Venezuela export?', 2)[0]!.passage).toBe(0);
  });
});
