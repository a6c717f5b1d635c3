/**
 * Entry points outside the shared CLI parser (issue 22, also found): `npm run tune -- --help`
 * and `npm start -- --help` print their usage, and `npm run bench -- --size seeds` (a typo of
 * --sizes) is refused instead of silently running the full benchmark.
 */
import { describe, expect, it } from 'vitest';
import { runTsx, type Run } from './run-cli.js';

function run(args: string[]): Promise<Run> {
  return runTsx(args, { PATH: process.env.PATH, HOME: process.env.HOME, INDEX_DIR: '/nonexistent/verbatim-index', CORPUS_DIR: '/nonexistent/verbatim-corpus' });
}

describe('entry point edges', () => {
  it('npm run tune -- --help prints the usage and exits 0', async () => {
    const result = await run(['scripts/tune-answer-weights.ts', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: npm run tune /);
    expect(result.stderr).toBe('');
  });

  it('npm start -- --help prints the usage, not that the token is missing', async () => {
    const result = await run(['src/bot/main.ts', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: npm start/);
    expect(result.stderr).not.toContain('DISCORD_TOKEN is not set');
  });

  it('npm run bench -- --size seeds is refused with one line pointing at --sizes', async () => {
    const result = await run(['scripts/bench.ts', '--size', 'seeds']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain("Unknown option '--size' (did you mean '--sizes'?)");
  });
});
