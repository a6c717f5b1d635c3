/**
 * The generation's SQLite file damaged the ways a disk or a stray writer damages one: a page
 * overwritten, the file cut at a page boundary, a journal left beside it. Each is refused before
 * the generation serves (the manifest's size and checksum first; a leftover journal by name, since
 * SQLite would roll it into the file), the previous generation serves instead with a warning
 * naming the file, and the damaged file is never written to.
 */
import { readFile, stat, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { GENERATION_FILES, generationsFolder, IndexError, loadServedGeneration } from '../../src/index/index.js';
import { answerResolvesIn, copyIndexOf, embedder, serviceOver, twoGenerationWorkspace } from './helpers.js';

const PAGE = 4096;
const QUESTION = 'Who heads the Cartel de los Soles?';

describe('a damaged records database', () => {
  let template: { root: string; corpusDir: string; indexDir: string };
  let older: string;
  let newer: string;

  beforeAll(async () => {
    ({ template, older, newer } = await twoGenerationWorkspace());
  });

  async function copyOfIndex(): Promise<{ corpusDir: string; indexDir: string; database: string }> {
    const copy = await copyIndexOf(template);
    return { ...copy, database: path.join(generationsFolder(copy.indexDir), newer, GENERATION_FILES.store) };
  }

  /** Asks through a fresh service and checks the older generation answered, verbatim. */
  async function expectOlderServes(dirs: { corpusDir: string; indexDir: string }, reason: RegExp): Promise<void> {
    const { service, logs } = serviceOver(dirs);
    const answer = await service.ask(QUESTION);
    expect(answer.generation).toBe(older);
    expect(service.currentGeneration()).toBe(older);
    expect(logs.join('\n')).toContain(GENERATION_FILES.store);
    expect(logs.join('\n')).toMatch(reason);
    expect(logs.join('\n')).toContain(`serving the older generation ${older}`);
    const generation = await loadServedGeneration(dirs.indexDir, embedder);
    expect(answerResolvesIn(answer, generation)).toEqual([]);
  }

  it('refuses a database with one page overwritten in the middle', async () => {
    const dirs = await copyOfIndex();
    const data = await readFile(dirs.database);
    const pages = Math.floor(data.byteLength / PAGE);
    expect(pages).toBeGreaterThan(3);
    const page = Math.floor(pages / 2);
    for (let i = 0; i < PAGE; i++) data[page * PAGE + i] = (i * 31 + 7) & 0xff;
    await writeFile(dirs.database, data);
    await expectOlderServes(dirs, /does not match its manifest/);
  });

  it('refuses a database cut at a page boundary', async () => {
    const dirs = await copyOfIndex();
    const { size } = await stat(dirs.database);
    await truncate(dirs.database, Math.floor(size / PAGE / 2) * PAGE);
    await expectOlderServes(dirs, /does not match its manifest/);
  });

  it('refuses a database with a journal left beside it, and leaves the database as it was', async () => {
    const dirs = await copyOfIndex();
    const before = await readFile(dirs.database);
    // A rollback journal's header, then a page: what a writer killed mid-transaction leaves.
    const journal = Buffer.alloc(PAGE * 2);
    Buffer.from([0xd9, 0xd5, 0x05, 0xf9, 0x20, 0xa1, 0x63, 0xd7]).copy(journal, 0);
    journal.writeUInt32BE(1, 8);
    before.copy(journal, PAGE, 0, PAGE);
    await writeFile(`${dirs.database}-journal`, journal);
    await expectOlderServes(dirs, /leftover records\.sqlite-journal/);
    expect((await readFile(dirs.database)).equals(before)).toBe(true);
  });

  it('refuses a write-ahead log left beside the database', async () => {
    const dirs = await copyOfIndex();
    await writeFile(`${dirs.database}-wal`, Buffer.alloc(PAGE));
    await expectOlderServes(dirs, /leftover records\.sqlite-wal/);
  });

  it('says to run npm run index when the only generations have damaged databases', async () => {
    const dirs = await copyOfIndex();
    await truncate(dirs.database, PAGE);
    await writeFile(path.join(generationsFolder(dirs.indexDir), older, `${GENERATION_FILES.store}-journal`), Buffer.alloc(PAGE));
    const error = await serviceOver(dirs).service.ask(QUESTION).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IndexError);
    expect((error as IndexError).code).toBe('corrupt');
    expect((error as Error).message).toContain('Run: npm run index');
  });
});
