/**
 * Refitting the ranking from 👍/👎 votes, with votes simulated from known gold sentences: the
 * shown sentence (the current ranking's first) gets 👍 when it is the gold one, 👎 otherwise.
 */
import { describe, expect, it } from 'vitest';
import { alternateVotes, parseVotes, refitFromVotes, type VoteList } from '../../src/evaluation/tuning/feedback-fit.js';
import { topOneShare } from '../../src/evaluation/tuning/fit.js';

/** A small deterministic generator (mulberry32), so the simulated questions are the same each run. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FEATURES = ['coverage', 'typeMatch', 'noise'];

/**
 * Questions whose gold sentence is the one with the most coverage AND type evidence, while the
 * current ranking reads coverage only: it is wrong whenever a high-coverage sentence lacks the type.
 */
function simulatedVotes(count: number): { lists: VoteList[]; gold: { rows: number[][]; gold: boolean[] }[] } {
  const random = seeded(7);
  const current = [1, 0, 0];
  const lists: VoteList[] = [];
  const gold: { rows: number[][]; gold: boolean[] }[] = [];
  for (let q = 0; q < count; q++) {
    const rows = Array.from({ length: 6 }, () => [random(), random() < 0.3 ? 1 : 0, random()]);
    const truth = rows.map((r) => r[0]! + 0.8 * r[1]!);
    const best = truth.indexOf(Math.max(...truth));
    const isGold = rows.map((_, i) => i === best);
    const scores = rows.map((r) => r.reduce((s, v, j) => s + v * current[j]!, 0));
    const shown = scores.indexOf(Math.max(...scores));
    const vote = isGold[shown] ? 'up' : 'down';
    lists.push({ rows, gold: rows.map((_, i) => (vote === 'up' ? i === shown : i !== shown)), vote, shown });
    gold.push({ rows, gold: isGold });
  }
  return { lists, gold };
}

describe('refitting the ranking from votes', () => {
  it('learns from votes what the current ranking misses, and ranks more gold sentences first on held-out questions', () => {
    const { lists, gold } = simulatedVotes(400);
    const current = [1, 0, 0];
    const split = alternateVotes(lists);
    const { weights, after, heldOut } = refitFromVotes(split.fitting, split.heldOut, FEATURES, current);
    const heldOutGold = gold.filter((_, i) => i % 2 === 1);
    expect(heldOut).toBe(200);
    expect(weights[FEATURES.indexOf('typeMatch')]).toBeGreaterThan(0.2);
    expect(topOneShare(weights, heldOutGold)).toBeGreaterThan(topOneShare(current, heldOutGold) + 0.05);
    // It demotes sentences voted 👎 that it never saw, and keeps most of those voted 👍 first.
    expect(after.down).toBeGreaterThan(0.3);
    expect(after.up).toBeGreaterThan(0.7);
  });

  it('from the current weights, few votes move the ranking less than many, and both mend it', () => {
    const { lists, gold } = simulatedVotes(400);
    const current = [1, 0, 0];
    const heldOutGold = gold.filter((_, i) => i % 2 === 1);
    const split = alternateVotes(lists);
    const many = refitFromVotes(split.fitting, split.heldOut, FEATURES, current, { fromCurrent: true, prior: 0.05 });
    const few = refitFromVotes(split.fitting.slice(0, 20), split.heldOut, FEATURES, current, { fromCurrent: true, prior: 0.05 });
    const typeWeight = (w: number[]) => w[FEATURES.indexOf('typeMatch')]!;
    expect(typeWeight(few.weights)).toBeGreaterThan(0);
    expect(typeWeight(few.weights)).toBeLessThan(typeWeight(many.weights));
    expect(topOneShare(many.weights, heldOutGold)).toBeGreaterThan(topOneShare(current, heldOutGold) + 0.05);
  });
});

describe('parseVotes', () => {
  it('reads the bot’s JSON lines, skipping unreadable lines and votes on abstentions', () => {
    const line = (vote: object) => JSON.stringify({ time: '2026-12-01T10:00:00Z', generation: 'g-1', docIds: ['a'], ...vote });
    const text = [
      line({ vote: 'up', question: 'Who won?', abstained: false, answer: [{ docId: 'a', start: 0, end: 10 }] }),
      line({ vote: 'down', question: 'Why?', abstained: true, answer: [] }),
      'not json',
      line({ vote: 'sideways', question: 'What?', abstained: false, answer: [{ docId: 'a', start: 0, end: 10 }] }),
      '',
    ].join('\n');
    const { votes, skipped } = parseVotes(text);
    expect(votes.map((v) => v.question)).toEqual(['Who won?']);
    expect(skipped).toBe(3);
  });
});
