import type { CliCommand } from '../command.js';
import { renderActorsText } from '../render-text.js';

/** `npm run actors -- [--json]`: every actor the index knows, most mentioned first. */
export const actorsCommand: CliCommand = {
  name: 'actors',
  commandLine: {
    usage: 'npm run actors -- [--json]',
    summary: 'Every actor (person, organisation, state, group) the index knows, most mentioned first.',
    flags: { json: { type: 'boolean', description: 'print {"actors": [...]} as one JSON object' } },
    words: 'none',
  },
  async run({ service, print }) {
    const actors = await (await service()).actors();
    print({ actors }, () => renderActorsText(actors));
  },
};
