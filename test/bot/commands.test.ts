import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { ApplicationCommandType, ContextMenuCommandBuilder, SlashCommandBuilder, type RESTPostAPIChatInputApplicationCommandsJSONBody } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { commandBodies, commandModules, CommandModuleError, loadCommands } from '../../src/bot/commands/index.js';
import { createLogger } from '../../src/bot/logger.js';
import { redactSecrets } from '../../src/text/index.js';
import { moderatorRefusal } from '../../src/bot/permissions.js';
import { temporaryFolderSync } from '../helpers/temp-folders.js';

const ROOT = path.resolve('.');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

describe('loadCommands', () => {
  it('loads one module per command, named after its file', () => {
    expect([...loadCommands().keys()].sort()).toEqual(['Add article to Verbatim', 'Check with Verbatim', 'actor', 'actors', 'add', 'ask', 'help', 'reindex', 'remove', 'sources', 'stats']);
  });

  it('fails loudly, naming the file, when a command module is malformed', () => {
    expect(() => loadCommands({ ...commandModules, broken: { data: { name: 'broken' } } })).toThrow(CommandModuleError);
    expect(() => loadCommands({ broken: { execute: async () => undefined } })).toThrow(/src\/bot\/commands\/broken\.ts/);
    const misnamed = { data: new SlashCommandBuilder().setName('other').setDescription('x'), execute: async () => undefined };
    expect(() => loadCommands({ misnamed })).toThrow(/file name must match/);
    const needsAutocomplete = {
      data: new SlashCommandBuilder().setName('needs').setDescription('x').addStringOption((o) => o.setName('q').setDescription('q').setAutocomplete(true)),
      execute: async () => undefined,
    };
    expect(() => loadCommands({ needs: needsAutocomplete })).toThrow(/autocomplete/);
  });

  it('describes /ask, /actor and /reindex as the issue asks', () => {
    const bodies = Object.fromEntries(commandBodies().map((body) => [body.name, body as RESTPostAPIChatInputApplicationCommandsJSONBody]));
    expect(bodies.ask!.options![0]).toMatchObject({ name: 'question', required: true, max_length: 500 });
    expect(bodies.actor!.options![0]).toMatchObject({ name: 'name', autocomplete: true });
    expect(bodies.reindex!.default_member_permissions).toBe(String(1 << 5));
    expect(bodies.reindex!.options![0]).toMatchObject({ name: 'force', type: 5 });
    expect(bodies.stats!.default_member_permissions).toBe(String(1 << 5));
  });

  it('describes /add, /remove and the message context menu as moderator commands', () => {
    const bodies = Object.fromEntries(commandBodies().map((body) => [body.name, body as RESTPostAPIChatInputApplicationCommandsJSONBody]));
    expect(bodies.add!.options).toMatchObject([
      { name: 'url', type: 3, required: false },
      { name: 'file', type: 11, required: false },
    ]);
    expect(bodies.remove!.options![0]).toMatchObject({ name: 'source', required: true, autocomplete: true });
    expect(bodies['Add article to Verbatim']).toMatchObject({ type: 3 });
    expect(bodies['Add article to Verbatim']!.description ?? '').toBe('');
    for (const name of ['add', 'remove', 'Add article to Verbatim']) {
      expect(bodies[name]!.default_member_permissions).toBe(String(1 << 5));
      expect(bodies[name]!.contexts).toEqual([0]);
    }
  });

  it('refuses a context-menu module whose file name does not follow its name', () => {
    const menu = { data: new ContextMenuCommandBuilder().setName('Add article to Verbatim').setType(ApplicationCommandType.Message), execute: async () => undefined };
    expect(() => loadCommands({ 'add-article-to-verbatim': menu })).not.toThrow();
    expect(() => loadCommands({ addArticle: menu })).toThrow(/file name must match/);
  });
});

describe('npm run deploy-commands -- --dry-run --json', () => {
  it('prints the JSON array of command bodies without a token', () => {
    const run = spawnSync(TSX, ['scripts/deploy-commands.ts', '--dry-run', '--json'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(0);
    const bodies = JSON.parse(run.stdout) as { name: string }[];
    expect(bodies.map((body) => body.name)).toEqual(
      expect.arrayContaining(['ask', 'actor', 'actors', 'sources', 'reindex', 'help', 'stats', 'add', 'remove', 'Add article to Verbatim']),
    );
  });
});

describe('npm start without DISCORD_TOKEN', () => {
  it('prints one line saying what to set and exits 1, without a stack trace', () => {
    const cwd = temporaryFolderSync('start');
    const run = spawnSync(TSX, [path.join(ROOT, 'src/bot/main.ts')], {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/DISCORD_TOKEN is not set/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stderr).not.toMatch(/[A-Za-z0-9_-]{20,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{20,}/);
    expect(run.stdout).toBe('');
  });
});

describe('the logger', () => {
  const token = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GabcDE.fakefakefakefakefakefakefakefakefake12';

  it('writes one JSON line per event and redacts the token wherever it appears', () => {
    const lines: string[] = [];
    const logger = createLogger({ level: 'info', secrets: [token], write: (line) => lines.push(line) });
    logger.error('failed', { error: new Error(`bad token ${token}`), url: `/api/v10/webhooks/1/${'x'.repeat(40)}/messages/@original` });
    logger.debug('hidden');
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain(token);
    expect(lines[0]).not.toContain('x'.repeat(40));
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'error', event: 'failed' });
  });

  it('redacts anything shaped like a bot token, even when not told the secret', () => {
    expect(redactSecrets(`Authorization: Bot ${token}`)).not.toContain(token);
  });
});

describe('moderatorRefusal', () => {
  const policy = { moderatorRoleIds: ['111111'], allowedGuildIds: [] as string[] };
  it('allows Manage Server or a moderator role, and refuses others', () => {
    expect(moderatorRefusal({ guildId: '1', hasManageGuild: true, roleIds: [] }, policy)).toBeNull();
    expect(moderatorRefusal({ guildId: '1', hasManageGuild: false, roleIds: ['111111'] }, policy)).toBeNull();
    expect(moderatorRefusal({ guildId: '1', hasManageGuild: false, roleIds: ['222222'] }, policy)).toMatch(/Manage Server/);
    expect(moderatorRefusal({ guildId: null, hasManageGuild: true, roleIds: [] }, policy)).toMatch(/server/);
  });

  it('refuses even an administrator in a guild outside ALLOWED_GUILD_IDS', () => {
    expect(moderatorRefusal({ guildId: '2', hasManageGuild: true, roleIds: [] }, { ...policy, allowedGuildIds: ['1'] })).toMatch(/not enabled/);
  });
});

describe('the invite link', () => {
  it('asks, in docs/discord.md, for exactly the permissions src/bot/invite.ts lists', async () => {
    const { readFileSync } = await import('node:fs');
    const { invitePermissions } = await import('../../src/bot/invite.js');
    const docs = readFileSync('docs/discord.md', 'utf8');
    const linked = [...docs.matchAll(/permissions=(\d+)/g)].map((match) => match[1]);
    expect(linked.length).toBeGreaterThan(0);
    for (const value of linked) expect(value).toBe(invitePermissions().toString());
    expect(docs).toContain(`**${invitePermissions().toString()}**`);
  });
});
