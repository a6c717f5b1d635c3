/**
 * The two small fits behind the answer model: a listwise ranking fit and a logistic regression.
 * Plain full-batch gradient descent: the data are a few thousand rows of a dozen features.
 */

/** One question's candidates as feature rows, and which of them hold the answer. */
export interface CandidateList {
  rows: number[][];
  gold: boolean[];
  /** How much this question counts in a fit (1 unless said): a rarer kind of question may count more. */
  weight?: number;
}

function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** A row's linear score under the weights. */
export function dot(row: readonly number[], weights: readonly number[]): number {
  let sum = 0;
  for (let j = 0; j < row.length; j++) sum += row[j]! * weights[j]!;
  return sum;
}

/** Index of the best-scoring row under the weights (the first on a tie); -1 when there are none. */
export function bestRow(weights: readonly number[], rows: readonly (readonly number[])[]): number {
  let best = -1;
  let bestScore = -Infinity;
  rows.forEach((row, i) => {
    const score = dot(row, weights);
    if (score > bestScore) [best, bestScore] = [i, score];
  });
  return best;
}

/**
 * Listwise fit: for each question, a softmax over its candidates' linear scores, pushed toward
 * the candidates that hold the answer (the chance that one of them comes first), so the fit rewards what the answer shows, the top sentence.
 * (Pairwise logistic regression weighs every wrong candidate alike and ranks worse held out.)
 */
export function fitListwise(
  lists: readonly CandidateList[],
  options: { epochs?: number; rate?: number; l2?: number; start?: readonly number[] } = {},
): number[] {
  const usable = lists.filter((q) => q.gold.some(Boolean));
  const dims = usable[0]?.rows[0]?.length ?? options.start?.length ?? 0;
  // With a start, the fit begins there and the L2 pull is toward it, not toward zero: a refit
  // from a few hundred votes then moves only the weights the votes have evidence against.
  const centre = options.start ?? new Array<number>(dims).fill(0);
  const w = [...centre];
  const rate = options.rate ?? 1;
  const l2 = options.l2 ?? 1e-3;
  const totalWeight = usable.reduce((sum, q) => sum + (q.weight ?? 1), 0);
  for (let epoch = 0; epoch < (options.epochs ?? 800); epoch++) {
    const gradient = new Array<number>(dims).fill(0);
    for (const { rows, gold, weight = 1 } of usable) {
      const scores = rows.map((row) => dot(row, w));
      const top = Math.max(...scores);
      const exp = scores.map((z) => Math.exp(z - top));
      const total = exp.reduce((a, b) => a + b, 0);
      // The likelihood that some sentence holding the answer comes first: an answer often stands in
      // two sentences (a restatement, another outlet's copy), and either first is right. (A target
      // spread evenly over them pulled toward both alike and ranked SQuAD's held-out articles worse
      // when readers' questions joined the fit: 0.830 against 0.846.)
      const goldMass = exp.reduce((sum, e, i) => sum + (gold[i] ? e : 0), 0);
      rows.forEach((row, i) => {
        const error = weight * (exp[i]! / total - (gold[i] ? exp[i]! / goldMass : 0));
        row.forEach((v, j) => (gradient[j]! += error * v));
      });
    }
    for (let j = 0; j < dims; j++) w[j]! -= rate * (gradient[j]! / Math.max(1, totalWeight) + l2 * (w[j]! - centre[j]!));
  }
  return w;
}

/** Share of the lists whose best-scoring candidate holds the answer. */
export function topOneShare(weights: readonly number[], lists: readonly CandidateList[]): number {
  if (lists.length === 0) return 0;
  let right = 0;
  for (const { rows, gold } of lists) if (gold[bestRow(weights, rows)] === true) right++;
  return right / lists.length;
}

/** A fitted logistic model: bias and one weight per feature column. */
export interface LogisticModel {
  bias: number;
  weights: number[];
}

/** Logistic regression by full-batch gradient descent with a little L2. */
export function fitLogistic(rows: readonly number[][], labels: readonly number[], options: { epochs?: number; rate?: number; l2?: number } = {}): LogisticModel {
  const dims = rows[0]?.length ?? 0;
  const w = new Array<number>(dims).fill(0);
  let bias = 0;
  const rate = options.rate ?? 0.5;
  const l2 = options.l2 ?? 1e-3;
  for (let epoch = 0; epoch < (options.epochs ?? 5000); epoch++) {
    const gradient = new Array<number>(dims).fill(0);
    let biasGradient = 0;
    rows.forEach((row, i) => {
      const error = sigmoid(dot(row, w) + bias) - labels[i]!;
      row.forEach((v, j) => (gradient[j]! += error * v));
      biasGradient += error;
    });
    for (let j = 0; j < dims; j++) w[j]! -= rate * (gradient[j]! / rows.length + l2 * w[j]!);
    bias -= rate * (biasGradient / rows.length + l2 * bias);
  }
  return { bias, weights: w };
}

/** The probability a logistic model gives a row. */
export function logisticProbability(model: LogisticModel, row: readonly number[]): number {
  return sigmoid(dot(row, model.weights) + model.bias);
}
