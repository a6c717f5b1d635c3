/**
 * Runs an entry point the way npm does: `tsx <script> <args>` as a child process in the
 * repository, with exactly the environment given. Shared by the CLI tests, which read its exit
 * status and its two streams.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

export const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
/** The terminal entry point behind `npm run index|ask|actor|…`. */
export const CLI = path.join(ROOT, 'src/cli/main.ts');

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `tsx ...args` with `env`, and `input` written to its stdin when given; a non-zero exit is returned, not thrown. */
export async function runTsx(args: readonly string[], env: NodeJS.ProcessEnv, input?: string): Promise<Run> {
  const child = promisify(execFile)(TSX, [...args], { cwd: ROOT, env, maxBuffer: 20 * 1024 * 1024 });
  if (input !== undefined) child.child.stdin!.end(input);
  try {
    const { stdout, stderr } = await child;
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}
