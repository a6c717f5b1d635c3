/**
 * Where the bot's data lives. `/add` writes articles into CORPUS_DIR; inside a git checkout they are
 * untracked files that `git clean` or a fresh clone loses, so the bot says so once at start
 * (docs/deploy.md: keep data folders outside the checkout).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

/** The git checkout (the folder holding `.git`) that contains `folder`, or null. */
export function gitCheckoutContaining(folder: string): string | null {
  let current = path.resolve(folder);
  for (;;) {
    if (existsSync(path.join(current, '.git'))) return current;
    const parent = path.dirname(current);
    if (parent === current) return null;
    current = parent;
  }
}

/** The one warning line, or null when CORPUS_DIR is outside any git checkout. */
export function corpusInCheckoutWarning(corpusDir: string): { corpusDir: string; checkout: string; advice: string } | null {
  const checkout = gitCheckoutContaining(corpusDir);
  if (!checkout) return null;
  return {
    corpusDir: path.resolve(corpusDir),
    checkout,
    advice: '/add writes articles inside a git checkout, where git clean or a fresh clone loses them: set CORPUS_DIR (and INDEX_DIR, FEEDBACK_FILE, ANSWER_MEMORY_FILE) to absolute paths outside it (docs/deploy.md).',
  };
}
