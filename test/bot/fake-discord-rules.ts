/**
 * What Discord refuses, as the fake Discord checks it: message payload limits, autocomplete
 * choices and application-command registration bodies. Each check returns the Discord error the
 * real API would answer with (status, JSON code, message and the path of the offending field),
 * or null when Discord would accept the body. Limits from discord.com/developers/docs
 * (Message, Embed limits, Components, Interactions > Application Commands).
 */

export interface DiscordRefusal {
  status: number;
  code: number;
  message: string;
  /** Where in the body, e.g. `embeds.0.fields.3.value`. */
  path?: string;
}

const invalid = (path: string, message: string): DiscordRefusal => ({ status: 400, code: 50035, message: `Invalid Form Body: ${path}: ${message}`, path });

const length = (value: unknown): number => (typeof value === 'string' ? value.length : 0);

/** Checks one embed; returns its character count towards the 6000 total, or a refusal. */
function checkEmbed(embed: any, path: string): DiscordRefusal | number {
  if (length(embed.title) > 256) return invalid(`${path}.title`, 'Must be 256 or fewer in length.');
  if (length(embed.description) > 4096) return invalid(`${path}.description`, 'Must be 4096 or fewer in length.');
  if (length(embed.footer?.text) > 2048) return invalid(`${path}.footer.text`, 'Must be 2048 or fewer in length.');
  if (length(embed.author?.name) > 256) return invalid(`${path}.author.name`, 'Must be 256 or fewer in length.');
  if (embed.url !== undefined && !/^https?:\/\/\S+$/.test(String(embed.url))) return invalid(`${path}.url`, 'Not a well formed URL.');
  const fields: any[] = embed.fields ?? [];
  if (fields.length > 25) return invalid(`${path}.fields`, 'Must be 25 or fewer in length.');
  let total = length(embed.title) + length(embed.description) + length(embed.footer?.text) + length(embed.author?.name);
  for (const [index, field] of fields.entries()) {
    if (length(field.name) === 0 || length(field.name) > 256) return invalid(`${path}.fields.${index}.name`, 'Must be between 1 and 256 in length.');
    if (length(field.value) === 0 || length(field.value) > 1024) return invalid(`${path}.fields.${index}.value`, 'Must be between 1 and 1024 in length.');
    total += length(field.name) + length(field.value);
  }
  return total;
}

/** Buttons and select menus: 5 rows, 5 buttons or one select menu a row, unique custom ids of at most 100 characters. */
function checkComponents(rows: any[]): DiscordRefusal | null {
  if (rows.length > 5) return invalid('components', 'Must be 5 or fewer in length.');
  const ids = new Set<string>();
  for (const [r, row] of rows.entries()) {
    if (row.type !== 1) return invalid(`components.${r}.type`, 'Top-level components must be action rows.');
    const children: any[] = row.components ?? [];
    if (children.length === 0 || children.length > 5) return invalid(`components.${r}.components`, 'Must be between 1 and 5 in length.');
    const selects = children.filter((child) => child.type !== 2);
    if (selects.length > 0 && children.length > 1) return invalid(`components.${r}.components`, 'A select menu must be alone in its row.');
    for (const [c, child] of children.entries()) {
      const at = `components.${r}.components.${c}`;
      const isLink = child.type === 2 && child.style === 5;
      if (!isLink) {
        if (length(child.custom_id) === 0 || length(child.custom_id) > 100) return invalid(`${at}.custom_id`, 'Must be between 1 and 100 in length.');
        if (ids.has(child.custom_id)) return invalid(`${at}.custom_id`, 'Component custom id cannot be duplicated.');
        ids.add(child.custom_id);
      } else if (child.custom_id !== undefined || !/^https?:\/\//.test(String(child.url))) return invalid(`${at}.url`, 'A link button has a URL and no custom_id.');
      if (child.type === 2) {
        if (length(child.label) > 80) return invalid(`${at}.label`, 'Must be 80 or fewer in length.');
        if (length(child.label) === 0 && !child.emoji) return invalid(`${at}`, 'A button needs a label or an emoji.');
      } else if (child.type === 3) {
        const options: any[] = child.options ?? [];
        if (options.length === 0 || options.length > 25) return invalid(`${at}.options`, 'Must be between 1 and 25 in length.');
        if (length(child.placeholder) > 150) return invalid(`${at}.placeholder`, 'Must be 150 or fewer in length.');
        const values = new Set<string>();
        for (const [o, option] of options.entries()) {
          if (length(option.label) === 0 || length(option.label) > 100) return invalid(`${at}.options.${o}.label`, 'Must be between 1 and 100 in length.');
          if (length(option.value) === 0 || length(option.value) > 100) return invalid(`${at}.options.${o}.value`, 'Must be between 1 and 100 in length.');
          if (length(option.description) > 100) return invalid(`${at}.options.${o}.description`, 'Must be 100 or fewer in length.');
          if (values.has(option.value)) return invalid(`${at}.options.${o}.value`, 'Select option values must be unique.');
          values.add(option.value);
        }
      } else {
        return invalid(`${at}.type`, `Component type ${String(child.type)} is not one the bot should send.`);
      }
    }
  }
  return null;
}

/**
 * A message body (a new message, an interaction response's data, an edit or a follow-up).
 * `partialEdit`: an edit may leave fields out (they keep their value), so emptiness is not checked.
 */
export function messageRefusal(body: any, options: { partialEdit?: boolean } = {}): DiscordRefusal | null {
  if (body === null || typeof body !== 'object') return invalid('body', 'Expected a JSON object.');
  if (length(body.content) > 2000) return invalid('content', 'Must be 2000 or fewer in length.');
  const embeds: any[] = body.embeds ?? [];
  if (embeds.length > 10) return invalid('embeds', 'Must be 10 or fewer in length.');
  let total = 0;
  for (const [index, embed] of embeds.entries()) {
    const checked = checkEmbed(embed, `embeds.${index}`);
    if (typeof checked !== 'number') return checked;
    total += checked;
  }
  if (total > 6000) return invalid('embeds', 'Embed size exceeds maximum size of 6000.');
  const components = checkComponents(body.components ?? []);
  if (components) return components;
  const empty = length(body.content) === 0 && embeds.length === 0 && (body.components ?? []).length === 0 && (body.attachments ?? []).length === 0;
  if (empty && !(options.partialEdit && (body.content === undefined || body.embeds === undefined))) {
    return { status: 400, code: 50006, message: 'Cannot send an empty message' };
  }
  return null;
}

/** An autocomplete response: at most 25 choices, names and values of 1–100 characters. */
export function autocompleteRefusal(data: any): DiscordRefusal | null {
  const choices: any[] = data?.choices;
  if (!Array.isArray(choices)) return invalid('data.choices', 'This field is required.');
  if (choices.length > 25) return invalid('data.choices', 'Must be 25 or fewer in length.');
  for (const [index, choice] of choices.entries()) {
    if (length(choice.name) === 0 || length(choice.name) > 100) return invalid(`data.choices.${index}.name`, 'Must be between 1 and 100 in length.');
    if (typeof choice.value === 'string' && (choice.value.length === 0 || choice.value.length > 100)) return invalid(`data.choices.${index}.value`, 'Must be between 1 and 100 in length.');
  }
  return null;
}

const COMMAND_NAME = /^[-_\p{Ll}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;
const CONTEXT_MENU_NAME = /^.{1,32}$/u;

/** A bulk overwrite of application commands (PUT …/commands). */
export function commandRegistrationRefusal(bodies: unknown): DiscordRefusal | null {
  if (!Array.isArray(bodies)) return invalid('body', 'Expected an array of commands.');
  const seen = new Set<string>();
  let chatInput = 0;
  const menus: Record<number, number> = { 2: 0, 3: 0 };
  for (const [index, body] of (bodies as any[]).entries()) {
    const type = body.type ?? 1;
    const at = String(index);
    if (![1, 2, 3].includes(type)) return invalid(`${at}.type`, 'Value must be one of (1, 2, 3).');
    if (type === 1) {
      chatInput++;
      if (!COMMAND_NAME.test(String(body.name))) return invalid(`${at}.name`, 'Command name is invalid');
      if (length(body.description) === 0 || length(body.description) > 100) return invalid(`${at}.description`, 'Must be between 1 and 100 in length.');
    } else {
      menus[type]!++;
      if (!CONTEXT_MENU_NAME.test(String(body.name))) return invalid(`${at}.name`, 'Must be between 1 and 32 in length.');
      if (body.description !== undefined && body.description !== '') return invalid(`${at}.description`, 'Context menu commands cannot have a description.');
      if (body.options !== undefined && body.options.length > 0) return invalid(`${at}.options`, 'Context menu commands cannot have options.');
    }
    const key = `${type}:${body.name}`;
    if (seen.has(key)) return invalid(`${at}.name`, 'Application command names must be unique');
    seen.add(key);
    const options: any[] = body.options ?? [];
    if (options.length > 25) return invalid(`${at}.options`, 'Must be 25 or fewer in length.');
    const optionNames = new Set<string>();
    let optionalSeen = false;
    let characters = length(body.name) + length(body.description);
    for (const [o, option] of options.entries()) {
      const where = `${at}.options.${o}`;
      if (!COMMAND_NAME.test(String(option.name))) return invalid(`${where}.name`, 'Command name is invalid');
      if (length(option.description) === 0 || length(option.description) > 100) return invalid(`${where}.description`, 'Must be between 1 and 100 in length.');
      if (optionNames.has(option.name)) return invalid(`${where}.name`, 'Option names must be unique');
      optionNames.add(option.name);
      if (option.required) {
        if (optionalSeen) return invalid(`${where}.required`, 'Required options must be placed before non-required options');
      } else optionalSeen = true;
      if (option.autocomplete && option.choices?.length) return invalid(`${where}.autocomplete`, 'Autocomplete cannot be set with choices');
      if ((option.choices ?? []).length > 25) return invalid(`${where}.choices`, 'Must be 25 or fewer in length.');
      if (option.max_length !== undefined && (option.max_length < 1 || option.max_length > 6000)) return invalid(`${where}.max_length`, 'Must be between 1 and 6000.');
      characters += length(option.name) + length(option.description);
    }
    if (characters > 4000) return invalid(at, 'Command exceeds maximum size (4000)');
    if (body.default_member_permissions !== undefined && body.default_member_permissions !== null && !/^\d+$/.test(String(body.default_member_permissions))) {
      return invalid(`${at}.default_member_permissions`, 'Must be a permission bit string.');
    }
  }
  if (chatInput > 100) return invalid('body', 'Must be 100 or fewer chat input commands.');
  if (menus[2]! > 15 || menus[3]! > 15) return invalid('body', 'Must be 15 or fewer context menu commands of each type.');
  return null;
}
