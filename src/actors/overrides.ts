import { parse as parseYaml } from 'yaml';
import type { ProcessedDocument } from '../corpus/types.js';
import type { ActorDraft } from './build.js';
import type { CandidateMention } from './extract.js';
import { nameKey } from './text.js';
import type { ActorKind, ActorOverrideEntry, ActorOverrides } from './types.js';

/**
 * `corpus/actors.yaml`: corrections a moderator makes to the actor registry, applied each time
 * the registry is built. Every key is optional; a malformed file or entry is reported, never fatal.
 *
 * ```yaml
 * actors:                      # add aliases, fix a kind, rename, or add an actor the finder missed
 *   - name: Diosdado Cabello   # any name or alias the registry knows (a new name adds an actor)
 *     aliases: [El Capo]       # also searched for in the text, so their mentions count
 *     kind: person             # person | organization | country | group | other
 *     rename: Diosdado Cabello Rondón
 * merge:                       # each list becomes one actor, named after its first member
 *   - [Nicolás Maduro, Maduro Moros]
 * exclude:                     # names that are not actors (a columnist, a product)
 *   - Newsmax
 * ```
 */

const KINDS: readonly ActorKind[] = ['person', 'organization', 'country', 'group', 'other'];

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string' && v.trim() !== '');
}

/** Parses the text of `actors.yaml`. Whatever cannot be understood is skipped and described in `problems`. */
export function parseActorOverrides(text: string): { overrides: ActorOverrides; problems: string[] } {
  const overrides: ActorOverrides = { actors: [], merge: [], exclude: [] };
  const problems: string[] = [];
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    problems.push(`actors.yaml is not valid YAML (${reason}); no overrides applied.`);
    return { overrides, problems };
  }
  if (document === null || document === undefined) return { overrides, problems };
  if (typeof document !== 'object' || Array.isArray(document)) {
    problems.push('actors.yaml must be a mapping with the keys actors, merge and exclude; no overrides applied.');
    return { overrides, problems };
  }
  const root = document as Record<string, unknown>;
  for (const key of Object.keys(root)) {
    if (!['actors', 'merge', 'exclude'].includes(key)) problems.push(`actors.yaml: unknown key "${key}" ignored (expected actors, merge, exclude).`);
  }

  if (root.actors !== undefined) {
    if (!Array.isArray(root.actors)) problems.push('actors.yaml: "actors" must be a list; ignored.');
    else {
      root.actors.forEach((raw: unknown, i: number) => {
        const where = `actors.yaml: actors[${i}]`;
        if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
          problems.push(`${where} must be a mapping with a name; ignored.`);
          return;
        }
        const entry = raw as Record<string, unknown>;
        if (typeof entry.name !== 'string' || !entry.name.trim()) {
          problems.push(`${where} has no name; ignored.`);
          return;
        }
        const parsed: ActorOverrideEntry = { name: entry.name.trim() };
        if (entry.kind !== undefined) {
          if (typeof entry.kind === 'string' && (KINDS as string[]).includes(entry.kind)) parsed.kind = entry.kind as ActorKind;
          else problems.push(`${where} (${parsed.name}): kind must be one of ${KINDS.join(', ')}; kind ignored.`);
        }
        if (entry.aliases !== undefined) {
          const aliases = typeof entry.aliases === 'string' ? [entry.aliases] : entry.aliases;
          if (isStringList(aliases)) parsed.aliases = aliases.map((a) => a.trim());
          else problems.push(`${where} (${parsed.name}): aliases must be a list of names; aliases ignored.`);
        }
        if (entry.rename !== undefined) {
          if (typeof entry.rename === 'string' && entry.rename.trim()) parsed.rename = entry.rename.trim();
          else problems.push(`${where} (${parsed.name}): rename must be a name; ignored.`);
        }
        overrides.actors.push(parsed);
      });
    }
  }

  if (root.merge !== undefined) {
    if (!Array.isArray(root.merge)) problems.push('actors.yaml: "merge" must be a list of name lists; ignored.');
    else {
      root.merge.forEach((group: unknown, i: number) => {
        if (isStringList(group) && group.length >= 2) overrides.merge.push(group.map((g) => g.trim()));
        else problems.push(`actors.yaml: merge[${i}] must list at least two names; ignored.`);
      });
    }
  }

  if (root.exclude !== undefined) {
    const exclude = typeof root.exclude === 'string' ? [root.exclude] : root.exclude;
    if (isStringList(exclude)) overrides.exclude.push(...exclude.map((e) => e.trim()));
    else problems.push('actors.yaml: "exclude" must be a list of names; ignored.');
  }
  return { overrides, problems };
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
        found.push({
          docId: document.docId,
          sentence: sentence.index,
          start,
          end: start + match[0].length,
          surface: match[0],
          key: nameKey(match[0]),
          parts: [[start, start + match[0].length]],
          hint: null,
          proper: true,
          weak: false,
        });
      }
    }
  }
  return found;
}

/**
 * Applies parsed overrides to the drafts of a registry build: excludes, merges, then per-actor
 * fixes and additions. Names that match nothing are reported in `problems`.
 */
export function applyActorOverrides(
  drafts: ActorDraft[],
  overrides: ActorOverrides,
  documents: readonly ProcessedDocument[],
  problems: string[],
): ActorDraft[] {
  let result = [...drafts];
  for (const name of overrides.exclude) {
    const draft = resolve(result, name);
    if (draft) result = result.filter((d) => d !== draft);
    else problems.push(`actors.yaml: exclude "${name}" matches no actor.`);
  }
  for (const group of overrides.merge) {
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
  for (const entry of overrides.actors) {
    // A new actor's name and aliases are searched for twice (to know it is in the text, then to add its mentions).
    const found = new Map<string, ReturnType<typeof findAliasMentions>>();
    const mentionsOf = (form: string) => {
      let mentions = found.get(form);
      if (!mentions) found.set(form, (mentions = findAliasMentions(form, documents)));
      return mentions;
    };
    let draft = resolve(result, entry.name);
    if (!draft) {
      const mentions = [entry.name, ...(entry.aliases ?? [])].flatMap((a) => mentionsOf(a));
      if (mentions.length === 0) {
        problems.push(`actors.yaml: "${entry.name}" matches no actor and is not in the text; not added.`);
        continue;
      }
      draft = { name: entry.name, kind: entry.kind ?? 'other', keys: new Set([nameKey(entry.name)]), surfaces: new Set(), mentions: [], roles: [] };
      result.push(draft);
    }
    for (const alias of entry.aliases ?? []) {
      // An alias claims an actor the finder listed under that name ("El Halcón" is Rafael Ibarra).
      const claimed = result.filter((d) => d !== draft && (nameKey(d.name) === nameKey(alias) || d.keys.has(nameKey(alias))));
      for (const other of claimed) {
        draft.mentions.push(...other.mentions);
        draft.roles.push(...other.roles);
        other.surfaces.forEach((s) => draft!.surfaces.add(s));
      }
      result = result.filter((d) => !claimed.includes(d));
      draft.surfaces.add(alias);
      draft.keys.add(nameKey(alias));
    }
    for (const form of [draft.name, ...(entry.aliases ?? [])]) {
      if (form !== entry.name && !(entry.aliases ?? []).includes(form)) continue;
      const known = new Set(draft.mentions.map((m) => `${m.docId}:${m.start}`));
      for (const m of mentionsOf(form)) {
        const covered = draft.mentions.some((d) => d.docId === m.docId && d.start <= m.start && m.end <= d.end);
        if (!known.has(`${m.docId}:${m.start}`) && !covered) draft.mentions.push(m);
      }
    }
    if (entry.kind) draft.kind = entry.kind;
    if (entry.rename) {
      draft.surfaces.add(draft.name);
      draft.name = entry.rename;
      draft.keys.add(nameKey(entry.rename));
    }
  }
  return result;
}
