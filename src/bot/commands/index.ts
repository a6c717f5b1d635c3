import { z } from 'zod';
import { ApplicationCommandType, type RESTPostAPIApplicationCommandsJSONBody } from 'discord.js';
import type { BotCommand, MessageCommand, SlashCommand } from '../context.js';
import * as actor from './actor.js';
import * as actors from './actors.js';
import * as add from './add.js';
import * as addArticleToVerbatim from './add-article-to-verbatim.js';
import * as ask from './ask.js';
import * as help from './help.js';
import * as reindex from './reindex.js';
import * as remove from './remove.js';
import * as sources from './sources.js';
import * as stats from './stats.js';

/**
 * Every command module by file name. The file name must equal the command name; for a message
 * context-menu command ("Add article to Verbatim") it is the name in lower case with hyphens.
 */
export const commandModules: Record<string, unknown> = {
  ask,
  actor,
  actors,
  sources,
  help,
  reindex,
  stats,
  add,
  remove,
  'add-article-to-verbatim': addArticleToVerbatim,
};

const isFunction = (value: unknown): value is (...args: never[]) => unknown => typeof value === 'function';

const optionSchema = z.object({
  name: z.string().regex(/^[-_\p{Ll}\p{N}]{1,32}$/u),
  description: z.string().min(1).max(100),
  autocomplete: z.boolean().optional(),
});

const slashBodySchema = z.object({
  type: z.literal(ApplicationCommandType.ChatInput).optional(),
  name: z.string().regex(/^[-_\p{Ll}\p{N}]{1,32}$/u, 'a lower-case name of 1 to 32 characters'),
  description: z.string().min(1).max(100),
  options: z.array(optionSchema).max(25).optional(),
});

const messageBodySchema = z.object({
  type: z.literal(ApplicationCommandType.Message),
  name: z.string().min(1).max(32),
});

const bodySchema = z.union([messageBodySchema, slashBodySchema]);

/** The file name a command's module must have. */
const fileNameOf = (name: string) => name.toLowerCase().replace(/\s+/g, '-');

/** Whether a loaded command is a message context-menu command (its body's type says so). */
export function isMessageCommand(command: BotCommand): command is MessageCommand {
  return command.data.toJSON().type === ApplicationCommandType.Message;
}

const moduleSchema = z.object({
  data: z.object({ name: z.string(), toJSON: z.custom(isFunction, 'a toJSON() method (use SlashCommandBuilder)') }),
  execute: z.custom(isFunction, 'an execute(interaction, context) function'),
  autocomplete: z.custom(isFunction, 'an autocomplete(interaction, context) function').optional(),
});

/** A command module that does not have the expected shape: start-up must stop with this message. */
export class CommandModuleError extends Error {
  override name = 'CommandModuleError';
}

/**
 * Checks every command module and returns them by command name. Throws a
 * {@link CommandModuleError} naming the file and the problem, so a malformed module fails loudly at
 * start-up rather than when someone first runs the command.
 */
export function loadCommands(modules: Record<string, unknown> = commandModules): Map<string, BotCommand> {
  const commands = new Map<string, BotCommand>();
  for (const [file, candidate] of Object.entries(modules)) {
    const where = `src/bot/commands/${file}.ts`;
    const parsed = moduleSchema.safeParse(candidate);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw new CommandModuleError(`${where} is not a valid command module: ${issue.path.join('.') || 'module'}: ${issue.message}`);
    }
    const command = candidate as BotCommand;
    const body = bodySchema.safeParse(command.data.toJSON());
    if (!body.success) {
      const issue = body.error.issues[0]!;
      throw new CommandModuleError(`${where} has an invalid command body: ${issue.path.join('.')}: ${issue.message}`);
    }
    if (fileNameOf(body.data.name) !== file) throw new CommandModuleError(`${where} registers /${body.data.name}; the file name must match the command name`);
    const wantsAutocomplete = 'options' in body.data && (body.data.options ?? []).some((option) => option.autocomplete === true);
    if (wantsAutocomplete && !(command as SlashCommand).autocomplete) throw new CommandModuleError(`${where} has an autocomplete option but exports no autocomplete()`);
    if (commands.has(body.data.name)) throw new CommandModuleError(`${where}: /${body.data.name} is defined twice`);
    commands.set(body.data.name, command);
  }
  return commands;
}

/** The JSON bodies `deploy-commands` sends to Discord (slash and context-menu commands), in a stable order. */
export function commandBodies(commands: Map<string, BotCommand> = loadCommands()): RESTPostAPIApplicationCommandsJSONBody[] {
  return [...commands.values()].map((command) => command.data.toJSON());
}
