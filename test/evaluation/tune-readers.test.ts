/**
 * `npm run tune -- --squad FILE --readers FILE` as a maintainer runs it: a child process that
 * fits the ranking on the team's SQuAD-format fixture and on a file of questions in readers' own
 * words, with near off-topic ones (a detail the article never gives). The readers' questions must
 * be ranked and reported, each file by a fit made without it; without `--write` the shipped model
 * never changes.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { ANSWER_MODEL_FILES } from '../../src/answer/index.js';
import type { SquadFile } from '../../src/evaluation/squad-corpus.js';
import { provenanceNotes } from '../../src/evaluation/tuning/answer-model-fit.js';
import { tempWorkspace } from '../helpers/temp-corpus.js';
import { SQUAD } from './squad-fixture.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const SCRIPT = path.join(ROOT, 'scripts/tune-answer-weights.ts');

const asked = (id: string, question: string, answer: string) => ({ id, question, answers: [{ text: answer }] });
const notGiven = (id: string, question: string) => ({ id, question, is_impossible: true, answers: [] });

/** Two short articles, asked in other words than theirs, and what they never say. */
const READERS: SquadFile = {
  data: [
    {
      title: 'Ferry',
      paragraphs: [
        {
          context:
            'Ferry crews on the Askel line stopped work on Friday over a plan to cut night sailings.\n\nThe strike left about 2,000 islanders without a crossing. The operator, Bluewake, said talks would resume on Monday.',
          qas: [
            asked('f1', 'What made the crews walk out?', 'a plan to cut night sailings'),
            asked('f2', 'How many people were stranded?', 'about 2,000 islanders'),
            asked('f3', 'Which company runs the boats?', 'Bluewake'),
            notGiven('f8', 'How much do the crews earn a year?'),
            notGiven('f9', 'Who leads the crews’ union?'),
          ],
        },
      ],
    },
    {
      title: 'Library',
      paragraphs: [
        {
          context:
            'The town library in Veldon reopened on Saturday after a two-year rebuild that cost 6 million euros.\n\nIts new reading room seats 120 people. The architect, Mara Quist, kept the old brick front.',
          qas: [
            asked('l1', 'What did the rebuild come to?', '6 million euros'),
            asked('l2', 'Who designed the new building?', 'Mara Quist'),
            asked('l3', 'How many can sit in the reading room?', '120 people'),
            notGiven('l8', 'How many books does the library lend a year?'),
            notGiven('l9', 'When was the library first built?'),
          ],
        },
      ],
    },
  ],
};

let folder: string;
let env: NodeJS.ProcessEnv;

async function tune(args: string[]) {
  try {
    const { stdout, stderr } = await promisify(execFile)(TSX, [SCRIPT, ...args], { cwd: ROOT, env, maxBuffer: 20 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

beforeAll(async () => {
  folder = (await tempWorkspace({ withSeeds: false })).root;
  await writeFile(path.join(folder, 'squad.json'), JSON.stringify(SQUAD));
  await writeFile(path.join(folder, 'readers.json'), JSON.stringify(READERS));
  env = { PATH: process.env.PATH, HOME: process.env.HOME, MODELS_DIR: path.join(ROOT, 'models'), EMBEDDING_MODEL: 'embedded', LOG_LEVEL: 'warn' };
});

describe('npm run tune -- --squad FILE --readers FILE', () => {
  it("ranks the readers' questions with a fit made without their file, reports it, and names the file in the refit's provenance", async () => {
    const before = readFileSync(ANSWER_MODEL_FILES.embedded, 'utf8');
    const { code, stdout, stderr } = await tune(['--squad', path.join(folder, 'squad.json'), '--readers', path.join(folder, 'readers.json')]);
    expect(code, stderr).toBe(0);
    const line = /ranking, fitted with readers' questions: top-1 SQuAD tuning ([\d.]+), held out ([\d.]+); readers' questions, each file fitted without it, ([\d.]+) \(starting weights ([\d.]+)\)/.exec(stdout);
    expect(line, stdout).not.toBeNull();
    for (const share of line!.slice(1)) expect(Number(share)).toBeGreaterThanOrEqual(0);
    // One file: fitted without it, the fit is SQuAD's alone, which must not pass for a readers' gain.
    const [leftOut, atStart] = [Number(line![3]), Number(line![4])];
    if (leftOut <= atStart) expect(stdout).toContain('the starting weights kept');
    const json = stdout.slice(stdout.indexOf('{'), stdout.lastIndexOf('}') + 1);
    const model = JSON.parse(json) as { provenance: { readersFiles?: string; fittedOn: string }; abstainBelow: number };
    expect(model.provenance.readersFiles).toMatch(/^readers\.json@sha256:[0-9a-f]{12}$/);
    expect(model.provenance.fittedOn).toContain("readers' questions");
    expect(model.abstainBelow).toBeGreaterThan(0);
    expect(stdout).toContain('not written: pass --write');
    expect(readFileSync(ANSWER_MODEL_FILES.embedded, 'utf8')).toBe(before);
  }, 300_000);

  it('says in one line which readers file is missing', async () => {
    const { code, stderr } = await tune(['--squad', path.join(folder, 'squad.json'), '--readers', path.join(folder, 'no-such.json')]);
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/^No file at .*no-such\.json\. Usage: npm run tune/);
  }, 120_000);
});

describe('provenanceNotes', () => {
  it("carries a model's notes into its refit and leaves what the refit writes itself", () => {
    const notes = provenanceNotes({
      tool: 'npm run tune',
      squadFile: 'squad.json',
      fittedOn: 'even-numbered articles',
      heldOut: { rankingTop1: 0.8 },
      readersFiles: 'devset8.json@sha256:000000000000',
      retrievalLexicalWeight: '0.4, measured with npm run eval',
      labelsStrong: '0.48, measured on readers’ words',
    });
    expect(notes).toEqual({ retrievalLexicalWeight: '0.4, measured with npm run eval', labelsStrong: '0.48, measured on readers’ words' });
  });
});
