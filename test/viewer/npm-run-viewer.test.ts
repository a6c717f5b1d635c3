/**
 * `npm run viewer` as an operator runs it: a child process over INDEX_DIR that follows the served
 * generation, so an article another process removes is gone from the viewer too.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempWorkspace } from '../helpers/temp-corpus.js';
import { CLI, ROOT, runTsx } from '../cli/run-cli.js';

const VIEWER = path.join(ROOT, 'src/viewer/main.ts');
const DOC = '000_1be521f82225c4ad';
let env: NodeJS.ProcessEnv;
let viewer: ChildProcess | null = null;
let generation: string;

beforeAll(async () => {
  const { corpusDir, indexDir } = await tempWorkspace();
  env = { PATH: process.env.PATH, HOME: process.env.HOME, CORPUS_DIR: corpusDir, INDEX_DIR: indexDir, MODELS_DIR: path.join(ROOT, 'models'), LOG_LEVEL: 'warn' };
  const built = await runTsx([CLI, 'index', '--json'], env);
  expect(built.code).toBe(0);
  generation = JSON.parse(built.stdout).generation;
});

afterAll(() => {
  viewer?.kill('SIGTERM');
});

/** Starts the viewer on a free port and resolves with its address, read from its start-up line. */
function startViewerProcess(): Promise<string> {
  const child = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), [VIEWER], { cwd: ROOT, env: { ...env, VIEWER_PORT: '0' }, stdio: ['ignore', 'ignore', 'pipe'] });
  viewer = child;
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const started = /Source viewer on (http:\/\/\S+)/.exec(stderr);
      if (started) resolve(started[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the viewer exited (${code}): ${stderr}`)));
  });
}

describe('npm run viewer', () => {
  it('refuses to start without VIEWER_PORT, in one line', async () => {
    const run = await runTsx([VIEWER], env);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/VIEWER_PORT is not set/);
  });

  it('serves the served generation and stops showing an article another process removed', async () => {
    const url = await startViewerProcess();
    const link = `${url}/source/${DOC}?g=${generation}&q=0-10#q=0-10`;
    const before = await fetch(link);
    expect(before.status).toBe(200);
    expect(await before.text()).toMatch(/<mark id="q=0-10">/);
    expect((await runTsx([CLI, 'remove', '--json', DOC], env)).code).toBe(0);
    const after = await fetch(link);
    expect(after.status).toBe(410);
    expect(await after.text()).toMatch(/removed from the index/);
  });
});
