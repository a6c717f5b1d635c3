import type { GenerationSentences } from './sentence-analysis.js';
import type { ScoredSentence } from './sentence-ranker.js';

/** At most this many runners-up are shown beside the answer. */
export const MAX_ALSO_RELEVANT = 2;

/**
 * Picks the runners-up worth showing under the answer as "Also relevant": the next best
 * sentences whose score is within the answer model's fitted margin of the best one's, when the
 * evidence is split over several sentences. The best sentence's neighbours (quoted with it when
 * it leans on them) and copies of a sentence already shown are left out.
 */
export class AlsoRelevantSelector {
  constructor(
    private readonly sentences: GenerationSentences,
    private readonly margin: number,
    private readonly max = MAX_ALSO_RELEVANT,
  ) {}

  select(ranked: readonly ScoredSentence[]): ScoredSentence[] {
    const best = ranked[0];
    if (!best) return [];
    const shown = [this.sentences.copiesOf(best.sentence)];
    const { previous, next } = this.sentences.adjacent(best.sentence);
    const besideBest = new Set([previous, next].filter((s) => s !== undefined).map((s) => `${s.docId}#${s.index}`));
    const picked: ScoredSentence[] = [];
    for (const candidate of ranked.slice(1)) {
      if (picked.length >= this.max || best.score - candidate.score > this.margin) break;
      const { sentence } = candidate;
      if (besideBest.has(`${sentence.docId}#${sentence.index}`) || shown.some((repeats) => repeats(sentence))) continue;
      picked.push(candidate);
      shown.push(this.sentences.copiesOf(sentence));
    }
    return picked;
  }
}
