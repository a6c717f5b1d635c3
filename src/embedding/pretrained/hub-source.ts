import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

import type { PretrainedModel } from './catalogue.js';

/** The files transformers.js reads for a quantised feature-extraction model; the first four are required. */
const HUB_FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model_quantized.onnx', 'special_tokens_map.json'];
const REQUIRED_FILES = 4;
const MAX_REDIRECTS = 5;

/** Says whether a redirect may be followed to this address (the hub hands files to its CDN). */
export type RedirectPolicy = (target: URL) => boolean;

/** The hub's files come over https, wherever its CDN puts them. */
export const httpsOnly: RedirectPolicy = (target) => target.protocol === 'https:';

export interface HubDownloadOptions {
  /** The hub's base address, `https://huggingface.co` unless MODEL_HUB_URL says otherwise. */
  hubUrl: string;
  redirectPolicy?: RedirectPolicy;
  /** Seconds before an unanswered request counts as "the hub is not reachable". */
  connectTimeoutSeconds?: number;
  log: (line: string) => void;
}

/** The hub did not serve the model (unreachable, refused, or missing a file): the next source is tried. */
export class SourceUnavailable extends Error {
  override readonly name = 'SourceUnavailable';
}

/**
 * Downloads a model's transformers.js files from the hub into `dir` (a staging folder), the way
 * transformers.js lays out a cached hub model, so the folder then loads as a local model. Every
 * redirect is checked against the policy before it is followed; progress is one line per file.
 */
export async function downloadFromHub(model: PretrainedModel, dir: string, options: HubDownloadOptions): Promise<void> {
  const base = options.hubUrl.endsWith('/') ? options.hubUrl : `${options.hubUrl}/`;
  const policy = options.redirectPolicy ?? httpsOnly;
  for (const [i, file] of HUB_FILES.entries()) {
    const address = new URL(`${model.hub.id}/resolve/${model.hub.revision}/${file}`, base);
    const body = await fetchFollowing(address, policy, options.connectTimeoutSeconds ?? 15);
    if (body === undefined) {
      if (i < REQUIRED_FILES) throw new SourceUnavailable(`the hub has no ${file} for ${model.hub.id}`);
      continue;
    }
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), body);
    options.log(`  ${file} (${formatBytes(body.byteLength)})`);
  }
}

/** The body at `address`, following allowed redirects; undefined for a 404; throws SourceUnavailable otherwise. */
async function fetchFollowing(address: URL, policy: RedirectPolicy, timeoutSeconds: number): Promise<Uint8Array | undefined> {
  let url = address;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    let response: Response;
    try {
      response = await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(timeoutSeconds * 1000) });
    } catch (error) {
      throw new SourceUnavailable(`${url.host} is not reachable (${reasonOf(error)})`);
    }
    if (response.status >= 300 && response.status < 400) {
      const location = response.headers.get('location');
      await response.body?.cancel();
      if (!location) throw new SourceUnavailable(`${url.host} redirected without a location`);
      const next = new URL(location, url);
      if (!policy(next)) throw new SourceUnavailable(`${url.host} redirected to ${next.protocol}//${next.host}, which is not allowed`);
      url = next;
      continue;
    }
    if (response.status === 404) {
      await response.body?.cancel();
      return undefined;
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new SourceUnavailable(`${url.host} answered ${response.status}`);
    }
    return new Uint8Array(await response.arrayBuffer());
  }
  throw new SourceUnavailable(`${address.host} redirected more than ${MAX_REDIRECTS} times`);
}

function reasonOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
}

export function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}
