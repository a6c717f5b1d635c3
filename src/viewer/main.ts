/**
 * `npm run viewer`: the source viewer on its own, on VIEWER_HOST:VIEWER_PORT, over INDEX_DIR (the
 * same server the bot starts when VIEWER_PORT is set). A bad setting is one line, exit status 1.
 */
import 'dotenv/config';
import { loadConfig, UserError } from '../config/index.js';
import { createEmbedder } from '../embedding/index.js';
import { createVerbatimService } from '../service/index.js';
import { followServedGeneration } from './follow-generation.js';
import { startViewer } from './server.js';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  if (config.VIEWER_PORT === undefined) throw new UserError('config', 'VIEWER_PORT is not set: run VIEWER_PORT=8080 npm run viewer (and set PUBLIC_BASE_URL to its public address).');
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const embedder = await createEmbedder({ model: config.EMBEDDING_MODEL, modelsDir: config.MODELS_DIR, allowRemoteModels: config.ALLOW_REMOTE_MODELS, log });
  const reader = followServedGeneration(config.INDEX_DIR, () => createVerbatimService(config, { embedder, log }));
  // Load (or first build) the index now, so the first reader does not wait for it.
  await reader.servedDocument('\u0000');
  const viewer = await startViewer({ reader, log, port: config.VIEWER_PORT, host: config.VIEWER_HOST });
  log(`Source viewer on ${viewer.url}${config.PUBLIC_BASE_URL ? ` (public address ${config.PUBLIC_BASE_URL})` : ''}`);
  const stop = () => void viewer.close().finally(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const line = (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
  process.stderr.write(`${error instanceof UserError ? line : `Internal error: ${line}`}\n`);
  process.exit(error instanceof UserError ? 1 : 2);
});
