/**
 * The fake Discord refuses what Discord refuses: checked directly over HTTP, so that the bot's
 * end-to-end tests can trust a 2xx from it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandBodies } from '../../src/bot/commands/index.js';
import { registerCommands } from '../../src/bot/deploy.js';
import { startFakeDiscord, type FakeDiscord } from './fake-discord.js';
import { FAKE_TOKEN } from './harness.js';

describe('the strict fake Discord', () => {
  let fake: FakeDiscord;
  beforeAll(async () => {
    fake = await startFakeDiscord();
  });
  afterAll(async () => {
    await fake?.close();
  });

  /** An interaction the fake knows, without a bot: only its REST side is exercised here. */
  const newInteraction = () => fake.sendCommand('ask', [{ name: 'question', type: 3, value: 'x' }]);
  const post = async (route: string, body: unknown, method = 'POST') => {
    const response = await fetch(`${fake.apiUrl}/v10${route}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, json: text ? JSON.parse(text) : null };
  };
  const callback = (interaction: { id: string; token: string }, body: unknown) => post(`/interactions/${interaction.id}/${interaction.token}/callback`, body);

  it('accepts one initial response and refuses a second (400, 40060)', async () => {
    const interaction = newInteraction();
    expect((await callback(interaction, { type: 5 })).status).toBe(204);
    expect(await callback(interaction, { type: 4, data: { content: 'again' } })).toMatchObject({ status: 400, json: { code: 40060 } });
  });

  it('refuses an initial response after 3 seconds (404, 10062)', async () => {
    const interaction = newInteraction();
    fake.advanceClock(3100);
    expect(await callback(interaction, { type: 5 })).toMatchObject({ status: 404, json: { code: 10062 } });
  });

  it('refuses the interaction token after 15 minutes (401, 50027)', async () => {
    const interaction = newInteraction();
    await callback(interaction, { type: 5 });
    const edit = (body: unknown) => post(`/webhooks/${fake.applicationId}/${interaction.token}/messages/@original`, body, 'PATCH');
    expect((await edit({ content: 'in time' })).status).toBe(200);
    fake.advanceClock(15 * 60 * 1000 + 1000);
    expect(await edit({ content: 'too late' })).toMatchObject({ status: 401, json: { code: 50027 } });
  });

  it('refuses bodies over any message limit (400, 50035) and empty messages (400, 50006)', async () => {
    const bodies: [unknown, string][] = [
      [{ content: 'x'.repeat(2001) }, 'content'],
      [{ embeds: Array.from({ length: 11 }, () => ({ title: 't' })) }, 'embeds'],
      [{ embeds: [{ title: 't'.repeat(257) }] }, 'embeds.0.title'],
      [{ embeds: [{ description: 'd'.repeat(4097) }] }, 'embeds.0.description'],
      [{ embeds: [{ fields: Array.from({ length: 26 }, () => ({ name: 'n', value: 'v' })) }] }, 'embeds.0.fields'],
      [{ embeds: [{ fields: [{ name: 'n'.repeat(257), value: 'v' }] }] }, 'embeds.0.fields.0.name'],
      [{ embeds: [{ fields: [{ name: 'n', value: 'v'.repeat(1025) }] }] }, 'embeds.0.fields.0.value'],
      [{ embeds: [{ footer: { text: 'f'.repeat(2049) } }] }, 'embeds.0.footer.text'],
      [{ embeds: [{ description: 'd'.repeat(4000) }, { description: 'd'.repeat(2001) }] }, 'embeds'],
      [{ components: Array.from({ length: 6 }, (_, r) => ({ type: 1, components: [{ type: 2, style: 2, label: 'b', custom_id: `b${r}` }] })) }, 'components'],
      [{ components: [{ type: 1, components: Array.from({ length: 6 }, (_, i) => ({ type: 2, style: 2, label: 'b', custom_id: `b${i}` })) }] }, 'components.0.components'],
      [{ components: [{ type: 1, components: [{ type: 2, style: 2, label: 'b', custom_id: 'x'.repeat(101) }] }] }, 'components.0.components.0.custom_id'],
      [{ components: [{ type: 1, components: [{ type: 2, style: 2, label: 'a', custom_id: 'same' }, { type: 2, style: 2, label: 'b', custom_id: 'same' }] }] }, 'components.0.components.1.custom_id'],
    ];
    for (const [body, path] of bodies) {
      const refused = await post(`/channels/${fake.channelId}/messages`, body);
      expect(refused.status, path).toBe(400);
      expect(refused.json.code, path).toBe(50035);
      expect(refused.json.message, path).toContain(path);
    }
    expect(await post(`/channels/${fake.channelId}/messages`, { content: '' })).toMatchObject({ status: 400, json: { code: 50006 } });
  });

  it('refuses autocomplete responses over 25 choices or with names over 100 characters', async () => {
    const choices = (n: number, name = 'a') => Array.from({ length: n }, (_, i) => ({ name: `${name}${i}`, value: `v${i}` }));
    const tooMany = fake.sendAutocomplete('actor', 'name', 'a');
    expect((await callback(tooMany, { type: 8, data: { choices: choices(26) } })).json.code).toBe(50035);
    const tooLong = fake.sendAutocomplete('actor', 'name', 'a');
    expect((await callback(tooLong, { type: 8, data: { choices: choices(1, 'n'.repeat(101)) } })).json.code).toBe(50035);
    const fine = fake.sendAutocomplete('actor', 'name', 'a');
    expect((await callback(fine, { type: 8, data: { choices: choices(25) } })).status).toBe(204);
  });

  it('refuses posts in a locked channel (403: 50013 without Send Messages, 50001 without View Channel)', async () => {
    const [sendLocked, viewLocked] = [fake.otherChannelIds[0]!, fake.otherChannelIds[1]!];
    fake.lockChannel(sendLocked, 'send');
    fake.lockChannel(viewLocked, 'view');
    expect(await post(`/channels/${sendLocked}/messages`, { content: 'hi' })).toMatchObject({ status: 403, json: { code: 50013 } });
    expect(await post(`/channels/${viewLocked}/messages`, { content: 'hi' })).toMatchObject({ status: 403, json: { code: 50001 } });
  });

  it('refuses a reply to a deleted message, and accepts it without the reference', async () => {
    const message = fake.sendMessage('Who is Cabello?');
    fake.deleteMessage(message.id);
    const reply = await post(`/channels/${fake.channelId}/messages`, { content: 'answer', message_reference: { message_id: message.id } });
    expect(reply).toMatchObject({ status: 400, json: { code: 50035, errors: { message_reference: { _errors: [{ code: 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE' }] } } } });
    expect((await post(`/channels/${fake.channelId}/messages`, { content: 'answer' })).status).toBe(200);
  });

  it('validates command registrations, and accepts the bodies deploy-commands sends', async () => {
    const put = (body: unknown) => post(`/applications/${fake.applicationId}/commands`, body, 'PUT');
    expect((await put([{ name: 'Bad Name', description: 'x' }])).json.code).toBe(50035);
    expect((await put([{ name: 'ok', description: '' }])).json.code).toBe(50035);
    expect((await put([{ name: 'ok', description: 'x', options: [{ name: 'a', description: 'a', type: 3 }, { name: 'b', description: 'b', type: 3, required: true }] }])).json.code).toBe(50035);
    expect((await put([{ type: 3, name: 'Check', description: 'no descriptions on menus' }])).json.code).toBe(50035);
    const result = await registerCommands({ token: FAKE_TOKEN, applicationId: fake.applicationId, apiUrl: fake.apiUrl, guildId: fake.guildId });
    expect(result).toEqual({ scope: 'guild', count: commandBodies().length });
    // --clear-guild: the same route with no commands removes the server's copies.
    expect(await registerCommands({ token: FAKE_TOKEN, applicationId: fake.applicationId, apiUrl: fake.apiUrl, guildId: fake.guildId }, [])).toEqual({ scope: 'guild', count: 0 });
  });
});
