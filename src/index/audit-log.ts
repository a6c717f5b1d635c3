import { appendFile, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** How a rebuild attempt ended. */
export type RebuildOutcome = 'ok' | 'refused' | 'failed' | 'busy';

/** One line of `INDEX_DIR/audit.jsonl`: one rebuild attempt. */
export interface AuditEntry {
  /** When the attempt ended (ISO 8601). */
  time: string;
  /** A Discord user id, or "cli". */
  requestedBy: string;
  outcome: RebuildOutcome;
  /** Why it was refused or failed, or which build held the lock; null when ok. */
  reason: string | null;
  /** The generation served afterwards (the new one when ok, the old one otherwise). */
  generation: string | null;
  /** Document counts; null when the build did not get far enough to know them. */
  documents: number | null;
  added: number | null;
  changed: number | null;
  removed: number | null;
  skipped: number | null;
  durationMs: number;
  force: boolean;
  /**
   * For a rebuild run to add or remove articles (`add`, `remove`, `/add`, `/remove`): what changed,
   * and from which address. Absent for a plain reindex.
   */
  articles?: AuditedArticle[];
  /**
   * Adds and removes that were killed before their rebuild served them (their process died) and
   * that this rebuild completed: who asked, when, and what. Their articles are also in `articles`.
   */
  completedEdits?: CompletedEdit[];
}

/** An interrupted add or remove, as the rebuild that completed it records it. */
export interface CompletedEdit {
  kind: 'add' | 'remove';
  requestedBy: string;
  startedAt: string;
  articles: AuditedArticle[];
}

/** One article an `add` or `remove` changed, as the audit log records it. */
export interface AuditedArticle {
  change: 'added' | 'updated' | 'removed';
  docId: string;
  /** The article's URL (canonical when the page names one); null for a file or a removal of a file without one. */
  url: string | null;
  /** What the moderator gave: the link as typed, or the file name. */
  input: string;
}

export function auditLogFile(indexDir: string): string {
  return path.join(indexDir, 'audit.jsonl');
}

/**
 * Appends one entry as one line. A single append of a short line is atomic on local file
 * systems, so concurrent writers never interleave; a crash loses at most the line being written.
 */
export async function appendAuditEntry(indexDir: string, entry: AuditEntry): Promise<void> {
  await mkdir(indexDir, { recursive: true });
  await appendFile(auditLogFile(indexDir), `${JSON.stringify(entry)}\n`, 'utf8');
}

/** Every entry, oldest first. Lines that do not read as entries are left out: see {@link readAuditLogCounted}. */
export async function readAuditLog(indexDir: string): Promise<AuditEntry[]> {
  return (await readAuditLogCounted(indexDir)).entries;
}

/**
 * Every entry, oldest first, and how many non-empty lines did not read as an entry (garbage, or a
 * line cut short by a crash mid-append): the caller says so in one line instead of hiding them.
 */
export async function readAuditLogCounted(indexDir: string): Promise<{ entries: AuditEntry[]; unreadable: number }> {
  let text: string;
  try {
    text = await readFile(auditLogFile(indexDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], unreadable: 0 };
    throw error;
  }
  const entries: AuditEntry[] = [];
  let unreadable = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const entry = JSON.parse(line) as AuditEntry;
      if (entry && typeof entry === 'object' && typeof entry.outcome === 'string') entries.push(entry);
      else unreadable++;
    } catch {
      unreadable++;
    }
  }
  return { entries, unreadable };
}
