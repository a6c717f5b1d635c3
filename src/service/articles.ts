/**
 * Adding and removing articles: the part of the service that edits the corpus folder, then runs
 * the one rebuild job (incremental, live, locked, audited) and takes the edit back if it fails.
 */
import path from 'node:path';
import { UserError, type VerbatimConfig } from '../config/index.js';
import {
  addressPolicy,
  articleTextFingerprint,
  describeInput,
  findArticleByText,
  findArticleByUrl,
  prepareArticle,
  removeArticleFiles,
  saveArticle,
  type ArticleInput,
  type CorpusChange,
  type FetchLimits,
  type PreparedArticle,
} from '../corpus/index.js';
import { BuildInProgressError, liveBuildLock, type AuditedArticle, type BuildReport } from '../index/index.js';
import type { AddReport, ArticleChangeOptions, CorpusWriter, ReindexOptions, RemoveReport, SkippedInput } from './types.js';
import { beginPendingEdit, type OpenPendingEdit } from './pending-edits.js';

export const corpusFolderWriter: CorpusWriter = { save: saveArticle, remove: removeArticleFiles };

/** What the service lends the article edits: its configuration and its audited rebuild. */
export interface ArticleEditing {
  config: VerbatimConfig;
  corpusWriter: CorpusWriter;
  rebuild(options: ReindexOptions): Promise<BuildReport>;
  servedGeneration(): Promise<string | null>;
}

/**
 * A folder the edit must write is full or read-only: the person's to fix (exit 1, one line),
 * not an internal error. Nothing of the edit is left behind when it is thrown.
 */
export class FolderNotWritableError extends UserError {
  override name = 'FolderNotWritableError';
  constructor(kind: 'corpus' | 'index', folder: string, verb: 'added' | 'removed', cause: NodeJS.ErrnoException) {
    const where = `the ${kind} folder ${path.resolve(folder)}`;
    const setting = kind === 'corpus' ? 'CORPUS_DIR' : 'INDEX_DIR';
    super(
      'folder-not-writable',
      FULL.has(cause.code ?? '')
        ? `No space left on the disk of ${where} (${cause.code}): free some space, then try again. Nothing was ${verb}.`
        : `Cannot write to ${where} (${cause.code}): make it writable for this user, or set ${setting} to a folder that is. Nothing was ${verb}.`,
      { cause },
    );
  }
}

const FULL = new Set(['ENOSPC', 'EDQUOT']);
const UNWRITABLE = new Set([...FULL, 'EROFS', 'EACCES', 'EPERM']);

/** The error as a {@link FolderNotWritableError} when it says the folder is full or read-only. */
function asFolderError(kind: 'corpus' | 'index', folder: string, verb: 'added' | 'removed', error: unknown): unknown {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code && UNWRITABLE.has(code) ? new FolderNotWritableError(kind, folder, verb, error as NodeJS.ErrnoException) : error;
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

/**
 * What an article's text duplicates, as a phrase for the refusal: an input earlier in the same
 * request, or an article already in the corpus that it would not replace. A page added again from
 * its own URL replaces its article (an update), so that article does not count.
 */
async function duplicateOf(prepared: PreparedArticle, earlier: ReadonlyMap<string, string>, corpusDir: string): Promise<string | null> {
  const fingerprint = articleTextFingerprint(prepared.article.body);
  const inRequest = earlier.get(fingerprint);
  if (inRequest) return `${inRequest}, given earlier in this request`;
  const saved = await findArticleByText(corpusDir, prepared.article.body);
  if (!saved) return null;
  const replaced = await findArticleByUrl(corpusDir, [prepared.article.meta.url, prepared.addedFrom]);
  return saved === replaced ? null : `the article ${saved} already in the corpus`;
}

async function add(inputs: readonly ArticleInput[], options: ArticleChangeOptions, editing: ArticleEditing): Promise<AddReport> {
  const { config } = editing;
  const limits = fetchLimits(config);
  const skipped: SkippedInput[] = [];
  const prepared: { input: ArticleInput; article: PreparedArticle }[] = [];
  const fingerprints = new Map<string, string>();
  for (const input of inputs) {
    try {
      const article = await prepareArticle(input, limits, [config.DISCORD_TOKEN]);
      const duplicate = await duplicateOf(article, fingerprints, config.CORPUS_DIR);
      if (duplicate) {
        skipped.push({ input: describeInput(input), reason: `Refused ${describeInput(input)}: it is the same text as ${duplicate}; remove that article first to add it again.` });
        continue;
      }
      fingerprints.set(articleTextFingerprint(article.article.body), describeInput(input));
      prepared.push({ input, article });
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      skipped.push({ input: describeInput(input), reason: error.message });
    }
  }
  if (prepared.length === 0) return { added: [], skipped, generation: await editing.servedGeneration() };
  await refuseWhileBuilding(config.INDEX_DIR);
  // Written before any file is saved: if this process is killed before the rebuild serves the
  // articles, the next start or build completes the edit and audits it in the requester's name.
  const journal = await beginPendingEdit(config.INDEX_DIR, {
    kind: 'add',
    requestedBy: options.requestedBy,
    articles: prepared.map(({ input, article }) => ({ change: 'added', docId: '', url: article.article.meta.url, input: describeInput(input) })),
  }).catch((error: unknown) => {
    throw asFolderError('index', config.INDEX_DIR, 'added', error);
  });
  try {
    return await saveAndRebuild(prepared, skipped, options, editing, journal);
  } finally {
    await journal.finish();
  }
}

async function saveAndRebuild(
  prepared: readonly { input: ArticleInput; article: PreparedArticle }[],
  skipped: SkippedInput[],
  options: ArticleChangeOptions,
  editing: ArticleEditing,
  journal: OpenPendingEdit,
): Promise<AddReport> {
  const { config } = editing;
  const saved: { input: ArticleInput; article: PreparedArticle; change: Awaited<ReturnType<CorpusWriter['save']>> }[] = [];
  try {
    for (const item of prepared) {
      const change = await editing.corpusWriter.save(config.CORPUS_DIR, item.article.article, item.article.addedFrom);
      // The same page given twice in one request: it was saved once; say so rather than count it twice.
      if (saved.some((earlier) => earlier.change.docId === change.docId)) {
        skipped.push({ input: describeInput(item.input), reason: `${describeInput(item.input)} is the same article as ${change.docId}, added once.` });
        continue;
      }
      saved.push({ ...item, change });
    }
  } catch (error) {
    for (const { change } of [...saved].reverse()) await change.undo();
    throw asFolderError('corpus', config.CORPUS_DIR, 'added', error);
  }
  if (saved.length === 0) return { added: [], skipped, generation: await editing.servedGeneration() };
  const articles: AuditedArticle[] = saved.map(({ input, article, change }) => ({
    change: change.updated ? 'updated' : 'added',
    docId: change.docId,
    url: article.article.meta.url,
    input: describeInput(input),
  }));
  await journal.update(articles);
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
  // Written before any file goes: a remove killed before its rebuild (the file gone, the article
  // still served) is completed at the next start or build, in the requester's name.
  const journal = await beginPendingEdit(config.INDEX_DIR, {
    kind: 'remove',
    requestedBy: options.requestedBy,
    articles: unique.map((docId) => ({ change: 'removed', docId, url: null, input: docId })),
  }).catch((error: unknown) => {
    throw asFolderError('index', config.INDEX_DIR, 'removed', error);
  });
  try {
    const changes: CorpusChange[] = [];
    try {
      for (const docId of unique) changes.push(await editing.corpusWriter.remove(config.CORPUS_DIR, docId));
    } catch (error) {
      // One unknown docId: nothing is removed, so the request can be fixed and given again as a whole.
      for (const change of changes.reverse()) await change.undo();
      throw asFolderError('corpus', config.CORPUS_DIR, 'removed', error);
    }
    const articles: AuditedArticle[] = changes.map((change) => ({ change: 'removed', docId: change.docId, url: change.url, input: change.docId }));
    await journal.update(articles);
    const report = await rebuildOrUndo(changes, editing, {
      requestedBy: options.requestedBy,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      articles,
    });
    return { removed: unique, generation: report.generation };
  } finally {
    await journal.finish();
  }
}

/** The service's article edits; each is given the service's configuration and rebuild. */
export const editCorpusArticles = { add, remove };
