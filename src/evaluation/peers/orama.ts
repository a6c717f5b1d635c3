import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { create, insertMultiple, load, save, search, type RawData } from '@orama/orama';
import type { PeerEngine, PeerPassage, PeerSearcher } from './types.js';

/**
 * Orama (`@orama/orama`): full-text, vector and hybrid search in one package. Hybrid mode with
 * its defaults (BM25 on `text`, the vector property's default similarity threshold, the default
 * text/vector weights); the index is saved with Orama's own `save` as JSON and read with `load`.
 */
export class OramaPeer implements PeerEngine {
  readonly name = 'orama';

  async build(passages: readonly PeerPassage[], vectors: readonly Float32Array[], dir: string): Promise<void> {
    const db = create({ schema: this.schema(vectors[0]?.length ?? 0) });
    await insertMultiple(
      db,
      passages.map((p, i) => ({ id: p.id, text: p.text, embedding: Array.from(vectors[i]!) })),
    );
    await writeFile(path.join(dir, 'orama.json'), JSON.stringify({ dims: vectors[0]?.length ?? 0, raw: save(db) }));
  }

  async open(dir: string): Promise<PeerSearcher> {
    const { dims, raw } = JSON.parse(await readFile(path.join(dir, 'orama.json'), 'utf8')) as { dims: number; raw: RawData };
    const db = create({ schema: this.schema(dims) });
    load(db, raw);
    return {
      search: async (question, vector, k) => {
        const results = await search(db, { mode: 'hybrid', term: question, vector: { value: Array.from(vector), property: 'embedding' }, limit: k });
        return results.hits.map((hit) => hit.id);
      },
      close: async () => {},
    };
  }

  private schema(dims: number) {
    return { id: 'string', text: 'string', embedding: `vector[${dims}]` } as const;
  }
}
