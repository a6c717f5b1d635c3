/**
 * `npm run build-model`: (re)builds the embedded default embedding model into
 * `<MODELS_DIR>/verbatim-glove-100d/` from the installed GloVe vectors. Offline; it says how long it took.
 * Other entry points build it on first use anyway; this script is for setup and for forcing a
 * rebuild (`-- --force`).
 */
import 'dotenv/config';

import path from 'node:path';
import { commandLineOrHelp, type CommandLineSpec } from '../src/cli/arguments.js';
import { runEntryPoint } from '../src/cli/exit.js';
import { loadConfig } from '../src/config/index.js';
import { buildEmbeddedModel, EMBEDDED_MODEL_NAME, embeddedModelStatus } from '../src/embedding/index.js';

const COMMAND_LINE: CommandLineSpec = {
  usage: 'npm run build-model [-- --force]',
  summary: 'Builds the embedded default embedding model into MODELS_DIR from the installed GloVe vectors, offline. Other commands build it on first use anyway.',
  flags: { force: { type: 'boolean', description: 'rebuild it even when it is already built' } },
  words: 'none',
};

async function main(): Promise<void> {
  const commandLine = commandLineOrHelp(COMMAND_LINE, process.argv.slice(2));
  if (!commandLine) return;
  const force = commandLine.values.force === true;
  const config = loadConfig(process.env);
  const dir = path.resolve(config.MODELS_DIR, EMBEDDED_MODEL_NAME);
  if (!force && (await embeddedModelStatus(dir)) === 'ready') {
    console.log(`The embedded model is already built in ${path.relative(process.cwd(), dir)} (rebuild with: npm run build-model -- --force)`);
    return;
  }
  await buildEmbeddedModel({ modelsDir: config.MODELS_DIR, log: (line) => console.log(line) });
}

runEntryPoint(main);
