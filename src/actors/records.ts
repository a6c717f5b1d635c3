import type { ProcessedDocument } from '../corpus/types.js';
import { mentionFacts } from './mention-facts.js';
import type { SentenceLookup } from './classify.js';
import { nameKey, sentenceKey, slugify } from './text.js';
import { tokenize, type Token } from './tokens.js';
import {
  ACTOR_REGISTRY_FORMAT_VERSION,
  type ActorDraft,
  type ActorMention,
  type ActorRecord,
  type ActorRegistryData,
  type ActorRoleRecord,
  type AmbiguousName,
  type CandidateMention,
} from './types.js';

/**
 * Turning finished drafts into the saved registry: unique ids, mentions in document order (each
 * with its subject and action facts), one role per distinct wording, ambiguous names by id.
 */

export function toRegistryData(
  drafts: readonly ActorDraft[],
  ambiguous: ReadonlyMap<string, ReadonlySet<ActorDraft>>,
  sentenceOf: SentenceLookup,
  documents: readonly ProcessedDocument[],
  problems: string[],
  /** Where each document keeps the facts of its re-tagged mentions between builds (its extraction entry). */
  savedFactsOf?: (docId: string) => Record<string, number> | undefined,
): ActorRegistryData {
  const docOrder = new Map(documents.map((d, i) => [d.document.docId, i]));
  const facts = new MentionFacts(sentenceOf, savedFactsOf);
  const usedIds = new Set<string>();
  const idOf = new Map<ActorDraft, string>();
  const records: ActorRecord[] = [];
  const sorted = [...drafts].sort((a, b) => b.mentions.length - a.mentions.length || a.name.localeCompare(b.name));
  for (const draft of sorted) {
    const id = uniqueId(draft.name, usedIds);
    idOf.set(draft, id);
    const mentions = savedMentions(draft.mentions, docOrder, facts);
    const aliases = [...draft.surfaces].filter((s) => s !== draft.name).sort((a, b) => a.localeCompare(b));
    const docIds = [...new Set(mentions.map((m) => m.docId))];
    records.push({ id, name: draft.name, kind: draft.kind, aliases, roles: savedRoles(draft, sentenceOf), mentions, docIds });
  }
  const ambiguousNames: AmbiguousName[] = [];
  for (const [key, parents] of ambiguous) {
    const ids = [...parents].map((p) => idOf.get(p)).filter((id): id is string => !!id);
    if (ids.length > 1) ambiguousNames.push({ name: key, actorIds: ids });
  }
  return { formatVersion: ACTOR_REGISTRY_FORMAT_VERSION, actors: records, ambiguous: ambiguousNames, problems };
}

function uniqueId(name: string, usedIds: Set<string>): string {
  let id = slugify(name);
  for (let n = 2; usedIds.has(id); n++) id = `${slugify(name)}-${n}`;
  usedIds.add(id);
  return id;
}

/** Each span once, in document order. */
function savedMentions(candidates: readonly CandidateMention[], docOrder: ReadonlyMap<string, number>, facts: MentionFacts): ActorMention[] {
  const seen = new Set<string>();
  return candidates
    .filter((m) => {
      const span = `${m.docId}:${m.start}:${m.end}`;
      if (seen.has(span)) return false;
      seen.add(span);
      return true;
    })
    .sort((a, b) => (docOrder.get(a.docId) ?? 0) - (docOrder.get(b.docId) ?? 0) || a.start - b.start)
    .map((m) => ({ docId: m.docId, sentence: m.sentence, start: m.start, end: m.end, ...facts.of(m) }));
}

/** One role per wording (name key), with the offsets of the sentence it came from. */
function savedRoles(draft: ActorDraft, sentenceOf: SentenceLookup): ActorRoleRecord[] {
  const roleKeys = new Set<string>();
  return draft.roles.flatMap((r) => {
    const key = nameKey(r.role);
    const sentence = sentenceOf.get(sentenceKey(r.docId, r.sentence));
    if (roleKeys.has(key) || !sentence) return [];
    roleKeys.add(key);
    return [{ role: r.role, docId: r.docId, sentence: r.sentence, start: sentence.start, end: sentence.end }];
  });
}

/**
 * The subject and action facts of each mention. Mentions found after extraction (a headline's
 * run cut to a known name, an actors.yaml alias) have no tags yet: their sentences are tagged
 * here, once each, and the facts kept in the document's saved entry (they depend on the sentence's
 * text and the mention's end alone), so the next build of an unchanged document tags nothing.
 */
class MentionFacts {
  private readonly tokensOf = new Map<string, Token[]>();

  constructor(
    private readonly sentenceOf: SentenceLookup,
    private readonly savedFactsOf: ((docId: string) => Record<string, number> | undefined) | undefined,
  ) {}

  of(m: CandidateMention): { subject: boolean; action: boolean } {
    if (m.subject !== undefined && m.action !== undefined) return { subject: m.subject, action: m.action };
    const saved = this.savedFactsOf?.(m.docId);
    const savedKey = `${m.sentence}:${m.end}`;
    const known = saved?.[savedKey];
    if (known !== undefined) return { subject: (known & 1) !== 0, action: (known & 2) !== 0 };
    const k = sentenceKey(m.docId, m.sentence);
    const sentence = this.sentenceOf.get(k);
    if (!sentence) return { subject: false, action: false };
    let tokens = this.tokensOf.get(k);
    if (!tokens) this.tokensOf.set(k, (tokens = tokenize(sentence.text)));
    const facts = mentionFacts(tokens, m.end - sentence.start);
    if (saved) saved[savedKey] = (facts.subject ? 1 : 0) | (facts.action ? 2 : 0);
    return facts;
  }
}
