import { describe, expect, it } from 'vitest';
import { discrimination, expectedCalibrationError, reliabilityTable, type CalibrationPoint } from '../../src/evaluation/calibration.js';

/** `count` points at one confidence, `right` of them right. */
function points(confidence: number, count: number, right: number): CalibrationPoint[] {
  return Array.from({ length: count }, (_, i) => ({ confidence, right: i < right }));
}

describe('calibration measures', () => {
  it('finds no error when each confidence is right as often as it says', () => {
    const calibrated = [...points(0.25, 20, 5), ...points(0.75, 40, 30), ...points(0.95, 20, 19)];
    expect(expectedCalibrationError(calibrated)).toBe(0);
  });

  it('weighs each bin’s gap by its share of the answers', () => {
    // Says 0.9, right half the time (gap 0.4, 3/4 of the points); says 0.15, right 0.15 of the time.
    const overconfident = [...points(0.9, 60, 30), ...points(0.15, 20, 3)];
    expect(expectedCalibrationError(overconfident)).toBeCloseTo(0.3, 3);
  });

  it('lists each non-empty bin with its count, mean confidence and accuracy', () => {
    const table = reliabilityTable([...points(0.05, 4, 0), ...points(0.55, 10, 6), ...points(1, 2, 2)]);
    expect(table).toEqual([
      { from: 0, to: 0.1, count: 4, meanConfidence: 0.05, accuracy: 0 },
      { from: 0.5, to: 0.6, count: 10, meanConfidence: 0.55, accuracy: 0.6 },
      { from: 0.9, to: 1, count: 2, meanConfidence: 1, accuracy: 1 },
    ]);
  });

  it('tells a confidence that ranks right answers above wrong ones from one that is merely calibrated', () => {
    // Every right answer above every wrong one: 1. One flat confidence, calibrated at 0.5: a coin.
    expect(discrimination([...points(0.9, 10, 10), ...points(0.2, 10, 0)])).toBe(1);
    expect(discrimination(points(0.5, 20, 10))).toBe(0.5);
    expect(expectedCalibrationError(points(0.5, 20, 10))).toBe(0);
    // Right answers below wrong ones: 0; half the pairs in order: 0.5.
    expect(discrimination([...points(0.2, 10, 10), ...points(0.9, 10, 0)])).toBe(0);
    expect(discrimination([{ confidence: 0.1, right: true }, { confidence: 0.2, right: false }, { confidence: 0.3, right: true }, { confidence: 0.05, right: false }])).toBe(0.75);
  });
});
