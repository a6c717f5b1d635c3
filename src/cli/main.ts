/**
 * The terminal entry point: `npm run index|ask|actor|actors|sources|audit-log|stats|add|remove`, as CONTRACT.md
 * describes; each command lives in its own file under `commands/`. The command line is checked
 * strictly before settings are read or anything loads. Exit status 0 on success (an abstention
 * included), 1 on a user error with one line on stderr, 2 on an internal fault.
 */
import 'dotenv/config';
import { loadConfig } from '../config/index.js';
import { createEmbedder, embedderSettingsOf } from '../embedding/index.js';
import { createVerbatimService, type VerbatimService } from '../service/index.js';
import { commandLineOrHelp, UsageError } from './arguments.js';
import type { CliCommand, CommandContext } from './command.js';
import * as commands from './commands/index.js';
import { runEntryPoint } from './exit.js';
import { escapeForTerminal } from './terminal-text.js';

const COMMANDS: readonly CliCommand[] = Object.values(commands);

async function main(argv: readonly string[]): Promise<number | void> {
  const [name, ...args] = argv;
  const command = COMMANDS.find((candidate) => candidate.name === name);
  if (!command) {
    const known = COMMANDS.map((candidate) => candidate.name).join('|');
    throw new UsageError(`${name ? `Unknown command '${name}'` : 'No command given'}. Usage: npm run <${known}> -- [--help]`);
  }
  const commandLine = commandLineOrHelp(command.commandLine, args);
  if (!commandLine) return;
  const config = loadConfig(process.env);
  const json = commandLine.values.json === true;
  // Notices go to stderr at LOG_LEVEL info or debug; a user error stays one line.
  const toStderr = (line: string) => process.stderr.write(`${escapeForTerminal(line)}\n`);
  const log = ['debug', 'info'].includes(config.LOG_LEVEL) ? toStderr : () => {};
  // Routine detail (the model that loaded) is for LOG_LEVEL=debug, or a person at a terminal;
  // never for a script reading --json.
  const debug = config.LOG_LEVEL === 'debug' || (config.LOG_LEVEL === 'info' && process.stderr.isTTY && !json) ? toStderr : () => {};
  // The model loads on the first call that needs it: stats and audit-log only read files.
  let service: VerbatimService | null = null;
  const embedder = () => createEmbedder({ ...embedderSettingsOf(config), log, debug });
  const context: CommandContext = {
    config,
    commandLine,
    json,
    log,
    // A question the corpus cannot answer is recorded for moderators (npm run stats), as in the bot.
    // A command that rebuilds (index, add, remove) ends with the build: it does not load what it built.
    service: async () => (service ??= createVerbatimService(config, { embedder, log, logBuildFailures: false, recordUnanswered: true, serveAfterRebuild: false })),
    print: (value, text) => process.stdout.write(json ? `${JSON.stringify(value)}\n` : `${escapeForTerminal(text())}\n`),
    printError: (line) => process.stderr.write(`${escapeForTerminal(line)}\n`),
    stdin: process.stdin,
    stdout: process.stdout,
  };
  try {
    return await command.run(context);
  } finally {
    // With STORE=postgres the service holds connections that would keep the process alive.
    await (service as VerbatimService | null)?.close?.();
  }
}

runEntryPoint(() => main(process.argv.slice(2)), { debug: process.env.LOG_LEVEL?.toLowerCase() === 'debug' });
