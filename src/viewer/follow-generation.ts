import { readCurrentGenerationName } from '../index/index.js';
import type { VerbatimService } from '../service/index.js';
import type { SourceReader } from './server.js';

/**
 * A reader for a viewer running on its own (`npm run viewer`): another process (the bot, `npm run
 * index`, `npm run remove`) switches generations, so before each page it checks which generation
 * is served and, when it changed, reads through a fresh service over the new one. A removed
 * article is then gone from the viewer as soon as from the bot.
 */
export function followServedGeneration(indexDir: string, createService: () => VerbatimService): SourceReader {
  let service = createService();
  return {
    async servedDocument(docId) {
      const current = await readCurrentGenerationName(indexDir);
      const serving = service.currentGeneration();
      if (serving !== null && current !== null && current !== serving) service = createService();
      return service.servedDocument(docId);
    },
  };
}
