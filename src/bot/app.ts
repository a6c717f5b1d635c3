import { Events, type Client, type Interaction, type Message } from 'discord.js';
import type { VerbatimService } from '../service/index.js';
import { createReplyMemory, createSharedReplyMemory, type RememberedReply } from './answer-memory.js';
import { buttonLogName } from './button-ids.js';
import { createComponentHandler } from './buttons.js';
import { createChatHandler } from './chat.js';
import { createDiscordClient } from './client.js';
import { isMessageCommand, loadCommands } from './commands/index.js';
import { NO_MENTIONS, type BotCommand, type BotContext, type BotSettings, type MessageCommand, type SlashCommand } from './context.js';
import { createConversationMemory } from './conversation.js';
import { createCooldown } from './cooldown.js';
import { explainFailure, isChannelRefusal } from './failures.js';
import { createFeedbackLog } from './feedback.js';
import { describeError, type Logger } from './logger.js';
import { replyEphemeral } from './respond.js';

export interface BotOptions {
  service: VerbatimService;
  settings: BotSettings;
  logger: Logger;
  feedbackFile: string;
  /** Recent answers, kept across restarts so that their buttons keep working; in memory only if absent. */
  answerMemoryFile?: string;
  /** Base URL of the Discord REST API (the real one, or a local fake in tests). */
  apiUrl: string;
  /** Defaults to the modules in src/bot/commands, checked when loaded. */
  commands?: Map<string, BotCommand>;
}

export interface RunningBot {
  client: Client;
  stop(): Promise<void>;
}

const UNKNOWN_COMMAND = 'I do not know that command; it may have been removed. Try /help.';

/** A short name of what an interaction is, for the log. */
function interactionName(interaction: Interaction): string {
  if (interaction.isCommand() || interaction.isAutocomplete()) return interaction.commandName;
  if (interaction.isMessageComponent()) return buttonLogName(interaction.customId);
  return 'other';
}

/** Creates the client, wires commands, buttons and chat messages to `service`, and logs in. */
export async function startBot(options: BotOptions, token: string): Promise<RunningBot> {
  const commands = options.commands ?? loadCommands();
  const { logger } = options;
  // Sorted by kind once, at start-up: an interaction's own type then says which map to look in,
  // instead of rebuilding each command's JSON body on every interaction.
  const slashCommands = new Map<string, SlashCommand>();
  const messageCommands = new Map<string, MessageCommand>();
  for (const [name, command] of commands) {
    if (isMessageCommand(command)) messageCommands.set(name, command);
    else slashCommands.set(name, command);
  }
  const warn = (event: string, fields: Record<string, unknown>) => logger.warn(event, fields);
  // With STORE=postgres the votes and the reply memory are shared by every bot process (shards).
  const shared = (await options.service.sharedBotMemory?.()) ?? null;
  const context: BotContext = {
    service: options.service,
    settings: options.settings,
    logger,
    cooldown: createCooldown(options.settings.cooldownSeconds),
    replies: shared
      ? createSharedReplyMemory(shared.replies<RememberedReply>(), { warn })
      : createReplyMemory({ ...(options.answerMemoryFile ? { file: options.answerMemoryFile } : {}), warn }),
    // With STORE=postgres votes go to the database every process's /stats reads; else FEEDBACK_FILE.
    feedback: shared ? shared.votes : createFeedbackLog(options.feedbackFile),
    conversations: createConversationMemory(),
    reindex: { running: false },
  };
  const client = createDiscordClient({ apiUrl: options.apiUrl, messageContentIntent: options.settings.messageContentIntent });
  const handleComponent = createComponentHandler(context);
  const handleMessage = createChatHandler(context);

  const onInteraction = async (interaction: Interaction) => {
    const started = Date.now();
    const what = interactionName(interaction);
    try {
      if (interaction.isAutocomplete()) {
        await slashCommands.get(interaction.commandName)?.autocomplete?.(interaction, context);
      } else if (interaction.isChatInputCommand()) {
        const command = slashCommands.get(interaction.commandName);
        if (!command) return await replyEphemeral(interaction, UNKNOWN_COMMAND);
        await command.execute(interaction, context);
      } else if (interaction.isMessageContextMenuCommand()) {
        const command = messageCommands.get(interaction.commandName);
        if (!command) return await replyEphemeral(interaction, UNKNOWN_COMMAND);
        await command.execute(interaction, context);
      } else if (interaction.isMessageComponent()) {
        await handleComponent(interaction);
      }
      logger.debug('interaction_handled', { command: what, tookMs: Date.now() - started });
    } catch (error) {
      const explanation = explainFailure(error, logger, 'interaction_failed', { command: what, guildId: interaction.guildId, tookMs: Date.now() - started });
      if (explanation !== null && interaction.isRepliable()) {
        await replyEphemeral(interaction, explanation).catch((replyError: unknown) =>
          logger.warn('error_reply_failed', { command: what, error: describeError(replyError) }),
        );
      }
    }
  };

  const onMessage = async (message: Message) => {
    try {
      await handleMessage(message);
    } catch (error) {
      const explanation = explainFailure(error, logger, 'message_failed', { channelId: message.channelId });
      // A channel that refuses the bot would refuse this reply too: its one log line is enough.
      if (explanation !== null && !isChannelRefusal(error)) {
        await message.reply({ content: explanation, allowedMentions: NO_MENTIONS }).catch((replyError: unknown) =>
          logger.warn('error_reply_failed', { channelId: message.channelId, error: describeError(replyError) }),
        );
      }
    }
  };

  client.on(Events.InteractionCreate, (interaction) => void onInteraction(interaction));
  client.on(Events.MessageCreate, (message) => void onMessage(message));
  client.on(Events.Error, (error) => logger.error('client_error', { error: describeError(error) }));
  client.on(Events.Warn, (message) => logger.warn('client_warning', { message }));
  client.on(Events.ShardResume, (shard, replayed) => logger.info('gateway_resumed', { shard, replayed }));
  client.on(Events.ShardReconnecting, (shard) => logger.info('gateway_reconnecting', { shard }));
  client.once(Events.ClientReady, (ready) => {
    logger.info('ready', { user: ready.user.tag, guilds: ready.guilds.cache.size, commands: [...commands.keys()] });
  });

  await client.login(token);
  return {
    client,
    async stop() {
      await client.destroy();
    },
  };
}
