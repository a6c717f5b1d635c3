/**
 * `npm run bench -- [--json] [--sizes seeds,10000,100000]`: the performance benchmark
 * (CONTRACT.md). For each corpus size it builds an index in a temporary folder, then loads it in
 * a fresh process and measures load time, resident memory, question latency and the HNSW
 * search's recall and speed against exact search. Each phase runs in its own child process so
 * one size's memory never shows in another's numbers. Progress goes to stderr, results to stdout.
 */
import 'dotenv/config';
// LanceDB's native logger warns on every hybrid query that selects no score column: keep its errors only.
process.env.LANCEDB_LOG ??= 'error';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runAddPhase, runBuildPhase, runServePhase, type BenchmarkCorpusKind, type BenchmarkSize, type PhaseContext } from '../src/evaluation/benchmark/phases.js';
import { loadConfig } from '../src/config/index.js';
import { createEmbedder } from '../src/embedding/index.js';
import { PEER_ENGINES, preparePeerRun, runPeerBuild, runPeerServe, type PeerRow } from '../src/evaluation/peers/run.js';
import { commandLineOrHelp, UsageError, type CommandLineSpec } from '../src/cli/arguments.js';
import { runEntryPoint } from '../src/cli/exit.js';
import { runPostgresServePhase } from '../src/evaluation/store-benchmark.js';

const DEFAULT_SIZES = 'seeds,10000,100000';

const COMMAND_LINE: CommandLineSpec = {
  usage: 'npm run bench -- [--json] [--sizes seeds,10000,100000] [--corpus news|synthetic] [--no-actors] [--model embedded|all-MiniLM-L6-v2] [--ef 16,32,64,128] [--store postgres] | --peers [--json] [--squad FILE] [--sizes seeds,squad,100000]',
  summary: 'The performance benchmark: for each corpus size, build time, load time, memory, question latency, and HNSW recall and speed against exact search.',
  flags: {
    json: { type: 'boolean', description: 'print the results as one JSON object (docs/CONTRACT.md)' },
    sizes: { type: 'string', valueName: 'LIST', description: `corpus sizes: "seeds" and/or passage counts, comma-separated (default ${DEFAULT_SIZES})` },
    ef: { type: 'string', valueName: 'LIST', description: 'efSearch values of the recall sweep, comma-separated' },
    store: { type: 'string', valueName: 'STORE', description: 'postgres: also publish each size to DATABASE_URL and measure it served from there (a row beside the SQLite one)' },
    peers: { type: 'boolean', description: 'Verbatim beside Orama, LanceDB and LangChain.js: the same passages, vectors and questions, each engine in its hybrid mode' },
    squad: { type: 'string', valueName: 'FILE', description: 'with --peers: a SQuAD-format file, measured as the size "squad" (quality rows)' },
    engine: { type: 'string', description: 'internal', hidden: true },
    model: { type: 'string', valueName: 'MODEL', description: 'the embedding model to build and ask with: embedded (default) or all-MiniLM-L6-v2 (set up first: npm run setup-model)' },
    'no-actors': { type: 'boolean', description: 'build without the actor registry (the index the query path reads): for sizes where the registry takes too long; no add row' },
    corpus: { type: 'string', valueName: 'KIND', description: 'generated corpus: news (articles about a growing cast of people, places, organisations; default) or synthetic (rewritten seed sentences)' },
    // Internal: one phase of one size, run by the parent in a child process.
    phase: { type: 'string', description: 'internal', hidden: true },
    size: { type: 'string', description: 'internal', hidden: true },
    'work-dir': { type: 'string', description: 'internal', hidden: true },
  },
  words: 'none',
};

interface SizeResult {
  size: string;
  corpus: string;
  documents: number;
  passages: number;
  sentences: number;
  buildMs: number;
  buildPassagesPerSec: number;
  loadMs: number;
  askP50Ms: number;
  askP95Ms: number;
  firstAskP50Ms?: number;
  firstAskP95Ms?: number;
  recallAt10: number;
  speedupVsExact: number;
  rssMb: number;
  diskMb: number;
  addArticleMs: number;
  [more: string]: unknown;
}

function parseSizes(text: string): BenchmarkSize[] {
  return text.split(',').map((part) => {
    const value = part.trim();
    if (value === 'seeds') return 'seeds';
    if (/^\d+$/.test(value) && Number(value) > 0) return Number(value);
    throw new UsageError(`--sizes takes "seeds" or passage counts separated by commas, not "${value}". Usage: ${COMMAND_LINE.usage}`);
  });
}

function parseEfValues(text: string | undefined): number[] | undefined {
  if (text === undefined) return undefined;
  return text.split(',').map((part) => {
    const value = Number(part.trim());
    if (!Number.isInteger(value) || value < 1) throw new UsageError(`--ef takes positive integers separated by commas, not "${part}". Usage: ${COMMAND_LINE.usage}`);
    return value;
  });
}

const log = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<number> {
  const commandLine = commandLineOrHelp(COMMAND_LINE, process.argv.slice(2));
  if (!commandLine) return 0;
  const values = commandLine.values as {
    json?: boolean;
    sizes?: string;
    ef?: string;
    store?: string;
    corpus?: string;
    model?: string;
    'no-actors'?: boolean;
    peers?: boolean;
    squad?: string;
    engine?: string;
    phase?: string;
    size?: string;
    'work-dir'?: string;
  };
  // The internal flags mean something only in a child the parent started with --phase: `--size`
  // typed for `--sizes` would otherwise be ignored and the full benchmark run.
  for (const internal of ['size', 'work-dir'] as const) {
    if (values[internal] !== undefined && !values.phase) throw new UsageError(`Unknown option '--${internal}'${internal === 'size' ? " (did you mean '--sizes'?)" : ''}. Usage: ${COMMAND_LINE.usage}`);
  }
  if (values.peers || values.phase?.startsWith('peer-')) return runPeers(values);
  const corpusKind = values.corpus ?? 'news';
  if (corpusKind !== 'news' && corpusKind !== 'synthetic') throw new UsageError(`--corpus takes news or synthetic, not "${corpusKind}". Usage: ${COMMAND_LINE.usage}`);
  const sizes = parseSizes(values.sizes ?? DEFAULT_SIZES);
  if (values.squad) throw new UsageError(`--squad goes with --peers. Usage: ${COMMAND_LINE.usage}`);
  const efValues = parseEfValues(values.ef);
  const config = loadConfig(process.env);
  if (values.store !== undefined && values.store !== 'sqlite' && values.store !== 'postgres') throw new UsageError(`--store takes sqlite or postgres. Usage: ${COMMAND_LINE.usage}`);
  const postgresUrl = values.store === 'postgres' ? config.DATABASE_URL : undefined;
  if (values.store === 'postgres' && !postgresUrl) throw new UsageError('--store postgres needs DATABASE_URL (postgres://user:password@host:5432/database) in .env or the environment.');
  const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const base = { seedCorpusDir: path.join(repoRoot, 'corpus'), modelsDir: path.resolve(config.MODELS_DIR), log, corpusKind: corpusKind as BenchmarkCorpusKind, model: values.model, withoutActors: values['no-actors'] === true };

  if (values.phase) {
    const context: PhaseContext = { ...base, size: parseSizes(values.size ?? 'seeds')[0]!, workDir: values['work-dir']! };
    const result =
      values.phase === 'build'
        ? await runBuildPhase(context)
        : values.phase === 'add'
          ? await runAddPhase(context)
          : values.phase === 'serve'
            ? await runServePhase(context, efValues)
            : await runPostgresServePhase(context, config.DATABASE_URL!, { publish: values.phase === 'serve-postgres', measureRecall: values.phase === 'serve-postgres' });
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return 0;
  }

  const results: SizeResult[] = [];
  for (const size of sizes) {
    const workDir = await mkdtemp(path.join(os.tmpdir(), 'verbatim-bench-'));
    try {
      const corpusArgs = ['--corpus', corpusKind, ...(values.model ? ['--model', values.model] : []), ...(values['no-actors'] ? ['--no-actors'] : [])];
      log(`[${size}] build (corpus, actors, embedding, lexical index, HNSW)`);
      const build = await runChild(['--phase', 'build', '--size', String(size), '--work-dir', workDir, ...corpusArgs]);
      log(`[${size}] serve (load in a fresh process, ask, search)`);
      const serve = await runChild(['--phase', 'serve', '--size', String(size), '--work-dir', workDir, ...corpusArgs, ...(values.ef ? ['--ef', values.ef] : [])]);
      log(`[${size}] add one article (a fresh process, as a moderator's /add rebuilds)`);
      // An /add rebuilds the actor registry: without it there is no add row to measure.
      const added = values['no-actors'] ? {} : await runChild(['--phase', 'add', '--size', String(size), '--work-dir', workDir, ...corpusArgs]);
      results.push({ size: String(size), ...build, ...serve, ...added } as SizeResult);
      if (postgresUrl) {
        log(`[${size}] serve from PostgreSQL (publish, then load in a fresh process, ask, search)`);
        const served = await runChild(['--phase', 'serve-postgres', '--size', String(size), '--work-dir', workDir, ...corpusArgs]);
        log(`[${size}] two processes asking PostgreSQL at once`);
        const both = await Promise.all([0, 1].map(() => runChild(['--phase', 'ask-postgres', '--size', String(size), '--work-dir', workDir, ...corpusArgs])));
        results.push({
          size: `${size} (postgres)`,
          ...build,
          ...served,
          twoProcessAskP50Ms: Math.max(...both.map((b) => b.askP50Ms as number)),
          twoProcessAskP95Ms: Math.max(...both.map((b) => b.askP95Ms as number)),
        } as unknown as SizeResult);
      }
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  }

  const cpus = os.cpus();
  const machine = {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryMb: Math.round(os.totalmem() / 1024 / 1024),
    node: process.version,
    platform: `${os.platform()} ${os.arch()}`,
    date: new Date().toISOString().slice(0, 10),
  };
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ sizes: results, machine })}\n`);
  } else {
    process.stdout.write(renderTable(results, machine));
  }
  return 0;
}

/**
 * `--peers`: for each size, one process prepares the corpus, its passages and their vectors; then
 * each engine builds in its own process and is loaded, asked and scored in another.
 */
async function runPeers(values: { json?: boolean; sizes?: string; squad?: string; engine?: string; phase?: string; size?: string; 'work-dir'?: string }): Promise<number> {
  const config = loadConfig(process.env);
  const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const openModel = () => createEmbedder({ model: 'embedded', modelsDir: path.resolve(config.MODELS_DIR), allowRemoteModels: false, log: (line) => log(`  ${line}`) });
  if (values.phase) {
    const workDir = values['work-dir']!;
    const model = await openModel();
    const result =
      values.phase === 'peer-prepare'
        ? await preparePeerRun({ size: values.size!, workDir, seedCorpusDir: path.join(repoRoot, 'corpus'), squadFile: values.squad, model, log })
        : values.phase === 'peer-build'
          ? await runPeerBuild(values.engine!, workDir, model)
          : await runPeerServe(values.engine!, workDir, model);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return 0;
  }
  const sizes = (values.sizes ?? (values.squad ? 'seeds,squad' : 'seeds')).split(',').map((s) => s.trim());
  for (const size of sizes) {
    if (size !== 'seeds' && size !== 'squad' && !/^\d+$/.test(size)) throw new UsageError(`--sizes with --peers takes seeds, squad or passage counts, not "${size}". Usage: ${COMMAND_LINE.usage}`);
    if (size === 'squad' && !values.squad) throw new UsageError(`The size squad needs the SQuAD file: --squad FILE. Usage: ${COMMAND_LINE.usage}`);
  }
  const rows: PeerRow[] = [];
  const failed: { engine: string; size: string; error: string }[] = [];
  for (const size of sizes) {
    const workDir = await mkdtemp(path.join(os.tmpdir(), 'verbatim-peers-'));
    try {
      const common = ['--size', size, '--work-dir', workDir, ...(values.squad ? ['--squad', values.squad] : [])];
      log(`[${size}] corpus, passages and their vectors`);
      await runChild(['--peers', '--phase', 'peer-prepare', ...common]);
      for (const engine of PEER_ENGINES) {
        // An engine that cannot run at a size is reported and the others still run.
        try {
          log(`[${size}] ${engine}: build`);
          const build = await runChild(['--peers', '--phase', 'peer-build', '--engine', engine, ...common], { timeoutMs: PEER_PHASE_TIMEOUT_MS });
          log(`[${size}] ${engine}: load and ask (a fresh process)`);
          const serve = await runChild(['--peers', '--phase', 'peer-serve', '--engine', engine, ...common], { timeoutMs: PEER_PHASE_TIMEOUT_MS });
          rows.push({ engine, size, ...serve, buildMs: build.buildMs } as PeerRow);
        } catch (error) {
          const message = (error as Error).message.split('\n')[0]!;
          log(`[${size}] ${engine}: failed: ${message}`);
          failed.push({ engine, size, error: message });
        }
      }
    } finally {
      await rm(workDir, { recursive: true, force: true });
    }
  }
  if (values.json) process.stdout.write(`${JSON.stringify(failed.length > 0 ? { peers: rows, failed } : { peers: rows })}\n`);
  else process.stdout.write(renderPeerTable(rows) + failed.map((f) => `${f.engine} at ${f.size}: failed: ${f.error}\n`).join(''));
  return failed.length > 0 ? 1 : 0;
}

/**
 * How long one engine's build or serving phase may take before it counts as failed: LanceDB
 * 0.31's build of 100,000 passages once slept for 12 minutes on 14 s of CPU (a deadlock of its
 * full-text index build with one compute thread, now avoided in its adapter), and the engines
 * after it would never have been measured. A slower machine (or a test of the failure path) sets
 * VERBATIM_PEER_PHASE_TIMEOUT_MS.
 */
const PEER_PHASE_TIMEOUT_MS = Number(process.env.VERBATIM_PEER_PHASE_TIMEOUT_MS) || 20 * 60_000;

function renderPeerTable(rows: PeerRow[]): string {
  const cell = (v: number | null) => (v === null ? '–' : String(v));
  const columns: Array<[string, (r: PeerRow) => string]> = [
    ['engine', (r) => r.engine],
    ['size', (r) => r.size],
    ['passages', (r) => String(r.passages)],
    ['build ms', (r) => String(r.buildMs)],
    ['load ms', (r) => String(r.loadMs)],
    ['RSS MB', (r) => String(r.rssMb)],
    ['ask p50 ms', (r) => String(r.askP50Ms)],
    ['ask p95 ms', (r) => String(r.askP95Ms)],
    ['para R@1', (r) => cell(r.paragraphRecallAt1)],
    ['para R@5', (r) => cell(r.paragraphRecallAt5)],
    ['candidate recall', (r) => cell(r.candidateRecall)],
  ];
  const table = [columns.map(([title]) => title), ...rows.map((r) => columns.map(([, f]) => f(r)))];
  const widths = columns.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  const line = (row: string[]) => row.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(table[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...table.slice(1).map(line), ''].join('\n');
}

/** Runs this script again as a child for one phase and returns the JSON it prints. */
function runChild(args: string[], options: { timeoutMs?: number } = {}): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let timedOut = false;
    const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.on('close', () => clearTimeout(timer));
    let stdout = '';
    // Its progress passes through; its last line says why, when it fails.
    let lastErrorLine = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      process.stderr.write(chunk);
      lastErrorLine = chunk.trim().split('\n').pop() || lastErrorLine;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (timedOut) {
        const limit = options.timeoutMs! >= 60_000 ? `${Math.round(options.timeoutMs! / 60_000)} minutes` : `${options.timeoutMs! / 1000} s`;
        return reject(new Error(`the benchmark phase ${args.join(' ')} did not finish within ${limit}`));
      }
      if (code !== 0) return reject(new Error(`the benchmark phase ${args.join(' ')} exited with status ${code}${lastErrorLine ? `: ${lastErrorLine}` : ''}`));
      try {
        resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '') as Record<string, unknown>);
      } catch {
        reject(new Error(`the benchmark phase ${args[1]} printed no result`));
      }
    });
  });
}

function renderTable(results: SizeResult[], machine: Record<string, unknown>): string {
  const columns: Array<[string, (r: SizeResult) => string]> = [
    ['corpus', (r) => r.size],
    ['passages', (r) => String(r.passages)],
    ['build passages/s', (r) => String(r.buildPassagesPerSec)],
    ['actors ms', (r) => String((r.buildPhasesMs as Record<string, number> | undefined)?.actors ?? '')],
    ['add article ms', (r) => String(r.addArticleMs)],
    ['load ms', (r) => String(r.loadMs)],
    ['max stall ms', (r) => String(r.maxEventLoopStallMs)],
    ['ask p50 ms', (r) => String(r.askP50Ms)],
    ['ask p95 ms', (r) => String(r.askP95Ms)],
    ['first ask p50 ms', (r) => String(r.firstAskP50Ms)],
    ['recall@10', (r) => r.recallAt10?.toFixed(3) ?? '-'],
    ['HNSW speed-up', (r) => (r.speedupVsExact ? `${r.speedupVsExact}×` : '-')],
    ['RSS MB', (r) => String(r.rssMb)],
    ['build peak MB', (r) => String(r.buildPeakRssMb)],
    ['disk MB', (r) => String(r.diskMb)],
  ];
  // A PostgreSQL row has no event-loop or disk figures of its own ('-'), and an SQLite row no
  // two-process or database figures.
  if (results.some((r) => r.store === 'postgres')) {
    columns.push(['2 procs p50/p95 ms', (r) => (r.twoProcessAskP50Ms === undefined ? '-' : `${r.twoProcessAskP50Ms}/${r.twoProcessAskP95Ms}`)]);
    columns.push(['swap ms', (r) => String(r.swapMs ?? '-')]);
    columns.push(['database MB', (r) => String(r.databaseMb ?? '-')]);
  }
  const shown = (text: string) => (text === 'undefined' ? '-' : text);
  const rows = [columns.map(([title]) => title), ...results.map((r) => columns.map(([, cell]) => shown(cell(r))))];
  const widths = columns.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const line = (row: string[]) => row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ');
  return [
    line(rows[0]!),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.slice(1).map(line),
    '',
    `machine: ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryMb} MB, Node ${machine.node}, ${machine.platform}, ${machine.date}`,
    '',
  ].join('\n');
}

runEntryPoint(main);
