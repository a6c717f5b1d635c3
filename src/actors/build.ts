import type { ProcessedDocument, Sentence } from '../corpus/types.js';
import {
  collectCommonWords,
  extractSentenceCandidates,
  mentionFacts,
  type CandidateMention,
  type KindHint,
} from './extract.js';
import { ORGANIZATION_CUES } from './gazetteer.js';
import { applyActorOverrides } from './overrides.js';
import { foldAccents } from '../text/index.js';
import { editDistance, nameKey, slugify, tokenize, type Token } from './text.js';
import {
  ACTOR_REGISTRY_FORMAT_VERSION,
  type ActorKind,
  type ActorOverrides,
  type ActorRecord,
  type ActorRegistryData,
  type AmbiguousName,
} from './types.js';

/**
 * Building the actor registry of a corpus: candidate mentions from every sentence, confirmed
 * against each other, merged into actors (aliases, surnames, nicknames, abbreviations, demonyms),
 * classified, given the roles the text states, then corrected by `actors.yaml`.
 */

/** ORGANIZATION_CUES lower-cased once, to compare with the lower-case words of a name key. */
const LOWER_CASE_ORGANIZATION_CUES = new Set([...ORGANIZATION_CUES].map((cue) => cue.toLowerCase()));

/** An actor while it is being assembled. */
export interface ActorDraft {
  name: string;
  kind: ActorKind;
  /** Keys (see `nameKey`) that resolve to this actor. */
  keys: Set<string>;
  surfaces: Set<string>;
  mentions: CandidateMention[];
  roles: Array<{ role: string; docId: string; sentence: number }>;
  /** Set for states and known organisations: the name does not depend on how the text spells it. */
  canonical?: string;
}

/** Connectors that show a multi-word name is an organisation's or a title's, not a person's. */
const NON_PERSON_CONNECTORS = /\b(of|for|on|the|and)\b/u;
const LOCATIVE_BEFORE = /\b(in|into|from|to|across|near|at|throughout|toward|towards|around|outside|inside)\s+(the\s+)?$/iu;

function words(key: string): string[] {
  return key.split(' ').filter(Boolean);
}

/** Is `inner` a contiguous run of `outer`'s words? */
function isContiguousPart(inner: string[], outer: string[]): boolean {
  if (inner.length >= outer.length) return false;
  for (let i = 0; i + inner.length <= outer.length; i++) {
    if (inner.every((w, k) => outer[i + k] === w)) return true;
  }
  return false;
}

/** "Department of War" and "War Department" name the same body. */
function organizationKey(key: string): string {
  const match = /^(department|ministry|office) of (?:the )?(.+)$/u.exec(key);
  return match ? `${match[2]} ${match[1]}` : key;
}

interface KeyStats {
  key: string;
  mentions: CandidateMention[];
  votes: Map<KindHint, number>;
}

function vote(stats: KeyStats, hint: KindHint | null): void {
  if (hint) stats.votes.set(hint, (stats.votes.get(hint) ?? 0) + 1);
}

function leaning(votes: Map<KindHint, number>): 'person' | 'organization' | 'group' | 'capital' | null {
  const count = (k: KindHint) => votes.get(k) ?? 0;
  if (count('capital') > 0) return 'capital';
  const best = (['organization', 'group', 'person'] as const).reduce<{ kind: 'person' | 'organization' | 'group' | null; n: number }>(
    (acc, k) => (count(k) > acc.n ? { kind: k, n: count(k) } : acc),
    { kind: null, n: 0 },
  );
  return best.kind;
}

/** A short first name of a longer one: "Ric" of "Richard". */
function isNicknameOf(short: string, long: string): boolean {
  return short.length >= 3 && short !== long && long.startsWith(short);
}

/**
 * Turns one sentence list per document into candidate mentions, dropping those only seen where
 * capitals prove nothing (headlines, sentence starts) unless the same name is confirmed elsewhere.
 */
function collectCandidates(documents: readonly ProcessedDocument[]): CandidateMention[] {
  const commonWords = collectCommonWords(documents.flatMap((d) => d.sentences.map((s) => s.text)));
  const found: CandidateMention[] = [];
  const notActorKeys = new Set<string>();
  for (const { sentences } of documents) {
    for (const sentence of sentences) {
      const candidates = extractSentenceCandidates(sentence, { commonWords });
      found.push(...candidates.mentions);
      for (const key of candidates.notActorKeys) notActorKeys.add(key);
    }
  }
  // A vehicle or a label named elsewhere without its telling context is still not an actor.
  const raw = found.filter((c) => !notActorKeys.has(c.key) || c.role || c.honorific);
  const strongKeys = new Set<string>();
  const strongCount = new Map<string, number>();
  const strongOrganizationKeys = new Set<string>();
  const strongInnerWords = new Set<string>();
  for (const c of raw) {
    if (c.weak) continue;
    strongKeys.add(c.key);
    strongCount.set(c.key, (strongCount.get(c.key) ?? 0) + 1);
    if (c.hint === 'organization') strongOrganizationKeys.add(c.key);
    // A surname alone ("Hegseth" opening a sentence) is confirmed by the full name elsewhere.
    const parts = words(c.key);
    if (parts.length > 1 && c.hint !== 'organization' && c.hint !== 'group') strongInnerWords.add(parts[parts.length - 1]!);
  }
  const confirmed = (key: string) => strongKeys.has(key) || (!key.includes(' ') && strongInnerWords.has(key));
  const kept: CandidateMention[] = [];
  for (const c of raw) {
    // "Dissident FARC members": an adjective that opens a sentence is not part of a known name.
    if (c.clauseInitial && c.parts.length > 1) {
      const rest = c.parts.slice(1);
      const surface = c.surface.slice(rest[0]![0] - c.start);
      const restKey = nameKey(surface);
      const cut = !c.firstWordProper ? confirmed(restKey) : strongOrganizationKeys.has(restKey);
      if ((strongCount.get(c.key) ?? 0) <= 1 && cut) {
        kept.push({ ...c, start: rest[0]![0], surface, key: nameKey(surface), parts: rest, weak: false, hint: null });
        continue;
      }
    }
    if (!c.weak || c.canonical || c.hint === 'capital' || confirmed(c.key)) {
      kept.push({ ...c, weak: false });
      continue;
    }
    // "Maduro’s Inner Circle Hasn’t Cracked": keep the confirmed names inside a headline's run.
    const parts = c.parts;
    for (let i = 0; i < parts.length; ) {
      let taken = 0;
      for (let j = parts.length; j > i; j--) {
        const start = parts[i]![0];
        const end = parts[j - 1]![1];
        const surface = c.surface.slice(start - c.start, end - c.start);
        const key = nameKey(surface);
        if (confirmed(key)) {
          // A shorter span may be followed by other words: its subject fact is decided again when saved.
          kept.push({ ...c, start, end, surface, key, parts: parts.slice(i, j), weak: false, hint: null, subject: undefined });
          taken = j - i;
          break;
        }
      }
      i += Math.max(1, taken);
    }
  }
  return kept;
}

/** Builds the actor registry of a corpus. Deterministic: the same documents give the same registry. */
export function buildActorRegistry(documents: ProcessedDocument[], overrides?: ActorOverrides): ActorRegistryData {
  const candidates = collectCandidates(documents);
  const sentenceOf = new Map<string, Sentence>();
  for (const d of documents) for (const s of d.sentences) sentenceOf.set(`${d.document.docId}#${s.index}`, s);

  const drafts: ActorDraft[] = [];
  const byCanonical = new Map<string, ActorDraft>();
  const statsByKey = new Map<string, KeyStats>();
  const abbreviationOf = new Map<string, string>();

  for (const c of candidates) {
    if (c.canonical) {
      const kind: ActorKind = c.hint === 'country' ? 'country' : 'organization';
      let draft = byCanonical.get(c.canonical);
      if (!draft) {
        draft = { name: c.canonical, kind, keys: new Set([nameKey(c.canonical)]), surfaces: new Set(), mentions: [], roles: [], canonical: c.canonical };
        byCanonical.set(c.canonical, draft);
        drafts.push(draft);
      }
      draft.keys.add(c.key);
      draft.surfaces.add(c.surface);
      draft.mentions.push(c);
      continue;
    }
    const key = c.hint === 'organization' ? organizationKey(c.key) : c.key;
    let stats = statsByKey.get(key);
    if (!stats) {
      stats = { key, mentions: [], votes: new Map() };
      statsByKey.set(key, stats);
    }
    stats.mentions.push(c);
    vote(stats, c.hint);
    if (c.abbreviates) abbreviationOf.set(key, organizationKey(c.abbreviates));
  }
  // Votes travel with a key however it was written, so "Tren de Aragua" is an organisation everywhere.
  for (const stats of statsByKey.values()) {
    for (const m of stats.mentions) if (!m.hint && stats.votes.size === 0 && m.role) vote(stats, 'person');
  }

  const ordered = [...statsByKey.values()].sort(
    (a, b) => words(b.key).length - words(a.key).length || b.mentions.length - a.mentions.length || a.key.localeCompare(b.key),
  );
  const draftByKey = new Map<string, ActorDraft>();
  const leaningOf = new Map<ActorDraft, ReturnType<typeof leaning>>();
  const ambiguous = new Map<string, Set<ActorDraft>>();

  const attach = (draft: ActorDraft, stats: KeyStats) => {
    draft.keys.add(stats.key);
    for (const m of stats.mentions) {
      draft.mentions.push(m);
      draft.surfaces.add(m.surface);
    }
    draftByKey.set(stats.key, draft);
    const lean = leaningOf.get(draft);
    if (!lean) leaningOf.set(draft, leaning(stats.votes));
  };

  for (const stats of ordered) {
    const own = leaning(stats.votes);
    const longForm = abbreviationOf.get(stats.key);
    if (longForm && draftByKey.has(longForm)) {
      attach(draftByKey.get(longForm)!, stats);
      continue;
    }
    if (own === 'capital') {
      const draft: ActorDraft = { name: '', kind: 'other', keys: new Set(), surfaces: new Set(), mentions: [], roles: [] };
      drafts.push(draft);
      attach(draft, stats);
      continue;
    }
    const mine = words(stats.key);
    const parents = new Set<ActorDraft>();
    for (const [otherKey, draft] of draftByKey) {
      const theirs = words(otherKey);
      const theirLean = leaningOf.get(draft);
      if (theirLean === 'capital') continue;
      const organizational = theirLean === 'organization' || theirLean === 'group' || own === 'organization' || own === 'group';
      if (organizational) {
        // "Treasury" is the "Treasury Department": the longer name adds only cue words.
        const extra = theirs.filter((w) => !mine.includes(w));
        const cueOnly = extra.length > 0 && extra.every((w) => LOWER_CASE_ORGANIZATION_CUES.has(w));
        if (cueOnly && isContiguousPart(mine, theirs)) parents.add(draft);
        continue;
      }
      if (NON_PERSON_CONNECTORS.test(otherKey)) continue;
      const onlyGivenName = mine.length === 1 && theirs[0] === mine[0];
      if (isContiguousPart(mine, theirs) && !onlyGivenName) parents.add(draft);
      else if (
        mine.length >= 2 &&
        mine.length === theirs.length &&
        mine.slice(1).join(' ') === theirs.slice(1).join(' ') &&
        (isNicknameOf(mine[0]!, theirs[0]!) || isNicknameOf(theirs[0]!, mine[0]!))
      ) {
        parents.add(draft);
      }
    }
    if (parents.size === 1) {
      attach([...parents][0]!, stats);
      continue;
    }
    if (parents.size > 1) {
      // "Rodríguez" when the text names Delcy and Jorge Rodríguez: no guess.
      ambiguous.set(stats.key, parents);
      continue;
    }
    // "Rouvinksi" (sic) a line after "Vladimir Rouvinski": a one-letter slip of a known surname.
    if (mine.length === 1 && mine[0]!.length >= 6 && own !== 'organization') {
      const near = new Set<ActorDraft>();
      for (const [otherKey, draft] of draftByKey) {
        const theirs = words(otherKey);
        if (theirs.length < 2 || leaningOf.get(draft) === 'organization' || NON_PERSON_CONNECTORS.test(otherKey)) continue;
        if (editDistance(mine[0]!, theirs[theirs.length - 1]!, 1) === 1) near.add(draft);
      }
      if (near.size === 1) {
        attach([...near][0]!, stats);
        continue;
      }
    }
    const draft: ActorDraft = { name: '', kind: 'other', keys: new Set(), surfaces: new Set(), mentions: [], roles: [] };
    drafts.push(draft);
    leaningOf.set(draft, own);
    attach(draft, stats);
  }

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

  const real = drafts.filter((d) => isRealActor(d));
  const problems: string[] = [];
  const final = overrides ? applyActorOverrides(real, overrides, documents, problems) : real;
  return finish(final, ambiguous, sentenceOf, documents, problems);
}

/** The fullest spelling: most words, then most used, then the accented one ("Nicolás" over "Nicolas"). */
function chooseName(draft: ActorDraft): string {
  const counts = new Map<string, number>();
  for (const m of draft.mentions) counts.set(m.surface, (counts.get(m.surface) ?? 0) + 1);
  const withAccents = (s: string) => (foldAccents(s) === s ? 0 : 1);
  return [...counts.entries()]
    .sort(
      ([a, na], [b, nb]) =>
        words(nameKey(b)).length - words(nameKey(a)).length ||
        nb - na ||
        withAccents(b) - withAccents(a) ||
        b.length - a.length ||
        a.localeCompare(b),
    )[0]![0];
}

function decideKind(draft: ActorDraft, lean: ReturnType<typeof leaning>, sentenceOf: Map<string, Sentence>): ActorKind {
  if (lean === 'capital') return 'other';
  if (lean === 'organization') return 'organization';
  if (lean === 'group') return 'group';
  if (lean === 'person') return 'person';
  const key = nameKey(draft.name);
  if (words(key).length >= 2) return NON_PERSON_CONNECTORS.test(key) ? 'organization' : 'person';
  if (/^\p{Lu}{2,}$/u.test(draft.name.replace(/\./g, ''))) return 'organization';
  // A lone word the text only uses as a place ("mansions in Florida") is a place, not an actor.
  const locative = draft.mentions.filter((m) => {
    const sentence = sentenceOf.get(`${m.docId}#${m.sentence}`);
    return sentence ? LOCATIVE_BEFORE.test(sentence.text.slice(0, m.start - sentence.start)) : false;
  }).length;
  if (locative * 2 >= draft.mentions.length) return 'other';
  return 'person';
}

/** A lone, once-seen word with nothing saying what it is ("Western", "Reply") is not worth listing. */
function isRealActor(draft: ActorDraft): boolean {
  if (draft.canonical) return true;
  if (draft.mentions.length === 0) return false;
  if (draft.roles.length > 0 || draft.mentions.some((m) => m.honorific)) return true;
  const single = words(nameKey(draft.name)).length === 1;
  if (draft.kind === 'other' && draft.mentions.length < 2) return false;
  if (single && draft.mentions.length < 2 && !draft.mentions.some((m) => m.proper)) return false;
  return true;
}

function finish(
  drafts: ActorDraft[],
  ambiguous: Map<string, Set<ActorDraft>>,
  sentenceOf: Map<string, Sentence>,
  documents: readonly ProcessedDocument[],
  problems: string[],
): ActorRegistryData {
  const docOrder = new Map(documents.map((d, i) => [d.document.docId, i]));
  // Mentions found after extraction (a headline's run cut to a known name, an actors.yaml alias)
  // have no tags yet: their sentences are tagged here, once each.
  const tokensOf = new Map<string, Token[]>();
  const factsOf = (m: CandidateMention): { subject: boolean; action: boolean } => {
    if (m.subject !== undefined && m.action !== undefined) return { subject: m.subject, action: m.action };
    const k = `${m.docId}#${m.sentence}`;
    const sentence = sentenceOf.get(k);
    if (!sentence) return { subject: false, action: false };
    if (!tokensOf.has(k)) tokensOf.set(k, tokenize(sentence.text));
    return mentionFacts(tokensOf.get(k)!, m.end - sentence.start);
  };
  const usedIds = new Set<string>();
  const idOf = new Map<ActorDraft, string>();
  const records: ActorRecord[] = [];
  const sorted = [...drafts].sort((a, b) => b.mentions.length - a.mentions.length || a.name.localeCompare(b.name));
  for (const draft of sorted) {
    let id = slugify(draft.name);
    for (let n = 2; usedIds.has(id); n++) id = `${slugify(draft.name)}-${n}`;
    usedIds.add(id);
    idOf.set(draft, id);
    const seen = new Set<string>();
    const mentions = draft.mentions
      .filter((m) => {
        const span = `${m.docId}:${m.start}:${m.end}`;
        if (seen.has(span)) return false;
        seen.add(span);
        return true;
      })
      .sort((a, b) => (docOrder.get(a.docId) ?? 0) - (docOrder.get(b.docId) ?? 0) || a.start - b.start)
      .map((m) => ({ docId: m.docId, sentence: m.sentence, start: m.start, end: m.end, ...factsOf(m) }));
    const roleKeys = new Set<string>();
    const roles = draft.roles.flatMap((r) => {
      const key = nameKey(r.role);
      const sentence = sentenceOf.get(`${r.docId}#${r.sentence}`);
      if (roleKeys.has(key) || !sentence) return [];
      roleKeys.add(key);
      return [{ role: r.role, docId: r.docId, sentence: r.sentence, start: sentence.start, end: sentence.end }];
    });
    const aliases = [...draft.surfaces].filter((s) => s !== draft.name).sort((a, b) => a.localeCompare(b));
    const docIds = [...new Set(mentions.map((m) => m.docId))];
    records.push({ id, name: draft.name, kind: draft.kind, aliases, roles, mentions, docIds });
  }
  const ambiguousNames: AmbiguousName[] = [];
  for (const [key, parents] of ambiguous) {
    const ids = [...parents].map((p) => idOf.get(p)).filter((id): id is string => !!id);
    if (ids.length > 1) ambiguousNames.push({ name: key, actorIds: ids });
  }
  return { formatVersion: ACTOR_REGISTRY_FORMAT_VERSION, actors: records, ambiguous: ambiguousNames, problems };
}
