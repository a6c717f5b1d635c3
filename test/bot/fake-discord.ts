/**
 * A small fake Discord for end-to-end tests: the REST routes the bot calls (node:http) and a
 * gateway (ws) that speaks enough of the protocol (HELLO, IDENTIFY → READY, heartbeat ACK,
 * GUILD_CREATE, dispatches) for the real discord.js Client to log in and receive interactions
 * and messages. Every request is captured with its parsed body. Listens on 127.0.0.1 only.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface CapturedRequest {
  method: string;
  /** Path without the `/api/v10` prefix and without the query, e.g. `/interactions/1/abc/callback`. */
  route: string;
  query: URLSearchParams;
  authorization: string | undefined;
  body: any;
  status: number;
  at: number;
}

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
  /** Member permissions as a decimal bit string (guild interactions). */
  permissions?: string;
  roles?: string[];
}

let sequence = 0n;
/** A valid, increasing Discord snowflake. */
export function snowflake(): string {
  sequence += 1n;
  return ((BigInt(Date.now() - 1_420_070_400_000) << 22n) + sequence).toString();
}

export const ALL_PERMISSIONS = ((1n << 50n) - 1n).toString();
export const MANAGE_GUILD = (1n << 5n).toString();
/** View channel, send messages, read history: an ordinary member. */
export const MEMBER_PERMISSIONS = ((1n << 10n) | (1n << 11n) | (1n << 16n)).toString();

export class FakeDiscord {
  readonly botUser: FakeUser = { id: snowflake(), username: 'Verbatim', bot: true };
  readonly applicationId = this.botUser.id;
  readonly guildId = snowflake();
  readonly channelId = snowflake();
  /** More text channels of the guild, for tests that need a channel of their own. */
  readonly otherChannelIds = [snowflake(), snowflake(), snowflake(), snowflake()];
  readonly defaultUser: FakeUser = { id: snowflake(), username: 'reader' };
  /** A role of the guild that tests can configure as a moderator role. */
  readonly moderatorRoleId = snowflake();
  readonly requests: CapturedRequest[] = [];
  /** Gateway IDENTIFY payloads received. */
  readonly identifies: any[] = [];
  /** Routes answered 404 because the fake does not know them. */
  readonly unknownRoutes: string[] = [];

  private server: Server;
  private wss: WebSocketServer;
  private sockets = new Set<WebSocket>();
  private gatewaySeq = 0;
  private rateLimits: { method: string; pattern: RegExp; retryAfterSeconds: number }[] = [];
  private waiters: { predicate: (request: CapturedRequest) => boolean; resolve: (request: CapturedRequest) => void }[] = [];
  private readyResolvers: (() => void)[] = [];
  private identified = false;
  port = 0;

  constructor() {
    this.server = createServer((request, response) => void this.handleHttp(request, response));
    this.wss = new WebSocketServer({ noServer: true });
    this.server.on('upgrade', (request, socket, head) => {
      this.wss.handleUpgrade(request, socket, head, (ws) => this.handleGateway(ws));
    });
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

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** The next request to `method` on a route matching `pattern` gets one 429 with Retry-After. */
  rateLimitOnce(method: string, pattern: RegExp, retryAfterSeconds: number): void {
    this.rateLimits.push({ method, pattern, retryAfterSeconds });
  }

  /** Resolves when the bot has identified on the gateway and received READY and GUILD_CREATE. */
  whenIdentified(): Promise<void> {
    if (this.identified) return Promise.resolve();
    return new Promise((resolve) => this.readyResolvers.push(resolve));
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

  /** Successful requests for one interaction (its callback and its webhook edits/follow-ups). */
  requestsForInteraction(interaction: { id: string; token: string }): CapturedRequest[] {
    return this.requests.filter(
      (request) => request.route.includes(`/interactions/${interaction.id}/`) || request.route.includes(`/webhooks/${this.applicationId}/${interaction.token}`),
    );
  }

  // -- Dispatching events to the bot -------------------------------------------------------

  dispatch(event: string, data: unknown): void {
    this.gatewaySeq++;
    const payload = JSON.stringify({ op: 0, t: event, s: this.gatewaySeq, d: data });
    for (const socket of this.sockets) socket.send(payload);
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
      app_permissions: ALL_PERMISSIONS,
      entitlements: [],
      authorizing_integration_owners: { '0': this.guildId },
      context: guildId ? 0 : 1,
    };
    if (guildId) {
      base.guild_id = guildId;
      base.guild_locale = 'en-US';
      base.channel = { id: channelId, type: 0, guild_id: guildId, name: 'general' };
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
    return base as Record<string, unknown> & { id: string; token: string };
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
    this.dispatch('INTERACTION_CREATE', interaction);
    return { id: interaction.id, token: interaction.token };
  }

  /** An attachment as Discord describes it; `url` is where the bot downloads it (a local server in tests). */
  attachment(filename: string, url: string, size: number, contentType: string): FakeAttachment {
    return { id: snowflake(), filename, size, url, proxy_url: url, content_type: contentType };
  }

  /** A message context-menu command ("Apps → name") on a message someone else wrote. */
  sendMessageCommand(name: string, target: { content: string; attachments?: FakeAttachment[]; author?: FakeUser }, options: InteractionOptions = {}) {
    const interaction = this.baseInteraction(2, options);
    const author = target.author ?? { id: snowflake(), username: 'poster' };
    const message = {
      id: snowflake(),
      channel_id: options.channelId ?? this.channelId,
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
    this.dispatch('INTERACTION_CREATE', interaction);
    return { id: interaction.id, token: interaction.token };
  }

  /** An autocomplete request for a string option that is being typed. */
  sendAutocomplete(name: string, option: string, typed: string, options: InteractionOptions = {}) {
    const interaction = this.baseInteraction(4, options);
    interaction.data = { id: snowflake(), name, type: 1, options: [{ name: option, type: 3, value: typed, focused: true }] };
    this.dispatch('INTERACTION_CREATE', interaction);
    return { id: interaction.id, token: interaction.token };
  }

  /** A click on a button of a message the bot sent. */
  sendButton(customId: string, message: any, options: InteractionOptions = {}) {
    const interaction = this.baseInteraction(3, options);
    interaction.data = { custom_id: customId, component_type: 2 };
    interaction.message = message;
    this.dispatch('INTERACTION_CREATE', interaction);
    return { id: interaction.id, token: interaction.token };
  }

  /** A chat message; `mentionBot` puts `<@bot>` in front of it, as Discord clients do. */
  sendMessage(content: string, options: { mentionBot?: boolean; user?: FakeUser; guildId?: string | null; channelId?: string } = {}) {
    const user = options.user ?? this.defaultUser;
    const guildId = options.guildId === undefined ? this.guildId : options.guildId;
    const mentionBot = options.mentionBot ?? true;
    const message: Record<string, unknown> = {
      id: snowflake(),
      channel_id: options.channelId ?? this.channelId,
      author: { id: user.id, username: user.username, discriminator: '0', global_name: user.username, avatar: null, bot: false },
      content: mentionBot ? `<@${this.botUser.id}> ${content}` : content,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: mentionBot ? [{ id: this.botUser.id, username: this.botUser.username, discriminator: '0', avatar: null, bot: true }] : [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      pinned: false,
      type: 0,
      flags: 0,
      components: [],
      // Discord sends the channel type with every message; discord.js needs it for uncached DM channels.
      channel_type: guildId ? 0 : 1,
    };
    if (guildId) {
      message.guild_id = guildId;
      message.member = { roles: [], joined_at: new Date(0).toISOString(), deaf: false, mute: false, flags: 0 };
    }
    this.dispatch('MESSAGE_CREATE', message);
    return message as { id: string; channel_id: string };
  }

  // -- Gateway ------------------------------------------------------------------------------

  private handleGateway(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on('close', () => this.sockets.delete(ws));
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 } }));
    ws.on('message', (raw) => {
      const payload = JSON.parse(raw.toString()) as { op: number; d: any };
      if (payload.op === 1) ws.send(JSON.stringify({ op: 11 }));
      if (payload.op === 2) this.handleIdentify(ws, payload.d);
    });
  }

  private handleIdentify(ws: WebSocket, identify: any): void {
    this.identifies.push(identify);
    const user = { id: this.botUser.id, username: this.botUser.username, discriminator: '0', global_name: null, avatar: null, bot: true, verified: true, flags: 0, mfa_enabled: false };
    this.gatewaySeq++;
    ws.send(
      JSON.stringify({
        op: 0,
        t: 'READY',
        s: this.gatewaySeq,
        d: {
          v: 10,
          user,
          guilds: [{ id: this.guildId, unavailable: true }],
          session_id: 'fake-session',
          resume_gateway_url: `ws://127.0.0.1:${this.port}`,
          application: { id: this.applicationId, flags: 0 },
          shard: [0, 1],
          private_channels: [],
        },
      }),
    );
    this.dispatch('GUILD_CREATE', this.guildPayload());
    this.identified = true;
    for (const resolve of this.readyResolvers.splice(0)) resolve();
  }

  private guildPayload() {
    return {
      id: this.guildId,
      name: 'Test Server',
      icon: null,
      owner_id: snowflake(),
      afk_timeout: 300,
      verification_level: 0,
      default_message_notifications: 0,
      explicit_content_filter: 0,
      mfa_level: 0,
      premium_tier: 0,
      nsfw_level: 0,
      system_channel_flags: 0,
      preferred_locale: 'en-US',
      features: [],
      roles: [
        { id: this.guildId, name: '@everyone', color: 0, hoist: false, position: 0, permissions: MEMBER_PERMISSIONS, managed: false, mentionable: false, flags: 0 },
        { id: this.moderatorRoleId, name: 'Moderators', color: 0, hoist: false, position: 1, permissions: MEMBER_PERMISSIONS, managed: false, mentionable: false, flags: 0 },
      ],
      emojis: [],
      stickers: [],
      channels: [this.channelId, ...this.otherChannelIds].map((id, position) => ({
        id,
        type: 0,
        name: position === 0 ? 'general' : `channel-${position}`,
        position,
        permission_overwrites: [],
        guild_id: this.guildId,
      })),
      threads: [],
      members: [],
      presences: [],
      voice_states: [],
      stage_instances: [],
      guild_scheduled_events: [],
      member_count: 2,
      large: false,
      unavailable: false,
      joined_at: new Date(0).toISOString(),
    };
  }

  // -- REST ---------------------------------------------------------------------------------

  private async handleHttp(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${this.port}`);
    const route = decodeURIComponent(url.pathname).replace(/^\/api\/v\d+/, '');
    const method = request.method ?? 'GET';
    let body: any = null;
    if (raw.length > 0) {
      try {
        body = (request.headers['content-type'] ?? '').includes('json') ? JSON.parse(raw) : raw;
      } catch {
        body = raw;
      }
    }
    const captured: CapturedRequest = { method, route, query: url.searchParams, authorization: request.headers.authorization, body, status: 0, at: Date.now() };

    const limit = this.rateLimits.findIndex((entry) => entry.method === method && entry.pattern.test(route));
    if (limit !== -1) {
      const [entry] = this.rateLimits.splice(limit, 1);
      captured.status = 429;
      this.requests.push(captured);
      response.writeHead(429, {
        'content-type': 'application/json',
        'retry-after': String(entry!.retryAfterSeconds),
        'x-ratelimit-scope': 'user',
        'x-ratelimit-limit': '5',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset-after': String(entry!.retryAfterSeconds),
        'x-ratelimit-bucket': 'fake-bucket',
      });
      response.end(JSON.stringify({ message: 'You are being rate limited.', retry_after: entry!.retryAfterSeconds, global: false }));
      return;
    }

    const { status, json } = this.route(method, route, body);
    captured.status = status;
    this.requests.push(captured);
    if (status === 204) {
      response.writeHead(204);
      response.end();
    } else {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(json));
    }
    if (status < 400) {
      for (const waiter of [...this.waiters]) {
        if (waiter.predicate(captured)) {
          this.waiters.splice(this.waiters.indexOf(waiter), 1);
          waiter.resolve(captured);
        }
      }
    }
  }

  private messageFrom(body: any, channelId: string, extra: Record<string, unknown> = {}) {
    return {
      id: snowflake(),
      channel_id: channelId,
      author: { id: this.botUser.id, username: this.botUser.username, discriminator: '0', avatar: null, bot: true },
      content: body?.content ?? '',
      embeds: body?.embeds ?? [],
      components: body?.components ?? [],
      attachments: [],
      mentions: [],
      mention_roles: [],
      mention_everyone: false,
      pinned: false,
      tts: false,
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      type: body?.message_reference ? 19 : 0,
      flags: body?.flags ?? 0,
      ...extra,
    };
  }

  private route(method: string, route: string, body: any): { status: number; json?: unknown } {
    let match: RegExpMatchArray | null;
    if (method === 'GET' && route === '/gateway/bot') {
      return {
        status: 200,
        json: { url: `ws://127.0.0.1:${this.port}`, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 86_400_000, max_concurrency: 1 } },
      };
    }
    if (method === 'GET' && route === '/gateway') return { status: 200, json: { url: `ws://127.0.0.1:${this.port}` } };
    if (method === 'GET' && route === '/users/@me') return { status: 200, json: { id: this.botUser.id, username: this.botUser.username, discriminator: '0', bot: true, avatar: null } };
    if (method === 'GET' && route === '/applications/@me') return { status: 200, json: { id: this.applicationId, name: 'Verbatim', flags: 0, bot: { id: this.botUser.id } } };
    if (method === 'POST' && /^\/interactions\/\d+\/[^/]+\/callback$/.test(route)) return { status: 204 };
    if ((match = route.match(/^\/webhooks\/(\d+)\/([^/]+)\/messages\/([^/]+)$/))) {
      if (method === 'DELETE') return { status: 204 };
      if (method === 'PATCH' || method === 'GET') return { status: 200, json: this.messageFrom(body, this.channelId, { webhook_id: match[1], application_id: this.applicationId }) };
    }
    if (method === 'POST' && (match = route.match(/^\/webhooks\/(\d+)\/([^/]+)$/))) {
      return { status: 200, json: this.messageFrom(body, this.channelId, { webhook_id: match[1], application_id: this.applicationId }) };
    }
    if (method === 'POST' && (match = route.match(/^\/channels\/(\d+)\/messages$/))) return { status: 200, json: this.messageFrom(body, match[1]!) };
    if (method === 'POST' && /^\/channels\/\d+\/typing$/.test(route)) return { status: 204 };
    if (method === 'PUT' && /^\/applications\/\d+(?:\/guilds\/\d+)?\/commands$/.test(route)) {
      return { status: 200, json: (Array.isArray(body) ? body : []).map((command: any) => ({ ...command, id: snowflake(), application_id: this.applicationId, version: snowflake() })) };
    }
    this.unknownRoutes.push(`${method} ${route}`);
    return { status: 404, json: { message: 'Unknown route in the fake Discord', code: 0 } };
  }
}

/** Starts a fake Discord on a random 127.0.0.1 port. */
export function startFakeDiscord(): Promise<FakeDiscord> {
  return new FakeDiscord().start();
}
