import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type pg from 'pg';
import { GENERATION_FILES, HNSW_PARAMETERS, RecordStore, type IndexManifest } from '../../index/index.js';
import { BUILD_LOCK_KEY, generationIndexes, generationSchema, generationTables, LOCK_NAMESPACE, READER_LOCK_NAMESPACE, READER_LOCK_SQL, SWAP_CHANNEL } from './schema.js';
import { vectorToSql } from './vectors.js';

/** Rows sent in one INSERT: large enough to amortise a round trip, small enough to bound memory. */
const ROWS_PER_INSERT = 2_000;

/** What a publish did, for the build report and the benchmark. */
export interface PublishReport {
  generation: string;
  passages: number;
  /** Time to copy the rows in. */
  copyMs: number;
  /** Time to build the postings, document and HNSW indexes, and to record the generation's row. */
  indexMs: number;
  /** Time of the swap transaction alone. */
  swapMs: number;
  /** `performance.now()` when the swap's COMMIT returned (for measuring how soon others hear of it). */
  committedAt: number;
  /** Generations dropped because no process read them any more. */
  pruned: string[];
}

/**
 * Copies a generation built on local disk (src/index) into PostgreSQL beside the served one, then
 * serves it: one transaction moves `verbatim.served` to it and NOTIFYs every process, which is
 * delivered only when that transaction commits. A publish killed mid-way leaves a schema no
 * generation row names; the served generation is untouched and the next publish drops the leftover.
 * The caller holds the build lock ({@link tryBuildLock}).
 */
export async function publishGeneration(client: pg.ClientBase, folder: string): Promise<PublishReport> {
  const manifest = JSON.parse(await readFile(path.join(folder, 'manifest.json'), 'utf8')) as IndexManifest;
  const artefacts: Record<string, string> = {};
  const known = new Set<string>(Object.values(GENERATION_FILES));
  for (const name of Object.keys(manifest.files ?? {})) {
    if (!known.has(name)) artefacts[name] = await readFile(path.join(folder, name), 'utf8');
  }
  const schema = generationSchema(manifest.generation);
  const store = new RecordStore(path.join(folder, GENERATION_FILES.store));
  const copyStarted = performance.now();
  let totalTerms = 0;
  try {
    await dropLeftovers(client);
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.query(generationTables(schema, manifest.model.dims));
    const db = store.database;
    await insertRows(client, `${schema}.documents`, ['position', 'doc_id', 'record', 'text'], ['int', 'text', 'text', 'text'],
      db.prepare<[], { position: number; doc_id: string; record: string; text: string }>('SELECT position, doc_id, record, text FROM documents ORDER BY position').iterate(),
      (row) => [row.position, row.doc_id, row.record, row.text]);
    await insertRows(client, `${schema}.sentences`, ['position', 'doc_id', 'record', 'text', 'embedding'], ['int', 'text', 'text', 'text', 'vector'],
      db.prepare<[], { position: number; record: string; text: string; vector: Buffer }>('SELECT position, record, text, vector FROM sentences ORDER BY position').iterate(),
      (row) => [row.position, (JSON.parse(row.record) as { docId: string }).docId, row.record, row.text, vectorToSql(float32Of(row.vector))]);
    const frequency = new Map<string, number>();
    const postings: [string, number, number, number][] = [];
    const flushPostings = async () => {
      await insertRows(client, `${schema}.postings`, ['term', 'passage', 'frequency', 'length'], ['text', 'int', 'int', 'int'], postings, (row) => row);
      postings.length = 0;
    };
    const passages = db
      .prepare<[], { position: number; record: string; text: string; vector: Buffer; terms: string }>(
        'SELECT p.position, p.record, p.text, p.vector, t.terms FROM passages p JOIN passage_terms t ON t.rowid = p.position ORDER BY p.position',
      )
      .iterate();
    await insertRows(client, `${schema}.passages`, ['position', 'doc_id', 'record', 'text', 'terms', 'embedding'], ['int', 'text', 'text', 'text', 'text', 'vector'], passages, (row) => {
      const terms = row.terms.length > 0 ? row.terms.split(' ') : [];
      totalTerms += terms.length;
      const counts = new Map<string, number>();
      for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
      for (const [term, count] of counts) {
        postings.push([term, row.position, count, terms.length]);
        frequency.set(term, (frequency.get(term) ?? 0) + 1);
      }
      return [row.position, (JSON.parse(row.record) as { docId: string }).docId, row.record, row.text, row.terms, vectorToSql(float32Of(row.vector))];
    }, async () => {
      if (postings.length >= ROWS_PER_INSERT * 10) await flushPostings();
    });
    await flushPostings();
    await insertRows(client, `${schema}.term_passages`, ['term', 'passages'], ['text', 'int'], frequency.entries(), (row) => row);
  } finally {
    store.close();
  }
  const copyMs = performance.now() - copyStarted;
  const indexStarted = performance.now();
  // The HNSW build is the slowest step; memory it may use before spilling to disk.
  await client.query(`SET maintenance_work_mem = '256MB'`);
  await client.query(generationIndexes(schema, HNSW_PARAMETERS));
  // The generation's row (its manifest and artefacts: the actor registry alone is megabytes on a
  // news corpus) goes in before the swap, so that the swap is the one small row. A publish killed
  // between the two leaves a generation nobody serves or reads, which the next publish prunes.
  await client.query(
    `INSERT INTO verbatim.generations (name, schema_name, manifest, artefacts, passages, mean_terms) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (name) DO UPDATE SET schema_name = EXCLUDED.schema_name, manifest = EXCLUDED.manifest, artefacts = EXCLUDED.artefacts,
       passages = EXCLUDED.passages, mean_terms = EXCLUDED.mean_terms, published_at = now()`,
    [manifest.generation, schema, JSON.stringify(manifest), JSON.stringify(artefacts), manifest.counts.passages, manifest.counts.passages > 0 ? totalTerms / manifest.counts.passages : 1],
  );
  const indexMs = performance.now() - indexStarted;
  const swapStarted = performance.now();
  let committedAt = swapStarted;
  await client.query('BEGIN');
  try {
    await client.query(
      `INSERT INTO verbatim.served (only_row, generation, swapped_at) VALUES (true, $1, now())
       ON CONFLICT (only_row) DO UPDATE SET generation = EXCLUDED.generation, swapped_at = now()`,
      [manifest.generation],
    );
    // What the build recorded as withdrawn, swapped with the generation (withdrawn.json is written before `current`).
    await client.query('DELETE FROM verbatim.withdrawn');
    await client.query('INSERT INTO verbatim.withdrawn (doc_id) SELECT unnest($1::text[])', [manifest.withdrawn ?? []]);
    await client.query('SELECT pg_notify($1, $2)', [SWAP_CHANNEL, manifest.generation]);
    await client.query('COMMIT');
    committedAt = performance.now();
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
  const swapMs = performance.now() - swapStarted;
  const pruned = await pruneUnreadGenerations(client, manifest.generation);
  return { generation: manifest.generation, passages: manifest.counts.passages, copyMs, indexMs, swapMs, committedAt, pruned };
}

/**
 * Inserts rows a batch at a time, each batch one INSERT … SELECT FROM unnest() of one array per
 * column: one round trip per batch and no statement text growing with it.
 */
async function insertRows<T>(
  client: pg.ClientBase,
  table: string,
  columns: readonly string[],
  types: readonly string[],
  rows: Iterable<T>,
  toColumns: (row: T) => unknown[],
  afterBatch?: () => Promise<void>,
): Promise<void> {
  const casts = types.map((type, i) => (type === 'vector' ? `$${i + 1}::text[]` : `$${i + 1}::${type}[]`));
  const select = types.map((type, i) => (type === 'vector' ? `c${i}::vector` : `c${i}`));
  const sql = `INSERT INTO ${table} (${columns.join(', ')}) SELECT ${select.join(', ')} FROM unnest(${casts.join(', ')}) AS u(${types.map((_, i) => `c${i}`).join(', ')})`;
  let batch: unknown[][] = columns.map(() => []);
  let size = 0;
  const flush = async () => {
    if (size === 0) return;
    await client.query(sql, batch);
    batch = columns.map(() => []);
    size = 0;
    await afterBatch?.();
  };
  for (const row of rows) {
    toColumns(row).forEach((value, i) => batch[i]!.push(value));
    if (++size >= ROWS_PER_INSERT) await flush();
  }
  await flush();
}

/** A stored little-endian float32 vector as a Float32Array of its own (a Buffer may start at any byte). */
function float32Of(blob: Buffer): Float32Array {
  const vector = new Float32Array(blob.byteLength / 4);
  new Uint8Array(vector.buffer).set(blob);
  return vector;
}

/** Schemas of publishes that never committed (killed mid-write): no generation row names them. */
async function dropLeftovers(client: pg.ClientBase): Promise<string[]> {
  const { rows } = await client.query<{ schema: string }>(
    `SELECT nspname AS schema FROM pg_namespace WHERE nspname LIKE 'verbatim\\_g\\_%'
       AND nspname NOT IN (SELECT schema_name FROM verbatim.generations)`,
  );
  for (const { schema } of rows) await client.query(`DROP SCHEMA ${schema} CASCADE`);
  return rows.map((row) => row.schema);
}

/**
 * Drops every generation but the served one that no process still reads. A process serving a
 * generation holds a shared advisory lock on it for as long as it does (and PostgreSQL lets go
 * when its connection ends, a crash included); a generation whose lock cannot be had exclusively
 * is kept for the next build to try again.
 */
export async function pruneUnreadGenerations(client: pg.ClientBase, served: string): Promise<string[]> {
  const { rows } = await client.query<{ name: string; schema_name: string }>('SELECT name, schema_name FROM verbatim.generations WHERE name <> $1', [served]);
  const pruned: string[] = [];
  for (const { name, schema_name } of rows) {
    const { rows: [lock] } = await client.query<{ locked: boolean }>(READER_LOCK_SQL('exclusive-try'), [READER_LOCK_NAMESPACE, name]);
    if (!lock?.locked) continue;
    try {
      await client.query('BEGIN');
      await client.query('DELETE FROM verbatim.generations WHERE name = $1', [name]);
      await client.query(`DROP SCHEMA IF EXISTS ${schema_name} CASCADE`);
      await client.query('COMMIT');
      pruned.push(name);
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      await client.query(READER_LOCK_SQL('unlock'), [READER_LOCK_NAMESPACE, name]);
    }
  }
  return pruned;
}

/**
 * Takes the one build lock of the database on this connection (a session lock: PostgreSQL
 * releases it if the process dies). False when another process holds it.
 */
export async function tryBuildLock(client: pg.ClientBase): Promise<boolean> {
  const { rows: [row] } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::int, $2::int) AS locked', [LOCK_NAMESPACE, BUILD_LOCK_KEY]);
  return row?.locked === true;
}

export async function releaseBuildLock(client: pg.ClientBase): Promise<void> {
  await client.query('SELECT pg_advisory_unlock($1::int, $2::int)', [LOCK_NAMESPACE, BUILD_LOCK_KEY]);
}
