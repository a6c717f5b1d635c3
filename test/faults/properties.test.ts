/**
 * Hostile input, generated (fast-check, fixed seeds): questions of random Unicode, huge strings,
 * markdown, mentions and control characters never crash the service and never produce a quote
 * that is not verbatim; random corpus files never crash a build: bad files are skipped with a
 * reason, and every indexed sentence is the file's own text at its offsets.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { QuestionError } from '../../src/answer/index.js';
import { BuildRefusedError, generationsFolder, loadGeneration } from '../../src/index/index.js';
import { runRebuildJob } from '../../src/rebuild/index.js';
import type { VerbatimService } from '../../src/service/index.js';
import { nonVerbatimSpans, readCorpusTexts, tempWorkspace } from '../helpers/temp-corpus.js';
import { embedder, serviceOver } from './helpers.js';

const TOKENS = [
  '@everyone', '@here', '<@123456789012345678>', '<@&123456789012345678>', '<#123456789012345678>', '**', '__', '`', '```', '~~', '||',
  '> ', '# ', '[link](https://example.org)', '\u0000', '\u0007', '\u001b[31m', '\u202e', '\u200b', '\ufeff', '\r\n', '\t', '\ud800', '\udfff',
  '😀', '👍🏽', 'é', 'e\u0301', 'Maduro', 'Cabello', 'Cartel de los Soles', 'who', 'what', 'said', '?', '.', ' ', '  ', '\n\n',
];

const hostileText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }).map((parts) => parts.join('')),
  fc.tuple(fc.constantFrom(...TOKENS), fc.integer({ min: 400, max: 200_000 })).map(([token, n]) => token.repeat(Math.ceil(n / token.length))),
  fc.string({ unit: fc.constantFrom(...'\u0000\u0001\u0008\u000b\u000c\u007f\u0085\u2028\u2029'.split('')), maxLength: 50 }),
);

describe('questions from a hostile user', () => {
  let service: VerbatimService;
  let texts: Map<string, string>;

  beforeAll(async () => {
    const dirs = await tempWorkspace();
    service = serviceOver(dirs).service;
    await service.sources();
    texts = await readCorpusTexts(dirs.corpusDir);
  });

  it('never crash and never quote anything but the corpus verbatim (3000 seeded questions)', async () => {
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(hostileText, async (question) => {
        let answer;
        try {
          answer = await service.ask(question);
        } catch (error) {
          if (error instanceof QuestionError) return;
          throw error;
        }
        answered++;
        expect(nonVerbatimSpans(answer.sentences, texts)).toEqual([]);
        expect(nonVerbatimSpans(answer.citations.map((c) => ({ ...c, text: c.quote })), texts)).toEqual([]);
      }),
      { seed: 20251125, numRuns: 3000 },
    );
    expect(answered).toBeGreaterThan(300);
  });
});

const fileContent = fc.oneof(
  { arbitrary: fc.string({ unit: 'binary', maxLength: 3000 }).map((s) => Buffer.from(s, 'utf8')), weight: 3 },
  { arbitrary: fc.uint8Array({ maxLength: 2000 }).map((bytes) => Buffer.from(bytes)), weight: 2 },
  {
    arbitrary: fc
      .tuple(fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }), fc.lorem({ maxCount: 40, mode: 'sentences' }))
      .map(([parts, lorem]) => Buffer.from(`${parts.join('')}\n${lorem}\n${parts.reverse().join(' ')}`, 'utf8')),
    weight: 3,
  },
  {
    arbitrary: fc
      .tuple(fc.string({ maxLength: 40 }), fc.lorem({ maxCount: 20, mode: 'sentences' }), fc.constantFrom('---', '---\n', '+++', ''))
      .map(([title, body, fence]) => Buffer.from(`${fence}\ntitle: ${title}\npublished: not-a-date\n---\n# ${title}\n\n${body}`, 'utf8')),
    weight: 2,
  },
  // Long files: one word without spaces (overlong words are not stemmed, since Porter2 is
  // quadratic in word length), and many sentences.
  { arbitrary: fc.integer({ min: 1_000, max: 150_000 }).map((n) => Buffer.from('x'.repeat(n), 'utf8')), weight: 1 },
  { arbitrary: fc.lorem({ maxCount: 1500, mode: 'sentences' }).map((text) => Buffer.from(text, 'utf8')), weight: 1 },
);

describe('corpus files from anywhere', () => {
  it('never crash a build: bad files are skipped with a reason, every sentence is verbatim (120 seeded corpora)', async () => {
    const { root } = await tempWorkspace({ withSeeds: false });
    let run = 0;
    let built = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c', 'report'), fc.constantFrom('.txt', '.md'), fileContent), { minLength: 1, maxLength: 3 }), async (files) => {
        const corpusDir = path.join(root, `corpus-${run}`);
        const indexDir = path.join(root, `index-${run++}`);
        await mkdir(corpusDir, { recursive: true });
        const names = new Set<string>();
        for (const [name, extension, content] of files) {
          names.add(`${name}${extension}`);
          await writeFile(path.join(corpusDir, `${name}${extension}`), content);
        }
        try {
          let report;
          try {
            report = await runRebuildJob({ corpusDir, indexDir, maxFileBytes: 200_000, force: false, requestedBy: 'property' }, { embedder, log: () => {} });
          } catch (error) {
            // Nothing readable at all: refused as an empty index, which is a clear outcome, not a crash.
            if (error instanceof BuildRefusedError) return;
            throw error;
          }
          built++;
          for (const skipped of report.skipped) expect(skipped.reason.trim().length).toBeGreaterThan(5);
          const generation = await loadGeneration(path.join(generationsFolder(indexDir), report.generation), embedder);
          const accounted = new Set([...generation.manifest.documents.map((d) => d.file), ...report.skipped.map((s) => s.file)].map((f) => path.basename(f)));
          for (const name of names) expect(accounted.has(name), `${name} neither indexed nor skipped`).toBe(true);
          for (const document of generation.manifest.documents) {
            const fileText = await readFile(path.join(corpusDir, path.basename(document.file)), 'utf8');
            for (const span of [...generation.passagesOf(document.docId), ...generation.sentencesOf(document.docId)]) {
              if (fileText.slice(span.start, span.end) !== span.text) expect.fail(`not verbatim: ${document.file} ${span.start}-${span.end}`);
            }
          }
        } finally {
          await rm(corpusDir, { recursive: true, force: true });
          await rm(indexDir, { recursive: true, force: true });
        }
      }),
      { seed: 424242, numRuns: 120 },
    );
    expect(built).toBeGreaterThan(30);
  });
});
