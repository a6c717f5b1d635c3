/**
 * An add or remove killed (SIGKILL) after it changed the corpus folder and before its rebuild
 * served the change: the next start or build completes it, and the audit log names the pending
 * change (who asked, which article, from which file). The edit runs in a real child process that
 * is killed the moment its file change shows on disk.
 */
import { spawn } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAuditLog } from '../../src/index/index.js';
import { ROOT } from '../cli/run-cli.js';
import { tempWorkspace } from '../helpers/temp-corpus.js';
import { serviceOver } from './helpers.js';

const MODERATOR = '777777777777777777';
const ARTICLE = `Harbour council reopens the ferry pier\n\nThe harbour council voted on Tuesday to reopen the old ferry pier after a two-year repair. The first crossing is planned for the spring, the harbour master said at the meeting.\n`;

/** Runs one edit through the real service in a child process and kills it once `changed()` holds. */
async function killEditWhen(dirs: { corpusDir: string; indexDir: string }, edit: string, changed: () => Promise<boolean>): Promise<void> {
  const script = `
    import { loadConfig } from ${JSON.stringify(path.join(ROOT, 'src/config/index.ts'))};
    import { HashingEmbedder } from ${JSON.stringify(path.join(ROOT, 'src/embedding/index.ts'))};
    import { createVerbatimService } from ${JSON.stringify(path.join(ROOT, 'src/service/index.ts'))};
    const config = loadConfig({ CORPUS_DIR: ${JSON.stringify(dirs.corpusDir)}, INDEX_DIR: ${JSON.stringify(dirs.indexDir)} });
    const service = createVerbatimService(config, { embedder: new HashingEmbedder({ dims: 64 }), log: () => {} });
    await service.sources();
    ${edit}`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, stdio: 'ignore' });
  let exited = false;
  const exit = new Promise((resolve) => child.once('exit', resolve)).then(() => (exited = true));
  while (!exited && !(await changed())) await new Promise((resolve) => setTimeout(resolve, 1));
  child.kill('SIGKILL');
  await exit;
  expect(await changed()).toBe(true);
}

const pendingJournals = async (indexDir: string) => (await readdir(indexDir)).filter((name) => name.startsWith('pending-edit-'));

describe('an edit killed before its rebuild', () => {
  it('a remove (file gone, article still served) is completed at the next start and audited in the moderator’s name', async () => {
    const dirs = await tempWorkspace();
    await serviceOver(dirs).service.reindex({ requestedBy: 'cli' });
    const docId = '001_818d96d150a48b90';
    const file = path.join(dirs.corpusDir, `${docId}.txt`);
    await killEditWhen(dirs, `await service.remove([${JSON.stringify(docId)}], { requestedBy: '${MODERATOR}' });`, async () => !(await readdir(dirs.corpusDir)).includes(path.basename(file)));

    const { service, logs } = serviceOver(dirs);
    expect((await service.sources()).map((s) => s.docId)).not.toContain(docId);
    expect(logs.join('\n')).toMatch(new RegExp(`Completing edits that stopped before their rebuild: remove by ${MODERATOR}`));
    const last = (await readAuditLog(dirs.indexDir)).at(-1)!;
    expect(last).toMatchObject({ outcome: 'ok', requestedBy: MODERATOR, removed: 1, articles: [{ change: 'removed', docId }] });
    expect(last.completedEdits).toEqual([expect.objectContaining({ kind: 'remove', requestedBy: MODERATOR, articles: [expect.objectContaining({ docId })] })]);
    expect(await pendingJournals(dirs.indexDir)).toEqual([]);
  });

  it('an add (file saved, never served) is completed by the next build, whoever asks for it, and audited as the moderator’s', async () => {
    const dirs = await tempWorkspace();
    await serviceOver(dirs).service.reindex({ requestedBy: 'cli' });
    const before = new Set(await readdir(dirs.corpusDir));
    const input = `{ kind: 'file', name: 'ferry-pier.txt', bytes: Buffer.from(${JSON.stringify(ARTICLE)}) }`;
    await killEditWhen(dirs, `await service.add([${input}], { requestedBy: '${MODERATOR}' });`, async () => (await readdir(dirs.corpusDir)).some((name) => !before.has(name) && !name.startsWith('.')));
    const saved = (await readdir(dirs.corpusDir)).find((name) => !before.has(name) && !name.startsWith('.'))!;
    expect(await readFile(path.join(dirs.corpusDir, saved), 'utf8')).toContain('ferry pier');

    const report = await serviceOver(dirs).service.reindex({ requestedBy: 'cli' });
    const docId = saved.replace(/\.(md|txt)$/, '');
    expect(report.added).toEqual([docId]);
    const last = (await readAuditLog(dirs.indexDir)).at(-1)!;
    expect(last).toMatchObject({ outcome: 'ok', requestedBy: 'cli', articles: [{ change: 'added', input: 'ferry-pier.txt' }] });
    expect(last.completedEdits).toEqual([expect.objectContaining({ kind: 'add', requestedBy: MODERATOR, articles: [expect.objectContaining({ input: 'ferry-pier.txt' })] })]);
    expect(await pendingJournals(dirs.indexDir)).toEqual([]);
  });
});
