import type { VerbatimConfig } from '../config/index.js';
import type { VerbatimService } from '../service/index.js';
import type { CommandLineSpec, ParsedCommandLine } from './arguments.js';

/** What a command receives from the entry point: its parsed line, the settings, the service. */
export interface CommandContext {
  config: VerbatimConfig;
  commandLine: ParsedCommandLine;
  /** `--json`: print the contract's JSON instead of text. */
  json: boolean;
  /** The service over INDEX_DIR, made on first call (that loads the embedding model). */
  service(): Promise<VerbatimService>;
  /** A notice for the operator on stderr (at LOG_LEVEL info or debug). */
  log(line: string): void;
  /** Writes the JSON of `value` with `--json`, else the text, as one block on stdout. */
  print(value: unknown, text: () => string): void;
  /** Writes a line a person must see but a script reading stdout must not get (a refusal), terminal-escaped. */
  printError(line: string): void;
  stdin: NodeJS.ReadableStream;
  stdout: NodeJS.WritableStream;
}

/**
 * One terminal command (`npm run <name>`), in its own file under `commands/`: what its command
 * line accepts (checked strictly before anything loads) and what it does.
 */
export interface CliCommand {
  /** The word after `src/cli/main.ts`, as the npm script passes it. */
  name: string;
  commandLine: CommandLineSpec;
  /** Resolves with the exit status when it is not 0 on success (`add` exits 1 when an input was refused). */
  run(context: CommandContext): Promise<number | void>;
}
