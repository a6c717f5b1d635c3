import { open } from 'node:fs/promises';
import type { ArticleInput } from '../../corpus/index.js';
import type { SkippedInput } from '../../service/index.js';
import { usageError } from '../arguments.js';
import type { CliCommand } from '../command.js';
import { withBuildProgress } from '../progress.js';
import { renderAddText } from '../render-text.js';

/** A word that names a web address rather than a file. */
const LINK = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * Reads a file named on the command line, at most one byte past the limit (enough for the
 * article reader to refuse it by size without reading a huge file whole).
 */
async function readArticleFile(file: string, maxBytes: number): Promise<ArticleInput | SkippedInput> {
  let handle;
  try {
    handle = await open(file, 'r');
    const info = await handle.stat();
    if (!info.isFile()) return { input: file, reason: `Refused ${file}: it is not a file; give a link (http or https) or an .html, .txt or .md file.` };
    const buffer = Buffer.alloc(Math.min(info.size, maxBytes + 1));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return { kind: 'file', name: file, bytes: buffer.subarray(0, bytesRead) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    const why = code === 'ENOENT' ? 'there is no such file' : `it cannot be read (${code})`;
    return { input: file, reason: `Refused ${file}: ${why}; give a link (http or https) or the path of an .html, .txt or .md file.` };
  } finally {
    await handle?.close();
  }
}

/** `npm run add -- [--json] URL|FILE...`: adds articles by link or file, then rebuilds. */
export const addCommand: CliCommand = {
  name: 'add',
  commandLine: {
    usage: 'npm run add -- [--json] URL|FILE...',
    summary:
      'Adds articles to CORPUS_DIR from links (fetched, extracted with Readability) or .html, .txt and .md files, then rebuilds the index incrementally. Exit 1 when any input was refused (the others are still added).',
    flags: { json: { type: 'boolean', description: 'print {"added": [...], "skipped": [...], "generation"} as one JSON object' } },
    words: 'list',
  },
  async run({ commandLine, config, json, service, print, printError }) {
    if (commandLine.words.length === 0) throw usageError(addCommand.commandLine, 'Give at least one link or file');
    const inputs: ArticleInput[] = [];
    const unreadable: SkippedInput[] = [];
    for (const word of commandLine.words) {
      if (LINK.test(word)) inputs.push({ kind: 'url', url: word });
      else {
        const read = await readArticleFile(word, config.MAX_FILE_BYTES);
        if ('kind' in read) inputs.push(read);
        else unreadable.push(read);
      }
    }
    const report = await withBuildProgress(json, async (onProgress) => (await service()).add(inputs, { requestedBy: 'cli', onProgress }));
    // In the order given: files that could not be read were never handed to the service. Each
    // refusal once, however often its input was repeated on the command line.
    const order = new Map<string, number>();
    for (const [position, word] of commandLine.words.entries()) if (!order.has(word)) order.set(word, position);
    const skipped = [...unreadable, ...report.skipped]
      .map((item, arrival) => ({ item, arrival }))
      .sort((a, b) => (order.get(a.item.input) ?? Infinity) - (order.get(b.item.input) ?? Infinity) || a.arrival - b.arrival)
      .map(({ item }) => item);
    const full = { ...report, skipped };
    // Refusals go to stderr, as every user error does; --json keeps them in its one object on stdout.
    if (!json) for (const { reason } of skipped) printError(`Not added: ${reason}`);
    print(full, () => renderAddText({ ...full, skipped: [] }));
    return skipped.length > 0 ? 1 : 0;
  },
};
