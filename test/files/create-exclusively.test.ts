/**
 * `createFileExclusively`, which the build lock is made with: a writer killed at any moment
 * leaves the file whole or absent, never empty or cut short (an empty lock could not name its
 * dead holder, so the next start would have to wait for it to age before clearing it).
 */
import { spawn } from 'node:child_process';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createFileExclusively } from '../../src/files/index.js';
import { temporaryFolder } from '../helpers/temp-folders.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const BYTES = 48 * 1024 * 1024;

describe('createFileExclusively', () => {
  it('creates the file once; a second create finds it and leaves it as it was', async () => {
    const folder = await temporaryFolder('exclusive');
    const file = path.join(folder, 'build.lock');
    expect(await createFileExclusively(file, 'first\n')).toBe(true);
    expect(await createFileExclusively(file, 'second\n')).toBe(false);
    expect(await readFile(file, 'utf8')).toBe('first\n');
    expect(await readdir(folder)).toEqual(['build.lock']);
  });

  it('never leaves the file half-written when its writer is killed as soon as anything appears', async () => {
    const folder = await temporaryFolder('exclusive-kill');
    const file = path.join(folder, 'build.lock');
    const script = `import { createFileExclusively } from ${JSON.stringify(path.join(ROOT, 'src/files/index.ts'))};
      await createFileExclusively(${JSON.stringify(file)}, Buffer.alloc(${BYTES}, 120));`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, stdio: 'ignore' });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    // Kill the writer the moment any file shows in the folder: mid-write, whatever the machine's load.
    let running = true;
    void exited.then(() => (running = false));
    while (running && (await readdir(folder)).length === 0) await new Promise((resolve) => setImmediate(resolve));
    child.kill('SIGKILL');
    await exited;
    const size = await stat(file).then((s) => s.size, () => null);
    expect(size === null || size === BYTES, `build.lock left with ${size} bytes`).toBe(true);
  });
});
