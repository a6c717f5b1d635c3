/**
 * The REST half of the fake Discord: answers each route the bot calls the way Discord does,
 * including its refusals (see fake-discord.ts for the list). Pure over the state it is given.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { botMessage } from './fake-payloads.js';
import { autocompleteRefusal, commandRegistrationRefusal, messageRefusal, type DiscordRefusal } from './fake-discord-rules.js';

export interface CapturedRequest {
  method: string;
  /** Path without the `/api/v10` prefix and without the query, e.g. `/interactions/1/abc/callback`. */
  route: string;
  query: URLSearchParams;
  authorization: string | undefined;
  body: any;
  status: number;
  /** Fake-clock time the request arrived. */
  at: number;
  /** The Discord error code when refused. */
  code?: number;
}

/** Reads a request and its JSON body (status is filled in once answered). */
export async function captureRequest(request: IncomingMessage, port: number, at: number): Promise<CapturedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks).toString('utf8');
  const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
  let body: any = null;
  if (raw.length > 0) {
    try {
      body = (request.headers['content-type'] ?? '').includes('json') ? JSON.parse(raw) : raw;
    } catch {
      body = raw;
    }
  }
  return { method: request.method ?? 'GET', route: decodeURIComponent(url.pathname).replace(/^\/api\/v\d+/, ''), query: url.searchParams, authorization: request.headers.authorization, body, status: 0, at };
}

/** One 429 with Retry-After and the rate-limit headers discord.js reads. */
export function rateLimited(retryAfterSeconds: number): RestAnswer {
  return {
    status: 429,
    headers: {
      'retry-after': String(retryAfterSeconds),
      'x-ratelimit-scope': 'user',
      'x-ratelimit-limit': '5',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset-after': String(retryAfterSeconds),
      'x-ratelimit-bucket': 'fake-bucket',
    },
    json: { message: 'You are being rate limited.', retry_after: retryAfterSeconds, global: false },
  };
}

export function writeAnswer(response: ServerResponse, answer: RestAnswer): void {
  if (answer.status === 204) {
    response.writeHead(204);
    response.end();
    return;
  }
  response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
  response.end(JSON.stringify(answer.json));
}

export const INITIAL_RESPONSE_DEADLINE_MS = 3000;
export const TOKEN_LIFETIME_MS = 15 * 60 * 1000;

export interface InteractionState {
  id: string;
  token: string;
  /** 2 command, 3 component, 4 autocomplete. */
  type: number;
  channelId: string;
  createdAt: number;
  acknowledged: boolean;
  originalDeleted: boolean;
}

/** How a locked channel refuses: `send` denies Send Messages (50013), `view` denies View Channel (50001). */
export type ChannelLock = 'send' | 'view';

export interface RestState {
  port: number;
  applicationId: string;
  botUser: { id: string; username: string };
  guildId: string;
  now(): number;
  interactions: Map<string, InteractionState>;
  locks: Map<string, ChannelLock>;
  messages: Set<string>;
  deleted: Set<string>;
  /** Messages the bot created, by id (what GET returns), and the last one per channel. */
  botMessages: Map<string, Record<string, unknown>>;
  lastBotMessage: Map<string, string>;
  threads: Map<string, { id: string; parentId: string; name: string; messageId: string | null }>;
  /** Forum channels: Discord refuses a message posted in one (only in its threads). */
  forums: Set<string>;
  threadPayload(id: string): unknown;
  newId(): string;
}

export interface RestAnswer {
  status: number;
  json?: unknown;
  /** Known to the fake but refused: the Discord error code. */
  code?: number;
  /** The route is not one the fake knows. */
  unknown?: boolean;
  headers?: Record<string, string>;
}

const refuse = (refusal: DiscordRefusal): RestAnswer => {
  const json: Record<string, unknown> = { message: refusal.message, code: refusal.code };
  if (refusal.path) json.errors = nestedErrors(refusal.path, refusal.message);
  return { status: refusal.status, code: refusal.code, json };
};

/** Discord's error tree: `{"embeds": {"0": {"title": {"_errors": [...]}}}}`. */
function nestedErrors(path: string, message: string): unknown {
  return path
    .split('.')
    .reverse()
    .reduce<unknown>((inner, key) => ({ [key]: inner }), { _errors: [{ code: 'BASE_TYPE_INVALID', message }] });
}

const UNKNOWN_INTERACTION: DiscordRefusal = { status: 404, code: 10062, message: 'Unknown interaction' };
const ALREADY_ACKNOWLEDGED: DiscordRefusal = { status: 400, code: 40060, message: 'Interaction has already been acknowledged.' };
const INVALID_WEBHOOK_TOKEN: DiscordRefusal = { status: 401, code: 50027, message: 'Invalid Webhook Token' };
const UNKNOWN_MESSAGE: DiscordRefusal = { status: 404, code: 10008, message: 'Unknown Message' };
const UNKNOWN_WEBHOOK: DiscordRefusal = { status: 404, code: 10015, message: 'Unknown Webhook' };

function lockRefusal(lock: ChannelLock | undefined): DiscordRefusal | null {
  if (lock === 'view') return { status: 403, code: 50001, message: 'Missing Access' };
  if (lock === 'send') return { status: 403, code: 50013, message: 'Missing Permissions' };
  return null;
}

export function messageFrom(state: RestState, body: any, channelId: string, extra: Record<string, unknown> = {}) {
  const id = state.newId();
  state.messages.add(id);
  const message = {
    ...botMessage(state.botUser, channelId, { ...body, id, channel_id: channelId }),
    type: body?.message_reference ? 19 : 0,
    ...(body?.message_reference ? { message_reference: body.message_reference } : {}),
    ...extra,
  };
  state.botMessages.set(id, message);
  state.lastBotMessage.set(channelId, id);
  return message;
}

/** POST /interactions/{id}/{token}/callback: the one initial response, within 3 s. */
function interactionCallback(state: RestState, id: string, token: string, body: any): RestAnswer {
  const interaction = state.interactions.get(id);
  if (!interaction || interaction.token !== token) return refuse(UNKNOWN_INTERACTION);
  if (state.now() - interaction.createdAt > INITIAL_RESPONSE_DEADLINE_MS) return refuse(UNKNOWN_INTERACTION);
  if (interaction.acknowledged) return refuse(ALREADY_ACKNOWLEDGED);
  const type = body?.type;
  const isComponent = interaction.type === 3;
  const isAutocomplete = interaction.type === 4;
  let refusal: DiscordRefusal | null = null;
  if (isAutocomplete !== (type === 8)) refusal = { status: 400, code: 50035, message: `Invalid Form Body: type: response type ${String(type)} is invalid for interaction type ${interaction.type}`, path: 'type' };
  else if ((type === 6 || type === 7) && !isComponent) refusal = { status: 400, code: 50035, message: 'Invalid Form Body: type: only component interactions can be updated', path: 'type' };
  else if (type === 4) refusal = messageRefusal(body.data);
  else if (type === 7) refusal = messageRefusal(body.data, { partialEdit: true });
  else if (type === 8) refusal = autocompleteRefusal(body.data);
  else if (type !== 5 && type !== 6) refusal = { status: 400, code: 50035, message: `Invalid Form Body: type: ${String(type)} is not a response the bot should send`, path: 'type' };
  if (refusal) return refuse(refusal);
  interaction.acknowledged = true;
  return { status: 204 };
}

/** The webhook routes of an interaction token: the original response, follow-ups; 15 minutes. */
function interactionWebhook(state: RestState, method: string, token: string, messageId: string | null, body: any): RestAnswer {
  const interaction = [...state.interactions.values()].find((candidate) => candidate.token === token);
  if (!interaction) return refuse(UNKNOWN_WEBHOOK);
  if (state.now() - interaction.createdAt > TOKEN_LIFETIME_MS) return refuse(INVALID_WEBHOOK_TOKEN);
  if (!interaction.acknowledged) return refuse(messageId ? UNKNOWN_MESSAGE : UNKNOWN_WEBHOOK);
  const extra = { webhook_id: state.applicationId, application_id: state.applicationId };
  if (messageId === null) {
    if (method !== 'POST') return { status: 405, json: { message: '405: Method Not Allowed', code: 0 } };
    const refusal = messageRefusal(body);
    return refusal ? refuse(refusal) : { status: 200, json: messageFrom(state, body, interaction.channelId, extra) };
  }
  if (messageId === '@original' && interaction.originalDeleted) return refuse(UNKNOWN_MESSAGE);
  if (method === 'DELETE') {
    if (messageId === '@original') interaction.originalDeleted = true;
    return { status: 204 };
  }
  if (method === 'PATCH') {
    const refusal = messageRefusal(body, { partialEdit: true });
    return refusal ? refuse(refusal) : { status: 200, json: messageFrom(state, body, interaction.channelId, extra) };
  }
  if (method === 'GET') return { status: 200, json: messageFrom(state, body, interaction.channelId, extra) };
  return { status: 405, json: { message: '405: Method Not Allowed', code: 0 } };
}

/** POST /channels/{id}/messages: needs View Channel and Send Messages; a reply needs its message. */
function channelMessage(state: RestState, channelId: string, body: any): RestAnswer {
  if (state.forums.has(channelId)) return refuse({ status: 400, code: 50008, message: 'Cannot send messages in a non-text channel' });
  const locked = lockRefusal(state.locks.get(channelId) ?? state.locks.get(state.threads.get(channelId)?.parentId ?? ''));
  if (locked) return refuse(locked);
  const reference = body?.message_reference;
  if (reference?.message_id && reference.fail_if_not_exists !== false && !state.messages.has(String(reference.message_id))) {
    return {
      status: 400,
      code: 50035,
      json: { message: 'Invalid Form Body', code: 50035, errors: { message_reference: { _errors: [{ code: 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', message: 'Unknown message' }] } } },
    };
  }
  const refusal = messageRefusal(body);
  return refusal ? refuse(refusal) : { status: 200, json: messageFrom(state, body, channelId) };
}

/** POST /channels/{id}/messages/{message}/threads: a thread from a message (needs Create Public Threads). */
function threadFromMessage(state: RestState, channelId: string, messageId: string, body: any): RestAnswer {
  const locked = lockRefusal(state.locks.get(channelId));
  if (locked) return refuse(locked);
  if (!state.messages.has(messageId)) return refuse(UNKNOWN_MESSAGE);
  const name = String(body?.name ?? '');
  if (name.length === 0 || name.length > 100) return refuse({ status: 400, code: 50035, message: 'Invalid Form Body: name: Must be between 1 and 100 in length.', path: 'name' });
  const id = state.newId();
  state.threads.set(id, { id, parentId: channelId, name, messageId });
  return { status: 201, json: state.threadPayload(id) };
}

/** Answers one REST request as Discord would. */
export function answerRest(state: RestState, method: string, route: string, body: any): RestAnswer {
  let match: RegExpMatchArray | null;
  if (method === 'GET' && route === '/gateway/bot') {
    return {
      status: 200,
      json: { url: `ws://127.0.0.1:${state.port}`, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 86_400_000, max_concurrency: 1 } },
    };
  }
  if (method === 'GET' && route === '/gateway') return { status: 200, json: { url: `ws://127.0.0.1:${state.port}` } };
  if (method === 'GET' && route === '/users/@me') return { status: 200, json: { id: state.botUser.id, username: state.botUser.username, discriminator: '0', bot: true, avatar: null } };
  if (method === 'GET' && route === '/applications/@me') return { status: 200, json: { id: state.applicationId, name: 'Verbatim', flags: 0, bot: { id: state.botUser.id } } };
  if (method === 'POST' && (match = route.match(/^\/interactions\/(\d+)\/([^/]+)\/callback$/))) return interactionCallback(state, match[1]!, match[2]!, body);
  if ((match = route.match(/^\/webhooks\/(\d+)\/([^/]+)(?:\/messages\/([^/]+))?$/))) {
    if (match[1] !== state.applicationId) return refuse(UNKNOWN_WEBHOOK);
    return interactionWebhook(state, method, match[2]!, match[3] ?? null, body);
  }
  if (method === 'POST' && (match = route.match(/^\/channels\/(\d+)\/messages$/))) return channelMessage(state, match[1]!, body);
  if (method === 'GET' && (match = route.match(/^\/channels\/(\d+)\/messages\/(\d+)$/))) {
    const found = state.botMessages.get(match[2]!);
    return found && state.messages.has(match[2]!) ? { status: 200, json: found } : refuse(UNKNOWN_MESSAGE);
  }
  if (method === 'POST' && (match = route.match(/^\/channels\/(\d+)\/messages\/(\d+)\/threads$/))) return threadFromMessage(state, match[1]!, match[2]!, body);
  if (method === 'POST' && (match = route.match(/^\/channels\/(\d+)\/typing$/))) {
    const locked = lockRefusal(state.locks.get(match[1]!));
    return locked ? refuse(locked) : { status: 204 };
  }
  if (method === 'PUT' && /^\/applications\/\d+(?:\/guilds\/\d+)?\/commands$/.test(route)) {
    const refusal = commandRegistrationRefusal(body);
    if (refusal) return refuse(refusal);
    return { status: 200, json: (body as any[]).map((command: any) => ({ ...command, id: state.newId(), application_id: state.applicationId, version: state.newId() })) };
  }
  return { status: 404, unknown: true, json: { message: 'Unknown route in the fake Discord', code: 0 } };
}
