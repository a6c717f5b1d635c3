/**
 * `npm run eval -- --squad FILE [--json]`: open-corpus evaluation on a SQuAD-format file
 * (CONTRACT.md). Builds a temporary index of all its paragraphs and asks every answerable question.
 */
import 'dotenv/config';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { evaluateSquad, parseSquad } from '../src/evaluation/squad-evaluation.js';
import { loadConfig } from '../src/config/index.js';
import { createEmbedder, embedderSettingsOf } from '../src/embedding/index.js';
import { commandLineOrHelp, UsageError, type CommandLineSpec } from '../src/cli/arguments.js';
import { runEntryPoint } from '../src/cli/exit.js';

const COMMAND_LINE: CommandLineSpec = {
  usage: 'npm run eval -- --squad FILE [--json]',
  summary: 'Open-corpus evaluation: builds a temporary index of every paragraph of a SQuAD-format file and asks each answerable question.',
  flags: {
    squad: { type: 'string', valueName: 'FILE', description: 'the SQuAD-format JSON file (required)' },
    json: { type: 'boolean', description: 'print the report as one JSON object (docs/CONTRACT.md)' },
  },
  words: 'none',
};

async function main(): Promise<number> {
  const commandLine = commandLineOrHelp(COMMAND_LINE, process.argv.slice(2));
  if (!commandLine) return 0;
  const values = commandLine.values as { squad?: string; json?: boolean };
  if (!values.squad) throw new UsageError('Give the SQuAD file: npm run eval -- --squad path/to/squad.json [--json]');
  let squad;
  try {
    squad = parseSquad(await readFile(values.squad, 'utf8'));
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? `No file at ${values.squad}.` : (error as Error).message;
    process.stderr.write(`${reason}\n`);
    return 1;
  }
  const config = loadConfig(process.env);
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const embedder = await createEmbedder({ ...embedderSettingsOf(config), log });
  const report = await evaluateSquad(squad, {
    dataset: path.basename(values.squad),
    embedder,
    maxQuestionChars: Math.max(config.MAX_QUESTION_CHARS, 1000),
    onProgress: (done, total) => {
      if (!values.json && process.stderr.isTTY && done % 50 === 0) process.stderr.write(`\r${done}/${total} questions`);
    },
  });
  if (values.json) {
    process.stdout.write(`${JSON.stringify(report)}\n`);
  } else {
    process.stdout.write(
      [
        `\n${report.dataset}: ${report.questions} answerable questions, open corpus; model ${embedder.id}`,
        `paragraph recall@1 ${report.paragraphRecallAt1}   @5 ${report.paragraphRecallAt5}`,
        `answer sentence top-1 ${report.sentenceTop1}   top-3 ${report.sentenceTop3}   shown (answer + also relevant) ${report.shownTop3}`,
        `candidate recall ${report.candidateRecall}`,
        `abstained on answerable ${report.abstainedAnswerable}   on ${report.unanswerableQuestions} unanswerable ${report.abstainedUnanswerable}`,
        `offered as a possible answer: answerable ${report.possibleAnswers.answerable} (right ${report.possibleAnswers.right})   unanswerable ${report.possibleAnswers.unanswerable}`,
        `expected calibration error ${report.calibrationError}   discrimination (AUC) ${report.discrimination}`,
        'reliability  confidence   questions  mean conf.  right',
        ...report.reliability.map((b) => `             ${b.from.toFixed(1)}–${b.to.toFixed(1)}   ${String(b.count).padStart(9)}  ${b.meanConfidence.toFixed(3).padStart(10)}  ${b.accuracy.toFixed(3)}`),
        // Apart: the label's promise is about questions a reader asks; SQuAD's impossible ones are
        // written to look answerable from their paragraph, and every answer to them is wrong.
        'label           answerable  right   impossible',
        ...report.labels.map(
          (l) => `${l.label.padEnd(14)}  ${String(l.answerable).padStart(10)}  ${l.label === 'no match' ? '(withheld)' : l.answerableRight.toFixed(3).padEnd(10)}  ${String(l.unanswerable).padStart(10)}`,
        ),
        `short answer exact match ${report.shortAnswerEM}   F1 ${report.shortAnswerF1}`,
        `latency p50 ${report.p50Ms} ms   p95 ${report.p95Ms} ms`,
      ].join('\n') + '\n',
    );
  }
  return 0;
}

runEntryPoint(main);
