import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** tsx's ESM register API (its package exports give `require` the CommonJS build, which cannot load ESM). */
const tsxApi = () => pathToFileURL(path.join(path.dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist', 'esm', 'api', 'index.mjs')).href;

/**
 * Starts a worker thread on the module `name` beside the caller (`callerUrl` is its
 * `import.meta.url`): through tsx when the project runs from its TypeScript sources, directly
 * when it runs compiled. Throws as `new Worker` does when the thread cannot start.
 */
export function startModuleWorker(callerUrl: string, name: string, workerData: unknown): Worker {
  const module = new URL(`./${name}.${callerUrl.endsWith('.ts') ? 'ts' : 'js'}`, callerUrl).href;
  const load = module.endsWith('.ts')
    ? `const { register } = await import(${JSON.stringify(tsxApi())}); register(); await import(${JSON.stringify(module)});`
    : `await import(${JSON.stringify(module)});`;
  return new Worker(`(async () => { ${load} })()`, { eval: true, workerData });
}
