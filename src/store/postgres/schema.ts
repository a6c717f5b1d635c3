import type pg from 'pg';

/**
 * The tables every generation shares: which generations exist and which one is served. A
 * generation's own rows live in a schema of their own (see {@link generationTables}), so a build
 * writes beside the served one without touching it, and pruning is one DROP SCHEMA.
 */
export const REGISTRY_SCHEMA = `
CREATE SCHEMA IF NOT EXISTS verbatim;
CREATE TABLE IF NOT EXISTS verbatim.generations (
  name text PRIMARY KEY,
  schema_name text NOT NULL UNIQUE,
  manifest jsonb NOT NULL,
  artefacts jsonb NOT NULL,
  passages integer NOT NULL,
  mean_terms double precision NOT NULL,
  published_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS verbatim.audit_log (
  id bigserial PRIMARY KEY,
  entry jsonb NOT NULL
);
-- The docIds withdrawn from the corpus as of the served build (INDEX_DIR/withdrawn.json's twin):
-- every generation is opened with them withheld, so an older one serving again never quotes them.
CREATE TABLE IF NOT EXISTS verbatim.withdrawn (
  doc_id text PRIMARY KEY
);
-- The bot's memory every process shares: votes (never who voted) and recent replies by button key.
CREATE TABLE IF NOT EXISTS verbatim.votes (
  id bigserial PRIMARY KEY,
  record jsonb NOT NULL
);
CREATE TABLE IF NOT EXISTS verbatim.answer_memory (
  key text PRIMARY KEY,
  reply jsonb NOT NULL,
  remembered_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX IF NOT EXISTS answer_memory_by_time ON verbatim.answer_memory (remembered_at);
CREATE TABLE IF NOT EXISTS verbatim.served (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  generation text NOT NULL REFERENCES verbatim.generations (name),
  swapped_at timestamptz NOT NULL DEFAULT now()
);
`;

/** The channel every process LISTENs on; the payload is the generation now served. */
export const SWAP_CHANNEL = 'verbatim_generation';

/** First key of every advisory lock Verbatim takes, so they never collide with an application's. */
export const LOCK_NAMESPACE = 7_311_724;
/** Second key of the one lock a build holds: one build at a time across every process. */
export const BUILD_LOCK_KEY = 1;
/** Readers hold this key shared per served generation (`hashtext(name)`); pruning needs it exclusive. */
export const READER_LOCK_SQL = (mode: 'shared' | 'exclusive-try' | 'unlock-shared' | 'unlock') =>
  ({
    shared: 'SELECT pg_advisory_lock_shared($1::int, hashtext($2))',
    'exclusive-try': 'SELECT pg_try_advisory_lock($1::int, hashtext($2)) AS locked',
    'unlock-shared': 'SELECT pg_advisory_unlock_shared($1::int, hashtext($2))',
    unlock: 'SELECT pg_advisory_unlock($1::int, hashtext($2))',
  })[mode];
/** Readers' locks use their own namespace, so a generation's hash never meets the build lock. */
export const READER_LOCK_NAMESPACE = LOCK_NAMESPACE + 1;

/** The schema holding one generation's rows. */
export function generationSchema(generation: string): string {
  return `verbatim_${generation.toLowerCase().replace(/[^a-z0-9]+/g, '_')}`;
}

/**
 * One generation's tables, written once by a build and then only read:
 * - documents, passages and sentences with their records (JSON without the text) and verbatim
 *   text, at the positions the local generation gives them;
 * - each passage's vector in a pgvector column, searched through an HNSW index (cosine), and each
 *   sentence's vector beside it (read with its document, for ranking);
 * - `postings` (term, passage, frequency in the passage, the passage's length in terms) and
 *   `term_passages` (how many passages hold each term): BM25 computed in SQL over the terms the
 *   project's own analysis (`searchTerms`) gave, as FTS5's bm25() computes it for SQLite.
 */
export function generationTables(schema: string, dims: number): string {
  return `
CREATE SCHEMA ${schema};
CREATE TABLE ${schema}.documents (position integer PRIMARY KEY, doc_id text NOT NULL UNIQUE, record text NOT NULL, text text NOT NULL);
CREATE TABLE ${schema}.passages (position integer PRIMARY KEY, doc_id text NOT NULL, record text NOT NULL, text text NOT NULL,
  terms text NOT NULL, embedding vector(${dims}) NOT NULL);
CREATE TABLE ${schema}.sentences (position integer PRIMARY KEY, doc_id text NOT NULL, record text NOT NULL, text text NOT NULL,
  embedding vector(${dims}) NOT NULL);
CREATE TABLE ${schema}.postings (term text NOT NULL, passage integer NOT NULL, frequency integer NOT NULL, length integer NOT NULL);
CREATE TABLE ${schema}.term_passages (term text PRIMARY KEY, passages integer NOT NULL);
`;
}

/** Built after the rows are in: an index built once over all rows is faster than one kept up row by row. */
export function generationIndexes(schema: string, hnsw: { m: number; efConstruction: number }): string {
  return `
CREATE INDEX ON ${schema}.postings (term) INCLUDE (passage, frequency, length);
CREATE INDEX ON ${schema}.passages (doc_id);
CREATE INDEX ON ${schema}.sentences (doc_id);
CREATE INDEX ON ${schema}.passages USING hnsw (embedding vector_cosine_ops) WITH (m = ${hnsw.m}, ef_construction = ${hnsw.efConstruction});
ANALYZE ${schema}.postings; ANALYZE ${schema}.passages; ANALYZE ${schema}.sentences; ANALYZE ${schema}.documents; ANALYZE ${schema}.term_passages;
`;
}

/** Creates the registry tables once per database; two processes starting together take turns. */
export async function ensureRegistry(client: pg.ClientBase): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1::int, 0)', [LOCK_NAMESPACE]);
    await client.query(REGISTRY_SCHEMA);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
