import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { FeedbackRecord } from '../service/feedback-record.js';

export type { FeedbackRecord };

/**
 * Appends 👍/👎 records to a JSON-lines file (never who voted). Moderators read the totals through
 * the service (`stats()`), which reads the same file (FEEDBACK_FILE).
 */
export interface FeedbackLog {
  append(record: FeedbackRecord): Promise<void>;
}

export function createFeedbackLog(file: string): FeedbackLog {
  // Appends are serialised so two clicks never interleave their lines.
  let queue: Promise<void> = Promise.resolve();
  // The folder is made once; a failed attempt is forgotten so the next vote tries again.
  let folderReady: Promise<unknown> | null = null;
  const ensureFolder = () =>
    (folderReady ??= mkdir(dirname(file), { recursive: true }).catch((error: unknown) => {
      folderReady = null;
      throw error;
    }));
  return {
    append(record) {
      const line = `${JSON.stringify(record)}\n`;
      const next = queue.then(async () => {
        await ensureFolder();
        await appendFile(file, line, 'utf8');
      });
      queue = next.catch(() => undefined);
      return next;
    },
  };
}
