import { SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import type { BotContext } from '../context.js';
import { renderAnswer } from '../render/answer.js';
import { messageOptions, replyEphemeral } from '../respond.js';

/** Discord enforces this too, but options are only validated by the client: check again here. */
export const MAX_QUESTION_LENGTH = 500;

export const data = new SlashCommandBuilder()
  .setName('ask')
  .setDescription('Ask a question; the answer is quoted verbatim from the articles, with sources.')
  .addStringOption((option) =>
    option.setName('question').setDescription('Your question about the news articles').setRequired(true).setMaxLength(MAX_QUESTION_LENGTH),
  );

export async function execute(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  const question = interaction.options.getString('question', true).trim();
  const limit = Math.min(MAX_QUESTION_LENGTH, context.settings.maxQuestionChars);
  if (question.length === 0) return replyEphemeral(interaction, 'Please ask a question.');
  if (question.length > limit) return replyEphemeral(interaction, `Questions can be at most ${limit} characters long.`);
  const wait = context.cooldown.take(interaction.user.id);
  if (wait > 0) return replyEphemeral(interaction, `Please wait ${wait} s before asking again.`);

  // Answering may load the model or the index: always defer (Discord wants a response within 3 s).
  await interaction.deferReply();
  const answer = await context.service.ask(question);
  const generation = answer.generation ?? context.service.currentGeneration();
  const key = context.replies.remember({
    question: answer.question || question,
    abstained: answer.abstained,
    generation,
    sentences: answer.sentences,
    citations: answer.citations,
  });
  await interaction.editReply(messageOptions(renderAnswer(answer, { key, generation })));
  if (interaction.channelId) context.conversations.record(interaction.channelId, question);
}
