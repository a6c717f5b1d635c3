import { fileURLToPath } from 'node:url';
import { buildCorpusDocument, processDocument, type ProcessedDocument } from '../../src/corpus/index.js';

/** The seed corpus of the repository (never ../shared: tests must run from a clean clone). */
export const SEED_DIR = fileURLToPath(new URL('../../corpus', import.meta.url));

export const FIVE_MB = 5 * 1024 * 1024;

/** Processes an in-memory text as if it were the file `name`. */
export function processText(text: string, name = 'doc.txt'): ProcessedDocument {
  const docId = name.replace(/\.[^.]+$/, '');
  return processDocument(buildCorpusDocument({ docId, file: name, text }));
}

/** The sentence texts of an in-memory text. */
export function sentenceTexts(text: string, name = 'doc.txt'): string[] {
  return processText(text, name).sentences.map((sentence) => sentence.text);
}
