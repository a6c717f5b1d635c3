import { randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Citation, CitedSentence } from '../evidence/index.js';

/** What the buttons under a reply need: the quotes to reveal, what a vote is about, more pages. */
export interface RememberedReply {
  question: string;
  abstained: boolean;
  generation: string | null;
  sentences: CitedSentence[];
  citations: Citation[];
  /** For an actor dossier: the actor's name, so More / What they said can render other pages. */
  actor?: string;
  /** For a claim check: the message checked, so Share can post the check as a reply to it. */
  claimMessage?: { channelId: string; messageId: string };
}

/**
 * Recent replies by a short random key carried in the buttons' custom ids (Discord allows only
 * 100 characters there). Bounded: the oldest entries are forgotten first.
 */
export interface ReplyMemory {
  remember(reply: RememberedReply): string;
  /** Async: with STORE=postgres a reply another process remembered is read from the database. */
  recall(key: string): Promise<RememberedReply | undefined>;
}

/** Version of a line of the answer-memory file; lines of another version are skipped when read. */
export const ANSWER_MEMORY_FORMAT_VERSION = 1;

interface MemoryLine {
  v: typeof ANSWER_MEMORY_FORMAT_VERSION;
  key: string;
  reply: RememberedReply;
}

export interface ReplyMemoryOptions {
  capacity?: number;
  /**
   * A JSON-lines file that keeps the memory across restarts, so the buttons of answers sent before
   * a restart keep working. Read once when the memory is made (before the bot logs in), appended
   * to on every answer, and rewritten with only the newest `capacity` entries once it holds twice
   * as many lines, so it stays bounded. Without it, the memory lives in this process only.
   */
  file?: string;
  /** Told when the file cannot be read or written (the memory then keeps working in memory). */
  warn?: (event: string, fields: Record<string, unknown>) => void;
}

function readLines(file: string, warn: ReplyMemoryOptions['warn']): MemoryLine[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') warn?.('answer_memory_unreadable', { file, message: (error as Error).message });
    return [];
  }
  const lines: MemoryLine[] = [];
  let skipped = 0;
  for (const raw of text.split('\n')) {
    if (raw.trim() === '') continue;
    try {
      const line = JSON.parse(raw) as Partial<MemoryLine> | null;
      if (line?.v === ANSWER_MEMORY_FORMAT_VERSION && typeof line.key === 'string' && line.reply && Array.isArray(line.reply.citations)) lines.push(line as MemoryLine);
      else skipped++;
    } catch {
      // A line cut short by a crash, or garbage: skipped, the rest kept, and counted below.
      skipped++;
    }
  }
  // One warning for all of them: the buttons of those answers no longer work after the restart.
  if (skipped > 0) warn?.('answer_memory_lines_skipped', { file, skipped, message: `${skipped} line${skipped === 1 ? '' : 's'} of ${file} could not be read (damaged, cut short by a crash, or of another version) and ${skipped === 1 ? 'was' : 'were'} skipped.` });
  return lines;
}

export function createReplyMemory(options: ReplyMemoryOptions = {}): ReplyMemory {
  const capacity = options.capacity ?? 500;
  const { file, warn } = options;
  const entries = new Map<string, RememberedReply>();
  let linesInFile = 0;
  if (file) {
    const lines = readLines(file, warn);
    linesInFile = lines.length;
    for (const line of lines) {
      entries.delete(line.key);
      entries.set(line.key, line.reply);
    }
  }
  const trim = () => {
    while (entries.size > capacity) entries.delete(entries.keys().next().value!);
  };
  trim();

  // One warning for a file that cannot be written, not one per answer.
  let writeWarned = false;
  // The folder is made on the first write (and after a failed one), not on every answer.
  let folderMade = false;
  const persist = (line: MemoryLine) => {
    if (!file) return;
    try {
      if (!folderMade) mkdirSync(dirname(file), { recursive: true });
      folderMade = true;
      if (linesInFile + 1 > capacity * 2) {
        // Compact: the newest entries only, written whole and renamed into place.
        const text = [...entries].map(([key, reply]) => JSON.stringify({ v: ANSWER_MEMORY_FORMAT_VERSION, key, reply })).join('\n');
        writeFileSync(`${file}.tmp`, `${text}\n`, 'utf8');
        renameSync(`${file}.tmp`, file);
        linesInFile = entries.size;
      } else {
        appendFileSync(file, `${JSON.stringify(line)}\n`, 'utf8');
        linesInFile++;
      }
    } catch (error) {
      // The folder may have gone meanwhile: make it again on the next write.
      folderMade = false;
      if (!writeWarned) warn?.('answer_memory_not_saved', { file, message: (error as Error).message });
      writeWarned = true;
    }
  };

  return {
    remember(reply) {
      const key = randomBytes(6).toString('hex');
      entries.set(key, reply);
      trim();
      persist({ v: ANSWER_MEMORY_FORMAT_VERSION, key, reply });
      return key;
    },
    recall(key) {
      return Promise.resolve(entries.get(key));
    },
  };
}

/** Where the replies of every bot process are kept (STORE=postgres: src/store's PostgresReplies). */
export interface SharedReplies {
  remember(key: string, reply: RememberedReply): Promise<void>;
  recall(key: string): Promise<RememberedReply | undefined>;
}

/**
 * The reply memory of a bot run as several processes: each reply is kept in `shared` (so a button
 * pressed on a message another process sent still works, after a restart too) and, for this
 * process's own clicks, in a bounded map. The database being away costs one warning until it is
 * back and the buttons of the replies in between; never an answer.
 */
export function createSharedReplyMemory(shared: SharedReplies, options: Pick<ReplyMemoryOptions, 'capacity' | 'warn'> = {}): ReplyMemory {
  const local = createReplyMemory({ capacity: options.capacity });
  let warned = false;
  const failed = (event: string) => (error: unknown) => {
    if (!warned) options.warn?.(event, { message: (error as Error).message.split('\n')[0] });
    warned = true;
    return undefined;
  };
  const worked = <T>(value: T) => {
    warned = false;
    return value;
  };
  return {
    remember(reply) {
      const key = local.remember(reply);
      void shared.remember(key, reply).then(worked, failed('answer_memory_not_saved'));
      return key;
    },
    async recall(key) {
      const mine = await local.recall(key);
      if (mine) return mine;
      return shared.recall(key).then(worked, failed('answer_memory_unreadable'));
    },
  };
}
