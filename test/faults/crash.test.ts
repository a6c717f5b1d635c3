/**
 * kill -9 of the build process at seeded random moments: whatever the moment, the next start
 * serves a complete generation (never a fallback: `current` only ever names a finished one), and
 * cleans up what the dead build left (temporary folder, its lock, a half-written pointer).
 */
import type { ChildProcess } from 'node:child_process';
import { appendFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generationsFolder, loadServedGeneration, readAuditLog, readCurrentGenerationName } from '../../src/index/index.js';
import { BuildFailedError } from '../../src/rebuild/index.js';
import { tempWorkspace } from '../helpers/temp-corpus.js';
import { embedder, expectGenerationVerbatim, leftovers, seededRandom, serviceOver } from './helpers.js';
import { testReport } from '../helpers/report.js';

const KILL_POINTS = 10;

describe('a build process killed with SIGKILL', () => {
  it(`always leaves a complete generation served, at ${KILL_POINTS} seeded kill points spread over the build`, async () => {
    const dirs = await tempWorkspace();
    // A bigger corpus than the seeds, so the writing phase lasts long enough to be hit.
    const firstDoc = (await readdir(dirs.corpusDir)).find((name) => name.endsWith('.txt'))!;
    const seedText = await import('node:fs/promises').then((fs) => fs.readFile(path.join(dirs.corpusDir, firstDoc), 'utf8'));
    const { writeFile } = await import('node:fs/promises');
    for (let i = 0; i < 12; i++) {
      await writeFile(path.join(dirs.corpusDir, `extra_${String(i).padStart(2, '0')}.txt`), `Extra report ${i}\n${seedText.replaceAll('the', `the ${i}`)}`);
    }
    await serviceOver(dirs).service.reindex({ requestedBy: 'test' });

    // One undisturbed build through the child runner, to learn how long one takes and when work starts.
    let spawnedAt = 0;
    let firstProgressAt = 0;
    const timing = serviceOver(dirs, { runner: 'child', onSpawn: () => (spawnedAt = performance.now()) });
    await timing.service.reindex({ requestedBy: 'test', force: true, onProgress: () => (firstProgressAt ||= performance.now()) });
    const total = performance.now() - spawnedAt;
    const workStarts = firstProgressAt - spawnedAt;

    const random = seededRandom(20251125);
    const phases = ['reading', 'embedding', 'writing', 'done'] as const;
    const served = new Set<string>([(await readCurrentGenerationName(dirs.indexDir))!]);
    const outcomes: string[] = [];
    for (let point = 0; point < KILL_POINTS; point++) {
      // Change the corpus each time, so a build that gets through writes a different generation.
      await appendFile(path.join(dirs.corpusDir, 'extra_00.txt'), `\nUpdate number ${point} was filed on a Tuesday.\n`);
      let child: ChildProcess | undefined;
      const kill = () => child?.kill('SIGKILL');
      // Half the points at a time over the working part of the build, half at a phase change plus a little.
      const byPhase = point % 2 === 1;
      const phase = phases[Math.floor(random() * phases.length)]!;
      const delayMs = byPhase ? random() * 25 : workStarts * 0.7 + random() * (total - workStarts * 0.7);
      let armed = false;
      const { service } = serviceOver(dirs, {
        runner: 'child',
        onSpawn: (spawned) => {
          child = spawned;
          if (!byPhase) setTimeout(kill, delayMs);
        },
      });
      const attempt = service
        .reindex({
          requestedBy: `kill-${point}`,
          onProgress: (progress) => {
            if (byPhase && !armed && progress.phase === phase) {
              armed = true;
              setTimeout(kill, delayMs);
            }
          },
        })
        .then(
          (report) => `completed ${report.generation}`,
          (error: unknown) => {
            expect(error).toBeInstanceOf(BuildFailedError);
            expect((error as Error).message).toMatch(/stopped unexpectedly \(signal SIGKILL\)/);
            return 'killed';
          },
        );
      const outcome = await attempt;
      outcomes.push(`${byPhase ? `${phase}+${Math.round(delayMs)}ms` : `${Math.round(delayMs)}ms`}: ${outcome}`);
      if (outcome.startsWith('completed')) served.add(outcome.split(' ')[1]!);

      // The next start: serves the generation `current` names, with no fallback warning, and cleans up.
      const warnings: string[] = [];
      const generation = await loadServedGeneration(dirs.indexDir, embedder, { warn: (line) => warnings.push(line) });
      expect(warnings).toEqual([]);
      expectGenerationVerbatim(generation);
      served.add(generation.name);
      const restarted = serviceOver(dirs);
      expect((await restarted.service.sources()).length).toBe(generation.manifest.counts.documents);
      expect(restarted.service.currentGeneration()).toBe(generation.name);
      expect(await leftovers(dirs.indexDir)).toEqual([]);
    }
    // Some kills must have landed inside the build, or the test proves nothing.
    expect(outcomes.filter((o) => o.endsWith('killed')).length, outcomes.join('\n')).toBeGreaterThanOrEqual(KILL_POINTS / 2);

    const after = serviceOver(dirs, { runner: 'child' });
    const report = await after.service.reindex({ requestedBy: 'test' });
    expect(await readCurrentGenerationName(dirs.indexDir)).toBe(report.generation);
    expect(await leftovers(dirs.indexDir)).toEqual([]);
    expect((await readdir(generationsFolder(dirs.indexDir))).filter((name) => name.startsWith('g-')).length).toBeLessThanOrEqual(3);
    const audit = await readAuditLog(dirs.indexDir);
    expect(audit.filter((entry) => entry.outcome === 'failed').length).toBe(outcomes.filter((o) => o.endsWith('killed')).length);
    testReport(`kill points (build ${Math.round(total)} ms, work from ${Math.round(workStarts)} ms):\n  ${outcomes.join('\n  ')}`);
  }, 600_000); // a dozen builds in child processes: on a machine with both cores busy this takes minutes
});
