import { SlashCommandBuilder, type AutocompleteInteraction, type ChatInputCommandInteraction } from 'discord.js';
import { lookupWithinAutocompleteTime } from '../autocomplete.js';
import type { BotContext } from '../context.js';
import { actorFirstPage, autocompleteChoiceName, renderActorSummary } from '../render/actor.js';
import { DISCORD_LIMITS, type RenderedMessage } from '../render/limits.js';
import { messageOptions, replyEphemeral } from '../respond.js';

export const data = new SlashCommandBuilder()
  .setName('actor')
  .setDescription('What the articles say about a person, organisation or country, and what they said.')
  .addStringOption((option) =>
    option.setName('name').setDescription('A name or alias, e.g. Cabello').setRequired(true).setMaxLength(100).setAutocomplete(true),
  );

export async function execute(interaction: ChatInputCommandInteraction, context: BotContext): Promise<void> {
  const name = interaction.options.getString('name', true).trim();
  if (name.length === 0 || name.length > 100) return replyEphemeral(interaction, 'Please give a name of at most 100 characters.');
  const wait = context.cooldown.take(interaction.user.id);
  if (wait > 0) return replyEphemeral(interaction, `Please wait ${wait} s before asking again.`);
  await interaction.deferReply();
  const { message, found } = await rememberActor(context, name);
  // Not found is for the asker only (the close names included); the channel sees dossiers.
  if (!found) return replyEphemeral(interaction, message);
  await interaction.editReply(messageOptions(message));
}

/** Looks an actor up, remembers the dossier for its buttons, and renders its first page. */
export async function rememberActor(context: BotContext, name: string): Promise<{ key: string; message: RenderedMessage; found: boolean }> {
  const summary = await context.service.actor(name);
  // Show quotes under the first page shows that page's quotes, numbered as the page numbers them.
  const page = summary.found ? actorFirstPage(summary) : { key: [], said: [], citations: [] };
  const key = context.replies.remember({
    question: `actor: ${name}`,
    abstained: !summary.found,
    generation: context.service.currentGeneration(),
    sentences: [...page.key, ...page.said],
    citations: page.citations,
    ...(summary.actor ? { actor: summary.actor.name } : {}),
  });
  return { key, message: renderActorSummary(summary, { key }), found: summary.found && summary.actor !== null };
}

/** Never deferred (Discord does not allow it): answer from the registry, or with nothing if it is slow. */
export async function autocomplete(interaction: AutocompleteInteraction, context: BotContext): Promise<void> {
  const typed = interaction.options.getFocused().trim().slice(0, 100);
  const lookup = typed.length === 0 ? context.service.actors(DISCORD_LIMITS.autocompleteChoices) : context.service.suggestActors(typed, DISCORD_LIMITS.autocompleteChoices);
  const actors = await lookupWithinAutocompleteTime(lookup, context, 'actor');
  const seen = new Set<string>();
  const choices: { name: string; value: string }[] = [];
  for (const actor of actors) {
    // The value is sent back as the option and must be the whole name (Discord allows 100 characters).
    const value = actor.name;
    if (value.length > 100 || seen.has(value) || value.trim().length === 0) continue;
    seen.add(value);
    choices.push({ name: autocompleteChoiceName(actor.name, actor.mentions), value });
    if (choices.length === DISCORD_LIMITS.autocompleteChoices) break;
  }
  await interaction.respond(choices);
}
