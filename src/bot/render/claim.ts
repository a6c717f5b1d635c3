import { ButtonStyle, ComponentType } from 'discord.js';
import type { RememberedReply } from '../answer-memory.js';
import { buttonIds } from '../button-ids.js';
import { citedLine, COLORS } from './answer.js';
import { buildCitedEmbed } from './cited-embed.js';
import type { RenderedMessage } from './limits.js';
import { escapeAndTruncate } from './markdown.js';

/**
 * "Check with Verbatim": the claim, then the corpus sentences that bear on it as quotes with
 * their sources, or "The corpus does not say." when nothing answers it. `shareable` adds the
 * Share button (on the private copy only); Show quotes is there whenever something is cited.
 */
export function renderClaimCheck(check: RememberedReply, options: { key: string; shareable: boolean }): RenderedMessage {
  const claim = `Claim: “${escapeAndTruncate(check.question, 400)}”`;
  const embed = check.abstained
    ? buildCitedEmbed({
        title: 'The corpus does not say',
        introMarkdown: `${claim}\nNo indexed article confirms or contradicts it.`,
        blocks: [],
        citations: [],
        footer: 'Checked against the indexed articles only',
        color: COLORS.abstained,
      })
    : buildCitedEmbed({
        title: 'What the articles say about this claim',
        introMarkdown: claim,
        blocks: check.sentences.map((sentence) => ({ kind: 'line', line: citedLine(sentence), style: 'quote' })),
        citations: check.citations,
        footer: 'Sentences quoted word for word; judge the claim against them',
        color: COLORS.answer,
      });
  const buttons = [];
  if (!check.abstained && check.citations.length > 0) buttons.push({ type: ComponentType.Button as const, style: ButtonStyle.Secondary as const, custom_id: buttonIds.quotes(options.key), label: 'Show quotes' });
  if (options.shareable) buttons.push({ type: ComponentType.Button as const, style: ButtonStyle.Primary as const, custom_id: buttonIds.share(options.key), label: 'Share in the channel' });
  return { embeds: [embed], components: buttons.length > 0 ? [{ type: ComponentType.ActionRow, components: buttons }] : [] };
}
