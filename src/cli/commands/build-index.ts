import type { CliCommand } from '../command.js';
import { withBuildProgress } from '../progress.js';
import { renderBuildText } from '../render-text.js';

/** `npm run index -- [--json] [--force]`: builds or incrementally rebuilds the index. */
export const indexCommand: CliCommand = {
  name: 'index',
  commandLine: {
    usage: 'npm run index -- [--json] [--force]',
    summary: 'Builds (or incrementally rebuilds) the index in INDEX_DIR from CORPUS_DIR, offline, and serves it once it is complete.',
    flags: {
      json: { type: 'boolean', description: 'print one JSON summary object instead of text and progress' },
      force: { type: 'boolean', description: 'accept a build that serves no documents, or fewer than half of those served before' },
    },
    words: 'none',
  },
  async run({ commandLine, json, service, print }) {
    const force = commandLine.values.force === true;
    const report = await withBuildProgress(json, async (onProgress) => (await service()).reindex({ requestedBy: 'cli', force, onProgress }));
    print(report, () => renderBuildText(report));
  },
};
