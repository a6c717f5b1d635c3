import type { ActorCorpusSource } from './corpus-source.js';
import { sentenceKey } from './text.js';
import type { ActorRecord, ActorSummary } from './types.js';

/** Actors named near one another: in the same passage, or the same sentence where a document has no passages. */
export class RelatedActors {
  private readonly passageBySentence = new Map<string, Map<number, string>>();

  constructor(
    private readonly actors: readonly ActorRecord[],
    private readonly source: ActorCorpusSource,
  ) {}

  /** The actors most often named near this one, with the number of passages they share. */
  of(record: ActorRecord, limit: number): ActorSummary['related'] {
    const units = new Map<string, Set<string>>();
    const unitOf = (docId: string, sentence: number): string => this.passageOfSentence(docId).get(sentence) ?? sentenceKey(docId, sentence);
    const mine = new Set(record.mentions.map((m) => unitOf(m.docId, m.sentence)));
    const nameOf = new Map<string, string>();
    for (const other of this.actors) {
      if (other.id === record.id) continue;
      for (const m of other.mentions) {
        const unit = unitOf(m.docId, m.sentence);
        if (!mine.has(unit)) continue;
        if (!units.has(other.id)) units.set(other.id, new Set());
        units.get(other.id)!.add(unit);
        nameOf.set(other.id, other.name);
      }
    }
    return [...units.entries()]
      .map(([id, set]) => ({ id, name: nameOf.get(id)!, count: set.size }))
      .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
      .slice(0, limit);
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
