/**
 * The seed-corpus question set (issue 4 targets) over the REAL service and a temp copy of corpus/:
 * direct factual questions, paraphrases, and off-topic questions (test/answer/seed-questions.json).
 *
 * Every answer, right or wrong, must be verbatim: each sentence and each citation quote is the
 * file's text at its offsets. Quality is asserted in aggregate (share of direct / paraphrase
 * questions whose FIRST sentence is a right one, share of off-topic questions that abstain), with
 * thresholds set a little below what the system achieves, so one hard question does not block the
 * suite but a regression does. Failures are printed as a compact table with VERBATIM_TEST_REPORT=1 (test/helpers/report.ts).
 *
 * Achieved when the thresholds were last raised (embedded GloVe-100d model, term pairs in BM25,
 * listwise-fitted ranking, fitted confidence model and threshold of src/answer/answer-model.json, topic check):
 *   direct      35/37 = 94.6 % right first sentence
 *   paraphrase   9/17 = 52.9 % right first sentence (most misses abstain: synonyms the model misses)
 *   off-topic   16/16 = 100 % abstained (the judge's evidence checks: a name the quoted article never
 *               mentions, a how-many question answered without a new number, or a "What was X's
 *               inflation rate?" whose quotes lack "inflation", is withheld)
 * Raise the thresholds when the method improves; never lower them to make a change pass.
 */
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/types.js';
import type { QuotedSpan } from '../../src/evidence/index.js';
import { loadConfig } from '../../src/config/index.js';
import { createEmbedder } from '../../src/embedding/index.js';
import { createVerbatimService } from '../../src/service/index.js';
import { nonVerbatimSpans, quotedSpansOf, quotesOutsideTheirCitations, readCorpusTexts, tempWorkspace } from '../helpers/temp-corpus.js';
import { testReport } from '../helpers/report.js';

/** Minimum shares; achieved values are in the header comment. */
const THRESHOLDS = { direct: 0.9, paraphrase: 0.45, offtopic: 1 } as const;

type Kind = 'direct' | 'paraphrase' | 'offtopic';

interface Expectation {
  /** Articles any of whose right sentences is acceptable. */
  docIds: string[];
  /** Fragments the right first sentence contains, all of them. */
  mustContain?: string[];
  /** Fragments of which the right first sentence contains at least one. */
  mustContainAny?: string[];
}

interface SeedQuestion {
  id: string;
  kind: Kind;
  question: string;
  expect?: Expectation;
}

const QUESTIONS: SeedQuestion[] = (
  JSON.parse(readFileSync(path.resolve(import.meta.dirname, 'seed-questions.json'), 'utf8')) as { questions: SeedQuestion[] }
).questions;

const ROOT = path.resolve(import.meta.dirname, '../..');

/** Does this sentence hold the expected fact, from an expected article? */
function isRightSentence(span: QuotedSpan | undefined, expectation: Expectation): boolean {
  if (!span || !expectation.docIds.includes(span.docId)) return false;
  if (!(expectation.mustContain ?? []).every((fragment) => span.text.includes(fragment))) return false;
  const any = expectation.mustContainAny;
  return !any || any.some((fragment) => span.text.includes(fragment));
}

interface Outcome {
  item: SeedQuestion;
  answer: Answer;
  /** Direct/paraphrase: answered with a right first sentence. Off-topic: abstained. */
  good: boolean;
  /** Direct/paraphrase: position of the first right sentence among those listed, -1 when none. */
  rightAt: number;
}

function judge(item: SeedQuestion, answer: Answer): Outcome {
  if (item.kind === 'offtopic') return { item, answer, good: answer.abstained, rightAt: -1 };
  const expectation = item.expect!;
  const rightAt = answer.sentences.findIndex((s) => isRightSentence(s, expectation));
  return { item, answer, good: !answer.abstained && rightAt === 0, rightAt };
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

describe('the seed question set over the real service', () => {
  let root: string;
  let texts: Map<string, string>;
  const outcomes: Outcome[] = [];

  beforeAll(async () => {
    const workspace = await tempWorkspace();
    root = workspace.root;
    texts = await readCorpusTexts(workspace.corpusDir);
    const config = loadConfig({ CORPUS_DIR: workspace.corpusDir, INDEX_DIR: workspace.indexDir, MODELS_DIR: path.join(ROOT, 'models') });
    const embedder = await createEmbedder({ model: 'embedded', modelsDir: path.join(ROOT, 'models'), allowRemoteModels: false });
    const service = createVerbatimService(config, { embedder, log: () => undefined });
    for (const item of QUESTIONS) outcomes.push(judge(item, await service.ask(item.question)));

    const failures = outcomes.filter((o) => !o.good);
    // One line per failure: id, abstained?, confidence, where the right sentence was listed
    // (-1: not listed), the question, and the first sentence shown (answer or related reading).
    const rows = failures.map((o) =>
      [
        o.item.id.padEnd(4),
        (o.answer.abstained ? 'abst' : 'ans').padEnd(4),
        o.answer.confidence.toFixed(3),
        (o.item.kind === 'offtopic' ? '' : `@${o.rightAt}`).padEnd(3),
        clip(o.item.question, 60).padEnd(60),
        o.answer.sentences[0] ? `[${o.answer.sentences[0].docId.slice(0, 3)}] ${clip(o.answer.sentences[0].text, 90)}` : '',
      ].join(' | '),
    );
    testReport([`seed questions: ${failures.length} of ${outcomes.length} not as expected`, ...rows].join('\n'));
    testReport(
      (['direct', 'paraphrase', 'offtopic'] as const)
        .map((kind) => {
          const group = outcomes.filter((o) => o.item.kind === kind);
          return `${kind} ${group.filter((o) => o.good).length}/${group.length}`;
        })
        .join(', '),
    );
  });

  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  it('holds a well-formed question set: unique ids, about 60 questions in three groups, fragments present in the expected articles', () => {
    expect(new Set(QUESTIONS.map((q) => q.id)).size).toBe(QUESTIONS.length);
    expect(QUESTIONS.length).toBeGreaterThanOrEqual(55);
    for (const item of QUESTIONS) {
      if (item.kind === 'offtopic') {
        expect(item.expect, item.id).toBeUndefined();
        continue;
      }
      const expectation = item.expect!;
      expect(expectation.docIds.length, item.id).toBeGreaterThan(0);
      expect((expectation.mustContain?.length ?? 0) + (expectation.mustContainAny?.length ?? 0), item.id).toBeGreaterThan(0);
      // Some expected article holds a sentence with all the fragments: the expectation is satisfiable.
      for (const fragment of [...(expectation.mustContain ?? [])]) {
        expect(expectation.docIds.some((docId) => texts.get(docId)?.includes(fragment)), `${item.id}: ${fragment}`).toBe(true);
      }
      if (expectation.mustContainAny) {
        expect(expectation.mustContainAny.some((f) => expectation.docIds.some((d) => texts.get(d)?.includes(f))), item.id).toBe(true);
      }
    }
  });

  it('quotes every sentence and every citation verbatim, in every answer and abstention', () => {
    expect(outcomes.length).toBe(QUESTIONS.length);
    for (const { item, answer } of outcomes) {
      expect(nonVerbatimSpans(quotedSpansOf(answer), texts), item.id).toEqual([]);
      expect(quotesOutsideTheirCitations(answer), item.id).toEqual([]);
      for (const sentence of answer.sentences) {
        expect(answer.citations.some((c) => c.n === sentence.citation && c.docId === sentence.docId), item.id).toBe(true);
      }
      if (answer.abstained) expect(answer.answer, item.id).toBe('');
      else expect(answer.sentences.length, item.id).toBeGreaterThan(0);
    }
  });

  const share = (kind: Kind) => {
    const group = outcomes.filter((o) => o.item.kind === kind);
    return group.filter((o) => o.good).length / group.length;
  };

  it(`answers at least ${THRESHOLDS.direct * 100}% of direct questions with a right first sentence`, () => {
    expect(share('direct')).toBeGreaterThanOrEqual(THRESHOLDS.direct);
  });

  it(`answers at least ${THRESHOLDS.paraphrase * 100}% of paraphrased questions with a right first sentence`, () => {
    expect(share('paraphrase')).toBeGreaterThanOrEqual(THRESHOLDS.paraphrase);
  });

  it(`abstains on at least ${THRESHOLDS.offtopic * 100}% of off-topic questions`, () => {
    expect(share('offtopic')).toBeGreaterThanOrEqual(THRESHOLDS.offtopic);
  });
});
