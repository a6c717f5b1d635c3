import { describe, expect, it } from 'vitest';

import {
  quantizeRowsInt8,
  removeComponent,
  sentenceSecondMoment,
  sifWeight,
  topEigenvector,
  zipfProbability,
} from '../../src/embedding/sif-matrix.js';

describe('SIF weighting', () => {
  it('estimates word probabilities that sum to one and fall with rank', () => {
    let total = 0;
    for (let rank = 0; rank < 1000; rank++) total += zipfProbability(rank, 1000);
    expect(total).toBeCloseTo(1, 9);
    expect(zipfProbability(0, 1000)).toBeGreaterThan(zipfProbability(1, 1000));
  });

  it('down-weights frequent words and leaves rare words near full weight', () => {
    const vocabulary = 341_479;
    expect(sifWeight(zipfProbability(0, vocabulary))).toBeLessThan(0.01); // "the"
    expect(sifWeight(zipfProbability(249, vocabulary))).toBeCloseTo(0.5, 1);
    expect(sifWeight(zipfProbability(100_000, vocabulary))).toBeGreaterThan(0.99);
  });
});

describe('principal component removal', () => {
  it('finds the dominant direction of a symmetric matrix', () => {
    // diag(1, 5, 2): the top eigenvector is e1.
    const matrix = Float64Array.from([1, 0, 0, 0, 5, 0, 0, 0, 2]);
    const u = topEigenvector(matrix, 3);
    expect(Math.abs(u[1]!)).toBeCloseTo(1, 9);
  });

  it('takes the common direction of frequent words as the component, and removes it from every row', () => {
    // Every word shares the direction (1, 1, 0) plus its own offset.
    const rows = Float32Array.from([3, 3, 0.5, 3, 3, -0.5, 3, 2.5, 0, 2.5, 3, 0]);
    const probability = Float64Array.from([0.4, 0.3, 0.2, 0.1]);
    const u = topEigenvector(sentenceSecondMoment(rows, 3, probability), 3);
    expect(u[0]!).toBeCloseTo(Math.SQRT1_2, 1);
    expect(u[1]!).toBeCloseTo(Math.SQRT1_2, 1);
    removeComponent(rows, 3, u);
    for (let r = 0; r < 4; r++) {
      const dot = rows[r * 3]! * u[0]! + rows[r * 3 + 1]! * u[1]! + rows[r * 3 + 2]! * u[2]!;
      expect(Math.abs(dot)).toBeLessThan(1e-5);
    }
  });
});

describe('int8 row quantisation', () => {
  it('reconstructs each row within half a step of its own scale, and keeps zero rows zero', () => {
    const rows = Float32Array.from([0.5, -1, 0.25, 0, 0, 0, 100, 3, -7]);
    const { values, scales } = quantizeRowsInt8(rows, 3);
    expect(scales[1]).toBe(0);
    for (let r = 0; r < 3; r++) {
      for (let d = 0; d < 3; d++) {
        expect(Math.abs(values[r * 3 + d]! * scales[r]! - rows[r * 3 + d]!)).toBeLessThanOrEqual(scales[r]! / 2 + 1e-6);
      }
    }
  });
});
