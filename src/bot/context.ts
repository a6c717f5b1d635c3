import type {
  AutocompleteInteraction,
  ChatInputCommandInteraction,
  MessageContextMenuCommandInteraction,
  MessageMentionOptions,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
  RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from 'discord.js';
import type { VerbatimService } from '../service/index.js';
import type { ConversationMemory } from './conversation.js';
import type { Cooldown } from './cooldown.js';
import type { FeedbackLog } from './feedback.js';
import type { Logger } from './logger.js';
import type { ModeratorPolicy } from './permissions.js';
import type { ReplyMemory } from './answer-memory.js';

/**
 * Never ping anyone: quoted article text and users' questions may contain @everyone, role or
 * user mentions. Sent as the client default and again on every reply, edit and follow-up.
 */
export const NO_MENTIONS: MessageMentionOptions = { parse: [], repliedUser: false };

/** The bot's settings, taken from the configuration by the entry point. */
export interface BotSettings extends ModeratorPolicy {
  cooldownSeconds: number;
  followUpWindowSeconds: number;
  maxQuestionChars: number;
  /** Least time between two progress edits of the `/reindex` message. */
  reindexProgressIntervalMs: number;
  /** Autocomplete must answer within 3 s; give the service this long before answering with nothing. */
  autocompleteTimeoutMs: number;
  /** Answer a mention in a server channel in a new thread on the question. */
  answerInThreads: boolean;
  /** The Message Content intent is requested: replies to the bot without a ping carry their text. */
  messageContentIntent: boolean;
  /** Forum channels whose new posts are answered in their thread. */
  autoAnswerForumIds: readonly string[];
}

/** Everything a command needs, passed in (no globals). */
export interface BotContext {
  service: VerbatimService;
  settings: BotSettings;
  logger: Logger;
  cooldown: Cooldown;
  replies: ReplyMemory;
  feedback: FeedbackLog;
  conversations: ConversationMemory;
  /** One rebuild at a time: /reindex, /add, /remove and the context menu share it. */
  reindex: { running: boolean };
}

/** A slash command module: one file in `src/bot/commands/`. */
export interface SlashCommand {
  data: { name: string; toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody };
  execute(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void>;
  autocomplete?(interaction: AutocompleteInteraction, context: BotContext): Promise<void>;
}

/** A message context-menu command (right-click a message → Apps): one file in `src/bot/commands/`. */
export interface MessageCommand {
  data: { name: string; toJSON(): RESTPostAPIContextMenuApplicationCommandsJSONBody };
  execute(interaction: MessageContextMenuCommandInteraction, context: BotContext): Promise<void>;
}

export type BotCommand = SlashCommand | MessageCommand;
