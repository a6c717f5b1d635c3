/**
 * Adding and removing articles: the part of the service that edits the corpus folder, then runs
 * the one rebuild job (incremental, live, locked, audited) and takes the edit back if it fails.
 */
import { UserError, type VerbatimConfig } from '../config/index.js';
import {
  addressPolicy,
  describeInput,
  prepareArticle,
  removeArticleFiles,
  saveArticle,
  type ArticleInput,
  type CorpusChange,
  type FetchLimits,
  type PreparedArticle,
} from '../corpus/index.js';
import { BuildInProgressError, liveBuildLock, type AuditedArticle, type BuildReport } from '../index/index.js';
import type { AddReport, ArticleChangeOptions, ReindexOptions, RemoveReport, SkippedInput } from './types.js';

/** What the service lends the article edits: its configuration and its audited rebuild. */
export interface ArticleEditing {
  config: VerbatimConfig;
  rebuild(options: ReindexOptions): Promise<BuildReport>;
  servedGeneration(): Promise<string | null>;
}

function fetchLimits(config: VerbatimConfig): FetchLimits {
  return { maxBytes: config.MAX_FILE_BYTES, timeoutMs: config.FETCH_TIMEOUT_SECONDS * 1000, addressPolicy: addressPolicy(config.ALLOW_PRIVATE_URLS) };
}

/**
 * Refuses before the corpus folder is touched while a live build holds the lock: that build would
 * read a half-made edit, and this one could not rebuild anyway. (A build that starts after this
 * check is still caught: the rebuild is then refused as busy and the edit undone.)
 */
async function refuseWhileBuilding(indexDir: string): Promise<void> {
  // The lock's own rule of what is live, so this never refuses a lock the build would take over.
  const live = await liveBuildLock(indexDir);
  if (live) throw new BuildInProgressError(live.holder);
}

/** Runs the rebuild after `changes`; if it fails, every change is undone (newest first) and the error rethrown. */
async function rebuildOrUndo(changes: readonly CorpusChange[], editing: ArticleEditing, options: ReindexOptions): Promise<BuildReport> {
  try {
    return await editing.rebuild(options);
  } catch (error) {
    for (const change of [...changes].reverse()) await change.undo();
    throw error;
  }
}

async function add(inputs: readonly ArticleInput[], options: ArticleChangeOptions, editing: ArticleEditing): Promise<AddReport> {
  const { config } = editing;
  const limits = fetchLimits(config);
  const skipped: SkippedInput[] = [];
  const prepared: { input: ArticleInput; article: PreparedArticle }[] = [];
  for (const input of inputs) {
    try {
      prepared.push({ input, article: await prepareArticle(input, limits) });
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      skipped.push({ input: describeInput(input), reason: error.message });
    }
  }
  if (prepared.length === 0) return { added: [], skipped, generation: await editing.servedGeneration() };
  await refuseWhileBuilding(config.INDEX_DIR);
  const saved: { input: ArticleInput; article: PreparedArticle; change: Awaited<ReturnType<typeof saveArticle>> }[] = [];
  try {
    for (const item of prepared) {
      const change = await saveArticle(config.CORPUS_DIR, item.article.article, item.article.addedFrom);
      // The same page given twice in one request: it was saved once; say so rather than count it twice.
      if (saved.some((earlier) => earlier.change.docId === change.docId)) {
        skipped.push({ input: describeInput(item.input), reason: `${describeInput(item.input)} is the same article as ${change.docId}, added once.` });
        continue;
      }
      saved.push({ ...item, change });
    }
  } catch (error) {
    for (const { change } of [...saved].reverse()) await change.undo();
    throw error;
  }
  if (saved.length === 0) return { added: [], skipped, generation: await editing.servedGeneration() };
  const articles: AuditedArticle[] = saved.map(({ input, article, change }) => ({
    change: change.updated ? 'updated' : 'added',
    docId: change.docId,
    url: article.article.meta.url,
    input: describeInput(input),
  }));
  const report = await rebuildOrUndo(
    saved.map((item) => item.change),
    editing,
    { requestedBy: options.requestedBy, ...(options.onProgress ? { onProgress: options.onProgress } : {}), articles },
  );
  const added = saved.map(({ article: { article }, change }) => ({
    docId: change.docId,
    title: article.title,
    source: article.meta.source,
    url: article.meta.url,
    published: article.meta.published,
    author: article.meta.author,
    file: change.file,
    updated: change.updated,
  }));
  return { added, skipped, generation: report.generation };
}

async function remove(docIds: readonly string[], options: ArticleChangeOptions, editing: ArticleEditing): Promise<RemoveReport> {
  const { config } = editing;
  const unique = [...new Set(docIds.map((docId) => docId.trim()).filter(Boolean))];
  if (unique.length === 0) throw new UserError('usage', 'Name the article to remove by its docId (see npm run sources).');
  await refuseWhileBuilding(config.INDEX_DIR);
  const changes: CorpusChange[] = [];
  try {
    for (const docId of unique) changes.push(await removeArticleFiles(config.CORPUS_DIR, docId));
  } catch (error) {
    // One unknown docId: nothing is removed, so the request can be fixed and given again as a whole.
    for (const change of changes.reverse()) await change.undo();
    throw error;
  }
  const articles: AuditedArticle[] = changes.map((change) => ({ change: 'removed', docId: change.docId, url: change.url, input: change.docId }));
  const report = await rebuildOrUndo(changes, editing, {
    requestedBy: options.requestedBy,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    articles,
  });
  return { removed: unique, generation: report.generation };
}

/** The service's article edits; each is given the service's configuration and rebuild. */
export const editCorpusArticles = { add, remove };
