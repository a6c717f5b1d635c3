/**
 * `npm run build-model`: (re)builds the embedded default embedding model into
 * `<MODELS_DIR>/verbatim-glove-100d/` from the installed GloVe vectors. Offline; about 10 s.
 * Other entry points build it on first use anyway; this script is for setup and for forcing a
 * rebuild (`-- --force`).
 */
import 'dotenv/config';

import { loadConfig } from '../src/config/index.js';
import { buildEmbeddedModel, EMBEDDED_MODEL_NAME, embeddedModelStatus } from '../src/embedding/index.js';
import path from 'node:path';

async function main(): Promise<void> {
  const force = process.argv.includes('--force');
  const config = loadConfig(process.env);
  const dir = path.resolve(config.MODELS_DIR, EMBEDDED_MODEL_NAME);
  if (!force && (await embeddedModelStatus(dir)) === 'ready') {
    console.log(`The embedded model is already built in ${path.relative(process.cwd(), dir)} (rebuild with: npm run build-model -- --force)`);
    return;
  }
  await buildEmbeddedModel({ modelsDir: config.MODELS_DIR, log: (line) => console.log(line) });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 2;
});
