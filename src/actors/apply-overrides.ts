import type { ProcessedDocument } from '../corpus/types.js';
import { nameKey } from './text.js';
import { emptyDraft, type ActorDraft, type ActorOverrideEntry, type ActorOverrides, type CandidateMention } from './types.js';

/**
 * Applying a parsed `actors.yaml` to the drafts of a registry build: excludes, merges, then
 * per-actor fixes and additions. Names that match nothing are reported in `problems`.
 */
export function applyActorOverrides(
  drafts: ActorDraft[],
  overrides: ActorOverrides,
  documents: readonly ProcessedDocument[],
  problems: string[],
): ActorDraft[] {
  let result = applyExcludes([...drafts], overrides.exclude, problems);
  result = applyMerges(result, overrides.merge, problems);
  for (const entry of overrides.actors) result = applyEntry(result, entry, documents, problems);
  return result;
}

function applyExcludes(drafts: ActorDraft[], names: readonly string[], problems: string[]): ActorDraft[] {
  let result = drafts;
  for (const name of names) {
    const draft = resolve(result, name);
    if (draft) result = result.filter((d) => d !== draft);
    else problems.push(`actors.yaml: exclude "${name}" matches no actor.`);
  }
  return result;
}

function applyMerges(drafts: ActorDraft[], groups: readonly string[][], problems: string[]): ActorDraft[] {
  let result = drafts;
  for (const group of groups) {
    const members = group.map((name) => ({ name, draft: resolve(result, name) }));
    const missing = members.filter((m) => !m.draft).map((m) => m.name);
    if (missing.length > 0) problems.push(`actors.yaml: merge of ${group.join(' + ')}: no actor named ${missing.join(', ')}.`);
    const found = [...new Set(members.map((m) => m.draft).filter((d): d is ActorDraft => !!d))];
    const [target, ...rest] = found;
    if (!target || rest.length === 0) continue;
    for (const other of rest) {
      other.keys.forEach((k) => target.keys.add(k));
      other.surfaces.forEach((s) => target.surfaces.add(s));
      target.surfaces.add(other.name);
      target.mentions.push(...other.mentions);
      target.roles.push(...other.roles);
    }
    result = result.filter((d) => !rest.includes(d));
  }
  return result;
}

/** One `actors:` entry: find or add the actor, claim its aliases, add their mentions, fix kind and name. */
function applyEntry(drafts: ActorDraft[], entry: ActorOverrideEntry, documents: readonly ProcessedDocument[], problems: string[]): ActorDraft[] {
  let result = drafts;
  const aliases = entry.aliases ?? [];
  // A new actor's name and aliases are searched for twice (to know it is in the text, then to add its mentions).
  const found = new Map<string, CandidateMention[]>();
  const mentionsOf = (form: string) => {
    let mentions = found.get(form);
    if (!mentions) found.set(form, (mentions = findAliasMentions(form, documents)));
    return mentions;
  };
  let draft = resolve(result, entry.name);
  if (!draft) {
    if ([entry.name, ...aliases].every((form) => mentionsOf(form).length === 0)) {
      problems.push(`actors.yaml: "${entry.name}" matches no actor and is not in the text; not added.`);
      return result;
    }
    draft = emptyDraft(entry.name, entry.kind ?? 'other');
    draft.keys.add(nameKey(entry.name));
    result = [...result, draft];
  }
  for (const alias of aliases) result = claimAlias(result, draft, alias);
  // Aliases are always searched for, the entry's name only when it is the actor's name; the actor's name goes first.
  const forms = [draft.name, ...aliases].filter((form) => form === entry.name || aliases.includes(form));
  for (const form of forms) addMentions(draft, mentionsOf(form));
  if (entry.kind) draft.kind = entry.kind;
  if (entry.rename) {
    draft.surfaces.add(draft.name);
    draft.name = entry.rename;
    draft.keys.add(nameKey(entry.rename));
  }
  return result;
}

/** An alias claims an actor the finder listed under that name ("El Halcón" is Rafael Ibarra). */
function claimAlias(drafts: ActorDraft[], draft: ActorDraft, alias: string): ActorDraft[] {
  const key = nameKey(alias);
  const claimed = drafts.filter((d) => d !== draft && (nameKey(d.name) === key || d.keys.has(key)));
  for (const other of claimed) {
    draft.mentions.push(...other.mentions);
    draft.roles.push(...other.roles);
    other.surfaces.forEach((s) => draft.surfaces.add(s));
  }
  draft.surfaces.add(alias);
  draft.keys.add(key);
  return drafts.filter((d) => !claimed.includes(d));
}

/** Adds the mentions no known mention of the draft already covers. */
function addMentions(draft: ActorDraft, mentions: readonly CandidateMention[]): void {
  const known = new Set(draft.mentions.map((m) => `${m.docId}:${m.start}`));
  for (const m of mentions) {
    const covered = draft.mentions.some((d) => d.docId === m.docId && d.start <= m.start && m.end <= d.end);
    if (!known.has(`${m.docId}:${m.start}`) && !covered) draft.mentions.push(m);
  }
}

/** Finds the draft a moderator means by a name: a known name or alias, then a unique surname. */
function resolve(drafts: readonly ActorDraft[], name: string): ActorDraft | undefined {
  const key = nameKey(name);
  const exact = drafts.filter((d) => nameKey(d.name) === key || d.keys.has(key) || [...d.surfaces].some((s) => nameKey(s) === key));
  if (exact.length >= 1) return exact[0];
  const byLastWord = drafts.filter((d) => nameKey(d.name).split(' ').pop() === key);
  return byLastWord.length === 1 ? byLastWord[0] : undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Mentions of an alias a moderator added: whole words, any case, in every sentence. */
function findAliasMentions(alias: string, documents: readonly ProcessedDocument[]): CandidateMention[] {
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(alias)}(?![\\p{L}\\p{N}])`, 'giu');
  const found: CandidateMention[] = [];
  for (const { document, sentences } of documents) {
    for (const sentence of sentences) {
      for (const match of sentence.text.matchAll(pattern)) {
        const start = sentence.start + match.index;
        const surface = match[0];
        const end = start + surface.length;
        found.push({ docId: document.docId, sentence: sentence.index, start, end, surface, key: nameKey(surface), parts: [[start, end]], hint: null, proper: true, weak: false });
      }
    }
  }
  return found;
}
