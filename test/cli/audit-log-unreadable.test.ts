/**
 * `npm run audit-log` over a log with garbage lines: the readable entries are printed, and the
 * unreadable lines are counted in one line on stderr instead of being skipped without a word.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { temporaryFolder } from '../helpers/temp-folders.js';
import { CLI, runTsx } from './run-cli.js';

describe('audit-log with unreadable lines', () => {
  it('prints the readable entries and says in one line how many lines it left out', async () => {
    const indexDir = path.join(await temporaryFolder('audit'), 'index');
    await mkdir(indexDir, { recursive: true });
    const entry = { time: '2026-11-25T15:18:05.611Z', requestedBy: 'cli', outcome: 'ok', reason: null, generation: 'g-1', documents: 5, added: 0, changed: 0, removed: 0, skipped: 0, durationMs: 10, force: false };
    await writeFile(path.join(indexDir, 'audit.jsonl'), `${JSON.stringify(entry)}\nnot json at all\n[1, 2]\n\n{"time": "2026-11-25T15:1`);
    const run = await runTsx([CLI, 'audit-log', '--json'], { PATH: process.env.PATH, HOME: process.env.HOME, INDEX_DIR: indexDir, CORPUS_DIR: indexDir });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).entries).toEqual([entry]);
    expect(run.stderr).toBe(`3 lines of ${path.join(indexDir, 'audit.jsonl')} could not be read (damaged, or cut short by a crash) and are left out.\n`);
  });
});
