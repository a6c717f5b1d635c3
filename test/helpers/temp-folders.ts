/**
 * Temporary folders for tests, removed when the test file ends. Each is named
 * `verbatim-test-<run>-…` after the vitest run that made it, so the run's global teardown
 * (test/helpers/global-setup.ts) can check that none was left behind without touching folders of
 * other runs on the same machine.
 */
import { mkdtempSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

/** This vitest run's mark, set by the global setup; `local` when a file runs some other way. */
export const TEST_RUN = process.env.VERBATIM_TEST_RUN ?? 'local';
export const TEMP_PREFIX = `verbatim-test-${TEST_RUN}-`;

const created: string[] = [];

afterAll(async () => {
  await Promise.all(created.splice(0).map((folder) => rm(folder, { recursive: true, force: true })));
});

/** A new empty folder under the system's temporary folder, removed after the test file. */
export async function temporaryFolder(label = ''): Promise<string> {
  const folder = await mkdtemp(path.join(os.tmpdir(), `${TEMP_PREFIX}${label ? `${label}-` : ''}`));
  created.push(folder);
  return folder;
}

/** {@link temporaryFolder}, synchronously: for set-up code that cannot wait. */
export function temporaryFolderSync(label = ''): string {
  const folder = mkdtempSync(path.join(os.tmpdir(), `${TEMP_PREFIX}${label ? `${label}-` : ''}`));
  created.push(folder);
  return folder;
}
