import { cp, mkdir, mkdtemp, readdir, readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Answer } from '../../src/answer/types.js';
import type { QuotedSpan } from '../../src/evidence/index.js';

/** The repository's seed corpus, for tests that must not touch it. */
export const SEED_CORPUS = path.resolve(import.meta.dirname, '../../corpus');

/** A fresh folder holding a copy of the seed corpus (`corpus/`) and an empty `index/`. */
export async function tempWorkspace(options: { withSeeds?: boolean } = {}): Promise<{ root: string; corpusDir: string; indexDir: string }> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'verbatim-test-'));
  const corpusDir = path.join(root, 'corpus');
  const indexDir = path.join(root, 'index');
  if (options.withSeeds ?? true) {
    await cp(SEED_CORPUS, corpusDir, { recursive: true });
  } else {
    await mkdir(corpusDir, { recursive: true });
  }
  return { root, corpusDir, indexDir };
}

/** Reads every corpus file of a folder as the loader does (UTF-8), keyed by docId. */
export async function readCorpusTexts(corpusDir: string): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  for (const file of await readdir(corpusDir)) {
    if (!/\.(txt|md)$/.test(file)) continue;
    texts.set(file.replace(/\.(txt|md)$/, ''), await readFile(path.join(corpusDir, file), 'utf8'));
  }
  return texts;
}

/**
 * The verbatim property: every quoted span is exactly the file's text at its offsets.
 * Returns the spans that break it (empty when all hold), so a test can show them.
 */
export function nonVerbatimSpans(spans: readonly QuotedSpan[], texts: Map<string, string>): QuotedSpan[] {
  return spans.filter((span) => texts.get(span.docId)?.slice(span.start, span.end) !== span.text || span.text.length === 0);
}

/**
 * Every span an answer quotes: its sentences and also-relevant sentences, their copies in other documents, and each
 * citation's passage. The verbatim property is checked on all of them.
 */
export function quotedSpansOf(answer: Pick<Answer, 'sentences' | 'citations'> & Pick<Partial<Answer>, 'alsoRelevant'>): QuotedSpan[] {
  const span = ({ text, docId, start, end }: QuotedSpan): QuotedSpan => ({ text, docId, start, end });
  return [
    ...[...answer.sentences, ...(answer.alsoRelevant ?? [])].flatMap((sentence) => [span(sentence), ...(sentence.copies ?? []).map(span)]),
    ...answer.citations.map((c) => ({ text: c.quote, docId: c.docId, start: c.start, end: c.end })),
  ];
}
