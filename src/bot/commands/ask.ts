import { MessageFlags, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { askAndRender } from '../ask-flow.js';
import type { BotContext } from '../context.js';
import { messageOptions, replyEphemeral } from '../respond.js';

/** Discord enforces this too, but options are only validated by the client: check again here. */
export const MAX_QUESTION_LENGTH = 500;

export const data = new SlashCommandBuilder()
  .setName('ask')
  .setDescription('Ask a question; the answer is quoted verbatim from the articles, with sources.')
  .addStringOption((option) =>
    option.setName('question').setDescription('Your question about the news articles').setRequired(true).setMaxLength(MAX_QUESTION_LENGTH),
  )
  .addBooleanOption((option) => option.setName('private').setDescription('Show the answer only to you').setRequired(false));

/**
 * The question is checked by the service (empty, too long, no words): its one-line reason comes
 * back as a UserError, which the bot maps once to an ephemeral reply. Only the cooldown and the
 * option's own length are decided here, before anything is deferred.
 */
export async function execute(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  const question = interaction.options.getString('question', true).trim();
  const limit = Math.min(MAX_QUESTION_LENGTH, context.settings.maxQuestionChars);
  if (question.length > limit) return replyEphemeral(interaction, `Questions can be at most ${limit} characters long.`);
  const wait = context.cooldown.take(interaction.user.id);
  if (wait > 0) return replyEphemeral(interaction, `Please wait ${wait} s before asking again.`);

  // Answering may load the model or the index: always defer (Discord wants a response within 3 s).
  const isPrivate = interaction.options.getBoolean('private') ?? false;
  await interaction.deferReply(isPrivate ? { flags: MessageFlags.Ephemeral } : {});
  const { message } = await askAndRender(context, { question, userId: interaction.user.id, channelId: interaction.channelId });
  await interaction.editReply(messageOptions(message));
}
