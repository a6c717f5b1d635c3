import type { ActorListing, ActorSummary } from './actors/types.js';
import type { Answer } from './answer/types.js';
import type { BuildProgress, BuildReport } from './index/types.js';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ActorRegistry, buildActorRegistry, parseActorOverrides, type ActorRegistryData } from './actors/index.js';
import { Answerer, validateQuestion } from './answer/index.js';
import type { VerbatimConfig } from './config/index.js';
import type { Embedder } from './embedding/embedder.js';
import { buildIndexGeneration, IndexError, loadServedGeneration, type IndexGeneration } from './index/index.js';

/** A document as listed by `sources --json`. */
export interface SourceListing {
  docId: string;
  title: string;
  source: string | null;
  url: string | null;
  published: string | null;
  passages: number;
  chars: number;
}

export interface ReindexOptions {
  /** A Discord user id, or "cli". Recorded in the audit log. */
  requestedBy: string;
  /** Accept a build that would serve far less than before (no documents, or half of them gone). */
  force?: boolean;
  onProgress?: (progress: BuildProgress) => void;
}

/**
 * Everything the bot and the command line can do, over one served index generation.
 * Both front ends receive this object; neither reaches past it into the stages.
 */
export interface VerbatimService {
  ask(question: string): Promise<Answer>;
  actor(query: string): Promise<ActorSummary>;
  /** Actors, most mentioned first. */
  actors(limit?: number): Promise<ActorListing[]>;
  /** Actors whose name or alias starts with / contains `partial`, for autocomplete (fast, no model call). */
  suggestActors(partial: string, limit: number): Promise<ActorListing[]>;
  sources(): Promise<SourceListing[]>;
  reindex(options: ReindexOptions): Promise<BuildReport>;
  /** The generation being served, e.g. `g-20251125T150102-ab12cd`; null before the first load. */
  currentGeneration(): string | null;
}

// ---------------------------------------------------------------------------------------------
// The local implementation: one process serving one index folder.

/** Name of the actor registry artefact inside a generation. */
export const ACTORS_ARTEFACT = 'actors.json';

export interface ServiceDependencies {
  embedder: Embedder;
  /** One line for an operator (stderr in the CLI, the structured log in the bot). */
  log: (line: string) => void;
}

/** Everything answered from one generation: swapped as a whole, never mixed. */
interface ServedGeneration {
  generation: IndexGeneration;
  answerer: Answerer;
  actors: ActorRegistry;
}

/** Reads `actors.yaml` from the corpus folder, if any; problems are logged, never fatal. */
async function readActorOverrides(corpusDir: string, log: (line: string) => void) {
  let text: string;
  try {
    text = await readFile(path.join(corpusDir, 'actors.yaml'), 'utf8');
  } catch {
    return undefined;
  }
  const { overrides, problems } = parseActorOverrides(text);
  for (const problem of problems) log(`actors.yaml: ${problem}`);
  return overrides;
}

class LocalVerbatimService implements VerbatimService {
  private served: ServedGeneration | null = null;
  private loading: Promise<ServedGeneration> | null = null;

  constructor(
    private readonly config: VerbatimConfig,
    private readonly dependencies: ServiceDependencies,
  ) {}

  currentGeneration(): string | null {
    return this.served?.generation.name ?? null;
  }

  async ask(question: string) {
    // Reject a bad question before any loading or building is done for it.
    const valid = validateQuestion(question, this.config.MAX_QUESTION_CHARS);
    return (await this.serve()).answerer.answer(valid);
  }

  async actor(query: string) {
    return (await this.serve()).actors.summarize(query);
  }

  async actors(limit?: number) {
    return (await this.serve()).actors.list(limit);
  }

  async suggestActors(partial: string, limit: number) {
    return (await this.serve()).actors.suggest(partial, limit);
  }

  async sources(): Promise<SourceListing[]> {
    const { generation } = await this.serve();
    return generation.manifest.documents.map((d) => ({
      docId: d.docId,
      title: d.meta.title,
      source: d.meta.source,
      url: d.meta.url,
      published: d.meta.published,
      passages: d.passages,
      chars: d.chars,
    }));
  }

  async reindex(options: ReindexOptions) {
    const report = await this.build(options);
    // Load the new generation completely before swapping: questions in flight keep the old one.
    this.served = await this.load();
    return report;
  }

  private build(options: Pick<ReindexOptions, 'force' | 'onProgress'>) {
    const { config, dependencies } = this;
    return buildIndexGeneration({
      corpusDir: config.CORPUS_DIR,
      indexDir: config.INDEX_DIR,
      embedder: dependencies.embedder,
      maxFileBytes: config.MAX_FILE_BYTES,
      force: options.force,
      onProgress: options.onProgress,
      extraArtefacts: async (documents) => {
        const overrides = await readActorOverrides(config.CORPUS_DIR, dependencies.log);
        return { [ACTORS_ARTEFACT]: JSON.stringify(buildActorRegistry(documents, overrides)) };
      },
    });
  }

  private async load(): Promise<ServedGeneration> {
    const { embedder, log } = this.dependencies;
    const generation = await loadServedGeneration(this.config.INDEX_DIR, embedder, { warn: log });
    const actorsJson = generation.artefact(ACTORS_ARTEFACT);
    if (!actorsJson) throw new IndexError('corrupt', `The index in ${this.config.INDEX_DIR} has no actor registry. Run: npm run index`);
    const actors = new ActorRegistry(JSON.parse(actorsJson) as ActorRegistryData, generation);
    const answerer = new Answerer(generation, embedder, { maxQuestionChars: this.config.MAX_QUESTION_CHARS });
    return { generation, answerer, actors };
  }

  /** The served generation; loads it on first use, building it first when there is none. */
  private async serve(): Promise<ServedGeneration> {
    if (this.served) return this.served;
    this.loading ??= (async () => {
      try {
        return await this.load();
      } catch (error) {
        if (!(error instanceof IndexError) || error.code !== 'missing') throw error;
        this.dependencies.log(`No index in ${this.config.INDEX_DIR} yet: building it from ${this.config.CORPUS_DIR} (first run).`);
        await this.build({});
        return this.load();
      }
    })().finally(() => {
      this.loading = null;
    });
    this.served = await this.loading;
    return this.served;
  }
}

/** Creates the service over `config.INDEX_DIR`; nothing is loaded until the first call. */
export function createVerbatimService(config: VerbatimConfig, dependencies: ServiceDependencies): VerbatimService {
  return new LocalVerbatimService(config, dependencies);
}
