import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { FeedbackRecord } from '../service/feedback-record.js';

export type { FeedbackRecord };

export interface FeedbackSummary {
  total: number;
  up: number;
  down: number;
  /** Questions with the most 👎, most first. */
  mostDisliked: { question: string; down: number; up: number }[];
  /** Lines of the file that were not valid records. */
  unreadable: number;
}

/** Appends feedback to a JSON-lines file and summarises it for moderators. */
export interface FeedbackLog {
  append(record: FeedbackRecord): Promise<void>;
  summarize(): Promise<FeedbackSummary>;
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
    async summarize() {
      let text = '';
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
      return summarizeFeedback(text);
    },
  };
}

/** Counts votes in the text of a feedback file; bad lines are counted, not fatal. */
export function summarizeFeedback(text: string): FeedbackSummary {
  const byQuestion = new Map<string, { up: number; down: number }>();
  let up = 0;
  let down = 0;
  let unreadable = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let record: Partial<FeedbackRecord>;
    try {
      record = JSON.parse(line) as Partial<FeedbackRecord>;
    } catch {
      unreadable++;
      continue;
    }
    if ((record.vote !== 'up' && record.vote !== 'down') || typeof record.question !== 'string') {
      unreadable++;
      continue;
    }
    const counts = byQuestion.get(record.question) ?? { up: 0, down: 0 };
    counts[record.vote]++;
    byQuestion.set(record.question, counts);
    if (record.vote === 'up') up++;
    else down++;
  }
  const mostDisliked = [...byQuestion.entries()]
    .filter(([, counts]) => counts.down > 0)
    .map(([question, counts]) => ({ question, ...counts }))
    .sort((a, b) => b.down - a.down || a.up - b.up)
    .slice(0, 10);
  return { total: up + down, up, down, mostDisliked, unreadable };
}
