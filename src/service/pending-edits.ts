/**
 * The pending-edit journal: an add or remove writes what it is about to change into
 * `INDEX_DIR/pending-edit-<pid>-<random>.json` before it touches the corpus folder, and deletes
 * it once the rebuild that serves the change (or the undo after a failed one) is done. A journal
 * whose process is dead is an edit killed half-way (a file saved but never served, a file gone
 * but still served): the next start or build completes it and audits it in the requester's name.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { isProcessAlive, replaceFileAtomically, syncFolder } from '../files/index.js';
import type { AuditedArticle } from '../index/index.js';

export const PENDING_EDIT_FORMAT_VERSION = 1;
const PREFIX = 'pending-edit-';

/** One journal: who asked for which change, from which process, since when. */
export interface PendingEdit {
  formatVersion: typeof PENDING_EDIT_FORMAT_VERSION;
  kind: 'add' | 'remove';
  requestedBy: string;
  startedAt: string;
  pid: number;
  hostname: string;
  /** The articles as the audit log records them; a docId is "" until the file is saved. */
  articles: AuditedArticle[];
}

/** A journal found on disk, with the file it was read from. */
export interface FoundPendingEdit {
  file: string;
  edit: PendingEdit;
}

/** The journal of an edit in progress in this process. */
export interface OpenPendingEdit {
  /** Records what the edit now knows (the docIds of saved files, a removed file's URL). */
  update(articles: AuditedArticle[]): Promise<void>;
  /** The edit is served or undone: the journal goes. */
  finish(): Promise<void>;
}

/** Writes the journal durably before anything in the corpus folder changes. */
export async function beginPendingEdit(
  indexDir: string,
  edit: Pick<PendingEdit, 'kind' | 'requestedBy' | 'articles'>,
): Promise<OpenPendingEdit> {
  const file = path.join(indexDir, `${PREFIX}${process.pid}-${randomBytes(4).toString('hex')}.json`);
  const record: PendingEdit = {
    formatVersion: PENDING_EDIT_FORMAT_VERSION,
    ...edit,
    startedAt: new Date().toISOString(),
    pid: process.pid,
    hostname: os.hostname(),
  };
  const write = async (articles: AuditedArticle[]) => {
    await replaceFileAtomically(file, `${JSON.stringify({ ...record, articles })}\n`);
    await syncFolder(indexDir).catch(() => {});
  };
  await mkdir(indexDir, { recursive: true });
  await write(edit.articles);
  return {
    update: write,
    async finish() {
      await rm(file, { force: true });
    },
  };
}

/**
 * Journals left by edits whose process is dead (same machine: its pid is gone), oldest first.
 * A journal that does not parse is reported through `warn` and removed: it names nothing to complete.
 */
export async function interruptedEdits(indexDir: string, warn: (line: string) => void): Promise<FoundPendingEdit[]> {
  const entries = (await readdir(indexDir).catch(() => [] as string[])).filter((name) => name.startsWith(PREFIX));
  // A journal's update cut short by the kill (`<journal>.tmp-<pid>`): the journal itself is intact.
  for (const name of entries) {
    const writer = Number(/\.json\.tmp-(\d+)$/.exec(name)?.[1]);
    if (writer > 0 && !isProcessAlive(writer)) await rm(path.join(indexDir, name), { force: true });
  }
  const names = entries.filter((name) => name.endsWith('.json'));
  const found: FoundPendingEdit[] = [];
  for (const name of names) {
    const file = path.join(indexDir, name);
    let edit: PendingEdit;
    try {
      edit = JSON.parse(await readFile(file, 'utf8')) as PendingEdit;
      if (edit.formatVersion !== PENDING_EDIT_FORMAT_VERSION || !Array.isArray(edit.articles) || typeof edit.pid !== 'number') throw new Error('unknown format');
    } catch {
      warn(`${file} is not a pending-edit journal (damaged); removed.`);
      await rm(file, { force: true });
      continue;
    }
    if (edit.hostname === os.hostname() && isProcessAlive(edit.pid)) continue;
    if (edit.hostname !== os.hostname()) continue;
    found.push({ file, edit });
  }
  return found.sort((a, b) => a.edit.startedAt.localeCompare(b.edit.startedAt));
}
