import type { ActorCorpusSource } from './corpus-source.js';
import { sentenceKey } from './text.js';
import type { ActorRecord, ActorSummary } from './types.js';

/** Actors named near one another: in the same passage, or the same sentence where a document has no passages. */
export class RelatedActors {
  private readonly passageBySentence = new Map<string, Map<number, string>>();
  /** The actors (positions in `actors`) named in each passage, built on first use. */
  private actorsByUnit: Map<string, number[]> | undefined;

  constructor(
    private readonly actors: readonly ActorRecord[],
    private readonly source: ActorCorpusSource,
  ) {}

  /** The actors most often named near this one, with the number of passages they share. */
  of(record: ActorRecord, limit: number): ActorSummary['related'] {
    const actorsByUnit = this.unitIndex();
    // Only the passages this actor is named in are read, not every other actor's mentions.
    const shared = new Map<number, Set<string>>();
    for (const m of record.mentions) {
      const unit = this.unitOf(m.docId, m.sentence);
      for (const position of actorsByUnit.get(unit) ?? []) {
        if (this.actors[position]!.id === record.id) continue;
        let units = shared.get(position);
        if (!units) shared.set(position, (units = new Set()));
        units.add(unit);
      }
    }
    return [...shared.entries()]
      .sort(([a], [b]) => a - b)
      .map(([position, units]) => ({ id: this.actors[position]!.id, name: this.actors[position]!.name, count: units.size }))
      .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
      .slice(0, limit);
  }

  private unitIndex(): Map<string, number[]> {
    if (!this.actorsByUnit) {
      const index = new Map<string, number[]>();
      this.actors.forEach((actor, position) => {
        for (const m of actor.mentions) {
          const unit = this.unitOf(m.docId, m.sentence);
          const named = index.get(unit);
          if (!named) index.set(unit, [position]);
          else if (named[named.length - 1] !== position) named.push(position);
        }
      });
      this.actorsByUnit = index;
    }
    return this.actorsByUnit;
  }

  /** The passage (`docId@passageId`) holding a sentence, or the sentence itself where there is none. */
  private unitOf(docId: string, sentence: number): string {
    return this.passageOfSentence(docId).get(sentence) ?? sentenceKey(docId, sentence);
  }

  /** Each sentence's passage in a document (`docId@passageId`), worked out once per document. */
  private passageOfSentence(docId: string): Map<number, string> {
    let map = this.passageBySentence.get(docId);
    if (!map) {
      map = new Map();
      for (const passage of this.source.passagesOf(docId)) {
        for (const index of passage.sentenceIndexes) if (!map.has(index)) map.set(index, `${docId}@${passage.id}`);
      }
      this.passageBySentence.set(docId, map);
    }
    return map;
  }
}
