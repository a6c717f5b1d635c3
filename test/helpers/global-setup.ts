/**
 * vitest global set-up: marks this run, so that the temporary folders its tests make are named
 * after it, and at the end fails the run if any of them is still there (a test that does not
 * clean up after itself fills /tmp on every run).
 */
import { readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export function setup(): void {
  process.env.VERBATIM_TEST_RUN = `${process.pid}`;
}

export async function teardown(): Promise<void> {
  const prefix = `verbatim-test-${process.env.VERBATIM_TEST_RUN}-`;
  const left = (await readdir(os.tmpdir())).filter((name) => name.startsWith(prefix));
  await Promise.all(left.map((name) => rm(path.join(os.tmpdir(), name), { recursive: true, force: true })));
  if (left.length === 0) return;
  // vitest reports an error thrown here but still exits 0: set the status as well.
  process.exitCode = 1;
  throw new Error(`Tests left ${left.length} temporary folders behind (removed now): ${left.slice(0, 5).join(', ')}${left.length > 5 ? ', …' : ''}`);
}
