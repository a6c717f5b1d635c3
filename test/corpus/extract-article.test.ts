import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  articleDocId,
  ArticleRefusedError,
  extractHtmlArticle,
  extractTextArticle,
  findArticleByUrl,
  loadCorpus,
  processDocument,
  removeArticleFiles,
  saveArticle,
  UnknownDocumentError,
} from '../../src/corpus/index.js';
import { bareMetadataPage, bylinePage, CHROME_PHRASES, jsonLdPage, LIBRARY, LIGHTHOUSE, openGraphPage, ORCHARD, scriptOnlyPage, TRAM } from './article-pages.js';
import { temporaryFolder } from '../helpers/temp-folders.js';

const PAGE = 'https://news.example/2025/11/25/story?ref=home';

function expectOnlyArticle(body: string, paragraphs: readonly string[]): void {
  for (const paragraph of paragraphs) expect(body.split('\n\n')).toContain(paragraph);
  for (const phrase of CHROME_PHRASES) expect(body).not.toContain(phrase);
}

describe('extractHtmlArticle', () => {
  it('reads JSON-LD NewsArticle metadata and resolves the canonical link against the page', async () => {
    const article = await extractHtmlArticle(jsonLdPage(), PAGE, PAGE);
    expect(article.title).toBe('Port Elsby votes to relight Kestrel Point lighthouse');
    expect(article.meta).toEqual({
      source: 'Harbour Times',
      url: 'https://news.example/2025/11/25/lighthouse-vote',
      published: '2025-11-25T08:30:00.000Z',
      author: 'Ana Brisk, Tom Hale',
    });
    expectOnlyArticle(article.body, LIGHTHOUSE);
  });

  it('reads Open Graph metadata', async () => {
    const article = await extractHtmlArticle(openGraphPage(), PAGE, PAGE);
    expect(article.title).toBe('Late frost leaves Vell valley orchards bare');
    expect(article.meta).toEqual({ source: 'Valley Post', url: 'https://valleypost.example/frost', published: '2025-04-30', author: null });
    expectOnlyArticle(article.body, ORCHARD);
  });

  it('reads a byline: <meta name="author"> and <time datetime>, and leaves the byline line out', async () => {
    const article = await extractHtmlArticle(bylinePage(), PAGE, PAGE);
    expect(article.meta.author).toBe('Lena Ostrova');
    expect(article.meta.published).toBe('2025-03-10T08:00:00.000Z');
    expect(article.body).not.toContain('By Lena Ostrova');
    expectOnlyArticle(article.body, TRAM);
  });

  it('falls back to the host name for the source and the page address for the URL when a page has no metadata', async () => {
    const article = await extractHtmlArticle(bareMetadataPage(), PAGE, PAGE);
    expect(article.title).toBe('Dunmore library reopens');
    expect(article.meta).toEqual({ source: 'news.example', url: PAGE, published: null, author: null });
    expectOnlyArticle(article.body, LIBRARY);
  });

  it('keeps each paragraph a paragraph, so sentences never run across two', async () => {
    const article = await extractHtmlArticle(jsonLdPage(), PAGE, PAGE);
    expect(article.body.split('\n\n')).toEqual(LIGHTHOUSE);
  });

  it('refuses a page where Readability finds almost no text', async () => {
    await expect(extractHtmlArticle(scriptOnlyPage(), PAGE, PAGE)).rejects.toThrow(ArticleRefusedError);
    await expect(extractHtmlArticle(scriptOnlyPage(), PAGE, PAGE)).rejects.toThrow(/almost no article text/);
  });
});

describe('extractTextArticle', () => {
  it('gives plain text whose lines are paragraphs a blank line between them', () => {
    const article = extractTextArticle(['Lighthouse to be relit', ...LIGHTHOUSE].join('\n'), 'txt', null, 'story.txt');
    expect(article.title).toBe('Lighthouse to be relit');
    expect(article.body.split('\n\n')).toEqual(['Lighthouse to be relit', ...LIGHTHOUSE]);
  });
});

describe('saving an article', () => {
  const article = () => extractHtmlArticle(jsonLdPage(), PAGE, PAGE);

  it('writes Markdown with front matter that the corpus loader reads back, and whose text the offsets refer to', async () => {
    const dir = await temporaryFolder('save');
    const saved = await saveArticle(dir, await article(), PAGE, new Date('2025-11-26T10:00:00Z'));
    expect(saved).toMatchObject({ docId: 'port-elsby-votes-to-relight-kestrel-point-lighthouse', file: 'port-elsby-votes-to-relight-kestrel-point-lighthouse.md', updated: false });
    expect((await readdir(dir)).filter((name) => name.startsWith('.'))).toEqual([]);
    const { documents, skipped } = await loadCorpus(dir, { maxFileBytes: 1024 * 1024 });
    expect(skipped).toEqual([]);
    const [document] = documents;
    expect(document!.meta).toEqual({
      title: 'Port Elsby votes to relight Kestrel Point lighthouse',
      source: 'Harbour Times',
      url: 'https://news.example/2025/11/25/lighthouse-vote',
      published: '2025-11-25T08:30:00.000Z',
      author: 'Ana Brisk, Tom Hale',
    });
    const text = await readFile(path.join(dir, saved.file), 'utf8');
    const processed = processDocument(document!);
    expect(processed.sentences.length).toBeGreaterThanOrEqual(LIGHTHOUSE.length);
    for (const sentence of processed.sentences) expect(text.slice(sentence.start, sentence.end)).toBe(sentence.text);
    expect(processed.sentences.map((sentence) => sentence.text)).toContain(LIGHTHOUSE[0]);
  });

  it('updates the article saved from the same URL or canonical URL instead of adding a copy', async () => {
    const dir = await temporaryFolder('save');
    const first = await saveArticle(dir, await article(), PAGE);
    const edited = await article();
    edited.body += '\n\nA correction was appended to this story.';
    const second = await saveArticle(dir, edited, 'https://news.example/2025/11/25/lighthouse-vote#comments');
    expect(second).toMatchObject({ docId: first.docId, updated: true });
    expect(await readdir(dir)).toEqual([first.file]);
    expect(await readFile(path.join(dir, first.file), 'utf8')).toContain('A correction was appended');
    await second.undo();
    expect(await readFile(path.join(dir, first.file), 'utf8')).not.toContain('A correction was appended');
    expect(await findArticleByUrl(dir, [PAGE])).toBe(first.docId);
  });

  it('gives a different article with the same title a docId of its own', async () => {
    expect(articleDocId('Storm hits coast', null, new Set(['storm-hits-coast', 'storm-hits-coast-2']))).toBe('storm-hits-coast-3');
    expect(articleDocId('', 'https://news.example/a/b', new Set())).toBe('news-example-a-b');
    expect(articleDocId('Ça coûte 2,4 millions d’euros à Zürich', null, new Set())).toBe('ca-coute-2-4-millions-d-euros-a-zuerich');
  });

  it('takes back a new article, leaving the folder as it was', async () => {
    const dir = await temporaryFolder('save');
    await writeFile(path.join(dir, 'kept.txt'), 'An article that was there before.\n');
    const saved = await saveArticle(dir, await article(), PAGE);
    await saved.undo();
    expect(await readdir(dir)).toEqual(['kept.txt']);
  });

  it('removes an article with its sidecar and can put both back', async () => {
    const dir = await temporaryFolder('save');
    await writeFile(path.join(dir, 'old.txt'), 'An article that was there before.\n');
    await writeFile(path.join(dir, 'old.meta.json'), '{"url": "https://news.example/old"}');
    const removed = await removeArticleFiles(dir, 'old');
    expect(removed.url).toBe('https://news.example/old');
    expect(await readdir(dir)).toEqual([]);
    await removed.undo();
    expect((await readdir(dir)).sort()).toEqual(['old.meta.json', 'old.txt']);
    await expect(removeArticleFiles(dir, 'nothing-here')).rejects.toThrow(UnknownDocumentError);
  });
});
