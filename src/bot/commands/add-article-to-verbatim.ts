import {
  ApplicationCommandType,
  ContextMenuCommandBuilder,
  InteractionContextType,
  PermissionFlagsBits,
  type Message,
  type MessageContextMenuCommandInteraction,
} from 'discord.js';
import { UserError } from '../../config/index.js';
import type { ArticleInput } from '../../corpus/index.js';
import type { BotContext } from '../context.js';
import { runModeratorRebuild } from '../moderator-rebuild.js';
import { renderAddReport } from '../render/articles.js';

/** Links and article files taken from one message, at most this many. */
const MAX_INPUTS = 5;
const ARTICLE_FILE = /\.(?:html?|txt|md|markdown)$/i;
/** A link in message text; Discord's `<https://…>` (no embed) form included. */
const LINK = /<?(https?:\/\/[^\s<>]+)>?/gi;

export const data = new ContextMenuCommandBuilder()
  .setName('Add article to Verbatim')
  .setType(ApplicationCommandType.Message)
  .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
  .setContexts(InteractionContextType.Guild);

/** The links in a message's text (trailing punctuation of the sentence left off) and its article attachments. */
function articleInputsOf(message: Pick<Message, 'content' | 'attachments'>): ArticleInput[] {
  const inputs: ArticleInput[] = [];
  const seen = new Set<string>();
  for (const match of message.content.matchAll(LINK)) {
    const url = match[1]!.replace(/[.,;:!?)\]'"»”’]+$/u, '');
    if (seen.has(url)) continue;
    seen.add(url);
    inputs.push({ kind: 'url', url });
  }
  for (const attachment of message.attachments.values()) {
    if (ARTICLE_FILE.test(attachment.name)) inputs.push({ kind: 'upload', name: attachment.name, url: attachment.url, size: attachment.size });
  }
  return inputs.slice(0, MAX_INPUTS);
}

export async function execute(interaction: MessageContextMenuCommandInteraction, context: BotContext): Promise<void> {
  const inputs = articleInputsOf(interaction.targetMessage);
  await runModeratorRebuild(interaction, context, {
    action: 'add',
    notDone: 'Not added',
    details: { inputs: inputs.map((input) => input.kind), from: 'message' },
    async run(onProgress) {
      if (inputs.length === 0) throw new UserError('usage', 'That message holds no link and no .html, .txt or .md file: use this on a message that shares an article.');
      return renderAddReport(await context.service.add(inputs, { requestedBy: interaction.user.id, onProgress }));
    },
  });
}
