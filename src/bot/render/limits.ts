import type { APIActionRowComponent, APIButtonComponent, APIEmbed } from 'discord.js';

/** Discord's message limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits). */
export const DISCORD_LIMITS = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  fieldName: 256,
  fieldValue: 1024,
  fields: 25,
  footerText: 2048,
  authorName: 256,
  /** Sum of title, description, field names and values, footer text and author name over all embeds of a message. */
  embedsTotal: 6000,
  embeds: 10,
  buttonLabel: 80,
  customId: 100,
  autocompleteChoices: 25,
  choiceName: 100,
} as const;

/** A message body the bot sends: plain API JSON, so it can be checked without Discord. */
export interface RenderedMessage {
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
}

/** The characters of an embed that count towards Discord's 6000-character total. */
export function embedCharacters(embed: APIEmbed): number {
  let total = (embed.title ?? '').length + (embed.description ?? '').length;
  total += (embed.footer?.text ?? '').length + (embed.author?.name ?? '').length;
  for (const field of embed.fields ?? []) total += field.name.length + field.value.length;
  return total;
}

/** Every limit a message body breaks; empty when Discord would accept it. */
export function limitViolations(message: RenderedMessage): string[] {
  const problems: string[] = [];
  if ((message.content ?? '').length > DISCORD_LIMITS.content) problems.push('content');
  if (message.embeds.length > DISCORD_LIMITS.embeds) problems.push('embeds');
  let total = 0;
  for (const embed of message.embeds) {
    total += embedCharacters(embed);
    if ((embed.title ?? '').length > DISCORD_LIMITS.embedTitle) problems.push('title');
    if ((embed.description ?? '').length > DISCORD_LIMITS.embedDescription) problems.push('description');
    if ((embed.footer?.text ?? '').length > DISCORD_LIMITS.footerText) problems.push('footer');
    const fields = embed.fields ?? [];
    if (fields.length > DISCORD_LIMITS.fields) problems.push('fields');
    for (const field of fields) {
      if (field.name.length === 0 || field.name.length > DISCORD_LIMITS.fieldName) problems.push('field name');
      if (field.value.length === 0 || field.value.length > DISCORD_LIMITS.fieldValue) problems.push('field value');
    }
  }
  if (total > DISCORD_LIMITS.embedsTotal) problems.push('embeds total');
  for (const row of message.components) {
    for (const button of row.components) {
      if ('custom_id' in button && button.custom_id.length > DISCORD_LIMITS.customId) problems.push('custom_id');
      if ('label' in button && (button.label ?? '').length > DISCORD_LIMITS.buttonLabel) problems.push('label');
    }
  }
  return problems;
}
