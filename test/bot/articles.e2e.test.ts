/**
 * Moderators add and remove articles from Discord, end to end: the real bot (discord.js) against
 * the fake Discord, the real service over a temp copy of the corpus, and a local news site that
 * serves the pages and the attachments. A new article is answered from at once, with its link.
 */
import { readdir } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unescapeMarkdown } from '../../src/bot/render/markdown.js';
import { loadConfig } from '../../src/config/index.js';
import { HashingEmbedder } from '../../src/embedding/index.js';
import { readAuditLog } from '../../src/index/index.js';
import { createVerbatimService } from '../../src/service/index.js';
import { LIBRARY, ORCHARD } from '../corpus/article-pages.js';
import { startArticleServer, type ArticleServer } from '../corpus/article-server.js';
import { readCorpusTexts, tempWorkspace } from '../helpers/temp-corpus.js';
import { MANAGE_GUILD, snowflake, startFakeDiscord, type FakeAttachment, type FakeDiscord } from './fake-discord.js';
import { expectAnswerSpansVerbatim, expectEmbedVerbatim, expectNoMentionsAllowed, startBotUnderTest, type BotUnderTest } from './harness.js';

const STRING = 3;

function attachment(filename: string, url: string, size: number, contentType: string): FakeAttachment {
  return { id: snowflake(), filename, size, url, proxy_url: url, content_type: contentType };
}
const ATTACHMENT = 11;
const MAX_FILE_BYTES = 256 * 1024;

describe('adding and removing articles from Discord', () => {
  let fake: FakeDiscord;
  let server: ArticleServer;
  let underTest: BotUnderTest;
  let dirs: { corpusDir: string; indexDir: string };

  beforeAll(async () => {
    server = await startArticleServer();
    dirs = await tempWorkspace();
    const config = loadConfig({ CORPUS_DIR: dirs.corpusDir, INDEX_DIR: dirs.indexDir, ALLOW_PRIVATE_URLS: 'true', MAX_FILE_BYTES: String(MAX_FILE_BYTES) });
    const service = createVerbatimService(config, { embedder: new HashingEmbedder({ dims: 64 }), log: () => undefined });
    await service.sources();
    fake = await startFakeDiscord();
    underTest = await startBotUnderTest(fake, service, { moderatorRoleIds: [fake.moderatorRoleId] });
  });

  afterAll(async () => {
    await underTest?.bot.stop();
    await fake?.close();
    await server?.close();
  });

  const moderator = { permissions: '0', roles: [] as string[] };
  const asModerator = () => ({ ...moderator, roles: [fake.moderatorRoleId] });

  /** The last edit of a deferred moderator reply: the one that is not a progress line. */
  async function finalEdit(interaction: { token: string }) {
    const edit = await fake.waitForRequest((r) => r.method === 'PATCH' && r.route.includes(interaction.token) && !String(r.body?.content ?? '').startsWith('Reindexing…'), 30_000);
    const callback = fake.requestsForInteraction(interaction as { id: string; token: string }).find((r) => r.route.endsWith('/callback'))!;
    expect(callback.body.type).toBe(5);
    expect(callback.body.data.flags & 64).toBe(64);
    return edit.body;
  }

  it('refuses /add to a member without Manage Server or a moderator role, fetching nothing and changing nothing', async () => {
    const files = await readdir(dirs.corpusDir);
    const fetched = server.requests.length;
    const interaction = fake.sendCommand('add', [{ name: 'url', type: STRING, value: server.url('/jsonld') }], moderator);
    const callback = await fake.waitForRequest((r) => r.route === `/interactions/${interaction.id}/${interaction.token}/callback`);
    expect(callback.body.type).toBe(4);
    expect(callback.body.data.flags & 64).toBe(64);
    expect(callback.body.data.content).toMatch(/Only moderators/);
    expect(server.requests.length).toBe(fetched);
    expect(await readdir(dirs.corpusDir)).toEqual(files);
  });

  it('adds a linked article for a moderator, replies with its linked source line, and answers from it at once', async () => {
    const interaction = fake.sendCommand('add', [{ name: 'url', type: STRING, value: server.url('/jsonld') }], asModerator());
    const reply = await finalEdit(interaction);
    expect(reply.content).toBe('Done: the article can be asked about now.');
    const canonical = server.url('/2025/11/25/lighthouse-vote');
    expect(reply.embeds[0].description).toContain(`[Port Elsby votes to relight Kestrel Point lighthouse — Harbour Times, 2025-11-25](${canonical})`);
    // No file ids or generation names in what a moderator reads: the title and its link say which.
    expect(JSON.stringify(reply)).not.toContain('port-elsby-votes-to-relight-kestrel-point-lighthouse');
    expect(JSON.stringify(reply)).not.toContain((await readAuditLog(dirs.indexDir)).at(-1)!.generation!);
    expect(reply.embeds[0].title).toBe('Article added');
    expect((await readAuditLog(dirs.indexDir)).at(-1)).toMatchObject({ requestedBy: fake.defaultUser.id, articles: [{ change: 'added', url: canonical, input: server.url('/jsonld') }] });

    const ask = fake.sendCommand('ask', [{ name: 'question', type: STRING, value: 'How much will the Kestrel Point lighthouse restoration cost?' }]);
    const answer = await fake.waitForRequest((r) => r.method === 'PATCH' && r.route.includes(ask.token), 30_000);
    const texts = await readCorpusTexts(dirs.corpusDir);
    expectAnswerSpansVerbatim(underTest.answers.at(-1)!, texts);
    expect(expectEmbedVerbatim(answer.body.embeds[0], texts, underTest.answers.at(-1)!.citations)).toBeGreaterThan(0);
    expect(underTest.answers.at(-1)!.citations.some((citation) => citation.url === canonical)).toBe(true);
    expect(JSON.stringify(answer.body)).toContain(canonical);
  });

  it('adds an uploaded .txt file, and refuses a binary upload and one over the limit with one line each', async () => {
    const story = server.serve('/attachments/library.txt', ['Dunmore library reopens', ...LIBRARY].join('\n'), 'text/plain; charset=utf-8');
    const good = fake.sendCommand('add', [{ name: 'file', type: ATTACHMENT, value: '1' }], {
      ...asModerator(),
      attachments: [{ ...attachment('library.txt', story, 400, 'text/plain'), id: '1' }],
    });
    const added = await finalEdit(good);
    expect(added.embeds[0].description).toContain('**Dunmore library reopens**');
    expect(await readdir(dirs.corpusDir)).toContain('dunmore-library-reopens.md');

    const files = await readdir(dirs.corpusDir);
    const binary = server.serve('/attachments/scan.txt', new Uint8Array([0x25, 0x50, 0x44, 0x46, 0, 1, 2, 3]), 'text/plain');
    const refused = fake.sendCommand('add', [{ name: 'file', type: ATTACHMENT, value: '2' }], { ...asModerator(), attachments: [{ ...attachment('scan.txt', binary, 8, 'text/plain'), id: '2' }] });
    expect(unescapeMarkdown((await finalEdit(refused)).content)).toMatch(/^Nothing added\. Refused scan\.txt: it is a binary file/);

    const huge = server.serve('/attachments/huge.txt', 'x', 'text/plain');
    const fetched = server.requests.length;
    const tooBig = fake.sendCommand('add', [{ name: 'file', type: ATTACHMENT, value: '3' }], { ...asModerator(), attachments: [{ ...attachment('huge.txt', huge, MAX_FILE_BYTES * 2, 'text/plain'), id: '3' }] });
    expect(unescapeMarkdown((await finalEdit(tooBig)).content)).toBe('Nothing added. Refused huge.txt: it is 512.0 KB, over the 256.0 KB limit (MAX_FILE_BYTES).');
    expect(server.requests.length).toBe(fetched);
    expect(await readdir(dirs.corpusDir)).toEqual(files);
  });

  it('adds the link of a message through "Add article to Verbatim", and says when a message holds none', async () => {
    const interaction = fake.sendMessageCommand('Add article to Verbatim', { content: `Worth reading: <${server.url('/opengraph')}>.` }, asModerator());
    const reply = await finalEdit(interaction);
    expect(reply.embeds[0].description).toContain('[Late frost leaves Vell valley orchards bare — Valley Post, 2025-04-30](https://valleypost.example/frost)');
    const texts = await readCorpusTexts(dirs.corpusDir);
    expect([...texts.values()].some((text) => text.includes(ORCHARD[0]!))).toBe(true);

    const none = fake.sendMessageCommand('Add article to Verbatim', { content: 'No link here, just an opinion.' }, asModerator());
    expect((await finalEdit(none)).content).toBe('Not added: That message holds no link and no .html, .txt or .md file: use this on a message that shares an article.');

    const stranger = fake.sendMessageCommand('Add article to Verbatim', { content: server.url('/byline') }, moderator);
    const callback = await fake.waitForRequest((r) => r.route === `/interactions/${stranger.id}/${stranger.token}/callback`);
    expect(callback.body.data.content).toMatch(/Only moderators/);
  });

  it('says what to give when /add has neither a url nor a file', async () => {
    const interaction = fake.sendCommand('add', [], { permissions: MANAGE_GUILD });
    expect((await finalEdit(interaction)).content).toMatch(/^Not added: Give the article’s `url`, or attach it as a `file`/);
  });

  it('offers the served sources in /remove autocomplete and removes the chosen one', async () => {
    const typed = fake.sendAutocomplete('remove', 'source', 'lighth', asModerator());
    const choices = await fake.waitForRequest((r) => r.route === `/interactions/${typed.id}/${typed.token}/callback`);
    expect(choices.body.type).toBe(8);
    expect(choices.body.data.choices).toEqual([{ name: expect.stringMatching(/^Port Elsby votes to relight Kestrel Point lighthouse — Harbour Times, 2025-11-25 \(port-elsby-.*…$/), value: 'port-elsby-votes-to-relight-kestrel-point-lighthouse' }]);
    expect(choices.body.data.choices[0].name.length).toBeLessThanOrEqual(100);

    const interaction = fake.sendCommand('remove', [{ name: 'source', type: STRING, value: 'port-elsby-votes-to-relight-kestrel-point-lighthouse' }], asModerator());
    expect((await finalEdit(interaction)).content).toBe('Removed `port-elsby-votes-to-relight-kestrel-point-lighthouse`: it can no longer be asked about.');
    expect(await readdir(dirs.corpusDir)).not.toContain('port-elsby-votes-to-relight-kestrel-point-lighthouse.md');

    const unknown = fake.sendCommand('remove', [{ name: 'source', type: STRING, value: 'no-such-article' }], asModerator());
    expect((await finalEdit(unknown)).content).toBe('Not removed: No article "no-such-article" in the corpus: see the docIds with npm run sources (or /sources).');
    expectNoMentionsAllowed(fake);
    expect(fake.unknownRoutes).toEqual([]);
  });
});
