/** One bin of a reliability table: how often answers given this confidence were right. */
export interface ReliabilityBin {
  /** The bin's confidence range, [from, to). */
  from: number;
  to: number;
  count: number;
  meanConfidence: number;
  /** Share of the bin's answers that were right. */
  accuracy: number;
}

/** A confidence and whether what it was given to was right. */
export interface CalibrationPoint {
  confidence: number;
  right: boolean;
}

const round = (x: number) => Math.round(x * 1000) / 1000;

/** The reliability table over equal-width confidence bins (empty bins are left out). */
export function reliabilityTable(points: readonly CalibrationPoint[], bins = 10): ReliabilityBin[] {
  const table: ReliabilityBin[] = [];
  for (let b = 0; b < bins; b++) {
    const from = b / bins;
    const to = (b + 1) / bins;
    const inBin = points.filter((p) => p.confidence >= from && (p.confidence < to || (b === bins - 1 && p.confidence <= to)));
    if (inBin.length === 0) continue;
    table.push({
      from: round(from),
      to: round(to),
      count: inBin.length,
      meanConfidence: round(inBin.reduce((sum, p) => sum + p.confidence, 0) / inBin.length),
      accuracy: round(inBin.filter((p) => p.right).length / inBin.length),
    });
  }
  return table;
}

/**
 * Expected calibration error: the gap between confidence and accuracy in each bin, weighted by the
 * bin's share of the points. 0 is perfectly calibrated.
 */
export function expectedCalibrationError(points: readonly CalibrationPoint[], bins = 10): number {
  if (points.length === 0) return 0;
  let error = 0;
  for (const bin of reliabilityTable(points, bins)) error += (bin.count / points.length) * Math.abs(bin.meanConfidence - bin.accuracy);
  return round(error);
}

/**
 * How well confidence tells right answers from wrong ones, whatever its scale: the chance that a
 * right answer gets more confidence than a wrong one, ties counting half (the area under the ROC
 * curve). 0.5 is a coin: a confidence can be calibrated and still say nothing about one answer.
 */
export function discrimination(points: readonly CalibrationPoint[]): number {
  const sorted = [...points].sort((a, b) => a.confidence - b.confidence);
  let rightSeen = 0;
  let wrongBelow = 0;
  let pairs = 0;
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    let right = 0;
    let wrong = 0;
    for (; j < sorted.length && sorted[j]!.confidence === sorted[i]!.confidence; j++) {
      if (sorted[j]!.right) right++;
      else wrong++;
    }
    pairs += right * wrongBelow + 0.5 * right * wrong;
    rightSeen += right;
    wrongBelow += wrong;
    i = j;
  }
  return rightSeen === 0 || wrongBelow === 0 ? 0.5 : round(pairs / (rightSeen * wrongBelow));
}
