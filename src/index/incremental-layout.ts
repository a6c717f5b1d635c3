import type { ProcessedDocument } from '../corpus/types.js';

/** A served generation's document as the incremental build reads it from its manifest. */
export interface LaidOutDocument {
  docId: string;
  hash: string;
  passages: number;
  sentences: number;
}

/**
 * A run of consecutive documents whose rows the new generation copies from the served one: in
 * both generations they follow each other in the same order, so each of their passages, sentences
 * and documents moves by one offset.
 */
export interface KeptRun {
  kind: 'kept';
  /** Positions in the served generation (first row of the run) and how many rows it spans. */
  from: { document: number; passage: number; sentence: number };
  count: { documents: number; passages: number; sentences: number };
  /** The run's first positions in the new generation. */
  to: { document: number; passage: number; sentence: number };
}

/** A document added or changed: its rows are written anew (its sentences' vectors may still be reused). */
export interface FreshDocument {
  kind: 'fresh';
  /** Its index in the new generation's document list. */
  document: number;
  passage: number;
  sentence: number;
}

/** How a new generation's rows come from the served generation's and from the fresh documents. */
export interface IncrementalLayout {
  /** In the new generation's order: every document belongs to exactly one step. */
  steps: (KeptRun | FreshDocument)[];
  /** Served rows dropped: documents removed or changed. */
  dropped: { documents: number[]; passages: { from: number; count: number }[]; sentences: { from: number; count: number }[] };
  /** Label in the new generation of each served passage position that stays (kept passages only). */
  passageMove: (oldPosition: number) => number | undefined;
  freshDocuments: number;
  freshPassages: number;
  keptPassages: number;
}

/**
 * Lays out a new generation against the served one. Both list documents in corpus order (file
 * names sorted), so a document present in both with the same content keeps its relative order,
 * and its rows can be copied, shifted by how many rows the added and removed documents before it
 * add or take. The new generation's positions are exactly the ones a full build gives: the
 * records, their order and every tie broken by position stay the same.
 */
export function planIncrementalLayout(served: readonly LaidOutDocument[], next: readonly ProcessedDocument[]): IncrementalLayout {
  const servedAt = new Map<string, { index: number; passage: number; sentence: number; document: LaidOutDocument }>();
  let passage = 0;
  let sentence = 0;
  served.forEach((document, index) => {
    servedAt.set(document.docId, { index, passage, sentence, document });
    passage += document.passages;
    sentence += document.sentences;
  });

  const steps: (KeptRun | FreshDocument)[] = [];
  const keptDocuments = new Set<number>();
  const moves: { from: number; count: number; to: number }[] = [];
  let toPassage = 0;
  let toSentence = 0;
  let freshPassages = 0;
  let keptPassages = 0;
  let lastServed = -1;
  next.forEach((processed, index) => {
    const old = servedAt.get(processed.document.docId);
    // Kept only when unchanged and after the last kept document: the served order of kept
    // documents is the corpus order, so this holds unless the served generation was built over
    // another ordering (then the document is simply written anew).
    const kept =
      old !== undefined &&
      old.document.hash === processed.document.hash &&
      old.index > lastServed &&
      old.document.passages === processed.passages.length &&
      old.document.sentences === processed.sentences.length;
    if (kept) {
      lastServed = old.index;
      keptDocuments.add(old.index);
      keptPassages += old.document.passages;
      const last = steps.at(-1);
      const continues =
        last?.kind === 'kept' &&
        last.from.document + last.count.documents === old.index &&
        last.to.document + last.count.documents === index;
      if (continues) {
        last.count.documents += 1;
        last.count.passages += old.document.passages;
        last.count.sentences += old.document.sentences;
      } else {
        steps.push({
          kind: 'kept',
          from: { document: old.index, passage: old.passage, sentence: old.sentence },
          count: { documents: 1, passages: old.document.passages, sentences: old.document.sentences },
          to: { document: index, passage: toPassage, sentence: toSentence },
        });
      }
      if (old.document.passages > 0) {
        const move = moves.at(-1);
        if (move && move.from + move.count === old.passage && move.to + move.count === toPassage) move.count += old.document.passages;
        else moves.push({ from: old.passage, count: old.document.passages, to: toPassage });
      }
    } else {
      steps.push({ kind: 'fresh', document: index, passage: toPassage, sentence: toSentence });
      freshPassages += processed.passages.length;
    }
    toPassage += processed.passages.length;
    toSentence += processed.sentences.length;
  });

  const dropped: IncrementalLayout['dropped'] = { documents: [], passages: [], sentences: [] };
  for (const { index, passage: first, sentence: firstSentence, document } of servedAt.values()) {
    if (keptDocuments.has(index)) continue;
    dropped.documents.push(index);
    if (document.passages > 0) dropped.passages.push({ from: first, count: document.passages });
    if (document.sentences > 0) dropped.sentences.push({ from: firstSentence, count: document.sentences });
  }
  const passageMove = (oldPosition: number): number | undefined => {
    // Binary search over the moves, which are sorted by their served position.
    let low = 0;
    let high = moves.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const move = moves[middle]!;
      if (oldPosition < move.from) high = middle - 1;
      else if (oldPosition >= move.from + move.count) low = middle + 1;
      else return move.to + (oldPosition - move.from);
    }
    return undefined;
  };
  return { steps, dropped, passageMove, freshDocuments: steps.filter((step) => step.kind === 'fresh').length, freshPassages, keptPassages };
}
