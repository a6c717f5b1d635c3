import type { APIActionRowComponent, APIButtonComponent, APIEmbed, APIStringSelectComponent } from 'discord.js';

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
  rows: 5,
  buttonsPerRow: 5,
  selectOptions: 25,
  selectOptionLabel: 100,
} as const;

/** A message body the bot sends: plain API JSON, so it can be checked without Discord. */
export interface RenderedMessage {
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent | APIStringSelectComponent>[];
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
  if ((message.content ?? '').length === 0 && message.embeds.length === 0 && message.components.length === 0) problems.push('empty');
  if (message.components.length > DISCORD_LIMITS.rows) problems.push('rows');
  const ids = new Set<string>();
  for (const row of message.components) {
    if (row.components.length === 0 || row.components.length > DISCORD_LIMITS.buttonsPerRow) problems.push('row size');
    for (const component of row.components) {
      if ('custom_id' in component) {
        if (component.custom_id.length === 0 || component.custom_id.length > DISCORD_LIMITS.customId) problems.push('custom_id');
        if (ids.has(component.custom_id)) problems.push('duplicate custom_id');
        ids.add(component.custom_id);
      }
      if ('label' in component && (component.label ?? '').length > DISCORD_LIMITS.buttonLabel) problems.push('label');
      if ('options' in component) {
        if (row.components.length > 1) problems.push('select not alone');
        if (component.options.length === 0 || component.options.length > DISCORD_LIMITS.selectOptions) problems.push('select options');
        for (const option of component.options) {
          if (option.label.length === 0 || option.label.length > DISCORD_LIMITS.selectOptionLabel) problems.push('option label');
          if (option.value.length === 0 || option.value.length > DISCORD_LIMITS.selectOptionLabel) problems.push('option value');
        }
      }
    }
  }
  return problems;
}
