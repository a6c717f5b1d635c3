import { connect, Index, rerankers } from '@lancedb/lancedb';
import type { PeerEngine, PeerPassage, PeerSearcher } from './types.js';

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
