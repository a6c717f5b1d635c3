import { cp, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { loadCorpus, processDocument, type ProcessedDocument } from '../../corpus/index.js';
import type { Embedder } from '../../embedding/embedder.js';
import { buildQuestions } from '../benchmark/questions.js';
import { percentile } from '../benchmark/measure.js';
import { writeNewsCorpus } from '../benchmark/news-corpus.js';
import { readFrequencyRankedWords } from '../benchmark/synthetic-corpus.js';
import { containsAnswer, parseSquad } from '../squad-evaluation.js';
import { writeSquadCorpus } from '../squad-corpus.js';
import type { PeerEngine, PeerPassage } from './types.js';
import { VerbatimPeer } from './verbatim.js';

/** The engines of `bench --peers`, Verbatim first. */
export const PEER_ENGINES = ['verbatim', 'orama', 'lancedb', 'langchain'] as const;
export type PeerEngineName = (typeof PEER_ENGINES)[number];

/** One row of `bench --peers --json` (docs/CONTRACT.md). */
export interface PeerRow {
  engine: string;
  size: string;
  passages: number;
  buildMs: number;
  loadMs: number;
  rssMb: number;
  askP50Ms: number;
  askP95Ms: number;
  /** Null where the size has no gold answers (seeds, generated news). */
  paragraphRecallAt1: number | null;
  paragraphRecallAt5: number | null;
  candidateRecall: number | null;
}

/** A question of the run, with its gold answers and paragraph when the corpus has them (SQuAD). */
interface PeerQuestion {
  question: string;
  answers: string[];
  /** `docId:paragraph` of the gold paragraph. */
  paragraph: string | null;
}

interface PreparedRun {
  passages: (PeerPassage & { paragraph: string })[];
  questions: PeerQuestion[];
}

/** Passages retrieved per question: enough for paragraph recall@5 after merging passages of one paragraph. */
const RETRIEVE_K = 20;
/** Passages the answer stage reads (the bot's retrieval limit): the scope of candidate recall. */
const CANDIDATE_K = 8;
const GENERATED_QUESTIONS = 60;

/** The peers are devDependencies: imported only when measured, so nothing else needs them installed. */
async function engineOf(name: string, model: Embedder, workDir: string): Promise<PeerEngine> {
  if (name === 'verbatim') return new VerbatimPeer(model, path.join(workDir, 'corpus'));
  if (name === 'orama') return new (await import('./orama.js')).OramaPeer();
  if (name === 'lancedb') return new (await import('./lancedb.js')).LanceDbPeer();
  if (name === 'langchain') return new (await import('./langchain.js')).LangChainPeer();
  throw new Error(`No peer engine named ${name}`);
}

/**
 * Writes the run's corpus (`seeds`, `squad` or a number of news-like passages), cuts it into
 * Verbatim's passages, embeds them once and saves passages, vectors and questions for the engines.
 */
export async function preparePeerRun(options: {
  size: string;
  workDir: string;
  seedCorpusDir: string;
  squadFile?: string;
  model: Embedder & { modelDir?: string };
  log: (line: string) => void;
}): Promise<{ passages: number }> {
  const { size, workDir, model } = options;
  const corpusDir = path.join(workDir, 'corpus');
  const seeds = (await loadCorpus(options.seedCorpusDir, { maxFileBytes: 50 * 1024 * 1024 })).documents.map((d) => processDocument(d));
  let gold: { question: string; answers: string[]; docId: string; paragraphStart: number }[] | undefined;
  let sampleSentences = seeds.flatMap((d) => d.sentences.map((s) => s.text));
  if (size === 'seeds') {
    await cp(options.seedCorpusDir, corpusDir, { recursive: true });
  } else if (size === 'squad') {
    if (!options.squadFile) throw new Error('The squad size needs --squad FILE');
    gold = await writeSquadCorpus(parseSquad(await readFile(options.squadFile, 'utf8')), corpusDir);
  } else {
    const words = await readFrequencyRankedWords(model.modelDir!);
    sampleSentences = (await writeNewsCorpus({ seeds, words, targetPassages: Number(size), outDir: corpusDir })).sampleSentences;
  }
  const documents = (await loadCorpus(corpusDir, { maxFileBytes: 50 * 1024 * 1024 })).documents.map((d) => processDocument(d));
  const passages = documents.flatMap((d) => d.passages.map((p) => ({ id: p.id, docId: p.docId, text: p.text, paragraph: paragraphOf(d, p.sentenceIndexes[0]!) })));
  options.log(`  embedding ${passages.length} passages once for every engine`);
  const vectors: Float32Array[] = [];
  for (let i = 0; i < passages.length; i += 1024) vectors.push(...(await model.embed(passages.slice(i, i + 1024).map((p) => p.text))));
  const questions: PeerQuestion[] = gold
    ? gold.map((q) => ({ question: q.question, answers: q.answers, paragraph: `${q.docId}:${paragraphAtOffset(documents, q.docId, q.paragraphStart)}` }))
    : buildQuestions(sampleSentences, GENERATED_QUESTIONS).map((question) => ({ question, answers: [], paragraph: null }));
  const run: PreparedRun = { passages, questions };
  await writeFile(path.join(workDir, 'run.json'), JSON.stringify(run));
  const flat = new Float32Array(vectors.length * model.dims);
  vectors.forEach((v, i) => flat.set(v, i * model.dims));
  await writeFile(path.join(workDir, 'vectors.f32'), Buffer.from(flat.buffer));
  return { passages: passages.length };
}

function paragraphOf(document: ProcessedDocument, sentenceIndex: number): string {
  return `${document.document.docId}:${document.sentences[sentenceIndex]?.paragraph ?? 0}`;
}

function paragraphAtOffset(documents: readonly ProcessedDocument[], docId: string, offset: number): number | undefined {
  return documents.find((d) => d.document.docId === docId)?.sentences.find((s) => s.end > offset)?.paragraph;
}

async function readRun(workDir: string, dims: number): Promise<{ run: PreparedRun; vectors: Float32Array[] }> {
  const run = JSON.parse(await readFile(path.join(workDir, 'run.json'), 'utf8')) as PreparedRun;
  const bytes = await readFile(path.join(workDir, 'vectors.f32'));
  const flat = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
  const vectors = run.passages.map((_, i) => flat.slice(i * dims, (i + 1) * dims));
  return { run, vectors };
}

/** Child process 1 of an engine: build its index from the saved passages and vectors. */
export async function runPeerBuild(engineName: string, workDir: string, model: Embedder): Promise<{ buildMs: number }> {
  const { run, vectors } = await readRun(workDir, model.dims);
  const dir = path.join(workDir, engineName);
  await mkdir(dir, { recursive: true });
  const engine = await engineOf(engineName, model, workDir);
  const started = performance.now();
  await engine.build(run.passages, vectors, dir);
  return { buildMs: Math.round(performance.now() - started) };
}

/** Child process 2 of an engine (fresh, so memory is its own): load, ask every question, score. */
export async function runPeerServe(engineName: string, workDir: string, model: Embedder): Promise<Omit<PeerRow, 'engine' | 'size' | 'buildMs'>> {
  const { run } = await readRun(workDir, model.dims);
  const engine = await engineOf(engineName, model, workDir);
  const started = performance.now();
  const searcher = await engine.open(path.join(workDir, engineName));
  const loadMs = performance.now() - started;
  const rssMb = Math.round(process.memoryUsage().rss / 1024 / 1024);
  const byId = new Map(run.passages.map((p) => [p.id, p]));
  const ask = async (question: string) => {
    const [vector] = searcher.embedsQuestion ? [new Float32Array(0)] : await model.embed([question]);
    return searcher.search(question, vector!, RETRIEVE_K);
  };
  for (const q of run.questions.slice(0, 10)) await ask(q.question); // warm-up
  const times: number[] = [];
  let at1 = 0, at5 = 0, candidates = 0, gold = 0;
  for (const q of run.questions) {
    const t = performance.now();
    const ids = await ask(q.question);
    times.push(performance.now() - t);
    if (!q.paragraph) continue;
    gold++;
    const found = ids.map((id) => byId.get(id)).filter((p) => p !== undefined);
    const paragraphs = [...new Set(found.map((p) => p.paragraph))];
    if (paragraphs[0] === q.paragraph) at1++;
    if (paragraphs.slice(0, 5).includes(q.paragraph)) at5++;
    if (found.slice(0, CANDIDATE_K).some((p) => containsAnswer(p.text, q.answers))) candidates++;
  }
  await searcher.close();
  const share = (n: number) => (gold === 0 ? null : Math.round((n / gold) * 1000) / 1000);
  return {
    passages: run.passages.length,
    loadMs: Math.round(loadMs),
    rssMb,
    askP50Ms: Math.round(percentile(times, 0.5) * 100) / 100,
    askP95Ms: Math.round(percentile(times, 0.95) * 100) / 100,
    paragraphRecallAt1: share(at1),
    paragraphRecallAt5: share(at5),
    candidateRecall: share(candidates),
  };
}
