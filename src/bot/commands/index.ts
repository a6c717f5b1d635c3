import { z } from 'zod';
import type { RESTPostAPIApplicationCommandsJSONBody } from 'discord.js';
import type { BotCommand, SlashCommand } from '../context.js';
import * as actor from './actor.js';
import * as actors from './actors.js';
import * as ask from './ask.js';
import * as checkWithVerbatim from './check-with-verbatim.js';
import * as help from './help.js';
import * as reindex from './reindex.js';
import * as sources from './sources.js';
import * as stats from './stats.js';

/**
 * Every command module by file name. The file name must equal the command name; a context-menu
 * command ("Check with Verbatim") lives in the file of its name lower-cased and hyphenated.
 */
export const commandModules: Record<string, unknown> = { ask, actor, actors, sources, help, reindex, stats, 'check-with-verbatim': checkWithVerbatim };

/** The file name a command's module must have. */
export function fileNameOf(commandName: string): string {
  return commandName.toLowerCase().replace(/\s+/g, '-');
}

const isFunction = (value: unknown): value is (...args: never[]) => unknown => typeof value === 'function';

const optionSchema = z.object({
  name: z.string().regex(/^[-_\p{Ll}\p{N}]{1,32}$/u),
  description: z.string().min(1).max(100),
  autocomplete: z.boolean().optional(),
});

const slashBodySchema = z.object({
  type: z.literal(1).optional(),
  name: z.string().regex(/^[-_\p{Ll}\p{N}]{1,32}$/u, 'a lower-case name of 1 to 32 characters'),
  description: z.string().min(1).max(100),
  options: z.array(optionSchema).max(25).optional(),
});

/** Message (3) and user (2) context-menu commands: a name people read, no description, no options. */
const contextMenuBodySchema = z.object({
  type: z.union([z.literal(2), z.literal(3)]),
  name: z.string().min(1).max(32),
  description: z.literal('').optional(),
  options: z.array(z.unknown()).max(0).optional(),
});

const bodySchema = z.union([slashBodySchema, contextMenuBodySchema]);

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
    const wantsAutocomplete = ((body.data.options ?? []) as { autocomplete?: boolean }[]).some((option) => option.autocomplete === true);
    if (wantsAutocomplete && !(command as SlashCommand).autocomplete) throw new CommandModuleError(`${where} has an autocomplete option but exports no autocomplete()`);
    if (commands.has(body.data.name)) throw new CommandModuleError(`${where}: /${body.data.name} is defined twice`);
    commands.set(body.data.name, command);
  }
  return commands;
}

/** The JSON bodies `deploy-commands` sends to Discord, in a stable order. */
export function commandBodies(commands: Map<string, BotCommand> = loadCommands()): RESTPostAPIApplicationCommandsJSONBody[] {
  return [...commands.values()].map((command) => command.data.toJSON());
}
