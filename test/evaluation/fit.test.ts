/**
 * The listwise ranking fit behind `npm run tune`: small candidate lists written for the test, each
 * candidate a row of two features, checked by which candidate the fitted weights put first.
 */
import { describe, expect, it } from 'vitest';
import { bestRow, fitListwise, topOneShare, type CandidateList } from '../../src/evaluation/tuning/fit.js';

describe('fitListwise', () => {
  it('puts a candidate that holds the answer first when the answer stands in two of them', () => {
    // The first feature marks the answer's sentence and its restatement; the second a sentence
    // that only shares the question's words.
    const lists: CandidateList[] = [
      { rows: [[1, 0.2], [0.6, 0.1], [0, 0.9]], gold: [true, true, false] },
      { rows: [[0, 0.8], [0.9, 0.3], [0.5, 0]], gold: [false, true, true] },
      { rows: [[0.1, 1], [0.7, 0.4]], gold: [false, true] },
    ];
    const weights = fitListwise(lists);
    expect(topOneShare(weights, lists)).toBe(1);
    expect(weights[0]!).toBeGreaterThan(weights[1]!);
  });

  it("lets a question's weight decide between questions that pull the weights apart", () => {
    const first: CandidateList = { rows: [[1, 0], [0, 1]], gold: [true, false] };
    const second: CandidateList = { rows: [[1, 0], [0, 1]], gold: [false, true] };
    const secondCounts = fitListwise([first, { ...second, weight: 5 }]);
    expect(bestRow(secondCounts, second.rows)).toBe(1);
    const firstCounts = fitListwise([{ ...first, weight: 5 }, second]);
    expect(bestRow(firstCounts, first.rows)).toBe(0);
  });

  it('stays near its starting weights when pulled toward them and the data say little', () => {
    const start = [0.3, 0.7];
    const weights = fitListwise([{ rows: [[1, 0], [0, 1]], gold: [true, true] }], { start, l2: 1 });
    weights.forEach((w, j) => expect(w).toBeCloseTo(start[j]!, 2));
  });
});
