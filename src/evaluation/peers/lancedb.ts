import os from 'node:os';
import { connect, Index, rerankers } from '@lancedb/lancedb';
import type { PeerEngine, PeerPassage, PeerSearcher } from './types.js';

/**
 * LanceDB's compute pool has one thread per core beyond two, at least one; its documented
 * LANCE_CPU_THREADS overrides that. With one thread (any machine of 3 cores or fewer) its FTS
 * build deadlocks once the posting lists fill more than one output batch: the producer holds the
 * pool's only thread while waiting on a full channel, and the writer that would drain the channel
 * waits for a pool thread to encode (lancedb/lancedb#3568; fixed upstream by lance-format/lance#7423,
 * evidently not in the lance 8.0.0 that 0.31 bundles). On this 2-core machine 100,000 news-like
 * passages slept forever in `createIndex`, 20,000 finished. So at least two threads, LanceDB's own
 * count where it is more; read when the pool starts (LanceDB's first operation in the process),
 * hence set on import, and a value the user set is kept. docs/scaling.md has the evidence.
 */
process.env.LANCE_CPU_THREADS ??= String(Math.max(2, os.availableParallelism() - 2));

const TABLE = 'passages';

/**
 * LanceDB (`@lancedb/lancedb`): an embedded vector database with full-text search. Its documented
 * hybrid search with defaults: a native FTS index on `text`, the vector search (no vector index:
 * an exact scan, which LanceDB's docs advise below about 100k rows; L2 on unit vectors ranks as
 * cosine does), merged by its default reranker, reciprocal rank fusion.
 */
export class LanceDbPeer implements PeerEngine {
  readonly name = 'lancedb';

  async build(passages: readonly PeerPassage[], vectors: readonly Float32Array[], dir: string): Promise<void> {
    const db = await connect(dir);
    const table = await db.createTable(
      TABLE,
      passages.map((p, i) => ({ id: p.id, text: p.text, vector: Array.from(vectors[i]!) })),
      { mode: 'overwrite' },
    );
    await table.createIndex('text', { config: Index.fts() });
    table.close();
    db.close();
  }

  async open(dir: string): Promise<PeerSearcher> {
    const db = await connect(dir);
    const table = await db.openTable(TABLE);
    const reranker = await rerankers.RRFReranker.create();
    return {
      search: async (question, vector, k) => {
        const rows = await table.query().fullTextSearch(question).nearestTo(Array.from(vector)).rerank(reranker).limit(k).toArray();
        return rows.map((row: { id: string }) => row.id);
      },
      close: async () => {
        table.close();
        db.close();
      },
    };
  }
}
