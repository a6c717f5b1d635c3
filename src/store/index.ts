/**
 * The store stage: where index generations are served from when local files are not enough.
 * `STORE=sqlite` (the default) is src/index's generation folders; `STORE=postgres` is this stage's
 * PostgreSQL store with pgvector, shared by every bot process that opens the same DATABASE_URL.
 */
export { describeDatabaseUrl, redactDatabaseUrl, StoreError } from './postgres/connection.js';
export { NotFetchedError, PostgresGeneration } from './postgres/generation.js';
export { type PublishReport } from './postgres/publish.js';
export { PostgresRetriever } from './postgres/retriever.js';
export { noticeOfSwap, PostgresStore, withheldFrom, type PostgresStoreOptions } from './postgres/store.js';
export { PostgresReplies, PostgresVotes } from './postgres/bot-memory.js';
