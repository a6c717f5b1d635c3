import type { ProcessedDocument } from '../corpus/types.js';
import { extractDocuments, type ActorExtractions, type ExtractedCorpus } from './extractions.js';
import { keyWords, nameKey } from './text.js';
import type { CandidateMention } from './types.js';

/**
 * The corpus-wide pass over candidate mentions: every sentence's candidates, without the names
 * the context showed are not actors, and with the names only seen where capitals prove nothing
 * (headlines, sentence starts) kept only when the same name is confirmed elsewhere.
 */

/** What the mentions found where capitals mean something (not weak) confirm. */
interface StrongEvidence {
  count: Map<string, number>;
  organizationKeys: Set<string>;
  /** Last words of multi-word person names: "Hegseth" opening a sentence is confirmed by "Pete Hegseth". */
  surnames: Set<string>;
}

/**
 * Candidate mentions of a corpus, confirmed against each other; each unchanged document's own
 * reading is taken from `previous` (see `extractions.ts`), the confirmation always runs on all.
 */
export function collectCandidates(
  documents: readonly ProcessedDocument[],
  previous?: ActorExtractions,
): { candidates: CandidateMention[]; extracted: ExtractedCorpus } {
  const extracted = extractDocuments(documents, previous);
  return { candidates: confirmCandidates(extracted), extracted };
}

/** The confirmation pass of {@link collectCandidates} over extractions already read. */
export function confirmCandidates(extracted: ExtractedCorpus): CandidateMention[] {
  const raw = withoutNotActors(extracted);
  const evidence = strongEvidence(raw);
  // A loop rather than flatMap: no one-element array per mention (116k on a 2,000-article archive).
  const confirmed: CandidateMention[] = [];
  for (const c of raw) for (const kept of confirmCandidate(c, evidence)) confirmed.push(kept);
  return confirmed;
}

/** Every sentence's candidates; a vehicle or a label named elsewhere without its telling context is still not an actor. */
function withoutNotActors({ mentions, notActorKeys }: ExtractedCorpus): CandidateMention[] {
  return mentions.filter((c) => !notActorKeys.has(c.key) || c.role || c.honorific);
}

function strongEvidence(candidates: readonly CandidateMention[]): StrongEvidence {
  const evidence: StrongEvidence = { count: new Map(), organizationKeys: new Set(), surnames: new Set() };
  // A key's last word, once per distinct key (null for a one-word key): most keys recur.
  const surnameOf = new Map<string, string | null>();
  for (const c of candidates) {
    if (c.weak) continue;
    evidence.count.set(c.key, (evidence.count.get(c.key) ?? 0) + 1);
    if (c.hint === 'organization') evidence.organizationKeys.add(c.key);
    if (c.hint === 'organization' || c.hint === 'group') continue;
    let surname = surnameOf.get(c.key);
    if (surname === undefined) {
      const parts = keyWords(c.key);
      surname = parts.length > 1 ? parts[parts.length - 1]! : null;
      surnameOf.set(c.key, surname);
    }
    if (surname !== null) evidence.surnames.add(surname);
  }
  return evidence;
}

function isConfirmed(key: string, evidence: StrongEvidence): boolean {
  return evidence.count.has(key) || (!key.includes(' ') && evidence.surnames.has(key));
}

/** The mentions a candidate stands for once confirmed: itself, a shorter name inside it, or none. */
function confirmCandidate(c: CandidateMention, evidence: StrongEvidence): CandidateMention[] {
  const cut = withoutOpeningAdjective(c, evidence);
  if (cut) return [cut];
  if (!c.weak || c.canonical || c.hint === 'capital' || isConfirmed(c.key, evidence)) return [{ ...c, weak: false }];
  return confirmedNamesInside(c, evidence);
}

/** "Dissident FARC members": an adjective that opens a sentence is not part of a known name. */
function withoutOpeningAdjective(c: CandidateMention, evidence: StrongEvidence): CandidateMention | null {
  if (!c.clauseInitial || c.parts.length <= 1) return null;
  const rest = c.parts.slice(1);
  const surface = c.surface.slice(rest[0]![0] - c.start);
  const restKey = nameKey(surface);
  const cut = !c.firstWordProper ? isConfirmed(restKey, evidence) : evidence.organizationKeys.has(restKey);
  if ((evidence.count.get(c.key) ?? 0) > 1 || !cut) return null;
  return { ...c, start: rest[0]![0], surface, key: nameKey(surface), parts: rest, weak: false, hint: null };
}

/** "Maduro’s Inner Circle Hasn’t Cracked": the confirmed names inside a headline's run, longest first. */
function confirmedNamesInside(c: CandidateMention, evidence: StrongEvidence): CandidateMention[] {
  const kept: CandidateMention[] = [];
  const parts = c.parts;
  for (let i = 0; i < parts.length; ) {
    let taken = 0;
    for (let j = parts.length; j > i; j--) {
      const start = parts[i]![0];
      const end = parts[j - 1]![1];
      const surface = c.surface.slice(start - c.start, end - c.start);
      const key = nameKey(surface);
      if (isConfirmed(key, evidence)) {
        // A shorter span may be followed by other words: its subject fact is decided again when saved.
        kept.push({ ...c, start, end, surface, key, parts: parts.slice(i, j), weak: false, hint: null, subject: undefined });
        taken = j - i;
        break;
      }
    }
    i += Math.max(1, taken);
  }
  return kept;
}
