/**
 * The bot against the strict fake Discord: every command and button path, the refusals a real
 * server produces (slow buttons, expired tokens, locked channels, deleted messages), gateway
 * reconnects, and conversations (per-person follow-ups, replies, role mentions, threads).
 * Any refusal a test does not expect fails it: a 2xx from the fake means Discord would accept.
 */
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BuildRefusedError } from '../../src/index/index.js';
import { CHANNEL_REFUSED_MESSAGE } from '../../src/bot/failures.js';
import { ACTOR_FIRST_PAGE_CHARACTERS } from '../../src/bot/render/actor.js';
import { embedCharacters } from '../../src/bot/render/limits.js';
import { createCorpusServiceDouble, type CorpusServiceDouble } from './corpus-service-double.js';
import { startFakeDiscord, type CapturedRequest, type FakeDiscord } from './fake-discord.js';
import { expectEmbedVerbatim, expectNoMentionsAllowed, FAKE_TOKEN, startBotUnderTest, type BotUnderTest } from './harness.js';
import { temporaryFolder } from '../helpers/temp-folders.js';

const CORPUS_DIR = path.resolve('corpus');
const STRING = 3;
const BOOLEAN = 5;

let fake: FakeDiscord;
let service: CorpusServiceDouble;
let underTest: BotUnderTest;
let memoryFile: string;
/** Refusals a test provoked on purpose; any other refusal fails the test. */
let expectedRefusals = 0;

const original = (token: string) => (r: CapturedRequest) => r.method === 'PATCH' && r.route.endsWith(`/${token}/messages/@original`);
const callbackOf = (interaction: { id: string; token: string }) => (r: CapturedRequest) => r.route === `/interactions/${interaction.id}/${interaction.token}/callback`;
const followUpOf = (token: string) => (r: CapturedRequest) => r.method === 'POST' && r.route === `/webhooks/${fake.applicationId}/${token}`;
const postedIn = (channelId: string) => (r: CapturedRequest) => r.method === 'POST' && r.route === `/channels/${channelId}/messages`;
const buttonId = (body: any, label: string) => body.components.flatMap((row: any) => row.components).find((c: any) => c.label === label)?.custom_id as string;
const settle = () => new Promise((resolve) => setTimeout(resolve, 250));

async function ask(question: string, extra: Record<string, unknown> = {}) {
  const interaction = fake.sendCommand('ask', [{ name: 'question', type: STRING, value: question }], extra);
  const edit = await fake.waitForRequest(original(interaction.token));
  return { interaction, edit };
}

beforeAll(async () => {
  fake = await startFakeDiscord();
  service = createCorpusServiceDouble(CORPUS_DIR);
  memoryFile = path.join(await temporaryFolder('memory'), 'answer-memory.jsonl');
  underTest = await startBotUnderTest(fake, service, { moderatorRoleIds: [fake.moderatorRoleId] }, { answerMemoryFile: memoryFile });
});

afterAll(async () => {
  await underTest?.bot.stop();
  await fake?.close();
});

afterEach(() => {
  expect(fake.unknownRoutes).toEqual([]);
  expect(fake.refusals().map((r) => `${r.method} ${r.route} ${r.status} ${r.code}`)).toHaveLength(expectedRefusals);
  expectNoMentionsAllowed(fake);
  expect(underTest.logs.join('\n')).not.toContain(FAKE_TOKEN);
});

describe('commands and buttons through the strict fake', () => {
  it('answers /help privately and /actors deferred, both within the limits', async () => {
    const help = fake.sendCommand('help');
    const helpReply = await fake.waitForRequest(callbackOf(help));
    expect(helpReply.body).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(helpReply.body.data.embeds[0].description).toContain('Check with Verbatim');
    // Moderator commands are listed to moderators only.
    expect(helpReply.body.data.embeds[0].description).not.toContain('/reindex');
    const moderatorHelp = fake.sendCommand('help', [], { roles: [fake.moderatorRoleId] });
    expect((await fake.waitForRequest(callbackOf(moderatorHelp))).body.data.embeds[0].description).toContain('**/reindex**');
    const actors = fake.sendCommand('actors');
    const listing = await fake.waitForRequest(original(actors.token));
    expect(fake.requestsForInteraction(actors)[0]!.body.type).toBe(5);
    expect(listing.body.embeds[0].title).toBe('Actors, most mentioned first');
  });

  it('pages /actors in place, acknowledging the click before a slow service (deferUpdate)', async () => {
    const actors = fake.sendCommand('actors');
    const listing = await fake.waitForRequest(original(actors.token));
    let release!: () => void;
    service.gate = new Promise((resolve) => (release = resolve));
    const gated = service.whenGated();
    const click = fake.sendButton(buttonId(listing.body, 'Next ▶'), listing.body);
    await gated;
    // The service takes longer than Discord's 3 s: only an early acknowledgement survives it.
    fake.advanceClock(3500);
    service.gate = null;
    release();
    const updated = await fake.waitForRequest(original(click.token));
    expect(fake.requestsForInteraction(click)[0]!.body.type).toBe(6);
    expect(updated.body.embeds[0].footer.text).toMatch(/^Page 2 of/);
  });

  it('refuses an off-topic /ask in two short lines in the channel, with the related reading one private click away, and lists it in /stats', async () => {
    const question = 'Who won the 2022 FIFA World Cup?';
    const { interaction, edit } = await ask(question);
    expect(underTest.answers.at(-1)!.abstained).toBe(true);
    expect(fake.requestsForInteraction(interaction)[0]!.body.type).toBe(5);
    expect(edit.body.embeds).toEqual([]);
    expect(edit.body.content).toBe('The articles here don’t cover that.\n-# `/sources` lists what they cover.');
    expect(edit.body.content.length).toBeLessThan(300);
    expect(JSON.stringify(edit.body)).not.toMatch(/g-test|characters \d/);
    const reading = fake.sendButton(buttonId(edit.body, 'Related reading'), edit.body);
    const shown = await fake.waitForRequest(callbackOf(reading));
    expect(shown.body).toMatchObject({ type: 4, data: { flags: 64 } });
    expect(shown.body.data.embeds[0].title).toBe('Related reading (not an answer)');
    expect(expectEmbedVerbatim(shown.body.data.embeds[0], service.texts, underTest.answers.at(-1)!.citations)).toBeGreaterThan(0);

    await ask('who won the 2022 FIFA World Cup');
    const stats = fake.sendCommand('stats', [], { roles: [fake.moderatorRoleId] });
    const statsReply = await fake.waitForRequest(original(stats.token));
    expect(fake.requestsForInteraction(stats)[0]!.body).toMatchObject({ type: 5, data: { flags: 64 } });
    const unanswered = statsReply.body.embeds[0].fields.find((field: any) => field.name === 'Questions nobody could answer');
    expect(unanswered.value).toMatch(/^• who won the 2022 FIFA World Cup — 2× · last \d{4}-\d{2}-\d{2}/);
    expect(JSON.stringify(statsReply.body)).not.toContain(fake.defaultUser.id);
  });

  it('answers /ask private:true ephemerally, and /ask in a DM', async () => {
    const privately = fake.sendCommand('ask', [{ name: 'question', type: STRING, value: 'Who is Diosdado Cabello?' }, { name: 'private', type: BOOLEAN, value: true }]);
    await fake.waitForRequest(original(privately.token));
    expect(fake.requestsForInteraction(privately)[0]!.body).toMatchObject({ type: 5, data: { flags: 64 } });
    const { edit } = await ask('What did the Treasury Department sanction?', { guildId: null, channelId: '887766554433221101' });
    expect(expectEmbedVerbatim(edit.body.embeds[0], service.texts, underTest.answers.at(-1)!.citations)).toBeGreaterThan(0);
  });

  it('counts a vote once, and says so on a second click; a forgotten answer says so too', async () => {
    const { edit } = await ask('How many individuals did the Treasury sanction?');
    const up = edit.body.components[0].components[1].custom_id as string;
    const first = fake.sendButton(up, edit.body);
    expect((await fake.waitForRequest(original(first.token))).body.content).toMatch(/^Thanks for the 👍/);
    const second = fake.sendButton(up, edit.body);
    expect((await fake.waitForRequest(callbackOf(second))).body.data.content).toMatch(/already voted/);
    const forgotten = fake.sendButton('verbatim:quotes:000000000000', edit.body);
    expect((await fake.waitForRequest(callbackOf(forgotten))).body.data).toMatchObject({ flags: 64, content: expect.stringMatching(/no longer in my memory/) });
  });

  it('keeps the buttons of answers sent before a restart working (the memory is on disk)', async () => {
    const { edit } = await ask('Who heads the Cartel de los Soles?');
    const quotes = buttonId(edit.body, 'Show quotes');
    await underTest.bot.stop();
    underTest = await startBotUnderTest(fake, service, { moderatorRoleIds: [fake.moderatorRoleId] }, { answerMemoryFile: memoryFile });
    const click = fake.sendButton(quotes, edit.body);
    const reply = await fake.waitForRequest(callbackOf(click));
    expect(reply.body.data.flags & 64).toBe(64);
    expect(reply.body.data.embeds.length).toBeGreaterThan(0);
    expect(reply.body.data.embeds[0].footer.text).toMatch(/characters \d+–\d+ · .*index g-test-/);
  });

  it('shows a compact /actor: a short first page, More, What they said, and related actors that open their dossier', async () => {
    const interaction = fake.sendCommand('actor', [{ name: 'name', type: STRING, value: 'Nicolás Maduro' }]);
    const edit = await fake.waitForRequest(original(interaction.token));
    const embed = edit.body.embeds[0];
    expect(embedCharacters(embed)).toBeLessThanOrEqual(ACTOR_FIRST_PAGE_CHARACTERS);
    expect(expectEmbedVerbatim(embed, service.texts, (await service.actor('Nicolás Maduro')).citations)).toBeGreaterThan(0);
    const lines = String(embed.description).split('\n').filter((line) => line.startsWith('> '));
    expect(new Set(lines).size).toBe(lines.length);
    const more = fake.sendButton(buttonId(edit.body, 'More'), edit.body);
    const morePage = await fake.waitForRequest(original(more.token));
    expect(fake.requestsForInteraction(more)[0]!.body).toMatchObject({ type: 5, data: { flags: 64 } });
    expect(morePage.body.embeds[0].title).toContain('more');
    const menu = edit.body.components.flatMap((row: any) => row.components).find((c: any) => c.type === 3);
    const related = menu.options[0].value as string;
    const pick = fake.sendSelect(menu.custom_id, [related], edit.body);
    const dossier = await fake.waitForRequest(original(pick.token));
    expect(dossier.body.embeds[0].title).toContain(related);
  });

  it('answers an unknown actor with close names, privately: the deferred public reply is removed', async () => {
    const interaction = fake.sendCommand('actor', [{ name: 'name', type: STRING, value: 'Zzyzx Quux' }]);
    const followUp = await fake.waitForRequest(followUpOf(interaction.token));
    expect(followUp.body.flags).toBe(64);
    expect(followUp.body.embeds[0].title).toBe('No actor matches “Zzyzx Quux”');
    expect(fake.requestsForInteraction(interaction).some((r) => r.method === 'DELETE' && r.route.endsWith('/messages/@original'))).toBe(true);
    expect(fake.requestsForInteraction(interaction).some((r) => r.method === 'PATCH')).toBe(false);
  });

  it('reports a refused /reindex with advice, and refuses a second one while the first runs', async () => {
    service.reindexFailure = new BuildRefusedError('The new index would serve 0 documents instead of 5.');
    const refused = fake.sendCommand('reindex', [], { roles: [fake.moderatorRoleId] });
    const report = await fake.waitForRequest((r) => original(refused.token)(r) && String(r.body?.content).startsWith('Reindex not done'));
    expect(report.body.content).toContain('Use the `force` option');
    let release!: () => void;
    service.gate = new Promise((resolve) => (release = resolve));
    const gated = service.whenGated();
    const first = fake.sendCommand('reindex', [], { roles: [fake.moderatorRoleId] });
    await gated;
    const second = fake.sendCommand('reindex', [], { roles: [fake.moderatorRoleId] });
    expect((await fake.waitForRequest(callbackOf(second))).body.data.content).toMatch(/already running/);
    service.gate = null;
    release();
    await fake.waitForRequest((r) => original(first.token)(r) && r.body?.content === 'Reindex finished.');
    const dm = fake.sendCommand('reindex', [], { guildId: null, channelId: '887766554433221102' });
    expect((await fake.waitForRequest(callbackOf(dm))).body.data.content).toMatch(/only works in a server/);
  });

  it('checks a message with "Check with Verbatim", privately, and shares it as a reply to the claim', async () => {
    const claim = fake.sendMessage('The Treasury Department sanctioned the Cartel de los Soles', { mentionBot: false });
    const check = fake.sendMessageCommand('Check with Verbatim', { ...claim, content: 'The Treasury Department sanctioned the Cartel de los Soles' });
    const shown = await fake.waitForRequest(original(check.token));
    expect(fake.requestsForInteraction(check)[0]!.body).toMatchObject({ type: 5, data: { flags: 64 } });
    expect(shown.body.embeds[0].title).toBe('What the articles say about this claim');
    expect(expectEmbedVerbatim(shown.body.embeds[0], service.texts, underTest.answers.at(-1)?.citations ?? [])).toBeGreaterThanOrEqual(0);
    const share = fake.sendButton(buttonId(shown.body, 'Share in the channel'), { ...shown.body, flags: 64 });
    const posted = await fake.waitForRequest(postedIn(fake.channelId));
    expect(posted.body.message_reference.message_id).toBe(claim.id);
    expect(posted.body.embeds[0].title).toBe('What the articles say about this claim');
    expect(buttonId(posted.body, 'Share in the channel')).toBeUndefined();
    expect(fake.requestsForInteraction(share)[0]!.body.type).toBe(6);

    const nothing = fake.sendMessage('Penguins elected a new mayor of Atlantis', { mentionBot: false });
    const noAnswer = fake.sendMessageCommand('Check with Verbatim', { ...nothing, content: 'Penguins elected a new mayor of Atlantis' });
    expect((await fake.waitForRequest(original(noAnswer.token))).body.embeds[0].title).toBe('The corpus does not say');
  });
});

describe('what a real server refuses', () => {
  it('logs one line and stays silent when a channel refuses the bot', async () => {
    const locked = fake.otherChannelIds[0]!;
    fake.lockChannel(locked, 'send');
    const before = underTest.logs.length;
    fake.sendMessage('Who is Diosdado Cabello?', { channelId: locked });
    await fake.waitForRequest(() => false, 600).catch(() => undefined);
    expectedRefusals += fake.refusals().filter((r) => r.route.includes(locked)).length;
    expect(fake.refusals().some((r) => r.route === `/channels/${locked}/messages` && r.code === 50013)).toBe(true);
    const lines = underTest.logs.slice(before).filter((line) => /"level":"(warn|error)"/.test(line));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('"channel_refused"');
  });

  it('explains privately when sharing into a channel that refuses the bot', async () => {
    const locked = fake.otherChannelIds[1]!;
    fake.lockChannel(locked, 'view');
    const claim = fake.sendMessage('Maduro was indicted', { mentionBot: false, channelId: locked });
    const check = fake.sendMessageCommand('Check with Verbatim', { ...claim, content: 'Maduro was indicted' }, { channelId: locked });
    const shown = await fake.waitForRequest(original(check.token));
    const share = fake.sendButton(buttonId(shown.body, 'Share in the channel'), { ...shown.body, flags: 64, channel_id: locked }, { channelId: locked });
    const explanation = await fake.waitForRequest(followUpOf(share.token));
    expectedRefusals += 1;
    expect(explanation.body).toMatchObject({ flags: 64, content: CHANNEL_REFUSED_MESSAGE });
  });

  it('posts the answer without the reference when the question was deleted meanwhile', async () => {
    const channelId = fake.otherChannelIds[2]!;
    let release!: () => void;
    service.gate = new Promise((resolve) => (release = resolve));
    const gated = service.whenGated();
    const message = fake.sendMessage('Who is Diosdado Cabello?', { channelId });
    await gated;
    fake.deleteMessage(message.id);
    service.gate = null;
    release();
    const posted = await fake.waitForRequest((r) => postedIn(channelId)(r) && !r.body?.message_reference);
    expectedRefusals += 1;
    expect(posted.body.embeds).toHaveLength(1);
  });

  it('logs an expired interaction token once and sends nothing more', async () => {
    let release!: () => void;
    service.gate = new Promise((resolve) => (release = resolve));
    const gated = service.whenGated();
    const interaction = fake.sendCommand('ask', [{ name: 'question', type: STRING, value: 'Who is Diosdado Cabello?' }]);
    await gated;
    fake.advanceClock(16 * 60 * 1000);
    service.gate = null;
    release();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const refused = fake.requestsForInteraction(interaction, { refusedToo: true }).filter((r) => r.status >= 400);
    expectedRefusals += refused.length;
    expect(refused.map((r) => r.code)).toEqual([50027]);
    expect(underTest.logs.filter((line) => line.includes('"interaction_expired"'))).toHaveLength(1);
  });
});

describe('the gateway', () => {
  it('heartbeats, resumes after RECONNECT, identifies again after a lost session, and keeps answering', async () => {
    await settle();
    expect(fake.gateway.heartbeats).toBeGreaterThan(0);
    const resumed = fake.gateway.whenResumed();
    fake.gateway.requestReconnect();
    await resumed;
    expect(fake.gateway.resumes.at(-1)).toMatchObject({ session_id: expect.stringMatching(/^fake-session-/) });
    await ask('Who is Diosdado Cabello?');
    const identifies = fake.identifies.length;
    const readyAgain = fake.gateway.whenReadyAgain();
    fake.gateway.invalidateSession(false);
    await readyAgain;
    expect(fake.identifies.length).toBe(identifies + 1);
    await settle();
    await ask('Who heads the Cartel de los Soles?');
  }, 30_000);
});

describe('conversations', () => {
  it("reads a follow-up in the context of the same person's previous question, not the channel's", async () => {
    const channelId = fake.otherChannelIds[3]!;
    const alice = { id: '111111111111111111', username: 'alice' };
    const bob = { id: '222222222222222222', username: 'bob' };
    const first = fake.sendMessage('Who is Diosdado Cabello?', { channelId, user: alice });
    await fake.waitForRequest((r) => postedIn(channelId)(r) && r.body?.message_reference?.message_id === first.id);
    const other = fake.sendMessage('What did the Treasury Department sanction?', { channelId, user: bob });
    await fake.waitForRequest((r) => postedIn(channelId)(r) && r.body?.message_reference?.message_id === other.id);
    const followUp = fake.sendMessage('What about Padrino?', { channelId, user: alice });
    const reply = await fake.waitForRequest((r) => postedIn(channelId)(r) && r.body?.message_reference?.message_id === followUp.id);
    expect(reply.body.content.split('\n')[0]).toBe('Taken as: “Who is Padrino?”');
  });

  it('reads a reply to the bot (with a ping) as a follow-up on that answer, and answers a mention of its role', async () => {
    const channelId = fake.otherChannelIds[4]!;
    const first = fake.sendMessage('Who is Diosdado Cabello?', { channelId });
    const answer = await fake.waitForRequest((r) => postedIn(channelId)(r) && r.body?.message_reference?.message_id === first.id);
    const answerMessage = { ...answer.body, id: fake.lastBotMessageId(channelId), channel_id: channelId };
    const reply = fake.sendMessage('What did he say?', { channelId, mentionBot: false, replyTo: answerMessage, ping: true, user: { id: '333333333333333333', username: 'carol' } });
    const followUp = await fake.waitForRequest((r) => postedIn(channelId)(r) && r.body?.message_reference?.message_id === reply.id);
    expect(followUp.body.content).toBe('Taken as: “What did Diosdado Cabello say?”');
    const role = fake.sendMessage('Who heads the Cartel de los Soles?', { channelId, mentionRoleId: fake.botRoleId });
    const roleAnswer = await fake.waitForRequest((r) => postedIn(channelId)(r) && r.body?.message_reference?.message_id === role.id);
    expect(roleAnswer.body.embeds).toHaveLength(1);
  });

  it('leaves a reply without a ping alone when Discord withholds its text (no Message Content intent)', async () => {
    const channelId = fake.otherChannelIds[4]!;
    const answerMessage = { id: fake.lastBotMessageId(channelId)!, channel_id: channelId };
    const reply = fake.sendMessage('What did he say?', { channelId, mentionBot: false, replyTo: answerMessage });
    expect(reply.content).toBe('');
    await settle();
    expect(fake.requests.some((r) => r.body?.message_reference?.message_id === reply.id)).toBe(false);
  });

  it('answers a mention inside a thread in that thread', async () => {
    const thread = fake.createThread(fake.channelId, 'Venezuela');
    await settle();
    const message = fake.sendMessage('Who is Diosdado Cabello?', { channelId: thread });
    const reply = await fake.waitForRequest((r) => postedIn(thread)(r) && r.body?.message_reference?.message_id === message.id);
    expect(reply.body.embeds).toHaveLength(1);
  });
});

describe('ANSWER_IN_THREADS and replies without a ping', () => {
  let threaded: BotUnderTest;
  beforeAll(async () => {
    await underTest.bot.stop();
    threaded = await startBotUnderTest(fake, service, { answerInThreads: true, messageContentIntent: true });
    underTest = threaded;
  });

  it('asks for the Message Content intent only when configured', () => {
    expect(fake.identifies.at(-1).intents & (1 << 15)).toBe(1 << 15);
  });

  it('answers a channel mention in a new thread named after the question', async () => {
    const channelId = fake.otherChannelIds[5]!;
    const message = fake.sendMessage('Who is Diosdado Cabello?', { channelId });
    const created = await fake.waitForRequest((r) => r.method === 'POST' && r.route === `/channels/${channelId}/messages/${message.id}/threads`);
    expect(created.body.name).toBe('Who is Diosdado Cabello?');
    const thread = [...fake.threads.values()].find((candidate) => candidate.messageId === message.id)!;
    const answer = await fake.waitForRequest(postedIn(thread.id));
    expect(answer.body.embeds).toHaveLength(1);
    // A reply to that answer without a ping is a follow-up on it.
    const answerMessage = { ...answer.body, id: fake.lastBotMessageId(thread.id), channel_id: thread.id };
    const reply = fake.sendMessage('What did he say?', { channelId: thread.id, mentionBot: false, replyTo: answerMessage });
    const followUp = await fake.waitForRequest((r) => postedIn(thread.id)(r) && r.body?.message_reference?.message_id === reply.id);
    expect(followUp.body.content).toBe('Taken as: “What did Diosdado Cabello say?”');
  });
});

describe('forum auto-answers (AUTO_ANSWER_FORUM_IDS)', () => {
  beforeAll(async () => {
    await underTest.bot.stop();
    underTest = await startBotUnderTest(fake, service, { autoAnswerForumIds: [fake.forumChannelId], messageContentIntent: true });
  });

  it('answers a new post in its thread, reads follow-ups in the thread, and refuses an off-topic post in one line', async () => {
    const alice = { id: '333333333333333333', username: 'alice' };
    const bob = { id: '444444444444444444', username: 'bob' };
    const post = fake.createForumPost('Who is Diosdado Cabello?', 'I keep seeing his name in the news.', { user: alice });
    const answer = await fake.waitForRequest((r) => postedIn(post.threadId)(r) && r.body?.message_reference?.message_id === post.threadId);
    expect(service.calls.ask.at(-1)).toBe('Who is Diosdado Cabello?');
    expect(expectEmbedVerbatim(answer.body.embeds[0], service.texts, underTest.answers.at(-1)!.citations)).toBeGreaterThan(0);
    // Nothing was posted in the forum itself (Discord refuses that), nothing in any other channel.
    expect(fake.requests.some((r) => postedIn(fake.forumChannelId)(r))).toBe(false);

    // The poster's follow-up needs no ping; someone else's (with a ping) reads the thread too.
    const followUp = fake.sendMessage('What about Padrino?', { channelId: post.threadId, user: alice, mentionBot: false });
    await fake.waitForRequest((r) => postedIn(post.threadId)(r) && r.body?.message_reference?.message_id === followUp.id);
    expect(service.calls.ask.at(-1)).toBe('Who is Padrino?');
    const other = fake.sendMessage('What did he say?', { channelId: post.threadId, user: bob });
    await fake.waitForRequest((r) => postedIn(post.threadId)(r) && r.body?.message_reference?.message_id === other.id);
    expect(service.calls.ask.at(-1)).toBe('What did Padrino say?');
    // Someone else's message without a ping is their conversation, not a question to the bot.
    const chatter = fake.sendMessage('Thanks, that helps.', { channelId: post.threadId, user: bob, mentionBot: false });
    await settle();
    expect(fake.requests.some((r) => r.body?.message_reference?.message_id === chatter.id)).toBe(false);

    const offTopic = fake.createForumPost('Who won the 2022 FIFA World Cup?', '', { user: bob });
    const refusal = await fake.waitForRequest((r) => postedIn(offTopic.threadId)(r));
    expect(refusal.body.embeds).toEqual([]);
    expect(refusal.body.content).toBe('The articles here don’t cover that.');
    expect(refusal.body.components[0].components.map((c: any) => c.label ?? c.emoji?.name)).toEqual(['Related reading', '👍', '👎']);
  });

  it('leaves posts in other forums and threads alone', async () => {
    const before = fake.requests.length;
    const elsewhere = fake.createForumPost('Who is Diosdado Cabello?', '', { forumId: fake.otherChannelIds[0]! });
    await settle();
    expect(fake.requests.slice(before).some((r) => postedIn(elsewhere.threadId)(r))).toBe(false);
  });
});
