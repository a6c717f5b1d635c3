import { createInterface } from 'node:readline';
import { QuestionError, validateQuestion } from '../../answer/index.js';
import { UserError } from '../../config/index.js';
import type { VerbatimService } from '../../service.js';
import { UsageError } from '../arguments.js';
import type { CliCommand } from '../command.js';
import { renderAnswerText, terminalBold } from '../render-text.js';

/** `npm run ask -- [--json] "question"` and `npm run ask -- --json --stdin`. */
export const askCommand: CliCommand = {
  name: 'ask',
  commandLine: {
    usage: 'npm run ask -- [--json] "question"  |  npm run ask -- --json --stdin',
    summary: 'One extractive answer: verbatim sentences from the corpus with numbered citations, or "the corpus does not say".',
    flags: {
      json: { type: 'boolean', description: 'print the answer as one JSON object (docs/CONTRACT.md)' },
      stdin: { type: 'boolean', description: 'read JSON lines {"id", "question"} from stdin and write one JSON line per input line, in order' },
    },
    words: 'text',
  },
  async run({ commandLine, config, service, print, stdin, stdout }) {
    if (commandLine.values.stdin === true) {
      if (commandLine.text !== '') throw new UsageError('With --stdin the questions come from stdin: give no question on the command line');
      return askMany(await service(), stdin, stdout);
    }
    // A bad question is refused before the model loads or an index is built for it.
    validateQuestion(commandLine.text, config.MAX_QUESTION_CHARS);
    const answer = await (await service()).ask(commandLine.text);
    // The short answer in bold on a terminal; a pipe gets the sentences as they are.
    const emphasis = (stdout as Partial<NodeJS.WriteStream>).isTTY ? terminalBold : (phrase: string) => phrase;
    print(answer, () => renderAnswerText(answer, emphasis));
  },
};

async function askMany(service: VerbatimService, stdin: NodeJS.ReadableStream, stdout: NodeJS.WritableStream): Promise<void> {
  const lines = createInterface({ input: stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    let id: unknown = null;
    try {
      const request = JSON.parse(line) as { id?: unknown; question?: unknown };
      id = request.id ?? null;
      if (typeof request.question !== 'string') throw new QuestionError('Each line needs a "question" string.');
      const answer = await service.ask(request.question);
      stdout.write(`${JSON.stringify({ id, ...answer })}\n`);
    } catch (error) {
      // One bad line must not cost the answers to the others: report it in place, in order.
      if (error instanceof SyntaxError || error instanceof UserError) {
        const message = error instanceof SyntaxError ? 'Not a JSON line: expected {"id": "...", "question": "..."}' : (error as Error).message;
        stdout.write(`${JSON.stringify({ id, error: message })}\n`);
      } else {
        throw error;
      }
    }
  }
}
