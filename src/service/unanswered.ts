/**
 * The questions the corpus could not answer, one JSON line each: `{"time", "question"}`. Never who
 * asked (no user id or name, no channel). Moderators read it through `/stats` and `npm run stats`
 * as the list of articles to add next. Every front end records through the service's `ask`, so
 * the bot, `npm run ask` and `ask --stdin` all land here.
 *
 * Bounded: once the file holds twice `capacity` lines, it is rewritten (atomically) with the newest
 * `capacity`. Two processes appending at once (the bot and a terminal `ask`) each append whole
 * lines; a rewrite racing another process's append may drop that one line, which a count can bear.
 */
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { replaceFileAtomically } from '../files/index.js';

export const withheldQuestionSchema = z.object({ time: z.string(), question: z.string().min(1) });
export type WithheldQuestion = z.infer<typeof withheldQuestionSchema>;

/** The default file: `unanswered.jsonl` beside the feedback file, so one data folder holds both. */
export function defaultUnansweredFile(feedbackFile: string): string {
  return join(dirname(feedbackFile), 'unanswered.jsonl');
}

export interface UnansweredLog {
  record(question: string, time?: Date): Promise<void>;
  /** Every readable record, oldest first, and how many lines were not records. */
  read(): Promise<{ records: WithheldQuestion[]; unreadable: number }>;
}

/** Longest question kept: questions are validated shorter than this already; a bound all the same. */
const MAX_QUESTION_CHARS = 1000;

export function createUnansweredLog(file: string, options: { capacity?: number } = {}): UnansweredLog {
  const capacity = options.capacity ?? 5000;
  let queue: Promise<void> = Promise.resolve();
  /** Lines in the file as far as this process knows; read once, on the first append. */
  let lines: number | null = null;

  const readText = async (): Promise<string> => {
    try {
      return await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
      throw error;
    }
  };
  const parse = (text: string) => {
    const records: WithheldQuestion[] = [];
    let unreadable = 0;
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      try {
        records.push(withheldQuestionSchema.parse(JSON.parse(line)));
      } catch {
        unreadable++;
      }
    }
    return { records, unreadable };
  };

  return {
    record(question, time = new Date()) {
      const line = `${JSON.stringify({ time: time.toISOString(), question: question.trim().slice(0, MAX_QUESTION_CHARS) })}\n`;
      const next = queue.then(async () => {
        if (lines === null) {
          await mkdir(dirname(file), { recursive: true });
          lines = (await readText()).split('\n').filter((text) => text.trim() !== '').length;
        }
        await appendFile(file, line, 'utf8');
        lines++;
        if (lines >= capacity * 2) {
          const kept = (await readText()).split('\n').filter((text) => text.trim() !== '').slice(-capacity);
          await replaceFileAtomically(file, `${kept.join('\n')}\n`);
          lines = kept.length;
        }
      });
      queue = next.catch(() => undefined);
      return next;
    },
    async read() {
      return parse(await readText());
    },
  };
}
