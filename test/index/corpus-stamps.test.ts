/**
 * A build reads again only the corpus files whose stamp moved since the served generation's build
 * (the manifest records each document's stamp and when that build began reading): an /add reads
 * the added article, not the whole folder; a file edited in place is still seen as changed.
 */
import { execFileSync } from 'node:child_process';
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { RACY_MARGIN_NS } from '../../src/corpus/file-stamps.js';
import { HashingEmbedder } from '../../src/embedding/index.js';
import { buildIndexGeneration, generationsFolder, readCurrentGenerationName, type IndexManifest } from '../../src/index/index.js';
import { tempWorkspace } from '../helpers/temp-corpus.js';

/** A clock past the racy margin: the files the test just wrote count as settled. */
const settledClock = () => BigInt(Date.now()) * 1_000_000n + RACY_MARGIN_NS + 1_000_000_000n;

async function manifestOf(indexDir: string): Promise<IndexManifest> {
  const name = (await readCurrentGenerationName(indexDir))!;
  return JSON.parse(await readFile(path.join(generationsFolder(indexDir), name, 'manifest.json'), 'utf8')) as IndexManifest;
}

describe('builds and corpus file stamps', () => {
  it('reads only the added article and an article edited in place, and builds what reading everything builds', async () => {
    const { corpusDir, indexDir } = await tempWorkspace();
    const embedder = new HashingEmbedder({ dims: 32 });
    const build = (force = false) => buildIndexGeneration({ corpusDir, indexDir, embedder, maxFileBytes: 5 << 20, force, now: settledClock });
    const first = await build();
    expect(first.filesRead).toBe(5);
    const recorded = await manifestOf(indexDir);
    expect(recorded.documents.every((d) => d.stamp !== undefined && d.stamp.sidecar === null)).toBe(true);

    await writeFile(path.join(corpusDir, 'zz-added.txt'), 'Port Reopens\nThe harbour reopened on Monday after the storm. Ships queued outside.\n');
    expect((await build()).filesRead).toBe(1);

    // One letter changed in place, same size, the old mtime put back (to the nanosecond).
    const edited = path.join(corpusDir, recorded.documents[2]!.file);
    const before = await stat(edited, { bigint: true });
    const text = await readFile(edited, 'utf8');
    const at = text.search(/[a-z]/);
    await writeFile(edited, `${text.slice(0, at)}${text[at]!.toUpperCase()}${text.slice(at + 1)}`);
    execFileSync('touch', ['-m', '-d', `@${before.mtimeNs / 1_000_000_000n}.${String(before.mtimeNs % 1_000_000_000n).padStart(9, '0')}`, edited]);
    const third = await build();
    expect(third.filesRead).toBe(1);
    expect(third.changed).toEqual([recorded.documents[2]!.docId]);

    // A forced build reads every file: its documents are the ones the stamped builds served.
    const stamped = await manifestOf(indexDir);
    const forced = await build(true);
    expect(forced.filesRead).toBe(6);
    const full = await manifestOf(indexDir);
    expect(full.corpusHash).toBe(stamped.corpusHash);
    expect(full.documents.map(({ stamp: _s, ...d }) => d)).toEqual(stamped.documents.map(({ stamp: _s, ...d }) => d));
  });
});
