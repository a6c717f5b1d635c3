import type { ActorRegistry } from '../actors/index.js';
import type { VerbatimConfig } from '../config/index.js';
import type { BuildReport } from '../index/types.js';
import { generationsFolder, type AuditEntry, type ModelIdentity } from '../index/index.js';
import { PostgresRetriever, PostgresStore, withheldFrom, type PostgresGeneration } from '../store/index.js';
import path from 'node:path';

/**
 * What the service needs to serve from PostgreSQL instead of local files (STORE=postgres): the
 * store, opened once; the served generation's reader with its retriever; the async fetches a
 * question or an actor summary needs before the answer stage reads synchronously; and a build
 * that publishes what it wrote locally under the database's one build lock.
 */
export class PostgresServing {
  private opening: Promise<PostgresStore> | null = null;

  constructor(
    private readonly config: VerbatimConfig,
    private readonly log: (line: string) => void,
  ) {}

  /** The store of this process, opened on first use (a failure is retried on the next use). */
  store(): Promise<PostgresStore> {
    this.opening ??= PostgresStore.open(this.config.DATABASE_URL!, { log: this.log }).catch((error: unknown) => {
      this.opening = null;
      throw error;
    });
    return this.opening;
  }

  /** The served generation (IndexError 'missing' before the first publish) and its retriever. */
  async openServed(model: ModelIdentity): Promise<{ generation: PostgresGeneration; retriever: PostgresRetriever }> {
    const generation = await (await this.store()).openServed(model);
    return { generation, retriever: new PostgresRetriever(generation) };
  }

  /** Runs a local build under the database's build lock and publishes the generation it wrote. */
  async buildAndPublish(build: () => Promise<BuildReport>): Promise<BuildReport> {
    const store = await this.store();
    const report = await store.buildAndPublish(build, (built) => path.join(generationsFolder(this.config.INDEX_DIR), built.generation));
    const { published, ...rest } = report;
    if (published) {
      this.log(
        `Published generation ${published.generation} to PostgreSQL at ${store.describe()}: ${published.passages} passages, copy ${Math.round(published.copyMs)} ms, indexes ${Math.round(published.indexMs)} ms, swap ${Math.round(published.swapMs)} ms.`,
      );
    }
    return rest;
  }

  /** Records a rebuild attempt in the database's audit log (beside the local file). */
  async appendAuditEntry(entry: AuditEntry): Promise<void> {
    await (await this.store()).appendAuditEntry(entry);
  }

  /** Called with the new generation's name whenever any process swaps one in. */
  async onSwap(listener: (generation: string) => void): Promise<void> {
    (await this.store()).onSwap(listener);
  }

  /** Reads again which documents `generation` must withhold (a newer build may have withdrawn some). */
  async refreshWithheld(generation: PostgresGeneration): Promise<void> {
    const store = await this.store();
    await generation.refreshWithheld((name) => withheldFrom((sql, values) => store.query(sql, values), name));
  }

  /** Lets go of a generation this process no longer serves. */
  async release(generation: string): Promise<void> {
    await (await this.store()).release(generation);
  }

  async close(): Promise<void> {
    const opening = this.opening;
    this.opening = null;
    if (opening) await (await opening.catch(() => null))?.close();
  }
}

/** The reads an answer or an actor summary makes, fetched ahead for a generation served from PostgreSQL. */
export const prefetch = {
  async question(generation: PostgresGeneration, question: string): Promise<void> {
    await generation.prepareQuestion(question);
  },
  async actor(generation: PostgresGeneration, actors: ActorRegistry, query: string): Promise<void> {
    const record = actors.find(query);
    if (record) await generation.fetchDocuments(record.docIds);
  },
};

