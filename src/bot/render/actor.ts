import { ButtonStyle, ComponentType, type APIEmbedField } from 'discord.js';
import type { ActorSummary } from '../../actors/types.js';
import { buttonIds, COLORS } from './answer.js';
import { buildCitedEmbed, type DescriptionBlock } from './cited-embed.js';
import { DISCORD_LIMITS, type RenderedMessage } from './limits.js';
import { escapeAndTruncate, truncatePlain } from './markdown.js';

/**
 * The actor summary: aliases, then roles, what the sources say and what the actor said, each line
 * a cited verbatim sentence; related actors in a field; sources as numbered fields.
 */
export function renderActorSummary(summary: ActorSummary, options: { key: string; generation: string | null }): RenderedMessage {
  const footer = `Index ${options.generation ?? 'unknown'}`;
  if (!summary.found || !summary.actor) {
    const suggestions = summary.suggestions.slice(0, 10).map((name) => `**${escapeAndTruncate(name, 100)}**`);
    const description = suggestions.length > 0 ? `Did you mean: ${suggestions.join(', ')}?` : 'Try `/actors` for the names the index knows.';
    return {
      embeds: [
        {
          title: escapeAndTruncate(`No actor matches “${summary.query}”`, DISCORD_LIMITS.embedTitle) || 'No actor matches',
          description,
          color: COLORS.abstained,
          footer: { text: footer },
        },
      ],
      components: [],
    };
  }
  const actor = summary.actor;
  const intro: string[] = [];
  const aliases = actor.aliases.filter((alias) => alias !== actor.name);
  if (aliases.length > 0) intro.push(`Also called: ${escapeAndTruncate(aliases.join(', '), 500)}`);
  intro.push(`${actor.mentions} mention${actor.mentions === 1 ? '' : 's'} in ${actor.docIds.length} article${actor.docIds.length === 1 ? '' : 's'}`);

  const blocks: DescriptionBlock[] = [];
  if (summary.roleEvidence.length > 0) {
    blocks.push({ kind: 'heading', markdown: '**Roles**' });
    for (const role of summary.roleEvidence) {
      blocks.push({ kind: 'line', line: role.sentence, prefixMarkdown: `• **${escapeAndTruncate(role.role, 120)}**: ` });
    }
  }
  if (summary.summary.length > 0) {
    blocks.push({ kind: 'heading', markdown: '**What the sources say**' });
    for (const sentence of summary.summary) blocks.push({ kind: 'line', line: sentence, prefixMarkdown: '• ' });
  }
  if (summary.said.length > 0) {
    blocks.push({ kind: 'heading', markdown: `**What ${escapeAndTruncate(actor.name, 100)} said**` });
    for (const sentence of summary.said) blocks.push({ kind: 'line', line: sentence, prefixMarkdown: '• ' });
  }
  const extraFields: APIEmbedField[] = [];
  if (summary.related.length > 0) {
    const value = escapeAndTruncate(summary.related.map((related) => `${related.name} (${related.count})`).join(', '), DISCORD_LIMITS.fieldValue);
    if (value) extraFields.push({ name: 'Related actors', value });
  }
  const embed = buildCitedEmbed({
    title: `${actor.name} (${actor.kind})`,
    introMarkdown: intro.join('\n'),
    blocks,
    citations: summary.citations,
    footer,
    color: COLORS.actor,
    extraFields,
  });
  return {
    embeds: [embed],
    components:
      summary.citations.length > 0
        ? [
            {
              type: ComponentType.ActionRow,
              components: [{ type: ComponentType.Button, style: ButtonStyle.Secondary, custom_id: buttonIds.quotes(options.key), label: 'Show quotes' }],
            },
          ]
        : [],
  };
}

/** An autocomplete choice name: plain text (not markdown), at most 100 characters. */
export function autocompleteChoiceName(name: string, mentions: number): string {
  return truncatePlain(`${name} (${mentions})`, DISCORD_LIMITS.choiceName) || Array.from(name)[0] || '?';
}
