import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { create, insertMultiple, load, save, search, type RawData } from '@orama/orama';
import type { PeerEngine, PeerPassage, PeerSearcher } from './types.js';

/**
 * Orama (`@orama/orama`): full-text, vector and hybrid search in one package. Hybrid mode with
 * its defaults (BM25 on `text`, the vector property's default similarity threshold, the default
 * text/vector weights); the index is saved with Orama's own `save`, one JSON file per part, and read with `load`.
 */
export class OramaPeer implements PeerEngine {
  readonly name = 'orama';

  async build(passages: readonly PeerPassage[], vectors: readonly Float32Array[], dir: string): Promise<void> {
    const db = create({ schema: this.schema(vectors[0]?.length ?? 0) });
    await insertMultiple(
      db,
      passages.map((p, i) => ({ id: p.id, text: p.text, embedding: Array.from(vectors[i]!) })),
    );
    // One file per part of the saved index: at 100k passages the whole of it as one JSON text is
    // longer than a JavaScript string may be ("Invalid string length").
    const raw = save(db) as unknown as Record<string, unknown>;
    await writeFile(path.join(dir, 'orama.json'), JSON.stringify({ dims: vectors[0]?.length ?? 0, parts: Object.keys(raw) }));
    for (const [part, value] of Object.entries(raw)) await writeFile(path.join(dir, `orama-${part}.json`), JSON.stringify(value));
  }

  async open(dir: string): Promise<PeerSearcher> {
    const { dims, parts } = JSON.parse(await readFile(path.join(dir, 'orama.json'), 'utf8')) as { dims: number; parts: string[] };
    const raw: Record<string, unknown> = {};
    for (const part of parts) raw[part] = JSON.parse(await readFile(path.join(dir, `orama-${part}.json`), 'utf8'));
    const db = create({ schema: this.schema(dims) });
    load(db, raw as unknown as RawData);
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
