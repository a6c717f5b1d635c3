/**
 * The stage order of docs/DESIGN.md, checked over the import graph of src/: a stage imports only
 * from stages below it (or from itself), siblings never import each other, and the heavy libraries
 * stay in the one stage that owns them. A test, not a convention, because an import pointing up is
 * easy to write and hard to notice in review.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(import.meta.dirname, '..', 'src');

/** Each stage's level: a stage may import from lower levels only. Equal levels are siblings. */
const STAGE_LEVELS: Record<string, number> = {
  config: 0,
  files: 0,
  text: 1,
  corpus: 2,
  embedding: 2,
  index: 3,
  evidence: 4,
  retrieval: 4,
  answer: 5,
  actors: 5,
  store: 5,
  rebuild: 6,
  service: 7,
  // The source viewer is a front end the bot also hosts: above the service, below the bot.
  viewer: 7.5,
  evaluation: 8,
  bot: 8,
  cli: 8,
};

/** Libraries only one stage may import, so that replacing one touches one folder. */
const OWNED_LIBRARIES: Record<string, string> = {
  'discord.js': 'bot',
  '@xenova/transformers': 'embedding',
  'hnswlib-node': 'index',
  'better-sqlite3': 'index',
  pg: 'store',
  pgvector: 'store',
};

/**
 * Files outside the entry points that may read `process.env`, each for a reason that is not
 * configuration: expanding `~` in a model path, handing a child build process its environment
 * with the secrets filtered out, and giving the LanceDB peer (a benchmark devDependency) the
 * compute threads it needs on two cores, which its native pool reads from the environment only.
 */
const ENVIRONMENT_READERS = new Set([
  'bot/entry.ts',
  'bot/main.ts',
  'cli/main.ts',
  'viewer/main.ts',
  'embedding/create-embedder.ts',
  'rebuild/runners.ts',
  'evaluation/peers/lancedb.ts',
]);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.ts$/.test(name) && !name.endsWith('.d.ts') ? [full] : [];
  });
}

/** The stage of a file under src/: its first folder (files directly in src/, if any, count as the service). */
function stageOf(file: string): string {
  const relative = path.relative(SRC, file);
  const [first] = relative.split(path.sep);
  return relative.includes(path.sep) ? first! : 'service';
}

/** Static and dynamic import specifiers of a file (type-only imports count: they couple too). */
function importsOf(text: string): string[] {
  const specifiers: string[] = [];
  for (const match of text.matchAll(/\b(?:import|export)\s[^'"`;]*?\sfrom\s+['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm)) {
    specifiers.push((match[1] ?? match[2] ?? match[3])!);
  }
  return specifiers;
}

const files = sourceFiles(SRC);

describe('the source layout', () => {
  it('knows the stage of every folder in src/', () => {
    const unknown = [...new Set(files.map(stageOf))].filter((stage) => !(stage in STAGE_LEVELS));
    expect(unknown).toEqual([]);
  });

  it('has no import pointing up the stage order or across to a sibling stage', () => {
    const violations: string[] = [];
    for (const file of files) {
      const from = stageOf(file);
      for (const specifier of importsOf(readFileSync(file, 'utf8'))) {
        if (!specifier.startsWith('.')) continue;
        const target = path.resolve(path.dirname(file), specifier.replace(/\.js$/, '.ts'));
        if (!target.startsWith(SRC)) continue;
        const to = stageOf(target);
        if (to === from) continue;
        if (!(STAGE_LEVELS[to]! < STAGE_LEVELS[from]!)) violations.push(`${path.relative(SRC, file)} → ${path.relative(SRC, target)}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('keeps discord.js, transformers.js, hnswlib and SQLite each in the one stage that owns it', () => {
    const violations: string[] = [];
    for (const file of files) {
      for (const specifier of importsOf(readFileSync(file, 'utf8'))) {
        const owner = OWNED_LIBRARIES[specifier];
        if (owner && stageOf(file) !== owner) violations.push(`${path.relative(SRC, file)} imports ${specifier}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it('reads the environment only in entry points', () => {
    const readers = files
      .filter((file) => /process\.env\b/.test(readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '')))
      .map((file) => path.relative(SRC, file).split(path.sep).join('/'))
      .filter((file) => !ENVIRONMENT_READERS.has(file));
    expect(readers).toEqual([]);
  });

  it('catches an import that points up (the check itself can fail)', () => {
    const specifiers = importsOf("import { Answerer } from '../answer/index.js';\nimport type { X } from './x.js';");
    expect(specifiers).toEqual(['../answer/index.js', './x.js']);
    const file = path.join(SRC, 'index', 'build.ts');
    const target = path.resolve(path.dirname(file), '../answer/index.ts');
    expect(STAGE_LEVELS[stageOf(target)]! < STAGE_LEVELS[stageOf(file)]!).toBe(false);
  });
});
