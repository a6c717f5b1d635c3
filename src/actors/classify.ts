import type { Sentence } from '../corpus/types.js';
import { foldAccents } from '../text/index.js';
import { hasNonPersonConnector, type Leaning } from './merge-rules.js';
import { keyWords, nameKey, sentenceKey } from './text.js';
import type { ActorDraft, ActorKind } from './types.js';

/**
 * Finishing a merged draft: its name, its kind, its roles and honorific aliases, and whether it
 * is worth listing at all.
 */

const LOCATIVE_BEFORE = /\b(in|into|from|to|across|near|at|throughout|toward|towards|around|outside|inside)\s+(the\s+)?$/iu;

/** Sentences by `docId#index`, to read a mention's context. */
export type SentenceLookup = ReadonlyMap<string, Sentence>;

/** Names, classifies and collects the roles of each draft, in place. */
export function finishDrafts(drafts: readonly ActorDraft[], leaningOf: ReadonlyMap<ActorDraft, Leaning>, sentenceOf: SentenceLookup): void {
  for (const draft of drafts) {
    if (!draft.canonical) {
      draft.name = chooseName(draft);
      draft.kind = decideKind(draft, leaningOf.get(draft) ?? null, sentenceOf);
    }
    for (const m of draft.mentions) {
      if (m.role) draft.roles.push({ role: m.role.text, docId: m.docId, sentence: m.sentence });
      if (m.honorific) draft.surfaces.add(`${m.honorific} ${m.surface}`);
    }
  }
}

/** The fullest spelling: most words, then most used, then the accented one ("Nicolás" over "Nicolas"). */
function chooseName(draft: ActorDraft): string {
  const counts = new Map<string, number>();
  for (const m of draft.mentions) counts.set(m.surface, (counts.get(m.surface) ?? 0) + 1);
  const withAccents = (s: string) => (foldAccents(s) === s ? 0 : 1);
  return [...counts.entries()].sort(
    ([a, na], [b, nb]) =>
      keyWords(nameKey(b)).length - keyWords(nameKey(a)).length ||
      nb - na ||
      withAccents(b) - withAccents(a) ||
      b.length - a.length ||
      a.localeCompare(b),
  )[0]![0];
}

/** The kind the votes lean to; without votes, the shape of the name and how the text uses it. */
function decideKind(draft: ActorDraft, lean: Leaning, sentenceOf: SentenceLookup): ActorKind {
  if (lean === 'capital') return 'other';
  if (lean) return lean;
  const key = nameKey(draft.name);
  if (keyWords(key).length >= 2) return hasNonPersonConnector(key) ? 'organization' : 'person';
  if (/^\p{Lu}{2,}$/u.test(draft.name.replace(/\./g, ''))) return 'organization';
  return isUsedAsPlace(draft, sentenceOf) ? 'other' : 'person';
}

/** A lone word the text mostly uses as a place ("mansions in Florida") is a place, not an actor. */
function isUsedAsPlace(draft: ActorDraft, sentenceOf: SentenceLookup): boolean {
  const locative = draft.mentions.filter((m) => {
    const sentence = sentenceOf.get(sentenceKey(m.docId, m.sentence));
    return sentence ? LOCATIVE_BEFORE.test(sentence.text.slice(0, m.start - sentence.start)) : false;
  }).length;
  return locative * 2 >= draft.mentions.length;
}

/** A lone, once-seen word with nothing saying what it is ("Western", "Reply") is not worth listing. */
export function isRealActor(draft: ActorDraft): boolean {
  if (draft.canonical) return true;
  if (draft.mentions.length === 0) return false;
  if (draft.roles.length > 0 || draft.mentions.some((m) => m.honorific)) return true;
  const single = keyWords(nameKey(draft.name)).length === 1;
  if (draft.kind === 'other' && draft.mentions.length < 2) return false;
  if (single && draft.mentions.length < 2 && !draft.mentions.some((m) => m.proper)) return false;
  return true;
}
