/**
 * Re-reading the corpus without re-hashing unchanged files: an article whose stamp (size, mtime,
 * ctime, inode, device; its sidecar's too) is what an earlier load recorded is taken as that
 * load's document without reading its bytes, unless it was racily clean (touched within the
 * margin of that load's start). Any write, even one that puts the old size and mtime back, moves
 * ctime, so the file is read again.
 */
import { execFileSync } from 'node:child_process';
import { rename, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadCorpus, type CorpusDocument, type LoadedCorpus } from '../../src/corpus/index.js';
import { RACY_MARGIN_NS } from '../../src/corpus/file-stamps.js';
import { temporaryFolder } from '../helpers/temp-folders.js';
import { FIVE_MB } from './helpers.js';

const A = 'Maduro Digs In\nThe president refused to leave. His allies stood by him.\n';
const B = 'Rain Ends Drought\nThe rain came at last. Farmers in the valley were relieved.\n';

/** The clock of a load that began `offsetNs` after now: 3 s later makes every file just written settled. */
const later = (offsetNs: bigint) => () => BigInt(Date.now()) * 1_000_000n + offsetNs;
const SETTLED = RACY_MARGIN_NS + 1_000_000_000n;

async function corpusWith(files: Record<string, string>): Promise<string> {
  const dir = await temporaryFolder('stamps');
  for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, name), text);
  return dir;
}

/** Loads `dir` again with what `earlier` recorded, as a build does: `known` answers with the earlier documents by hash. */
async function reload(dir: string, earlier: LoadedCorpus): Promise<{ corpus: LoadedCorpus; asked: string[] }> {
  const byHash = new Map(earlier.documents.map((d) => [d.hash, d]));
  const hashOf = new Map(earlier.documents.map((d) => [d.file, d.hash]));
  const asked: string[] = [];
  const corpus = await loadCorpus(dir, {
    maxFileBytes: FIVE_MB,
    known: (file, _docId, hash): CorpusDocument | undefined => {
      asked.push(file);
      return byHash.get(hash);
    },
    recorded: {
      atNs: earlier.stampedAtNs,
      of: (file) => {
        const stamp = earlier.stamps.get(file);
        return stamp && { stamp, hash: hashOf.get(file)! };
      },
    },
  });
  return { corpus, asked };
}

describe('corpus file stamps', () => {
  it('reads nothing again in an unchanged folder, and gives the same documents', async () => {
    const dir = await corpusWith({ 'a.txt': A, 'b.txt': B, 'b.meta.json': '{"source":"Wire"}' });
    const first = await loadCorpus(dir, { maxFileBytes: FIVE_MB, now: later(SETTLED) });
    expect(first.filesRead).toBe(2);
    expect([...first.stamps.keys()]).toEqual(['a.txt', 'b.txt']);
    expect(first.stamps.get('b.txt')!.sidecar).not.toBeNull();
    const { corpus, asked } = await reload(dir, first);
    expect(corpus.filesRead).toBe(0);
    expect(asked).toEqual(['a.txt', 'b.txt']);
    expect(corpus.documents).toEqual(first.documents);
  });

  it('reads a file written with new content again, and one whose old size and mtime were put back', async () => {
    const dir = await corpusWith({ 'a.txt': A, 'b.txt': B });
    const before = await stat(path.join(dir, 'a.txt'), { bigint: true });
    const first = await loadCorpus(dir, { maxFileBytes: FIVE_MB, now: later(SETTLED) });
    // Same length, one letter changed, the old mtime restored: only ctime (set by the kernel) moved.
    const edited = A.replace('leave', 'lEave');
    await writeFile(path.join(dir, 'a.txt'), edited);
    // touch -d @seconds.nanoseconds: Node's utimes takes a double, which loses the last digits.
    const ns = String(before.mtimeNs % 1_000_000_000n).padStart(9, '0');
    execFileSync('touch', ['-m', '-d', `@${before.mtimeNs / 1_000_000_000n}.${ns}`, path.join(dir, 'a.txt')]);
    const after = await stat(path.join(dir, 'a.txt'), { bigint: true });
    expect([after.mtimeNs, after.size]).toEqual([before.mtimeNs, before.size]);
    const { corpus } = await reload(dir, first);
    expect(corpus.filesRead).toBe(1);
    expect(corpus.documents.find((d) => d.file === 'a.txt')!.text).toBe(edited);
    expect(corpus.documents.find((d) => d.file === 'b.txt')).toBe(first.documents.find((d) => d.file === 'b.txt'));
  });

  it('reads again a file replaced by rename, one whose sidecar changed or appeared, and one recorded while racily clean', async () => {
    const dir = await corpusWith({ 'a.txt': A, 'b.txt': B, 'c.txt': A.replace('Maduro', 'Petro') });
    const first = await loadCorpus(dir, { maxFileBytes: FIVE_MB, now: later(SETTLED) });
    await writeFile(path.join(dir, 'tmp'), B);
    await rename(path.join(dir, 'tmp'), path.join(dir, 'b.txt'));
    await writeFile(path.join(dir, 'c.meta.json'), '{"source":"Wire"}');
    const { corpus } = await reload(dir, first);
    expect(corpus.filesRead).toBe(2);
    expect(corpus.documents.find((d) => d.file === 'c.txt')!.meta.source).toBe('Wire');

    // Recorded by a load that began when the files had just been written: nothing is trusted.
    const racy = await loadCorpus(dir, { maxFileBytes: FIVE_MB });
    expect((await reload(dir, racy)).corpus.filesRead).toBe(3);
  });

  it('never takes a link by its stamp: it is resolved and checked every time', async () => {
    const outside = await corpusWith({ 'secret.txt': A });
    const dir = await corpusWith({ 'b.txt': B });
    await symlink(path.join(outside, 'secret.txt'), path.join(dir, 'a.txt'));
    const first = await loadCorpus(dir, { maxFileBytes: FIVE_MB, now: later(SETTLED) });
    expect([...first.stamps.keys()]).toEqual(['b.txt']);
    const { corpus } = await reload(dir, first);
    expect(corpus.skipped.map((s) => s.file)).toEqual(['a.txt']);
    expect(corpus.filesRead).toBe(1);
  });
});
