import { usageError } from '../arguments.js';
import type { CliCommand } from '../command.js';
import { withBuildProgress } from '../progress.js';
import { renderRemoveText } from '../render-text.js';

/** `npm run remove -- [--json] DOC_ID...`: removes articles from the corpus, then rebuilds. */
export const removeCommand: CliCommand = {
  name: 'remove',
  commandLine: {
    usage: 'npm run remove -- [--json] DOC_ID...',
    summary: 'Removes articles (by docId, as npm run sources lists them) from CORPUS_DIR and rebuilds the index. An unknown docId removes nothing and exits 1.',
    flags: { json: { type: 'boolean', description: 'print {"removed": [...], "generation"} as one JSON object' } },
    words: 'list',
  },
  async run({ commandLine, json, service, print }) {
    if (commandLine.words.length === 0) throw usageError(removeCommand.commandLine, 'Give the docId of at least one article (see npm run sources)');
    const report = await withBuildProgress(json, async (onProgress) => (await service()).remove(commandLine.words, { requestedBy: 'cli', onProgress }));
    print(report, () => renderRemoveText(report));
  },
};
