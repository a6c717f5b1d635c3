import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Answer, AnswerSentence } from '../../src/answer/types.js';
import type { Citation, CitedSentence, QuotedSpan } from '../../src/evidence/index.js';
import { createEmbedder, type Embedder } from '../../src/embedding/index.js';
import { buildIndexGeneration, loadServedGeneration, type IndexGeneration } from '../../src/index/index.js';
import { temporaryFolder } from './temp-folders.js';

/** The repository's seed corpus, for tests that must not touch it. */
export const SEED_CORPUS = path.resolve(import.meta.dirname, '../../corpus');

/**
 * A fresh folder holding a copy of the seed corpus (`corpus/`) and an empty `index/`, removed
 * when the test file ends.
 */
export async function tempWorkspace(options: { withSeeds?: boolean } = {}): Promise<{ root: string; corpusDir: string; indexDir: string }> {
  const root = await temporaryFolder();
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
 * Every span an answer quotes: its sentences and also-relevant sentences, their short answers,
 * their copies in other documents, and each citation's passage. The verbatim property is checked
 * on all of them.
 */
export function quotedSpansOf(answer: Pick<Answer, 'sentences' | 'citations'> & Pick<Partial<Answer>, 'alsoRelevant'>): QuotedSpan[] {
  const span = ({ text, docId, start, end }: QuotedSpan): QuotedSpan => ({ text, docId, start, end });
  return [
    ...[...answer.sentences, ...(answer.alsoRelevant ?? [])].flatMap((sentence: AnswerSentence) => [
      span(sentence),
      ...(sentence.answerSpan ? [{ ...sentence.answerSpan, docId: sentence.docId }] : []),
      ...(sentence.copies ?? []).map(span),
    ]),
    ...answer.citations.map((c) => ({ text: c.quote, docId: c.docId, start: c.start, end: c.end })),
  ];
}

/**
 * The quoted sentences (and copies) whose range is not listed in their citation's `spans`, and
 * the short answers that stray outside their sentence: empty when every quote can be checked
 * against what its citation lists.
 */
export function quotesOutsideTheirCitations(reply: { sentences: readonly CitedSentence[]; alsoRelevant?: readonly CitedSentence[]; citations: readonly Citation[] }): string[] {
  const problems: string[] = [];
  const byNumber = new Map(reply.citations.map((c) => [c.n, c]));
  for (const sentence of [...reply.sentences, ...(reply.alsoRelevant ?? [])] as readonly AnswerSentence[]) {
    for (const quoted of [sentence, ...(sentence.copies ?? [])]) {
      const citation = byNumber.get(quoted.citation);
      const listed = citation?.docId === quoted.docId && citation.spans.some((r) => r.start <= quoted.start && quoted.end <= r.end);
      if (!listed) problems.push(`${quoted.docId} ${quoted.start}-${quoted.end} not in citation [${quoted.citation}]`);
    }
    const short = sentence.answerSpan;
    if (short && (short.start < sentence.start || short.end > sentence.end || short.end <= short.start)) {
      problems.push(`answer span ${short.start}-${short.end} outside its sentence ${sentence.start}-${sentence.end}`);
    }
  }
  return problems;
}

/**
 * A generation built and loaded from a few articles written for a test (`name` → `.txt` text),
 * with the embedded model; the corpus texts come back too, for verbatim checks.
 */
export async function generationOfArticles(articles: Record<string, string>): Promise<{
  generation: IndexGeneration;
  embedder: Embedder;
  texts: Map<string, string>;
}> {
  const { corpusDir, indexDir } = await tempWorkspace({ withSeeds: false });
  for (const [name, text] of Object.entries(articles)) await writeFile(path.join(corpusDir, `${name}.txt`), text);
  const embedder = await createEmbedder({ model: 'embedded', modelsDir: path.resolve('models'), allowRemoteModels: false });
  await buildIndexGeneration({ corpusDir, indexDir, embedder, maxFileBytes: 1_000_000 });
  return { generation: await loadServedGeneration(indexDir, embedder), embedder, texts: await readCorpusTexts(corpusDir) };
}
