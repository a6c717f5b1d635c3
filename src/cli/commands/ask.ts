import { createInterface } from 'node:readline';
import { QuestionError, validateQuestion } from '../../answer/index.js';
import { UserError } from '../../config/index.js';
import type { VerbatimService } from '../../service/index.js';
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

/** What each line of `--stdin` must be, as the error for a line that is not says. */
const EXPECTED_LINE = 'expected a JSON object {"id": "...", "question": "..."} on each line';

/**
 * Answers JSON lines in order: every non-empty line gets exactly one output line, an answer or
 * `{"id", "error"}` (not JSON, not an object, no question, a bad question, even an internal
 * fault on that one question), so one bad line never costs the answers to the others. Blank lines
 * carry no question and are skipped.
 */
async function askMany(service: VerbatimService, stdin: NodeJS.ReadableStream, stdout: NodeJS.WritableStream): Promise<void> {
  const lines = createInterface({ input: stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    stdout.write(`${JSON.stringify(await answerLine(service, line))}\n`);
  }
}

async function answerLine(service: VerbatimService, line: string): Promise<object> {
  let request: unknown;
  try {
    request = JSON.parse(line);
  } catch {
    return { id: null, error: `Not a JSON line: ${EXPECTED_LINE}` };
  }
  if (typeof request !== 'object' || request === null || Array.isArray(request)) return { id: null, error: `Not a question: ${EXPECTED_LINE}` };
  const { id = null, question } = request as { id?: unknown; question?: unknown };
  try {
    if (typeof question !== 'string') throw new QuestionError('Each line needs a "question" string.');
    return { id, ...(await service.ask(question)) };
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
    return { id, error: error instanceof UserError ? message : `Internal error: ${message}` };
  }
}
