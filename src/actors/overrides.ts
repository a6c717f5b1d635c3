import { parse as parseYaml } from 'yaml';
import type { ActorKind, ActorOverrideEntry, ActorOverrides } from './types.js';

/**
 * `corpus/actors.yaml`: corrections a moderator makes to the actor registry, applied each time
 * the registry is built (see `apply-overrides.ts`). Every key is optional; a malformed file or
 * entry is reported, never fatal.
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

/**
 * Parses the text of `actors.yaml`. Whatever cannot be understood is skipped and described in
 * `problems`, each naming its place in the file (`actors[2]`) but not the file: the caller that
 * read it puts `actors.yaml: ` in front (it printed "actors.yaml: actors.yaml: …" when both did).
 */
export function parseActorOverrides(text: string): { overrides: ActorOverrides; problems: string[] } {
  const overrides: ActorOverrides = { actors: [], merge: [], exclude: [] };
  const problems: string[] = [];
  let document: unknown;
  try {
    document = parseYaml(text, { logLevel: 'error' });
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    problems.push(`not valid YAML (${reason}); no overrides applied.`);
    return { overrides, problems };
  }
  if (document === null || document === undefined) return { overrides, problems };
  if (typeof document !== 'object' || Array.isArray(document)) {
    problems.push('must be a mapping with the keys actors, merge and exclude; no overrides applied.');
    return { overrides, problems };
  }
  const root = document as Record<string, unknown>;
  for (const key of Object.keys(root)) {
    if (!['actors', 'merge', 'exclude'].includes(key)) problems.push(`unknown key "${key}" ignored (expected actors, merge, exclude).`);
  }
  if (root.actors !== undefined) overrides.actors = parseActorEntries(root.actors, problems);
  if (root.merge !== undefined) overrides.merge = parseMerges(root.merge, problems);
  if (root.exclude !== undefined) overrides.exclude = parseExcludes(root.exclude, problems);
  return { overrides, problems };
}

function parseActorEntries(value: unknown, problems: string[]): ActorOverrideEntry[] {
  if (!Array.isArray(value)) {
    problems.push('"actors" must be a list; ignored.');
    return [];
  }
  return value.flatMap((raw: unknown, i: number) => {
    const entry = parseActorEntry(raw, `actors[${i}]`, problems);
    return entry ? [entry] : [];
  });
}

function parseActorEntry(raw: unknown, where: string, problems: string[]): ActorOverrideEntry | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    problems.push(`${where} must be a mapping with a name; ignored.`);
    return null;
  }
  const entry = raw as Record<string, unknown>;
  if (typeof entry.name !== 'string' || !entry.name.trim()) {
    problems.push(`${where} has no name; ignored.`);
    return null;
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
  return parsed;
}

function parseMerges(value: unknown, problems: string[]): string[][] {
  if (!Array.isArray(value)) {
    problems.push('"merge" must be a list of name lists; ignored.');
    return [];
  }
  return value.flatMap((group: unknown, i: number) => {
    if (isStringList(group) && group.length >= 2) return [group.map((g) => g.trim())];
    problems.push(`merge[${i}] must list at least two names; ignored.`);
    return [];
  });
}

function parseExcludes(value: unknown, problems: string[]): string[] {
  const exclude = typeof value === 'string' ? [value] : value;
  if (isStringList(exclude)) return exclude.map((e) => e.trim());
  problems.push('"exclude" must be a list of names; ignored.');
  return [];
}
