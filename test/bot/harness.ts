/**
 * Starts the real bot (real discord.js Client) against a fake Discord with a given service, and
 * checks what it sent. Shared by the end-to-end tests over the service double and the real service.
 */
import path from 'node:path';
import { expect } from 'vitest';
import type { Answer } from '../../src/answer/types.js';
import { startBot, type RunningBot } from '../../src/bot/app.js';
import type { BotSettings } from '../../src/bot/context.js';
import { createLogger } from '../../src/bot/logger.js';
import { unescapeMarkdown } from '../../src/bot/render/markdown.js';
import type { VerbatimService } from '../../src/service/index.js';
import type { CapturedRequest, FakeDiscord } from './fake-discord.js';
import { quotedSpansOf } from '../helpers/temp-corpus.js';
import { temporaryFolderSync } from '../helpers/temp-folders.js';

export const FAKE_TOKEN = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.GabcDE.fakefakefakefakefakefakefakefakefake12';

export interface BotUnderTest {
  bot: RunningBot;
  logs: string[];
  feedbackFile: string;
  /** Every answer the service returned, in order. */
  answers: Answer[];
}

/** Wraps a service to record its answers, so tests can compare them with what was rendered. */
function recordingService(service: VerbatimService, answers: Answer[]): VerbatimService {
  return new Proxy(service, {
    get(target, property, receiver) {
      if (property === 'ask') {
        return async (question: string) => {
          const answer = await target.ask(question);
          answers.push(answer);
          return answer;
        };
      }
      const value = Reflect.get(target, property, receiver) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

export async function startBotUnderTest(
  fake: FakeDiscord,
  service: VerbatimService,
  settings: Partial<BotSettings> = {},
  options: { answerMemoryFile?: string } = {},
): Promise<BotUnderTest> {
  const logs: string[] = [];
  const answers: Answer[] = [];
  const feedbackFile = path.join(temporaryFolderSync('feedback'), 'feedback.jsonl');
  const bot = await startBot(
    {
      service: recordingService(service, answers),
      settings: {
        moderatorRoleIds: [],
        allowedGuildIds: [],
        cooldownSeconds: 0,
        followUpWindowSeconds: 300,
        maxQuestionChars: 500,
        reindexProgressIntervalMs: 0,
        autocompleteTimeoutMs: 2000,
        answerInThreads: false,
        messageContentIntent: false,
        autoAnswerForumIds: [],
        ...settings,
      },
      logger: createLogger({ level: 'debug', secrets: [FAKE_TOKEN], write: (line) => logs.push(line) }),
      feedbackFile,
      ...options,
      apiUrl: fake.apiUrl,
    },
    FAKE_TOKEN,
  );
  const deadline = Date.now() + 10_000;
  while (!bot.client.isReady()) {
    if (Date.now() > deadline) throw new Error('The bot did not become ready against the fake Discord');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { bot, logs, feedbackFile, answers };
}

/** Every request body the bot sent that carries a message (interaction callbacks, edits, messages). */
export function messageBodies(fake: FakeDiscord): CapturedRequest[] {
  return fake.requests.filter(
    (request) =>
      request.body &&
      typeof request.body === 'object' &&
      !Array.isArray(request.body) &&
      (request.route.includes('/callback') || request.route.includes('/webhooks/') || /\/channels\/\d+\/messages$/.test(request.route)),
  );
}

/** The message part of a request body: interaction callbacks wrap it in `data`. */
export function messageOf(request: CapturedRequest): any {
  return request.route.endsWith('/callback') ? request.body.data : request.body;
}

/** Every message sent must disable all mentions. */
export function expectNoMentionsAllowed(fake: FakeDiscord): void {
  for (const request of messageBodies(fake)) {
    const message = messageOf(request);
    if (!message || (request.route.endsWith('/callback') && (request.body.type === 5 || request.body.type === 6 || request.body.type === 8))) continue;
    expect(message.allowed_mentions, `${request.method} ${request.route}`).toBeDefined();
    expect(message.allowed_mentions.parse).toEqual([]);
  }
}

/**
 * Checks an answer embed against the corpus: each quoted or bulleted line ending in `[n]`
 * markers, once the bold of a short answer and markdown escapes are undone, is a verbatim slice
 * of the document of citation `n` (from the answer's citations, never from what is displayed),
 * and every marker has its source line "[n] Title — …".
 */
export function expectEmbedVerbatim(embed: any, texts: Map<string, string>, citations: readonly { n: number; docId: string }[], links: string[] = []): number {
  // A marker linked to its quote ("**[\\[1\\]](https://…)**") reads as "**[1]**"; its link is collected.
  const description = String(embed.description ?? '').replace(/\*\*\[\\\[(\d+)\\\]\]\((https?:\/\/[^)\s]+)\)\*\*/g, (_marker, n: string, link: string) => {
    links.push(link);
    return `**[${n}]**`;
  });
  const docIds = new Map(citations.map((citation) => [citation.n, citation.docId]));
  const sourceLines = new Set<number>();
  for (const line of description.split('\n')) {
    const source = /^\*\*\[(\d+)\]\*\* /.exec(line);
    if (source) sourceLines.add(Number(source[1]));
  }
  let checked = 0;
  for (const line of description.split('\n')) {
    // "> text **[1]**", "• **role**: text **[1]**", or "text **[1]****[3]**" when other sources carry the same sentence.
    const cited = /^(?:> |• (?:\*\*.*?\*\*: )?)(.*?) \*\*\[(\d+)\]\*\*((?:\*\*\[\d+\]\*\*)*)$/.exec(line);
    if (!cited) continue;
    for (const copy of cited[3]!.matchAll(/\[(\d+)\]/g)) expect(sourceLines.has(Number(copy[1])), `source line for copy [${copy[1]}]`).toBe(true);
    const n = Number(cited[2]);
    expect(sourceLines.has(n), `source line for [${n}]`).toBe(true);
    const docId = docIds.get(n);
    expect(docId, `citation [${n}]`).toBeDefined();
    const text = texts.get(docId!);
    expect(text, `corpus file for ${docId}`).toBeDefined();
    let shown = unescapeMarkdown(cited[1]!.replace(/(?<!\\)\*\*/g, ''));
    if (shown.endsWith('…')) shown = shown.slice(0, -1);
    expect(text!.includes(shown), `verbatim in ${docId}: ${shown.slice(0, 80)}`).toBe(true);
    checked++;
  }
  return checked;
}

/** Checks the spans of an answer against the files: `fileText.slice(start, end) === text`. */
export function expectAnswerSpansVerbatim(answer: Answer, texts: Map<string, string>): void {
  for (const span of quotedSpansOf(answer)) {
    expect(texts.get(span.docId)!.slice(span.start, span.end)).toBe(span.text);
  }
}

