import { Events, type Client, type Interaction, type Message } from 'discord.js';
import type { VerbatimService } from '../service.js';
import { createReplyMemory } from './answer-memory.js';
import { createButtonHandler } from './buttons.js';
import { createChatHandler } from './chat.js';
import { createDiscordClient } from './client.js';
import { isMessageCommand, loadCommands } from './commands/index.js';
import { NO_MENTIONS, type BotCommand, type BotContext, type BotSettings } from './context.js';
import { createConversationMemory } from './conversation.js';
import { createCooldown } from './cooldown.js';
import { createFeedbackLog } from './feedback.js';
import { explainFailure, isChannelRefusal } from './failures.js';
import { describeError, type Logger } from './logger.js';
import { replyEphemeral } from './respond.js';

export interface BotOptions {
  service: VerbatimService;
  settings: BotSettings;
  logger: Logger;
  feedbackFile: string;
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

/** Creates the client, wires commands, buttons and chat messages to `service`, and logs in. */
export async function startBot(options: BotOptions, token: string): Promise<RunningBot> {
  const commands = options.commands ?? loadCommands();
  const context: BotContext = {
    service: options.service,
    settings: options.settings,
    logger: options.logger,
    cooldown: createCooldown(options.settings.cooldownSeconds),
    replies: createReplyMemory(),
    feedback: createFeedbackLog(options.feedbackFile),
    conversations: createConversationMemory(),
    reindex: { running: false },
  };
  const { logger } = context;
  const client = createDiscordClient({ apiUrl: options.apiUrl });
  const handleButton = createButtonHandler(context);
  const handleMessage = createChatHandler(context);

  const onInteraction = async (interaction: Interaction) => {
    const started = Date.now();
    const what = interaction.isCommand() || interaction.isAutocomplete() ? interaction.commandName : interaction.isButton() ? interaction.customId.split(':').slice(0, 2).join(':') : 'other';
    try {
      if (interaction.isAutocomplete()) {
        const command = commands.get(interaction.commandName);
        if (command && !isMessageCommand(command)) await command.autocomplete?.(interaction, context);
      } else if (interaction.isChatInputCommand()) {
        const command = commands.get(interaction.commandName);
        if (!command || isMessageCommand(command)) return await replyEphemeral(interaction, UNKNOWN_COMMAND);
        await command.execute(interaction, context);
      } else if (interaction.isMessageContextMenuCommand()) {
        const command = commands.get(interaction.commandName);
        if (!command || !isMessageCommand(command)) return await replyEphemeral(interaction, UNKNOWN_COMMAND);
        await command.execute(interaction, context);
      } else if (interaction.isButton()) {
        await handleButton(interaction);
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
