import type { CliCommand } from '../command.js';
import { renderSourcesText } from '../render-text.js';

/** `npm run sources -- [--json]`: every document in the index with its metadata. */
export const sourcesCommand: CliCommand = {
  name: 'sources',
  commandLine: {
    usage: 'npm run sources -- [--json]',
    summary: 'Every document in the index with its title, outlet, date, address and size.',
    flags: { json: { type: 'boolean', description: 'print {"sources": [...]} as one JSON object' } },
    words: 'none',
  },
  async run({ service, print }) {
    const sources = await (await service()).sources();
    print({ sources }, () => renderSourcesText(sources));
  },
};
