/**
 * Every entry point's command line, run as a child process the way npm runs it: `--help` prints
 * the usage and exits 0; an unknown flag, a stray word or a flag hidden behind a second `--` is
 * refused with one line and exit 1, before any model or index is touched.
 */
import { describe, expect, it } from 'vitest';
import { parseCommandLine, renderHelp, UsageError, type CommandLineSpec } from '../../src/cli/arguments.js';
import { CLI, runTsx, type Run } from './run-cli.js';

function run(args: string[]): Promise<Run> {
  // An index folder that does not exist: nothing may be built or read for a refused command line.
  return runTsx(args, { PATH: process.env.PATH, HOME: process.env.HOME, INDEX_DIR: '/nonexistent/verbatim-index', CORPUS_DIR: '/nonexistent/verbatim-corpus' });
}

const ENTRY_POINTS: Array<[string, string[]]> = [
  ['index', [CLI, 'index']],
  ['ask', [CLI, 'ask']],
  ['actor', [CLI, 'actor']],
  ['actors', [CLI, 'actors']],
  ['sources', [CLI, 'sources']],
  ['audit-log', [CLI, 'audit-log']],
  ['eval', ['scripts/eval.ts']],
  ['bench', ['scripts/bench.ts']],
  ['deploy-commands', ['scripts/deploy-commands.ts']],
  ['build-model', ['scripts/build-model.ts']],
];

describe('every entry point', () => {
  it.each(ENTRY_POINTS)('%s --help prints its usage and exits 0', async (_, args) => {
    const result = await run([...args, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage: npm run /);
    expect(result.stdout).toContain('--help');
  });

  // The CLI commands share one parser (unit-tested below): one of them stands for all.
  it.each(ENTRY_POINTS.filter(([name]) => !['ask', 'actor', 'actors', 'sources', 'audit-log'].includes(name)))('%s refuses a misspelt flag with one line and exit 1', async (_, args) => {
    const result = await run([...args, '--frce']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain("'--frce'");
  });
});

describe('npm run index', () => {
  it('refuses a flag hidden behind a second -- instead of ignoring it', async () => {
    const result = await run([CLI, 'index', '--json', '--', '--force']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain("'--force'");
  });

  it('refuses a stray word', async () => {
    const result = await run([CLI, 'index', 'now']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Unexpected word 'now'/);
  });

  it('refuses an unknown command with the list of commands', async () => {
    const result = await run([CLI, 'indx']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Unknown command 'indx'.*index\|/);
  });
});

describe('parseCommandLine', () => {
  const spec: CommandLineSpec = {
    usage: 'npm run thing -- [--json] [--name NAME] "words"',
    summary: 'A thing.',
    flags: { json: { type: 'boolean', description: 'JSON' }, name: { type: 'string', description: 'a name' }, secret: { type: 'string', description: 'internal', hidden: true } },
    words: 'text',
  };

  it('joins the words of a text command and reads its flags', () => {
    expect(parseCommandLine(spec, ['--json', 'who', 'is', 'it', '--name', 'x'])).toEqual({ help: false, values: { json: true, name: 'x' }, text: 'who is it', words: ['who', 'is', 'it'] });
  });

  it('keeps the words one by one for a list command (links, files, docIds)', () => {
    const list = { ...spec, words: 'list' as const };
    expect(parseCommandLine(list, ['https://a.example/x y', '--json', './b.txt']).words).toEqual(['https://a.example/x y', './b.txt']);
  });

  it('keeps a word after -- that does not look like a flag', () => {
    expect(parseCommandLine(spec, ['--', '-5 degrees?']).text).toBe('-5 degrees?');
  });

  it.each([
    [['--jsn'], /Unknown option '--jsn'/],
    [['--json=yes'], /'--json' does not take an argument/],
    [['--name'], /'--name <value>' argument missing/],
    [['who', '--', '--json'], /'--json' comes after a second '--'/],
  ])('refuses %j with one line that ends with the usage', (args, reason) => {
    let error: unknown;
    try {
      parseCommandLine(spec, args);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toMatch(reason);
    expect((error as Error).message).toMatch(/Usage: npm run thing .* \(see --help\)$/);
    expect((error as Error).message).not.toContain('\n');
  });

  it('refuses any word for a command that takes none', () => {
    expect(() => parseCommandLine({ ...spec, words: 'none' }, ['--json', 'extra'])).toThrow(/Unexpected word 'extra'/);
  });

  it('lists every flag but the hidden ones in --help', () => {
    expect(parseCommandLine(spec, ['-h']).help).toBe(true);
    const help = renderHelp(spec);
    expect(help).toContain('--name VALUE');
    expect(help).not.toContain('--secret');
  });
});

describe('a word that starts with a dash (a docId "-abc")', () => {
  const list: CommandLineSpec = { usage: 'npm run remove -- [--json] DOC_ID...', summary: 'Removes.', flags: { json: { type: 'boolean', description: 'JSON' } }, words: 'list' };

  it('is read as a word after --, while a known flag hidden there is still refused', () => {
    expect(parseCommandLine(list, ['--', '-abc', '--x-files']).words).toEqual(['-abc', '--x-files']);
    expect(() => parseCommandLine(list, ['--', '-abc', '--json'])).toThrow(/'--json' comes after a second '--'/);
  });

  it('is refused without -- with one line that says to put it after --', () => {
    expect(() => parseCommandLine(list, ['-abc'])).toThrow(/^Unknown option '-a'; a word that starts with '-' goes after '--'[^\n]*$/);
  });
});
