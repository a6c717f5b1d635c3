import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createReplyMemory, type RememberedReply } from '../../src/bot/answer-memory.js';
import { loadConfig } from '../../src/config/index.js';
import { temporaryFolder } from '../helpers/temp-folders.js';

const reply = (question: string): RememberedReply => ({ question, abstained: false, generation: 'g-1', sentences: [], citations: [] });

describe('the answer memory file', () => {
  it('is read back after a restart, forgets the oldest past its capacity, and stays bounded on disk', async () => {
    const file = path.join(await temporaryFolder('memory'), 'memory.jsonl');
    const first = createReplyMemory({ file, capacity: 3 });
    const keys = Array.from({ length: 10 }, (_, i) => first.remember(reply(`q${i}`)));
    expect(readFileSync(file, 'utf8').trim().split('\n').length).toBeLessThanOrEqual(6);
    const restarted = createReplyMemory({ file, capacity: 3 });
    expect((await restarted.recall(keys[9]!))?.question).toBe('q9');
    expect((await restarted.recall(keys[7]!))?.question).toBe('q7');
    expect(await restarted.recall(keys[6]!)).toBeUndefined();
  });

  it('skips a line cut short by a crash and lines of another format version', async () => {
    const file = path.join(await temporaryFolder('memory'), 'memory.jsonl');
    const memory = createReplyMemory({ file });
    const key = memory.remember(reply('kept'));
    writeFileSync(file, `${readFileSync(file, 'utf8')}{"v":99,"key":"aaaa","reply":{"citations":[]}}\n{"v":1,"key":"bbbb","re`, 'utf8');
    const warnings: { event: string; fields: Record<string, unknown> }[] = [];
    const restarted = createReplyMemory({ file, warn: (event, fields) => warnings.push({ event, fields }) });
    expect((await restarted.recall(key))?.question).toBe('kept');
    // Counted and said once, not skipped without a word.
    expect(warnings).toEqual([{ event: 'answer_memory_lines_skipped', fields: expect.objectContaining({ file, skipped: 2 }) }]);
    expect(warnings[0]!.fields.message).toBe(`2 lines of ${file} could not be read (damaged, cut short by a crash, or of another version) and were skipped.`);
    expect(await restarted.recall('aaaa')).toBeUndefined();
    expect(await restarted.recall('bbbb')).toBeUndefined();
  });

  it('warns once (not once per answer) and keeps working in memory when the file cannot be written', async () => {
    const warnings: string[] = [];
    // A folder that cannot be made: its parent is a file.
    const parent = path.join(await temporaryFolder('memory'), 'a-file');
    writeFileSync(parent, 'not a folder');
    const memory = createReplyMemory({ file: path.join(parent, 'memory.jsonl'), warn: (event) => warnings.push(event) });
    const key = memory.remember(reply('still here'));
    memory.remember(reply('and here'));
    expect((await memory.recall(key))?.question).toBe('still here');
    expect(warnings).toEqual(['answer_memory_unreadable', 'answer_memory_not_saved']);
  });
});

describe('the Discord settings', () => {
  it('reads ANSWER_IN_THREADS, MESSAGE_CONTENT_INTENT and ANSWER_MEMORY_FILE, off and ./answer-memory.jsonl by default', async () => {
    expect(loadConfig({})).toMatchObject({ ANSWER_IN_THREADS: false, MESSAGE_CONTENT_INTENT: false, ANSWER_MEMORY_FILE: './answer-memory.jsonl' });
    expect(loadConfig({ ANSWER_IN_THREADS: 'true', MESSAGE_CONTENT_INTENT: 'yes' })).toMatchObject({ ANSWER_IN_THREADS: true, MESSAGE_CONTENT_INTENT: true });
  });
});
