/**
 * A full or read-only disk: an add or remove that cannot write the corpus folder is refused in
 * one line saying what to do (a user error, exit 1), with nothing changed; a build on a nearly
 * full index disk prunes the older generations before writing (or after an ENOSPC, then once
 * more) and tells the operator in one line and in the audit log.
 */
import { readdir } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { describeFailure } from '../../src/cli/exit.js';
import { GENERATION_FILES, generationsFolder, nodeFileSystem, readAuditLog, readCurrentGenerationName, type GenerationFileSystem } from '../../src/index/index.js';
import { corpusFolderWriter, FolderNotWritableError } from '../../src/service/articles.js';
import type { CorpusWriter } from '../../src/service/index.js';
import { createVerbatimService } from '../../src/service/index.js';
import { loadConfig } from '../../src/config/index.js';
import { tempWorkspace } from '../helpers/temp-corpus.js';
import { embedder, serviceOver } from './helpers.js';

const ARTICLE = 'Harbour council reopens the ferry pier\n\nThe harbour council voted on Tuesday to reopen the old ferry pier after a two-year repair. The first crossing is planned for the spring, the harbour master said.\n';

function diskError(code: string, file: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: cannot write, open '${file}'`), { code });
}

/** The real corpus writers, failing the way a full or read-only disk makes them fail. */
function failingCorpus(code: 'ENOSPC' | 'EROFS'): CorpusWriter {
  return {
    save: async (corpusDir) => Promise.reject(diskError(code, `${corpusDir}/.article.md.tmp`)),
    remove: async (corpusDir, docId) => Promise.reject(diskError(code, `${corpusDir}/${docId}.txt`)),
  };
}

describe('an add or remove on a full or read-only corpus folder', () => {
  for (const [code, words] of [
    ['ENOSPC', /^No space left on the disk of the corpus folder .* \(ENOSPC\): free some space, then try again\. Nothing was (added|removed)\.$/],
    ['EROFS', /^Cannot write to the corpus folder .* \(EROFS\): make it writable for this user, or set CORPUS_DIR to a folder that is\. Nothing was (added|removed)\.$/],
  ] as const) {
    it(`says what to do in one line (${code}, exit 1) and changes nothing`, async () => {
      const dirs = await tempWorkspace();
      const config = loadConfig({ CORPUS_DIR: dirs.corpusDir, INDEX_DIR: dirs.indexDir });
      const service = createVerbatimService(config, { embedder, log: () => {}, corpusWriter: failingCorpus(code) });
      const before = await service.sources();
      const files = await readdir(dirs.corpusDir);
      for (const attempt of [
        () => service.add([{ kind: 'file', name: 'pier.txt', bytes: Buffer.from(ARTICLE) }], { requestedBy: 'cli' }),
        () => service.remove([before[0]!.docId], { requestedBy: 'cli' }),
      ]) {
        const error = await attempt().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(FolderNotWritableError);
        expect((error as Error).message).toMatch(words);
        expect(describeFailure(error)).toEqual({ status: 1, line: (error as Error).message });
      }
      expect(await readdir(dirs.corpusDir)).toEqual(files);
      expect(await service.sources()).toEqual(before);
      expect((await readdir(dirs.indexDir)).filter((name) => name.startsWith('pending-edit-'))).toEqual([]);
    });
  }

  it('still adds through the real writers (the wrapper is the only difference)', async () => {
    const dirs = await tempWorkspace();
    const config = loadConfig({ CORPUS_DIR: dirs.corpusDir, INDEX_DIR: dirs.indexDir });
    const service = createVerbatimService(config, { embedder, log: () => {}, corpusWriter: corpusFolderWriter });
    const report = await service.add([{ kind: 'file', name: 'pier.txt', bytes: Buffer.from(ARTICLE) }], { requestedBy: 'cli' });
    expect(report.added).toHaveLength(1);
  });
});

/** node:fs/promises, with the free space it reports and the first write of a matching file failing as told. */
function tightDisk(options: { freeBytes?: number; failFirstWriteOf?: string }): GenerationFileSystem {
  let failed = false;
  return {
    ...nodeFileSystem,
    statfs: (async (folder: string) => {
      const stats = await nodeFileSystem.statfs(folder);
      return options.freeBytes === undefined ? stats : { ...stats, bavail: Math.floor(options.freeBytes / stats.bsize) };
    }) as GenerationFileSystem['statfs'],
    open: (async (file: string, flags?: string) => {
      const handle = await nodeFileSystem.open(file, flags);
      if (failed || !options.failFirstWriteOf || !String(file).endsWith(options.failFirstWriteOf)) return handle;
      return new Proxy(handle, {
        get(target, property) {
          if (property === 'writeFile') {
            return async (data: Uint8Array) => {
              failed = true;
              await target.writeFile(data.subarray(0, Math.floor(data.byteLength / 2)));
              throw diskError('ENOSPC', String(file));
            };
          }
          const value = Reflect.get(target, property, target) as unknown;
          return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
        },
      });
    }) as GenerationFileSystem['open'],
  };
}

describe('a build on a nearly full index disk', () => {
  async function threeGenerations() {
    const dirs = await tempWorkspace();
    const { service } = serviceOver(dirs);
    for (let i = 0; i < 3; i++) await service.reindex({ requestedBy: 'test', force: i > 0 });
    const served = (await readCurrentGenerationName(dirs.indexDir))!;
    expect((await readdir(generationsFolder(dirs.indexDir))).length).toBe(3);
    return { dirs, served };
  }

  it('prunes the older generations before writing when the free space is short, and says so', async () => {
    const { dirs, served } = await threeGenerations();
    const { service, logs } = serviceOver(dirs, { fs: tightDisk({ freeBytes: 1024 }) });
    const report = await service.reindex({ requestedBy: 'cli', force: true });
    expect(await readdir(generationsFolder(dirs.indexDir))).toEqual([served, report.generation].sort());
    expect(report.notes).toHaveLength(1);
    expect(report.notes![0]).toMatch(/^The index disk had 0\.0 MB free and a generation needs about .* MB: removed the older generations g-.*, g-.* to make room; free space on the disk of .* to keep a fallback generation again\.$/);
    expect(logs).toEqual(report.notes);
    expect((await readAuditLog(dirs.indexDir)).at(-1)).toMatchObject({ outcome: 'ok', requestedBy: 'cli', reason: report.notes![0] });
  });

  it('prunes and writes once more after ENOSPC, instead of failing every build the same way', async () => {
    const { dirs, served } = await threeGenerations();
    const { service, logs } = serviceOver(dirs, { fs: tightDisk({ failFirstWriteOf: GENERATION_FILES.hnsw }) });
    const report = await service.reindex({ requestedBy: 'cli', force: true });
    expect(await readCurrentGenerationName(dirs.indexDir)).toBe(report.generation);
    expect((await service.ask('Who heads the Cartel de los Soles?')).generation).toBe(report.generation);
    expect(await readdir(generationsFolder(dirs.indexDir))).toEqual([served, report.generation].sort());
    expect(report.notes![0]).toMatch(/^The index disk was full \(ENOSPC\): removed the older generations/);
    expect(logs).toEqual(report.notes);
    expect((await readAuditLog(dirs.indexDir)).at(-1)!.reason).toBe(report.notes![0]);
  });
});
