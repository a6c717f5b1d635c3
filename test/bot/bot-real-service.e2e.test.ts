/**
 * The bot end to end over the REAL service (createVerbatimService) and a temp copy of corpus/:
 * every sentence the bot shows must be a verbatim slice of a corpus file, with the embedded model.
 */
import { cpSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { createEmbedder } from '../../src/embedding/index.js';
import { createVerbatimService } from '../../src/service/index.js';
import { MANAGE_GUILD, startFakeDiscord, type FakeDiscord } from './fake-discord.js';
import { expectAnswerSpansVerbatim, expectEmbedVerbatim, expectNoMentionsAllowed, FAKE_TOKEN, startBotUnderTest, type BotUnderTest } from './harness.js';
import { temporaryFolder } from '../helpers/temp-folders.js';

const ROOT = path.resolve('.');
const STRING = 3;

describe('the bot over the real service and a copy of the corpus', () => {
  let fake: FakeDiscord;
  let underTest: BotUnderTest;
  let workDir: string;
  let corpusDir: string;
  const texts = new Map<string, string>();

  beforeAll(async () => {
    workDir = await temporaryFolder('bot-real');
    corpusDir = path.join(workDir, 'corpus');
    cpSync(path.join(ROOT, 'corpus'), corpusDir, { recursive: true });
    for (const file of readdirSync(corpusDir).filter((name) => /\.(txt|md)$/.test(name))) {
      texts.set(file.replace(/\.(txt|md)$/, ''), readFileSync(path.join(corpusDir, file), 'utf8'));
    }
    // With a viewer address, every quote (the seeds have no URL of their own) links to the viewer.
    const config = loadConfig({ CORPUS_DIR: corpusDir, INDEX_DIR: path.join(workDir, 'index'), MODELS_DIR: path.join(ROOT, 'models'), PUBLIC_BASE_URL: 'https://verbatim.example.org', FEEDBACK_FILE: path.join(workDir, 'data', 'feedback.jsonl') });
    // The real embedded model (built on first use under ./models, reused after).
    const embedder = await createEmbedder({ model: 'embedded', modelsDir: path.join(ROOT, 'models'), allowRemoteModels: false });
    // As the bot's entry point makes it: questions nobody could answer are recorded for /stats.
    const service = createVerbatimService(config, { embedder, log: () => undefined, recordUnanswered: true });
    // Build the index before the bot starts, so the tests measure the bot and not the first build.
    await service.sources();
    fake = await startFakeDiscord();
    underTest = await startBotUnderTest(fake, service);
  });

  afterAll(async () => {
    await underTest?.bot.stop();
    await fake?.close();
  });

  const questions = [
    'Who heads the Cartel de los Soles?',
    'What did the Treasury Department do?',
    'Who was extradited and pleaded guilty?',
    '@everyone what did Maduro say about the US military deployment?',
  ];

  it('answers /ask with sentences that are verbatim slices of the corpus files, in every captured body', async () => {
    for (const question of questions) {
      const interaction = fake.sendCommand('ask', [{ name: 'question', type: STRING, value: question }]);
      const edit = await fake.waitForRequest((r) => r.method === 'PATCH' && r.route.includes(interaction.token), 60_000);
      const callback = fake.requestsForInteraction(interaction).find((r) => r.route.endsWith('/callback'))!;
      expect(callback.body.type).toBe(5);
      const answer = underTest.answers.at(-1)!;
      expectAnswerSpansVerbatim(answer, texts);
      const links: string[] = [];
      const shown = expectEmbedVerbatim(edit.body.embeds[0], texts, answer.citations, links);
      if (answer.sentences.length > 0) expect(shown).toBeGreaterThan(0);
      // Each [n] shown links to its own quote in the viewer.
      expect(links.length).toBeGreaterThanOrEqual(shown);
      const quoteLinks = [...answer.sentences, ...(answer.alsoRelevant ?? [])].flatMap((sentence) => [sentence, ...(sentence.copies ?? [])]).map((quoted) => quoted.link);
      for (const link of links) expect(quoteLinks).toContain(link);
      expect(edit.body.allowed_mentions.parse).toEqual([]);
    }
    expectNoMentionsAllowed(fake);
    expect(underTest.logs.join('\n')).not.toContain(FAKE_TOKEN);
  });

  it('answers a mention and its follow-up with verbatim sentences', async () => {
    const channelId = fake.otherChannelIds[2]!;
    const first = fake.sendMessage('Who is Diosdado Cabello?', { channelId });
    await fake.waitForRequest((r) => r.route === `/channels/${channelId}/messages` && r.body?.message_reference?.message_id === first.id, 60_000);
    const second = fake.sendMessage('What about Padrino?', { channelId });
    const reply = await fake.waitForRequest((r) => r.route === `/channels/${channelId}/messages` && r.body?.message_reference?.message_id === second.id, 60_000);
    expect(reply.body.content.split('\n')[0]).toBe('Taken as: “Who is Padrino?”');
    expectEmbedVerbatim(reply.body.embeds[0], texts, underTest.answers.at(-1)!.citations);
    expectAnswerSpansVerbatim(underTest.answers.at(-1)!, texts);
  });

  it('answers /actor autocomplete from the real registry with at most 25 choices', async () => {
    const interaction = fake.sendAutocomplete('actor', 'name', '');
    const callback = await fake.waitForRequest((r) => r.route === `/interactions/${interaction.id}/${interaction.token}/callback`);
    expect(callback.body.type).toBe(8);
    expect(callback.body.data.choices.length).toBeGreaterThan(0);
    expect(callback.body.data.choices.length).toBeLessThanOrEqual(25);
  });

  it('refuses an off-topic /ask in under 300 characters in the channel, and /stats lists it for a moderator (text and time, never who)', async () => {
    const question = 'Who won the 2022 FIFA World Cup?';
    const interaction = fake.sendCommand('ask', [{ name: 'question', type: STRING, value: question }]);
    const edit = await fake.waitForRequest((r) => r.method === 'PATCH' && r.route.includes(interaction.token), 60_000);
    expect(underTest.answers.at(-1)!.abstained).toBe(true);
    expect(edit.body.embeds).toEqual([]);
    expect(edit.body.content.length).toBeLessThan(300);
    const recorded = readFileSync(path.join(workDir, 'data', 'unanswered.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(recorded.at(-1)).toEqual({ time: expect.any(String), question });
    const stats = fake.sendCommand('stats', [], { permissions: MANAGE_GUILD });
    const reply = await fake.waitForRequest((r) => r.method === 'PATCH' && r.route.includes(stats.token), 60_000);
    const field = reply.body.embeds[0].fields.find((f: any) => f.name === 'Questions nobody could answer');
    expect(field.value).toContain(`• ${question} — 1×`);
    expect(JSON.stringify(reply.body)).not.toContain(fake.defaultUser.id);
  });
});
