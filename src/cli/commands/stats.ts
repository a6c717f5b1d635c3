import type { CliCommand } from '../command.js';
import { renderStatsText } from '../render-text.js';

/** `npm run stats -- [--json]`: what moderators read to decide which articles to add next. */
export const statsCommand: CliCommand = {
  name: 'stats',
  commandLine: {
    usage: 'npm run stats -- [--json]',
    summary: 'The questions the corpus could not answer (most asked first), the answers voted down, and the 👍/👎 totals.',
    flags: { json: { type: 'boolean', description: 'print {"unanswered": [...], "downvoted": [...], "votes": {...}} as one JSON object' } },
    words: 'none',
  },
  async run({ service, print }) {
    // Reads the unanswered and feedback files through the service; the model is never loaded for it.
    const stats = await (await service()).stats();
    print(stats, () => renderStatsText(stats));
  },
};
