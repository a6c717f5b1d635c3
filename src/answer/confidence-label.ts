import type { ConfidenceLabel } from './types.js';

/** Confidences from which an answer is called a strong or a partial match (the answer model fits them). */
export interface LabelThresholds {
  strong: number;
  partial: number;
}

/** Used where an answer model names no thresholds (a model fitted before they were fitted). */
export const DEFAULT_LABEL_THRESHOLDS: LabelThresholds = { strong: 0.8, partial: 0.5 };

/**
 * The confidence in words. The answer model's thresholds are fitted so that a "strong match" is
 * right at least 85% of the time on held-out questions, a "partial match" about half the time.
 * Front ends read an answer's `confidenceLabel`; this is the one rule behind it.
 */
export function labelOf(judgement: { abstained: boolean; confidence: number }, thresholds: LabelThresholds = DEFAULT_LABEL_THRESHOLDS): ConfidenceLabel {
  if (judgement.abstained) return 'no match';
  if (judgement.confidence >= thresholds.strong) return 'strong match';
  if (judgement.confidence >= thresholds.partial) return 'partial match';
  return 'weak match';
}
