import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { unescapeMarkdown } from '../../src/bot/render/markdown.js';
import { createCorpusServiceDouble, type CorpusServiceDouble } from './corpus-service-double.js';
import { MANAGE_GUILD, startFakeDiscord, type FakeDiscord } from './fake-discord.js';
import {
  expectAnswerSpansVerbatim,
  expectEmbedVerbatim,
  expectNoMentionsAllowed,
  FAKE_TOKEN,
  messageOf,
  startBotUnderTest,
  type BotUnderTest,
} from './harness.js';

const CORPUS_DIR = path.resolve('corpus');
const STRING = 3;
const BOOLEAN = 5;

describe('the bot against a fake Discord (service double over the real corpus files)', () => {
  let fake: FakeDiscord;
  let service: CorpusServiceDouble;
  let underTest: BotUnderTest;

  beforeAll(async () => {
    fake = await startFakeDiscord();
    service = createCorpusServiceDouble(CORPUS_DIR);
    underTest = await startBotUnderTest(fake, service, { moderatorRoleIds: [fake.moderatorRoleId], cooldownSeconds: 0 });
    service.feedbackFile = underTest.feedbackFile;
  });

  afterAll(async () => {
    await underTest?.bot.stop();
    await fake?.close();
  });

  afterEach(() => {
    expect(fake.unknownRoutes).toEqual([]);
    expectNoMentionsAllowed(fake);
    expect(underTest.logs.join('\n')).not.toContain(FAKE_TOKEN);
  });

  it('identifies with only the Guilds, GuildMessages and DirectMessages intents', () => {
    expect(fake.identifies).toHaveLength(1);
    expect(fake.identifies[0].intents).toBe(1 | (1 << 9) | (1 << 12));
    expect(fake.identifies[0].intents & (1 << 15)).toBe(0);
  });

  it('answers /ask by deferring, then editing the original with verbatim sentences and their sources', async () => {
    const interaction = fake.sendCommand('ask', [{ name: 'question', type: STRING, value: 'Who heads the Cartel de los Soles?' }]);
    const edit = await fake.waitForRequest((r) => r.method === 'PATCH' && r.route.endsWith(`/${interaction.token}/messages/@original`));
    const callback = fake.requestsForInteraction(interaction).find((r) => r.route.endsWith('/callback'))!;
    expect(callback.body.type).toBe(5);
    expect(callback.at).toBeLessThanOrEqual(edit.at);
    const embed = edit.body.embeds[0];
    expect(edit.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    const answer = underTest.answers.at(-1)!;
    expect(answer.sentences.length).toBeGreaterThan(0);
    expectAnswerSpansVerbatim(answer, service.texts);
    expect(expectEmbedVerbatim(embed, service.texts, answer.citations)).toBe(answer.sentences.length);
    // Confidence in words; no percentage, no generation id, no document id in the answer itself.
    expect(embed.footer.text).toMatch(/^Quoted word for word from \d+ articles? · (strong|partial|weak) match$/);
    expect(JSON.stringify(embed).replace(/\(https?:[^)]*\)/g, '')).not.toMatch(/g-test-|%|\b00\d_|characters/);
    const buttons = edit.body.components[0].components.map((button: any) => button.custom_id);
    expect(buttons.some((id: string) => id.startsWith('verbatim:quotes:'))).toBe(true);
  });

  it('never lets a question ping: @everyone and mentions are escaped and no mention is parsed', async () => {
    const question = '@everyone <@&123456789012> what did Maduro say about @here?';
    const interaction = fake.sendCommand('ask', [{ name: 'question', type: STRING, value: question }]);
    const edit = await fake.waitForRequest((r) => r.method === 'PATCH' && r.route.includes(interaction.token));
    expect(edit.body.allowed_mentions.parse).toEqual([]);
    const shown = JSON.stringify(edit.body.embeds);
    expect(shown).not.toMatch(/(?<!\\\\)@everyone/);
    expect(shown).not.toMatch(/(?<!\\\\)<@&/);
  });

  it('answers /actor autocomplete directly (type 8) with at most 25 choices, never deferred', async () => {
    for (const typed of ['', 'a', 'Cabello']) {
      const interaction = fake.sendAutocomplete('actor', 'name', typed);
      const callback = await fake.waitForRequest((r) => r.route === `/interactions/${interaction.id}/${interaction.token}/callback`);
      expect(callback.body.type).toBe(8);
      expect(callback.body.data.choices.length).toBeLessThanOrEqual(25);
      for (const choice of callback.body.data.choices) expect(choice.name.length).toBeLessThanOrEqual(100);
      expect(fake.requestsForInteraction(interaction)).toHaveLength(1);
    }
    // The corpus has more than 25 capitalised names, so the empty prefix proves the cap.
    expect((await service.actors()).length).toBeGreaterThan(25);
    const cabello = fake.requests.filter((r) => r.body?.type === 8).at(-1)!;
    expect(cabello.body.data.choices.map((choice: any) => choice.value)).toContain('Diosdado Cabello');
  });

  it('renders /actor with each line cited from the corpus', async () => {
    const interaction = fake.sendCommand('actor', [{ name: 'name', type: STRING, value: 'Diosdado Cabello' }]);
    const edit = await fake.waitForRequest((r) => r.method === 'PATCH' && r.route.includes(interaction.token));
    expect(edit.body.embeds[0].title).toContain('Diosdado Cabello');
    expect(expectEmbedVerbatim(edit.body.embeds[0], service.texts, (await service.actor('Diosdado Cabello')).citations)).toBeGreaterThan(0);
  });

  it('refuses /reindex to a member without Manage Server or a moderator role, and rebuilds nothing', async () => {
    const interaction = fake.sendCommand('reindex', [], { permissions: '0', roles: [] });
    const callback = await fake.waitForRequest((r) => r.route === `/interactions/${interaction.id}/${interaction.token}/callback`);
    expect(callback.body.type).toBe(4);
    expect(callback.body.data.flags & 64).toBe(64);
    expect(callback.body.data.content).toMatch(/moderators/i);
    expect(service.calls.reindex).toHaveLength(0);
  });

  it('lets a moderator role run /reindex: deferred, edited with progress, then the final statistics', async () => {
    const interaction = fake.sendCommand('reindex', [{ name: 'force', type: BOOLEAN, value: true }], { permissions: '0', roles: [fake.moderatorRoleId] });
    await fake.waitForRequest((r) => r.method === 'PATCH' && r.route.includes(interaction.token) && r.body?.content === 'Reindex finished.');
    const requests = fake.requestsForInteraction(interaction);
    expect(requests[0]!.body.type).toBe(5);
    expect(requests[0]!.body.data.flags & 64).toBe(64);
    expect(requests.some((r) => String(r.body?.content ?? '').startsWith('Reindexing…'))).toBe(true);
    expect(service.calls.reindex).toHaveLength(1);
    expect(service.calls.reindex[0]!.force).toBe(true);
    expect(service.calls.reindex[0]!.requestedBy).toBe(fake.defaultUser.id);
  });

  it('answers a mention as a reply, and reads a follow-up in the context of the previous question', async () => {
    const channelId = fake.otherChannelIds[0]!;
    const first = fake.sendMessage('Who is Diosdado Cabello?', { channelId });
    const firstReply = await fake.waitForRequest((r) => r.route === `/channels/${channelId}/messages` && r.body?.message_reference?.message_id === first.id);
    expect(firstReply.body.content ?? '').not.toContain('Taken as');
    expect(firstReply.body.allowed_mentions).toEqual({ parse: [], replied_user: false });

    const second = fake.sendMessage('What about Padrino?', { channelId });
    const secondReply = await fake.waitForRequest((r) => r.route === `/channels/${channelId}/messages` && r.body?.message_reference?.message_id === second.id);
    expect(service.calls.ask.at(-1)).toBe('Who is Padrino?');
    expect(secondReply.body.content.split('\n')[0]).toBe('Taken as: “Who is Padrino?”');

    const third = fake.sendMessage('What did he say?', { channelId });
    const thirdReply = await fake.waitForRequest((r) => r.route === `/channels/${channelId}/messages` && r.body?.message_reference?.message_id === third.id);
    expect(service.calls.ask.at(-1)).toBe('What did Padrino say?');
    expect(thirdReply.body.content).toContain('What did Padrino say?');
    // An answer is checked verbatim; an abstention is two lines and no embed.
    if (underTest.answers.at(-1)!.abstained) expect(thirdReply.body.embeds).toEqual([]);
    else expect(expectEmbedVerbatim(thirdReply.body.embeds[0], service.texts, underTest.answers.at(-1)!.citations)).toBeGreaterThan(0);
  });

  it('answers a direct message without a mention', async () => {
    const dmChannel = '887766554433221100';
    const message = fake.sendMessage('What did the Treasury Department sanction?', { guildId: null, mentionBot: false, channelId: dmChannel });
    const reply = await fake.waitForRequest((r) => r.route === `/channels/${dmChannel}/messages` && r.body?.message_reference?.message_id === message.id);
    expect(reply.body.embeds).toHaveLength(1);
    expect(expectEmbedVerbatim(reply.body.embeds[0], service.texts, underTest.answers.at(-1)!.citations)).toBeGreaterThan(0);
  });

  it('ignores guild messages that do not mention the bot', async () => {
    const before = fake.requests.length;
    fake.sendMessage('Who is Diosdado Cabello?', { mentionBot: false, channelId: fake.otherChannelIds[1] });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fake.requests.slice(before).filter((r) => r.route.includes(fake.otherChannelIds[1]!))).toHaveLength(0);
  });

  it('defers a slow answer first, then edits the original response', async () => {
    service.askDelayMs = 1500;
    try {
      const interaction = fake.sendCommand('ask', [{ name: 'question', type: STRING, value: 'What did the Justice Department indict Maduro for?' }]);
      const edit = await fake.waitForRequest((r) => r.method === 'PATCH' && r.route.includes(interaction.token));
      const [callback] = fake.requestsForInteraction(interaction);
      expect(callback!.body.type).toBe(5);
      expect(edit.at - callback!.at).toBeGreaterThanOrEqual(1000);
      expect(callback!.at - edit.at).toBeLessThan(0);
    } finally {
      service.askDelayMs = 0;
    }
  });

  it('retries after a 429 with Retry-After and delivers the answer exactly once', async () => {
    fake.rateLimitOnce('PATCH', /\/messages\/@original$/, 0.4);
    fake.rateLimitOnce('POST', /\/callback$/, 0.2);
    const interaction = fake.sendCommand('ask', [{ name: 'question', type: STRING, value: 'Who was extradited and pleaded guilty?' }]);
    await fake.waitForRequest((r) => r.method === 'PATCH' && r.route.includes(interaction.token));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const requests = fake.requestsForInteraction(interaction, { refusedToo: true });
    expect(requests.filter((r) => r.status === 429)).toHaveLength(2);
    expect(requests.filter((r) => r.status < 400 && r.route.endsWith('/callback'))).toHaveLength(1);
    expect(requests.filter((r) => r.status < 400 && r.method === 'PATCH')).toHaveLength(1);
    expect(requests.filter((r) => r.method === 'POST' && r.route.includes('/webhooks/'))).toHaveLength(0);
  });

  it('reveals the cited passages with "Show quotes", only to the clicker', async () => {
    const interaction = fake.sendCommand('ask', [{ name: 'question', type: STRING, value: 'Who heads the Cartel de los Soles?' }]);
    const edit = await fake.waitForRequest((r) => r.method === 'PATCH' && r.route.includes(interaction.token));
    const quotesId = edit.body.components[0].components[0].custom_id as string;
    const click = fake.sendButton(quotesId, { id: '1', channel_id: fake.channelId, ...edit.body, author: { id: fake.botUser.id, username: 'Verbatim', discriminator: '0', avatar: null }, attachments: [], mentions: [], mention_roles: [], timestamp: new Date().toISOString(), type: 0 });
    const callback = await fake.waitForRequest((r) => r.route === `/interactions/${click.id}/${click.token}/callback`);
    expect(callback.body.type).toBe(4);
    expect(callback.body.data.flags & 64).toBe(64);
    const answer = underTest.answers.at(-1)!;
    const embeds = callback.body.data.embeds as any[];
    expect(embeds).toHaveLength(Math.min(10, answer.citations.length));
    embeds.forEach((embed, index) => {
      const citation = answer.citations[index]!;
      expect(unescapeMarkdown(embed.title).startsWith(`[${citation.n}]`)).toBe(true);
      let shown = unescapeMarkdown(embed.description);
      if (shown.endsWith('…')) shown = shown.slice(0, -1);
      expect(citation.quote.startsWith(shown)).toBe(true);
    });
  });

  it('records 👍/👎 as a JSON line with the question and the cited spans, and no user id', async () => {
    const interaction = fake.sendCommand('ask', [{ name: 'question', type: STRING, value: 'How many individuals did the Treasury sanction?' }]);
    const edit = await fake.waitForRequest((r) => r.method === 'PATCH' && r.route.includes(interaction.token));
    const downId = edit.body.components[0].components[2].custom_id as string;
    const click = fake.sendButton(downId, { id: '2', channel_id: fake.channelId, content: '', embeds: [], components: edit.body.components, author: { id: fake.botUser.id, username: 'Verbatim', discriminator: '0', avatar: null }, attachments: [], mentions: [], mention_roles: [], timestamp: new Date().toISOString(), type: 0 });
    const callback = await fake.waitForRequest((r) => r.route === `/interactions/${click.id}/${click.token}/callback`);
    expect(callback.body.data.flags & 64).toBe(64);
    const thanks = await fake.waitForRequest((r) => r.method === 'PATCH' && r.route.includes(click.token));
    expect(thanks.body.content).toMatch(/^Thanks for the 👎/);
    const lines = readFileSync(underTest.feedbackFile, 'utf8').trim().split('\n');
    const record = JSON.parse(lines.at(-1)!);
    expect(record.vote).toBe('down');
    expect(record.question).toBe('How many individuals did the Treasury sanction?');
    expect(record.answer.length).toBeGreaterThan(0);
    for (const span of record.answer) expect(typeof span.start).toBe('number');
    expect(JSON.stringify(record)).not.toContain(fake.defaultUser.id);
    expect(JSON.stringify(record)).not.toContain(fake.defaultUser.username);

    // /stats, by someone with Manage Server, summarises it.
    const stats = fake.sendCommand('stats', [], { permissions: MANAGE_GUILD });
    const statsDeferred = await fake.waitForRequest((r) => r.route === `/interactions/${stats.id}/${stats.token}/callback`);
    expect(statsDeferred.body).toMatchObject({ type: 5, data: { flags: 64 } });
    const statsReply = await fake.waitForRequest((r) => r.method === 'PATCH' && r.route.includes(stats.token));
    expect(statsReply.body.embeds[0].description).toContain('👎 1');
  });

  it('pages /sources with buttons that update the message in place', async () => {
    const interaction = fake.sendCommand('sources');
    const edit = await fake.waitForRequest((r) => r.method === 'PATCH' && r.route.includes(interaction.token));
    expect(edit.body.embeds[0].title).toBe('Sources (5 documents)');
    expect(messageOf(edit).components).toEqual([]); // 5 documents fit on one page
  });

  it('answers an emoji-only /ask with the one-line reason, ephemeral, logged at info without a stack', async () => {
    const interaction = fake.sendCommand('ask', [{ name: 'question', type: STRING, value: '🤔🤔🤔' }]);
    const followUp = await fake.waitForRequest((r) => r.method === 'POST' && r.route === `/webhooks/${fake.applicationId}/${interaction.token}`);
    expect(followUp.body.flags & 64).toBe(64);
    expect(followUp.body.content).toBe('The question has no words to search for. Ask it in words, e.g. "What did Rubio announce?"');
    // The public "thinking…" placeholder is removed, so nothing is left in the channel.
    expect(fake.requestsForInteraction(interaction).some((r) => r.method === 'DELETE' && r.route.endsWith('/messages/@original'))).toBe(true);
    const line = JSON.parse([...underTest.logs].reverse().find((entry) => entry.includes('"user_error"'))!);
    expect(line).toMatchObject({ level: 'info', code: 'question', command: 'ask' });
    expect(JSON.stringify(line)).not.toContain('stack');
    expect(underTest.logs.some((entry) => entry.includes('"interaction_failed"'))).toBe(false);
  });

  it('answers an emoji-only mention with the same one-line reason, and no stack in the log', async () => {
    const channelId = fake.otherChannelIds[3]!;
    const message = fake.sendMessage('🤔🤔🤔', { channelId });
    const reply = await fake.waitForRequest((r) => r.route === `/channels/${channelId}/messages` && r.body?.message_reference?.message_id === message.id);
    expect(reply.body.content).toBe('The question has no words to search for. Ask it in words, e.g. "What did Rubio announce?"');
    expect(reply.body.embeds ?? []).toEqual([]);
    expect(underTest.logs.some((entry) => entry.includes('"message_failed"'))).toBe(false);
    expect(underTest.logs.filter((entry) => entry.includes('"user_error"')).every((entry) => !entry.includes('stack'))).toBe(true);
  });

  it('shows an internal error as a short ephemeral message and one structured log line without the token', async () => {
    const original = service.ask;
    service.ask = async () => {
      throw new Error(`index exploded while using Bot ${FAKE_TOKEN}`);
    };
    try {
      const interaction = fake.sendCommand('ask', [{ name: 'question', type: STRING, value: 'Anything?' }]);
      const followUp = await fake.waitForRequest((r) => r.method === 'POST' && r.route === `/webhooks/${fake.applicationId}/${interaction.token}`);
      expect(followUp.body.flags & 64).toBe(64);
      expect(followUp.body.content).toMatch(/^Sorry, something went wrong/);
      expect(JSON.stringify(fake.requests.map((r) => r.body))).not.toContain(FAKE_TOKEN);
      const line = underTest.logs.find((entry) => entry.includes('"interaction_failed"'))!;
      expect(() => JSON.parse(line)).not.toThrow();
      expect(line).not.toContain(FAKE_TOKEN);
      expect(line).toContain('[redacted]');
    } finally {
      service.ask = original;
    }
  });
});

describe('the per-user cooldown', () => {
  let fake: FakeDiscord;
  let underTest: BotUnderTest;

  beforeAll(async () => {
    fake = await startFakeDiscord();
    underTest = await startBotUnderTest(fake, createCorpusServiceDouble(CORPUS_DIR), { cooldownSeconds: 60 });
  });

  afterAll(async () => {
    await underTest?.bot.stop();
    await fake?.close();
  });

  it('asks a user who asks again within COOLDOWN_SECONDS to wait, privately', async () => {
    const first = fake.sendCommand('ask', [{ name: 'question', type: STRING, value: 'Who is Diosdado Cabello?' }]);
    await fake.waitForRequest((r) => r.method === 'PATCH' && r.route.includes(first.token));
    const second = fake.sendCommand('ask', [{ name: 'question', type: STRING, value: 'Who is Hugo Carvajal?' }]);
    const callback = await fake.waitForRequest((r) => r.route === `/interactions/${second.id}/${second.token}/callback`);
    expect(callback.body.type).toBe(4);
    expect(callback.body.data.flags & 64).toBe(64);
    expect(callback.body.data.content).toMatch(/^Please wait \d+ s/);
  });
});
