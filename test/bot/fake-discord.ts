/**
 * A strict fake Discord for end-to-end tests: the REST routes the bot calls (node:http) and a
 * gateway (ws, see fake-gateway.ts) for the real discord.js Client. It refuses what Discord
 * refuses, so that tests notice: an interaction answered after 3 s (404, 10062) or answered twice
 * (400, 40060), an interaction token used after 15 minutes (401, 50027), a message over a limit
 * (400, 50035) or empty (400, 50006), a post in a channel set up as locked (403, 50013 or 50001),
 * a reply to a deleted message (400, 50035 on message_reference), an invalid command registration.
 * Time is the fake's clock: `advanceClock()` moves it forward without waiting. Every request is
 * captured with its parsed body and status. Listens on 127.0.0.1 only.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { FakeGateway } from './fake-gateway.js';
import { botMessage, guildPayload, MEMBER_PERMISSIONS, threadPayload, userMessage } from './fake-payloads.js';
import { answerRest, captureRequest, rateLimited, writeAnswer, type CapturedRequest, type ChannelLock, type InteractionState, type RestState } from './fake-rest.js';

export type { ChannelLock } from './fake-rest.js';

export type { CapturedRequest } from './fake-rest.js';

export interface FakeUser {
  id: string;
  username: string;
  bot?: boolean;
}

export interface FakeAttachment {
  id: string;
  filename: string;
  size: number;
  url: string;
  proxy_url: string;
  content_type: string;
}

export interface InteractionOptions {
  user?: FakeUser;
  /** Omit for a DM interaction. */
  guildId?: string | null;
  channelId?: string;
  /** Sent only to the connection of this shard (a sharded bot); all connections when absent. */
  shard?: number;
  /** Member permissions as a decimal bit string (guild interactions). */
  permissions?: string;
  roles?: string[];
}

export interface MessageOptions {
  /** Put `<@bot>` in front of the content and the bot in `mentions`, as Discord clients do (default true). */
  mentionBot?: boolean;
  /** Mention this role instead (`<@&role>`, `mention_roles`). */
  mentionRoleId?: string;
  user?: FakeUser;
  guildId?: string | null;
  channelId?: string;
  /** Make this message a reply to `replyTo` (a message the bot sent); `ping` also mentions its author. */
  replyTo?: { id: string; channel_id: string; [key: string]: unknown };
  ping?: boolean;
}

let sequence = 0n;
/** A valid, increasing Discord snowflake. */
export function snowflake(): string {
  sequence += 1n;
  return ((BigInt(Date.now() - 1_420_070_400_000) << 22n) + sequence).toString();
}

const bit = (n: number) => 1n << BigInt(n);
export const ALL_PERMISSIONS = ((1n << 50n) - 1n).toString();
export const MANAGE_GUILD = bit(5).toString();
export { MEMBER_PERMISSIONS };
/** The Message Content privileged intent. */
const MESSAGE_CONTENT_INTENT = 1 << 15;

export class FakeDiscord {
  readonly botUser: FakeUser = { id: snowflake(), username: 'Verbatim', bot: true };
  readonly applicationId = this.botUser.id;
  readonly guildId = snowflake();
  readonly channelId = snowflake();
  /** More text channels of the guild, for tests that need a channel of their own. */
  readonly otherChannelIds = [snowflake(), snowflake(), snowflake(), snowflake(), snowflake(), snowflake()];
  readonly defaultUser: FakeUser = { id: snowflake(), username: 'reader' };
  /** A role of the guild that tests can configure as a moderator role. */
  readonly moderatorRoleId = snowflake();
  /** The role Discord creates for the bot when it joins (managed, tagged with the bot's id). */
  readonly botRoleId = snowflake();
  readonly requests: CapturedRequest[] = [];
  /** Routes answered 404 because the fake does not know them. */
  readonly unknownRoutes: string[] = [];
  /** A forum channel of the guild (type 15): people post threads there; nobody posts in it directly. */
  readonly forumChannelId = snowflake();
  /** Threads (the bot's, tests', and forum posts), by id. */
  readonly threads = new Map<string, { id: string; parentId: string; name: string; messageId: string | null; ownerId?: string }>();
  readonly gateway: FakeGateway;

  private server: Server;
  private wss: WebSocketServer;
  private clockOffsetMs = 0;
  private rateLimits: { method: string; pattern: RegExp; retryAfterSeconds: number }[] = [];
  private waiters: { predicate: (request: CapturedRequest) => boolean; resolve: (request: CapturedRequest) => void }[] = [];
  private interactions = new Map<string, InteractionState>();
  private locks = new Map<string, ChannelLock>();
  /** Ids of messages that exist (sent by users through the fake, or by the bot), and of deleted ones. */
  private messages = new Set<string>();
  private deleted = new Set<string>();
  private botMessages = new Map<string, Record<string, unknown>>();
  private lastBotMessage = new Map<string, string>();
  private rest: RestState;
  port = 0;

  constructor(options: { heartbeatIntervalMs?: number } = {}) {
    this.server = createServer((request, response) => void this.handleHttp(request, response));
    this.wss = new WebSocketServer({ noServer: true });
    this.server.on('upgrade', (request, socket, head) => {
      this.wss.handleUpgrade(request, socket, head, (ws) => this.wss.emit('connection', ws, request));
    });
    this.gateway = new FakeGateway(this.wss, {
      // Short, so that heartbeats (and their ACKs) really run during a test.
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? 250,
      ready: (sessionId) => ({
        v: 10,
        user: { id: this.botUser.id, username: this.botUser.username, discriminator: '0', global_name: null, avatar: null, bot: true, verified: true, flags: 0, mfa_enabled: false },
        guilds: [{ id: this.guildId, unavailable: true }],
        session_id: sessionId,
        application: { id: this.applicationId, flags: 0 },
        shard: [0, 1],
        private_channels: [],
      }),
      afterReady: () => [{ t: 'GUILD_CREATE', d: this.guildPayload() }],
      resumeUrl: () => `ws://127.0.0.1:${this.port}`,
    });
    const fake = this;
    this.rest = {
      get port() {
        return fake.port;
      },
      applicationId: this.applicationId,
      botUser: this.botUser,
      guildId: this.guildId,
      now: () => this.now(),
      interactions: this.interactions,
      locks: this.locks,
      messages: this.messages,
      deleted: this.deleted,
      botMessages: this.botMessages,
      lastBotMessage: this.lastBotMessage,
      threads: this.threads,
      forums: new Set([this.forumChannelId]),
      threadPayload: (id) => this.threadPayload(id),
      newId: snowflake,
    };
  }

  async start(): Promise<this> {
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** What to pass as the REST `api` option (DISCORD_API_URL). */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  /** Gateway IDENTIFY payloads received. */
  get identifies(): any[] {
    return this.gateway.identifies;
  }

  async close(): Promise<void> {
    this.gateway.closeAll();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The fake's clock: real time plus what tests advanced it by. */
  now(): number {
    return Date.now() + this.clockOffsetMs;
  }

  /** Moves the fake's clock forward (a slow service, an old token) without waiting. */
  advanceClock(ms: number): void {
    this.clockOffsetMs += ms;
  }

  /** The next request to `method` on a route matching `pattern` gets one 429 with Retry-After. */
  rateLimitOnce(method: string, pattern: RegExp, retryAfterSeconds: number): void {
    this.rateLimits.push({ method, pattern, retryAfterSeconds });
  }

  /** Sets up `channelId` with permission overrides that deny the bot (see {@link ChannelLock}). */
  lockChannel(channelId: string, lock: ChannelLock = 'send'): void {
    this.locks.set(channelId, lock);
  }

  /** The author deletes a message: replies to it are refused from now on. */
  deleteMessage(messageId: string): void {
    this.messages.delete(messageId);
    this.deleted.add(messageId);
  }

  /** The id of the last message the bot posted in a channel (to reply to it). */
  lastBotMessageId(channelId: string): string | undefined {
    return this.lastBotMessage.get(channelId);
  }

  /** Resolves when the bot has identified on the gateway and received READY and GUILD_CREATE. */
  whenIdentified(): Promise<void> {
    return this.gateway.whenIdentified();
  }

  /** Resolves with the first captured (successful) request, past or future, that matches. */
  waitForRequest(predicate: (request: CapturedRequest) => boolean, timeoutMs = 10_000): Promise<CapturedRequest> {
    const found = this.requests.find((request) => request.status < 400 && predicate(request));
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter.resolve !== done);
        reject(new Error(`No matching request within ${timeoutMs} ms. Seen: ${this.requests.map((r) => `${r.method} ${r.route} ${r.status}`).join(', ')}`));
      }, timeoutMs);
      const done = (request: CapturedRequest) => {
        clearTimeout(timer);
        resolve(request);
      };
      this.waiters.push({ predicate, resolve: done });
    });
  }

  /** Every request (refused ones too) for one interaction: its callback and its webhook edits/follow-ups. */
  requestsForInteraction(interaction: { id: string; token: string }, options: { refusedToo?: boolean } = {}): CapturedRequest[] {
    return this.requests.filter(
      (request) =>
        (options.refusedToo || request.status < 400) &&
        (request.route.includes(`/interactions/${interaction.id}/`) || request.route.includes(`/webhooks/${this.applicationId}/${interaction.token}`)),
    );
  }

  /** Requests Discord refused (status 400 and up, 429s aside). */
  refusals(): CapturedRequest[] {
    return this.requests.filter((request) => request.status >= 400 && request.status !== 429);
  }

  // -- Dispatching events to the bot -------------------------------------------------------

  /** An event to the bot; with `shard`, only to the connection of that shard (a sharded bot). */
  dispatch(event: string, data: unknown, shard?: number): void {
    this.gateway.dispatch(event, data, shard);
  }

  /** The shards connected and identified now. */
  connectedShards(): number[] {
    return this.gateway.connectedShards();
  }

  private appPermissions(channelId: string): string {
    const lock = this.locks.get(channelId);
    if (!lock) return ALL_PERMISSIONS;
    let permissions = BigInt(ALL_PERMISSIONS) & ~bit(11) & ~bit(38);
    if (lock === 'view') permissions &= ~bit(10);
    return permissions.toString();
  }

  private baseInteraction(type: number, options: InteractionOptions) {
    const user = options.user ?? this.defaultUser;
    const guildId = options.guildId === undefined ? this.guildId : options.guildId;
    const channelId = options.channelId ?? this.channelId;
    const apiUser = { id: user.id, username: user.username, discriminator: '0', global_name: user.username, avatar: null };
    const base: Record<string, unknown> = {
      id: snowflake(),
      application_id: this.applicationId,
      type,
      token: `itoken-${snowflake()}-aaaaaaaaaaaaaaaaaaaa`,
      version: 1,
      channel_id: channelId,
      locale: 'en-US',
      app_permissions: this.appPermissions(channelId),
      entitlements: [],
      authorizing_integration_owners: { '0': this.guildId },
      context: guildId ? 0 : 1,
    };
    if (guildId) {
      base.guild_id = guildId;
      base.guild_locale = 'en-US';
      const thread = this.threads.get(channelId);
      base.channel = thread ? { id: channelId, type: 11, guild_id: guildId, parent_id: thread.parentId, name: thread.name } : { id: channelId, type: 0, guild_id: guildId, name: 'general' };
      base.member = {
        user: apiUser,
        roles: options.roles ?? [],
        permissions: options.permissions ?? MEMBER_PERMISSIONS,
        joined_at: new Date(0).toISOString(),
        deaf: false,
        mute: false,
        flags: 0,
      };
    } else {
      base.user = apiUser;
      base.channel = { id: channelId, type: 1, recipients: [apiUser] };
    }
    const interaction = base as Record<string, unknown> & { id: string; token: string };
    this.interactions.set(interaction.id, { id: interaction.id, token: interaction.token, type, channelId, createdAt: this.now(), acknowledged: false, originalDeleted: false });
    return interaction;
  }

  /**
   * A slash command (`/name option:value`). Returns the interaction's id and token. An attachment
   * option (type 11) carries the attachment's id as its value and the attachment in `resolved`.
   */
  sendCommand(
    name: string,
    commandOptions: { name: string; type: number; value: unknown; focused?: boolean }[] = [],
    options: InteractionOptions & { attachments?: FakeAttachment[] } = {},
  ) {
    const interaction = this.baseInteraction(2, options);
    interaction.data = { id: snowflake(), name, type: 1, options: commandOptions };
    if (options.attachments) {
      (interaction.data as Record<string, unknown>).resolved = { attachments: Object.fromEntries(options.attachments.map((attachment) => [attachment.id, attachment])) };
    }
    this.dispatch('INTERACTION_CREATE', interaction, options.shard);
    return { id: interaction.id, token: interaction.token };
  }

  /** An attachment as Discord describes it; `url` is where the bot downloads it (a local server in tests). */
  attachment(filename: string, url: string, size: number, contentType: string): FakeAttachment {
    return { id: snowflake(), filename, size, url, proxy_url: url, content_type: contentType };
  }

  /**
   * A message context-menu command ("Apps → name") on a message someone else wrote: a new one, or
   * one already sent through the fake (pass its `id`), so that the bot can reply to it.
   */
  sendMessageCommand(
    name: string,
    target: { id?: string; channel_id?: string; content: string; attachments?: FakeAttachment[]; author?: FakeUser },
    options: InteractionOptions = {},
  ) {
    const interaction = this.baseInteraction(2, options);
    const author = target.author ?? { id: snowflake(), username: 'poster' };
    const message = {
      id: target.id ?? snowflake(),
      channel_id: target.channel_id ?? options.channelId ?? this.channelId,
      author: { id: author.id, username: author.username, discriminator: '0', global_name: author.username, avatar: null, bot: false },
      content: target.content,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: target.attachments ?? [],
      embeds: [],
      pinned: false,
      type: 0,
      flags: 0,
      components: [],
    };
    interaction.data = { id: snowflake(), name, type: 3, target_id: message.id, resolved: { messages: { [message.id]: message } } };
    this.dispatch('INTERACTION_CREATE', interaction, options.shard);
    return { id: interaction.id, token: interaction.token };
  }

  /** An autocomplete request for a string option that is being typed. */
  sendAutocomplete(name: string, option: string, typed: string, options: InteractionOptions = {}) {
    const interaction = this.baseInteraction(4, options);
    interaction.data = { id: snowflake(), name, type: 1, options: [{ name: option, type: 3, value: typed, focused: true }] };
    this.dispatch('INTERACTION_CREATE', interaction, options.shard);
    return { id: interaction.id, token: interaction.token };
  }

  /** A click on a button of a message the bot sent. */
  sendButton(customId: string, message: any, options: InteractionOptions = {}) {
    const interaction = this.baseInteraction(3, options);
    interaction.data = { custom_id: customId, component_type: 2 };
    interaction.message = this.asMessage(message);
    this.dispatch('INTERACTION_CREATE', interaction, options.shard);
    return { id: interaction.id, token: interaction.token };
  }

  /** A choice in a string select menu of a message the bot sent. */
  sendSelect(customId: string, values: string[], message: any, options: InteractionOptions = {}) {
    const interaction = this.baseInteraction(3, options);
    interaction.data = { custom_id: customId, component_type: 3, values };
    interaction.message = this.asMessage(message);
    this.dispatch('INTERACTION_CREATE', interaction, options.shard);
    return { id: interaction.id, token: interaction.token };
  }

  /** A full message object (as the gateway sends it) around a body the bot sent. */
  asMessage(body: any): Record<string, unknown> {
    return botMessage(this.botUser, this.channelId, body);
  }

  /** The bot was added to a thread (or one was created): it now sees the thread's messages. */
  createThread(parentId: string = this.channelId, name = 'a thread'): string {
    const id = snowflake();
    this.threads.set(id, { id, parentId, name, messageId: null });
    this.dispatch('THREAD_CREATE', this.threadPayload(id));
    return id;
  }

  private threadPayload(id: string) {
    const thread = this.threads.get(id)!;
    return threadPayload(thread, this.guildId, thread.ownerId ?? this.defaultUser.id);
  }

  /**
   * A new post in the forum, as Discord sends it: THREAD_CREATE (the post's title is the thread's
   * name), then MESSAGE_CREATE of its first message, whose id is the thread's. The text is blanked
   * without the Message Content intent, as for any message that does not mention the bot.
   */
  createForumPost(title: string, content: string, options: { user?: FakeUser; forumId?: string } = {}) {
    const user = options.user ?? this.defaultUser;
    const id = snowflake();
    this.threads.set(id, { id, parentId: options.forumId ?? this.forumChannelId, name: title, messageId: id, ownerId: user.id });
    this.dispatch('THREAD_CREATE', this.threadPayload(id));
    const intents = Number(this.identifies.at(-1)?.intents ?? 0);
    const text = (intents & MESSAGE_CONTENT_INTENT) === 0 ? '' : content;
    const message = userMessage({ id, channelId: id, guildId: this.guildId, user, text, mentions: [], mentionRoleId: undefined, inThread: true, replyTo: undefined });
    this.messages.add(id);
    this.dispatch('MESSAGE_CREATE', message);
    return { threadId: id, message };
  }

  /**
   * A chat message. Without the Message Content intent, Discord blanks the content of guild
   * messages that neither mention the bot nor come from it (DMs keep theirs), and so does this.
   */
  sendMessage(content: string, options: MessageOptions = {}) {
    const user = options.user ?? this.defaultUser;
    const guildId = options.guildId === undefined ? this.guildId : options.guildId;
    const mentionBot = options.mentionRoleId ? false : (options.mentionBot ?? true);
    const channelId = options.channelId ?? this.channelId;
    const botAsUser = { id: this.botUser.id, username: this.botUser.username, discriminator: '0', avatar: null, bot: true };
    const mentions = mentionBot || (options.replyTo && options.ping) ? [botAsUser] : [];
    let text = content;
    if (mentionBot) text = `<@${this.botUser.id}> ${content}`;
    if (options.mentionRoleId) text = `<@&${options.mentionRoleId}> ${content}`;
    const intents = Number(this.identifies.at(-1)?.intents ?? 0);
    const mentioned = mentions.length > 0 || options.mentionRoleId === this.botRoleId;
    if (guildId && !mentioned && (intents & MESSAGE_CONTENT_INTENT) === 0) text = '';
    const message = userMessage({
      id: snowflake(),
      channelId,
      guildId,
      user,
      text,
      mentions,
      mentionRoleId: options.mentionRoleId,
      inThread: this.threads.has(channelId),
      replyTo: options.replyTo ? { id: options.replyTo.id, channelId: options.replyTo.channel_id, message: this.asMessage(options.replyTo) } : undefined,
    });
    this.messages.add(message.id as string);
    this.dispatch('MESSAGE_CREATE', message);
    return message as { id: string; channel_id: string; content: string } & Record<string, unknown>;
  }

  private guildPayload() {
    return guildPayload({ guildId: this.guildId, moderatorRoleId: this.moderatorRoleId, botRoleId: this.botRoleId, botId: this.botUser.id, channelIds: [this.channelId, ...this.otherChannelIds], forumIds: [this.forumChannelId], locks: this.locks });
  }

  // -- REST ---------------------------------------------------------------------------------

  private async handleHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const captured = await captureRequest(request, this.port, this.now());
    const limit = this.rateLimits.findIndex((entry) => entry.method === captured.method && entry.pattern.test(captured.route));
    const answer = limit !== -1 ? rateLimited(this.rateLimits.splice(limit, 1)[0]!.retryAfterSeconds) : answerRest(this.rest, captured.method, captured.route, captured.body);
    if (answer.unknown) this.unknownRoutes.push(`${captured.method} ${captured.route}`);
    captured.status = answer.status;
    if (answer.code !== undefined) captured.code = answer.code;
    this.requests.push(captured);
    writeAnswer(response, answer);
    if (answer.status < 400) {
      for (const waiter of [...this.waiters]) {
        if (waiter.predicate(captured)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(captured);
        }
      }
    }
  }
}

/** Starts a fake Discord on a random 127.0.0.1 port. */
export function startFakeDiscord(options: { heartbeatIntervalMs?: number } = {}): Promise<FakeDiscord> {
  return new FakeDiscord(options).start();
}
