/**
 * A build writes the store's impact lists on a worker thread: the same table as writing them on
 * the build's own thread, and the build's own thread takes over when the worker cannot run.
 */
import { copyFile } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { IMPACT_POSTINGS_TABLE, writeImpactPostings, writeImpactPostingsOffThread } from '../../src/index/impact-postings.js';
import { writeRecordStore } from '../../src/index/record-store.js';
import { temporaryFolder } from '../helpers/temp-folders.js';

/** 700 passages, so that the words of every passage pass the 512-passage floor. */
function storeWithoutImpacts(file: string): void {
  const texts = Array.from({ length: 700 }, (_, i) => `The minister said on day ${i} that the harbour ${i % 3 === 0 ? 'reopened' : 'stayed shut'} after storm ${i % 7}.`);
  writeRecordStore(
    file,
    texts.map((text, i) => {
      const docId = `d${i}`;
      return {
        document: { docId, file: `${docId}.txt`, text, hash: docId, meta: { title: docId, source: null, url: null, published: null, author: null } },
        sentences: [{ docId, index: 0, paragraph: 0, start: 0, end: text.length, text }],
        passages: [{ id: docId, docId, start: 0, end: text.length, text, sentenceIndexes: [0] }],
      };
    }),
    texts.map(() => new Float32Array(4)),
    texts.map(() => new Float32Array(4)),
    { impacts: false },
  );
}

const impactRows = (file: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(`SELECT term, bound, hex(passages) AS passages, hex(parts) AS parts FROM ${IMPACT_POSTINGS_TABLE} ORDER BY term`).all();
  } finally {
    db.close();
  }
};

describe('impact lists written off the build thread', () => {
  it('writes on the worker the table the build thread writes', async () => {
    const folder = await temporaryFolder('impacts');
    const onWorker = path.join(folder, 'worker.sqlite');
    const here = path.join(folder, 'here.sqlite');
    storeWithoutImpacts(onWorker);
    await copyFile(onWorker, here);
    let fellBack = false;
    await writeImpactPostingsOffThread(onWorker, () => {
      fellBack = true;
    });
    expect(fellBack).toBe(false);
    const db = new Database(here);
    writeImpactPostings(db);
    db.close();
    const rows = impactRows(onWorker);
    // "harbour" is searched as "harbor": British spellings take the American one's term.
    expect(rows.map((row) => (row as { term: string }).term)).toEqual(['day', 'harbor', 'minist', 'storm']);
    expect(rows).toEqual(impactRows(here));
  });

  it('rejects, saying what failed, when the writing itself fails on the worker', async () => {
    const folder = await temporaryFolder('impacts');
    const file = path.join(folder, 'not-a-store.sqlite');
    new Database(file).close();
    const failure = writeImpactPostingsOffThread(file, () => {});
    await expect(failure).rejects.toThrow(/^Writing the lexical index's impact lists failed: no such table: term_passages/);
    // SQLite's code comes along (SQLITE_FULL is how a build knows to prune and try again).
    await expect(failure).rejects.toMatchObject({ code: 'SQLITE_ERROR' });
  });
});
