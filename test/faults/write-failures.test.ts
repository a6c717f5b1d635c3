/**
 * A file system that fails mid-build (ENOSPC, EIO): the build fails with a one-line reason that
 * names the error, the old generation keeps serving, no temporary file or folder is left, the
 * lock is released and the attempt is audited; the next build on a healthy disk succeeds.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { GENERATION_FILES, nodeFileSystem, readAuditLog, readCurrentGenerationName, type GenerationFileSystem } from '../../src/index/index.js';
import { BuildFailedError } from '../../src/rebuild/index.js';
import { tempWorkspace } from '../helpers/temp-corpus.js';
import { leftovers, serviceOver } from './helpers.js';

type Operation = 'write' | 'sync' | 'rename' | 'mkdir';

/** Wraps node:fs/promises so that one operation on a matching path throws the given error code. */
function failingFileSystem(code: 'ENOSPC' | 'EIO', operation: Operation, matches: (file: string) => boolean): GenerationFileSystem {
  const fail = (file: string) => {
    const error = new Error(`${code}: ${code === 'ENOSPC' ? 'no space left on device' : 'i/o error'}, ${operation} '${file}'`) as NodeJS.ErrnoException;
    error.code = code;
    return error;
  };
  return {
    ...nodeFileSystem,
    mkdir: (async (file: string, options: never) => {
      if (operation === 'mkdir' && matches(file)) throw fail(file);
      return nodeFileSystem.mkdir(file, options);
    }) as GenerationFileSystem['mkdir'],
    rename: async (from, to) => {
      if (operation === 'rename' && matches(String(to))) throw fail(String(to));
      return nodeFileSystem.rename(from, to);
    },
    open: (async (file: string, flags?: string) => {
      const handle = await nodeFileSystem.open(file, flags);
      if (!matches(String(file))) return handle;
      return new Proxy(handle, {
        get(target, property) {
          if (property === 'writeFile' && operation === 'write') {
            // Half the data reaches the disk before the disk is full: a torn file is left behind.
            return async (data: Uint8Array) => {
              await target.writeFile(data.subarray(0, Math.floor(data.byteLength / 2)));
              throw fail(String(file));
            };
          }
          if (property === 'sync' && operation === 'sync') return async () => Promise.reject(fail(String(file)));
          const value = Reflect.get(target, property, target) as unknown;
          return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
        },
      });
    }) as GenerationFileSystem['open'],
  };
}

const CASES: { code: 'ENOSPC' | 'EIO'; operation: Operation; what: string; matches: (file: string) => boolean }[] = [
  { code: 'ENOSPC', operation: 'write', what: 'writing the HNSW index', matches: (f) => f.endsWith(GENERATION_FILES.hnsw) },
  { code: 'ENOSPC', operation: 'write', what: 'writing the actor registry', matches: (f) => f.endsWith('actors.json') },
  { code: 'ENOSPC', operation: 'write', what: 'writing the new current pointer', matches: (f) => /current\.tmp-/.test(f) },
  { code: 'EIO', operation: 'sync', what: 'flushing the manifest', matches: (f) => f.endsWith('manifest.json') },
  { code: 'EIO', operation: 'sync', what: 'flushing the records database', matches: (f) => f.endsWith(GENERATION_FILES.store) },
  { code: 'EIO', operation: 'rename', what: 'renaming the generation into place', matches: (f) => /generations\/g-/.test(f) },
  { code: 'ENOSPC', operation: 'mkdir', what: 'creating the temporary folder', matches: (f) => f.includes('.tmp-') },
];

describe('a build on a failing disk', () => {
  let dirs: { corpusDir: string; indexDir: string };
  let served: string;

  beforeAll(async () => {
    dirs = await tempWorkspace();
    served = (await serviceOver(dirs).service.reindex({ requestedBy: 'test' })).generation;
  });

  for (const { code, operation, what, matches } of CASES) {
    it(`fails with ${code} while ${what}, keeps serving the old generation and leaves nothing behind`, async () => {
      const { service, logs } = serviceOver(dirs, { fs: failingFileSystem(code, operation, matches) });
      const before = await service.ask('Who heads the Cartel de los Soles?');
      expect(before.generation).toBe(served);
      const error = await service.reindex({ requestedBy: '123456789012345678', force: true }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BuildFailedError);
      const message = (error as Error).message;
      expect(message).toContain(code);
      expect(message).toContain(`keeps serving generation ${served}`);
      expect(message).not.toContain('\n');
      expect(logs.join('\n')).toContain(code);
      expect(service.currentGeneration()).toBe(served);
      expect((await service.ask('Who heads the Cartel de los Soles?')).generation).toBe(served);
      expect(await readCurrentGenerationName(dirs.indexDir)).toBe(served);
      expect(await leftovers(dirs.indexDir)).toEqual([]);
      const last = (await readAuditLog(dirs.indexDir)).at(-1)!;
      expect(last).toMatchObject({ outcome: 'failed', requestedBy: '123456789012345678', generation: served, force: true });
      expect(last.reason).toContain(code);
    });
  }

  it('builds again once the disk is healthy', async () => {
    const { service } = serviceOver(dirs);
    const report = await service.reindex({ requestedBy: 'cli' });
    expect(await readCurrentGenerationName(dirs.indexDir)).toBe(report.generation);
    expect(await leftovers(dirs.indexDir)).toEqual([]);
    const audit = (await readFile(path.join(dirs.indexDir, 'audit.jsonl'), 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
    expect(audit.at(-1)).toMatchObject({ outcome: 'ok', requestedBy: 'cli', documents: 5, added: 0, changed: 0, removed: 0, skipped: 0, reason: null });
  });
});
