import type { VerbatimConfig } from '../config/index.js';
import type { BotSettings } from './context.js';

/** The settings the bot reads from the configuration. */
export function botSettingsFrom(config: VerbatimConfig): BotSettings {
  return {
    moderatorRoleIds: config.MODERATOR_ROLE_IDS,
    allowedGuildIds: config.ALLOWED_GUILD_IDS,
    cooldownSeconds: config.COOLDOWN_SECONDS,
    followUpWindowSeconds: config.FOLLOWUP_WINDOW_SECONDS,
    maxQuestionChars: config.MAX_QUESTION_CHARS,
    reindexProgressIntervalMs: 1500,
    autocompleteTimeoutMs: 2000,
    answerInThreads: config.ANSWER_IN_THREADS,
    messageContentIntent: config.MESSAGE_CONTENT_INTENT,
    autoAnswerForumIds: config.AUTO_ANSWER_FORUM_IDS,
  };
}
