/**
 * 200 questions while a rebuild runs in a child process and swaps generations: no question
 * fails, and every answer's citations resolve in the documents of the generation that produced
 * it (questions in flight finish on the generation they started with).
 */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/answer/types.js';
import { generationsFolder, loadGeneration, type IndexGeneration } from '../../src/index/index.js';
import { tempWorkspace } from '../helpers/temp-corpus.js';
import { answerResolvesIn, embedder, serviceOver } from './helpers.js';
import { testReport } from '../helpers/report.js';

const QUESTIONS = [
  'Who heads the Cartel de los Soles?',
  'What did the Treasury Department do?',
  'Who was extradited and pleaded guilty?',
  'What did Maduro say about the US military deployment?',
  'Who is Diosdado Cabello?',
  'When did the strike at the harbour begin?',
  'What did the union say about the strike?',
  'Which ships were deployed to the Caribbean?',
];

describe('questions during a live rebuild', () => {
  it('answers 200 questions across a generation swap with zero errors, each verbatim in its own generation', async () => {
    const dirs = await tempWorkspace();
    const { service } = serviceOver(dirs, { runner: 'child' });
    const old = await service.reindex({ requestedBy: 'test' });
    // The next generation differs: a new article, and an existing one edited (its offsets move).
    await writeFile(
      path.join(dirs.corpusDir, 'harbour_strike.txt'),
      'Harbour Workers Strike in Port Town\nDock workers in the port town of Eastby walked out on Monday over pay. The union said the strike would last a week.\n',
    );
    const edited = path.join(dirs.corpusDir, (await import('node:fs/promises').then((fs) => fs.readdir(dirs.corpusDir))).find((f) => f.startsWith('000_'))!);
    await writeFile(edited, `Editor's note: this article was updated.\n\n${await readFile(edited, 'utf8')}`);

    const results: { answer?: Answer; error?: unknown; during: boolean; ms: number }[] = [];
    let rebuilding = true;
    const started = performance.now();
    let rebuildMs = 0;
    const rebuild = service.reindex({ requestedBy: 'test' }).finally(() => {
      rebuilding = false;
      rebuildMs = performance.now() - started;
    });
    const ask = (question: string) => {
      const asked = performance.now();
      return service.ask(question).then(
        (answer) => void results.push({ answer, during: rebuilding, ms: performance.now() - asked }),
        (error: unknown) => void results.push({ error, during: rebuilding, ms: performance.now() - asked }),
      );
    };
    const pending: Promise<void>[] = [];
    let issued = 0;
    // Questions keep arriving while the build runs (at most 170), the rest right after the swap.
    while (rebuilding && issued < 170) {
      for (let i = 0; i < 2; i++) pending.push(ask(QUESTIONS[issued++ % QUESTIONS.length]!));
      await new Promise((resolve) => setTimeout(resolve, 12));
    }
    const report = await rebuild;
    while (issued < 200) pending.push(ask(QUESTIONS[issued++ % QUESTIONS.length]!));
    await Promise.all(pending);

    expect(results).toHaveLength(200);
    expect(results.filter((r) => r.error).map((r) => String(r.error))).toEqual([]);
    const generations = new Map<string, IndexGeneration>();
    for (const name of [old.generation, report.generation]) {
      generations.set(name, await loadGeneration(path.join(generationsFolder(dirs.indexDir), name), embedder));
    }
    const byGeneration = new Map<string, number>();
    for (const { answer } of results) {
      const generation = generations.get(answer!.generation!);
      expect(generation, `answer from an unknown generation ${answer!.generation}`).toBeDefined();
      expect(answerResolvesIn(answer!, generation!)).toEqual([]);
      byGeneration.set(answer!.generation!, (byGeneration.get(answer!.generation!) ?? 0) + 1);
    }
    // Both generations answered: the swap happened while questions were being asked.
    expect(byGeneration.get(old.generation)).toBeGreaterThan(0);
    expect(byGeneration.get(report.generation)).toBeGreaterThan(0);
    expect(service.currentGeneration()).toBe(report.generation);
    const answeredDuring = results.filter((r) => r.during);
    const slowest = Math.max(...answeredDuring.map((r) => r.ms));
    testReport(
      `live swap: ${answeredDuring.length} questions answered during a ${Math.round(rebuildMs)} ms rebuild ` +
        `(${Math.round((answeredDuring.length / rebuildMs) * 1000)} answers/s at the offered rate, slowest ${Math.round(slowest)} ms), ` +
        `${JSON.stringify(Object.fromEntries(byGeneration))}, total ${Math.round(performance.now() - started)} ms`,
    );
  });
});
