import { parseArgs } from 'node:util';
import { UserError } from '../config/index.js';

/** A bad command line (an unknown flag, a stray word, a missing value): one line, exit 1. */
export class UsageError extends UserError {
  override name = 'UsageError';
  constructor(message: string) {
    super('usage', message);
  }
}

/** One flag a command accepts. */
export interface FlagSpec {
  type: 'boolean' | 'string';
  /** One line for `--help`. */
  description: string;
  /** The value's placeholder in `--help`, e.g. `FILE`. */
  valueName?: string;
  /** Internal flags (a parent process talking to its child) are accepted but not listed. */
  hidden?: boolean;
}

/** What a command accepts on its command line; the one description `--help` and errors read. */
export interface CommandLineSpec {
  /** How it is run, e.g. `npm run index -- [--json] [--force]`. */
  usage: string;
  /** One or two sentences for `--help`. */
  summary: string;
  flags: Readonly<Record<string, FlagSpec>>;
  /**
   * `none`: any word is refused; `text`: the words are joined into one text (a question, a name);
   * `list`: each word is one item (links, files, docIds), as the shell split them.
   */
  words: 'none' | 'text' | 'list';
}

/** A command line that parsed: its flag values and its words joined by a space. */
export interface ParsedCommandLine {
  help: boolean;
  values: Readonly<Record<string, string | boolean | undefined>>;
  text: string;
  /** The words one by one, for a `list` command. */
  words: readonly string[];
}

/** A {@link UsageError} that gives `reason`, then the command's usage: the one format of a refused command line. */
export function usageError(spec: CommandLineSpec, reason: string): UsageError {
  return new UsageError(`${reason}. Usage: ${spec.usage} (see --help)`);
}

/** A word after `--` that reads like a flag, which the person almost certainly meant as one. */
const FLAG_LIKE = /^--?[A-Za-z]/;

/**
 * Parses `args` strictly against `spec` (node:util parseArgs, strict): an unknown flag, a value
 * where none is taken, a stray word for a command that takes none, or a flag hidden behind an
 * extra `--` is a {@link UsageError} whose message is one line ending with the usage.
 */
export function parseCommandLine(spec: CommandLineSpec, args: readonly string[]): ParsedCommandLine {
  const options: Record<string, { type: 'boolean' | 'string'; short?: string }> = { help: { type: 'boolean', short: 'h' } };
  for (const [name, flag] of Object.entries(spec.flags)) options[name] = { type: flag.type };
  const refuse = (reason: string): never => {
    throw usageError(spec, reason);
  };
  let parsed: ReturnType<typeof parseArgs<{ args: string[]; options: typeof options; strict: true; allowPositionals: true; tokens: true }>>;
  try {
    parsed = parseArgs({ args: [...args], options, strict: true, allowPositionals: true, tokens: true });
  } catch (error) {
    // Node's first sentence names the flag ("Unknown option '--frce'"); the rest is advice for authors.
    const first = (error as Error).message.split('. ')[0]!;
    // A word may start with '-' (a docId "-abc"): after '--' it is read as a word.
    const dashedWord = spec.words !== 'none' && /^Unknown option '-/.test(first) ? "; a word that starts with '-' goes after '--' (npm run <command> -- -- -word)" : '';
    return refuse(`${first}${dashedWord}`);
  }
  const { values, positionals, tokens } = parsed;
  if (values.help === true) return { help: true, values, text: '', words: [] };
  const terminator = tokens.findIndex((token) => token.kind === 'option-terminator');
  if (terminator >= 0) {
    // Only a flag this command knows: any other dashed word after '--' is a word (a docId "-abc").
    const known = new Set(['help', 'h', ...Object.keys(spec.flags)]);
    const namesKnownFlag = (word: string) => FLAG_LIKE.test(word) && known.has(word.replace(/^--?/, '').split('=')[0]!);
    const hidden = tokens.slice(terminator).find((token) => token.kind === 'positional' && namesKnownFlag(token.value));
    if (hidden?.kind === 'positional') {
      refuse(`'${hidden.value}' comes after a second '--', so it would be read as a word, not a flag; npm already removes the first '--'`);
    }
  }
  if (spec.words === 'none' && positionals.length > 0) refuse(`Unexpected word '${positionals[0]}': this command takes no words`);
  return { help: false, values, text: positionals.join(' '), words: positionals };
}

/** The `--help` text of a command: usage, summary, and each flag it accepts. */
export function renderHelp(spec: CommandLineSpec): string {
  const rows: Array<[string, string]> = Object.entries(spec.flags)
    .filter(([, flag]) => !flag.hidden)
    .map(([name, flag]) => [`--${name}${flag.type === 'string' ? ` ${flag.valueName ?? 'VALUE'}` : ''}`, flag.description]);
  rows.push(['--help, -h', 'show this help']);
  const width = Math.max(...rows.map(([left]) => left.length));
  return [`Usage: ${spec.usage}`, '', spec.summary, '', ...rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`)].join('\n');
}

/**
 * {@link parseCommandLine} for an entry point: with `--help` it prints the help on stdout and
 * returns null (the caller then exits 0 having done nothing else).
 */
export function commandLineOrHelp(spec: CommandLineSpec, args: readonly string[]): ParsedCommandLine | null {
  const commandLine = parseCommandLine(spec, args);
  if (!commandLine.help) return commandLine;
  process.stdout.write(`${renderHelp(spec)}\n`);
  return null;
}
