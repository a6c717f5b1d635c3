import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { Embedder } from '../embedding/embedder.js';
import { buildIndexGeneration, loadServedGeneration, type IndexGeneration } from '../index/index.js';

const squadSchema = z.object({
  data: z.array(
    z.object({
      title: z.string(),
      paragraphs: z.array(
        z.object({
          context: z.string(),
          qas: z.array(
            z.object({
              id: z.string(),
              question: z.string(),
              is_impossible: z.boolean().optional(),
              answers: z.array(z.object({ text: z.string() })),
            }),
          ),
        }),
      ),
    }),
  ),
});

export type SquadFile = z.infer<typeof squadSchema>;

export function parseSquad(json: string): SquadFile {
  let data: unknown;
  try {
    data = JSON.parse(json);
  } catch {
    throw new Error('The SQuAD file is not valid JSON. Pass a file in the SQuAD 2.0 format.');
  }
  const parsed = squadSchema.safeParse(data);
  if (!parsed.success) throw new Error('The file is not in the SQuAD format (data[].paragraphs[].qas[]). Pass a SQuAD 2.0 file.');
  return parsed.data;
}

/** A SQuAD question and where its paragraph starts in the written corpus. */
export interface SquadQuestion {
  question: string;
  /** Gold answers; empty for a question the paragraph does not answer. */
  answers: string[];
  docId: string;
  paragraphStart: number;
}

/**
 * Writes one corpus file per SQuAD article (paragraphs separated by a blank line) and returns
 * the answerable questions with the offset of their paragraph (and, with `unanswerable`, collects
 * the questions SQuAD 2.0 marks impossible: asked of an article that does not answer them).
 */
export async function writeSquadCorpus(squad: SquadFile, corpusDir: string, unanswerable: SquadQuestion[] = []): Promise<SquadQuestion[]> {
  await mkdir(corpusDir, { recursive: true });
  const questions: SquadQuestion[] = [];
  for (const [articleNumber, article] of squad.data.entries()) {
    const docId = squadDocId(articleNumber);
    let text = '';
    for (const paragraph of article.paragraphs) {
      if (text.length > 0) text += '\n\n';
      const paragraphStart = text.length;
      // A blank line inside a context (a news article's headline and paragraphs) stays a paragraph
      // break, as in a corpus file: a headline without a full stop is no part of the lede's sentence.
      text += paragraph.context.trim().split(/\s*\n\s*\n\s*/).map((part) => part.replace(/\s*\n\s*/g, ' ')).join('\n\n');
      for (const qa of paragraph.qas) {
        if (qa.is_impossible || qa.answers.length === 0) {
          unanswerable.push({ question: qa.question, answers: [], docId, paragraphStart });
          continue;
        }
        questions.push({ question: qa.question, answers: qa.answers.map((a) => a.text), docId, paragraphStart });
      }
    }
    await writeFile(path.join(corpusDir, `${docId}.txt`), `${text}\n`);
  }
  return questions;
}

/** A SQuAD file written as a corpus and indexed, with its answerable questions. */
export interface IndexedSquad {
  generation: IndexGeneration;
  questions: SquadQuestion[];
  /** The questions SQuAD 2.0 marks impossible. */
  unanswerable: SquadQuestion[];
  /** The document id the article at this position of the file was written as. */
  docIdOf(article: number): string;
}

/** Writes a SQuAD file as one corpus file per article under `folder` and indexes it there. */
export async function indexSquadCorpus(squad: SquadFile, folder: string, embedder: Embedder): Promise<IndexedSquad> {
  const corpusDir = path.join(folder, 'corpus');
  const indexDir = path.join(folder, 'index');
  const unanswerable: SquadQuestion[] = [];
  const questions = await writeSquadCorpus(squad, corpusDir, unanswerable);
  await buildIndexGeneration({ corpusDir, indexDir, embedder, maxFileBytes: 50 * 1024 * 1024 });
  return { generation: await loadServedGeneration(indexDir, embedder), questions, unanswerable, docIdOf: squadDocId };
}

/** The document id of the SQuAD article at a position of its file. */
function squadDocId(article: number): string {
  return `squad_${String(article).padStart(3, '0')}`;
}

/**
 * Whether a document written by {@link writeSquadCorpus} is of an even-numbered article: the half
 * the tuning fits on, the odd half reporting how the fit does on articles it never read.
 */
export function isEvenArticle(docId: string): boolean {
  return Number(docId.slice(-3)) % 2 === 0;
}
