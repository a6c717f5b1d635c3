import { UsageError } from '../arguments.js';
import type { CliCommand } from '../command.js';
import { renderActorText } from '../render-text.js';

/** `npm run actor -- [--json] "name or alias"`: the actor summary. */
export const actorCommand: CliCommand = {
  name: 'actor',
  commandLine: {
    usage: 'npm run actor -- [--json] "name or alias"',
    summary: 'What the corpus says about one person, organisation or state, and what they said, each sentence verbatim with its citation.',
    flags: { json: { type: 'boolean', description: 'print the summary as one JSON object (docs/CONTRACT.md)' } },
    words: 'text',
  },
  async run({ commandLine, service, print }) {
    if (commandLine.text.trim() === '') throw new UsageError('Give a name, e.g. npm run actor -- "Cabello"');
    const summary = await (await service()).actor(commandLine.text);
    print(summary, () => renderActorText(summary));
  },
};
