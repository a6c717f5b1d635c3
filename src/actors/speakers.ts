import type { Sentence } from '../corpus/types.js';
import { attributesSpeechTo, hasPronounAttribution, isBareQuotation } from './attribution.js';
import { sentenceAt, type ActorCorpusSource } from './corpus-source.js';
import { mentionsBySentence, sentenceKey } from './text.js';
import type { ActorKind, ActorRecord } from './types.js';

/**
 * Who speaks in a sentence: an actor named as the speaker, "he"/"she" after a sentence that
 * names them, or a bare quotation continuing their words.
 */

/** An actor named at one start in a sentence; `ends` holds the end of each of its mentions there. */
interface SentenceMention {
  id: string;
  start: number;
  ends: number[];
}

/** Speech a sentence reports without naming its speaker. */
interface SpeechCues {
  /** "…,” he says." */
  pronounAttribution: boolean;
  /** The actor "he" or "she" most likely is, when the sentence has a pronoun attribution. */
  pronounSpeaker: string | null;
  /** "“The message is clear…”" */
  bareQuotation: boolean;
}

export class SpeakerFinder {
  /** The actors named in each sentence, one entry per actor and start. */
  private readonly actorsBySentence = new Map<string, SentenceMention[]>();
  private readonly kindOf = new Map<string, ActorKind>();
  /** What each sentence of a document says without naming anyone, worked out once per document. */
  private readonly cuesByDocument = new Map<string, SpeechCues[]>();

  constructor(
    actors: readonly ActorRecord[],
    private readonly source: ActorCorpusSource,
  ) {
    for (const actor of actors) {
      this.kindOf.set(actor.id, actor.kind);
      for (const m of actor.mentions) {
        const k = sentenceKey(m.docId, m.sentence);
        if (!this.actorsBySentence.has(k)) this.actorsBySentence.set(k, []);
        const entries = this.actorsBySentence.get(k)!;
        const same = entries.find((e) => e.id === actor.id && e.start === m.start);
        if (same) same.ends.push(m.end);
        else entries.push({ id: actor.id, start: m.start, ends: [m.end] });
      }
    }
  }

  /**
   * Sentences in which the actor speaks, in document order: attributed by name, by a pronoun
   * whose nearest person in the previous two sentences is the actor, or a bare quotation
   * continuing their words.
   */
  sentencesQuoting(record: ActorRecord): Sentence[] {
    const quoted: Sentence[] = [];
    const quotedKeys = new Set<string>();
    const mentionsHere = mentionsBySentence(record.mentions);
    for (const docId of record.docIds) {
      const cues = this.cuesOf(docId);
      this.source.sentencesOf(docId).forEach((sentence, position) => {
        const k = sentenceKey(docId, sentence.index);
        const spans = mentionsHere.get(k);
        let speaks = false;
        if (spans) {
          speaks = spans.some((m) => attributesSpeechTo(sentence.text, { start: m.start - sentence.start, end: m.end - sentence.start }));
        } else if (cues[position]!.pronounAttribution) {
          speaks = cues[position]!.pronounSpeaker === record.id;
        } else if (cues[position]!.bareQuotation) {
          speaks = quotedKeys.has(sentenceKey(docId, sentence.index - 1));
        }
        if (speaks) {
          quoted.push(sentence);
          quotedKeys.add(k);
        }
      });
    }
    return quoted;
  }

  /**
   * The pronoun-attribution and bare-quotation tests of a document's sentences, by position, and
   * who "he" or "she" is: they depend on the corpus alone, not on the actor summarised, and every
   * summary of an actor the document names worked them out again.
   */
  private cuesOf(docId: string): SpeechCues[] {
    let cues = this.cuesByDocument.get(docId);
    if (!cues) {
      cues = this.source.sentencesOf(docId).map((s) => {
        const pronounAttribution = hasPronounAttribution(s.text);
        return {
          pronounAttribution,
          pronounSpeaker: pronounAttribution ? this.lastPersonBefore(docId, s.index) : null,
          bareQuotation: isBareQuotation(s.text),
        };
      });
      this.cuesByDocument.set(docId, cues);
    }
    return cues;
  }

  /** The person named last in the two sentences before `index`: who "he" or "she" most likely is. */
  private lastPersonBefore(docId: string, index: number): string | null {
    for (let i = index - 1; i >= Math.max(0, index - 2); i--) {
      const sentence = sentenceAt(this.source, docId, i);
      const people = (this.actorsBySentence.get(sentenceKey(docId, i)) ?? []).filter((m) => this.kindOf.get(m.id) === 'person');
      // A speaker in the previous sentence ("…, Mr. Ellis explains.") is who "he says" continues.
      if (sentence) {
        const speaker = people.find((m) =>
          m.ends.some((end) => attributesSpeechTo(sentence.text, { start: m.start - sentence.start, end: end - sentence.start })),
        );
        if (speaker) return speaker.id;
      }
      // The subject (first person named) is the likelier antecedent than a later object.
      if (people.length > 0) return people.sort((a, b) => a.start - b.start)[0]!.id;
    }
    return null;
  }
}
