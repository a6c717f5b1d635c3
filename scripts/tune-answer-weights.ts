/**
 * Developer tool: `npx tsx scripts/tune-answer-weights.ts --squad FILE`. Searches the answer
 * scorer's evidence weights and the retrieval blend by coordinate ascent on the SQuAD articles
 * with an even index (0, 2, 4…) and reports the held-out articles separately, so a weight that
 * only fits the tuning questions shows up as a gap. Prints; changes nothing.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Answerer, SENTENCE_WEIGHTS, type SentenceWeights } from '../src/answer/index.js';
import { containsAnswer, parseSquad, writeSquadCorpus, type SquadQuestion } from '../src/cli/squad-evaluation.js';
import { createEmbedder } from '../src/embedding/index.js';
import { buildIndexGeneration, loadServedGeneration } from '../src/index/index.js';
import { LEXICAL_WEIGHT } from '../src/retrieval/index.js';

type Settings = SentenceWeights & { lexicalWeight: number };

const { values } = parseArgs({ options: { squad: { type: 'string' }, rounds: { type: 'string', default: '2' } } });
if (!values.squad) throw new Error('--squad FILE is required');
const squad = parseSquad(await readFile(values.squad, 'utf8'));
const workDir = await mkdtemp(path.join(os.tmpdir(), 'verbatim-tune-'));
try {
  const corpusDir = path.join(workDir, 'corpus');
  const indexDir = path.join(workDir, 'index');
  const questions = await writeSquadCorpus(squad, corpusDir);
  const embedder = await createEmbedder({ model: 'embedded', modelsDir: './models', allowRemoteModels: false, log: console.error });
  await buildIndexGeneration({ corpusDir, indexDir, embedder, maxFileBytes: 50 * 1024 * 1024 });
  const generation = await loadServedGeneration(indexDir, embedder);
  const articleOf = (q: SquadQuestion) => Number(q.docId.slice(-3));
  const tuning = questions.filter((q) => articleOf(q) % 2 === 0);
  const heldOut = questions.filter((q) => articleOf(q) % 2 === 1);

  async function top1(settings: Settings, set: SquadQuestion[]): Promise<number> {
    const { lexicalWeight, ...weights } = settings;
    const answerer = new Answerer(generation, embedder, { maxQuestionChars: 1000, weights, lexicalWeight });
    let hits = 0;
    for (const q of set) {
      const [best] = await answerer.rankSentences(q.question);
      if (best && containsAnswer(best.sentence.text, q.answers)) hits++;
    }
    return hits / set.length;
  }

  let best: Settings = { ...SENTENCE_WEIGHTS, lexicalWeight: LEXICAL_WEIGHT };
  let bestScore = await top1(best, tuning);
  console.log(`start: tuning ${bestScore.toFixed(3)} held-out ${(await top1(best, heldOut)).toFixed(3)}`);
  const factors = [0, 0.5, 0.75, 1.5, 2];
  for (let round = 0; round < Number(values.rounds); round++) {
    for (const key of Object.keys(best) as (keyof Settings)[]) {
      if (key === 'coverage') continue; // the scale: every other weight is relative to it
      const candidates = key === 'lexicalWeight' ? [0.5, 0.6, 0.7, 0.8, 0.9] : factors.map((f) => Math.max(0.02, best[key]) * f);
      for (const value of candidates) {
        const trial = { ...best, [key]: Math.round(value * 1000) / 1000 };
        const score = await top1(trial, tuning);
        if (score > bestScore + 1e-9) {
          best = trial;
          bestScore = score;
          console.log(`  ${String(key)} = ${trial[key]} → tuning ${score.toFixed(3)}`);
        }
      }
    }
  }
  console.log(`best: ${JSON.stringify(best)}`);
  console.log(`tuning ${bestScore.toFixed(3)} held-out ${(await top1(best, heldOut)).toFixed(3)} all ${(await top1(best, questions)).toFixed(3)}`);
} finally {
  await rm(workDir, { recursive: true, force: true });
}
