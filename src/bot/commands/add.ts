import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder, type ChatInputCommandInteraction } from 'discord.js';
import { UserError } from '../../config/index.js';
import type { ArticleInput } from '../../corpus/index.js';
import type { BotContext } from '../context.js';
import { runModeratorRebuild } from '../moderator-rebuild.js';
import { renderAddReport } from '../render/articles.js';

/** Longest link accepted in the option; Discord's own limit for a string option is 6000. */
const MAX_URL_CHARS = 2000;

export const data = new SlashCommandBuilder()
  .setName('add')
  .setDescription('Add an article to the corpus from a link or an uploaded .html, .txt or .md file (moderators).')
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .setContexts(InteractionContextType.Guild)
  .addStringOption((option) => option.setName('url').setDescription('The article’s address (http or https)').setRequired(false).setMaxLength(MAX_URL_CHARS))
  .addAttachmentOption((option) => option.setName('file').setDescription('The article as an .html, .txt or .md file').setRequired(false));

export async function execute(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  const url = interaction.options.getString('url')?.trim();
  const file = interaction.options.getAttachment('file');
  const inputs: ArticleInput[] = [];
  if (url) inputs.push({ kind: 'url', url: url.slice(0, MAX_URL_CHARS) });
  if (file) inputs.push({ kind: 'upload', name: file.name, url: file.url, size: file.size });
  await runModeratorRebuild(interaction, context, {
    action: 'add',
    notDone: 'Not added',
    details: { inputs: inputs.map((input) => input.kind) },
    async run(onProgress) {
      // Options are checked by the Discord client only: both may be missing.
      if (inputs.length === 0) throw new UserError('usage', 'Give the article’s `url`, or attach it as a `file` (.html, .txt or .md).');
      return renderAddReport(await context.service.add(inputs, { requestedBy: interaction.user.id, onProgress }));
    },
  });
}
