import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { Answerer } from '../answer/index.js';
import type { Passage } from '../corpus/types.js';
import type { Embedder } from '../embedding/embedder.js';
import { buildIndexGeneration, loadServedGeneration } from '../index/index.js';
import { HybridRetriever } from '../retrieval/index.js';

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

/** The `eval --json` object of CONTRACT.md. */
export interface SquadReport {
  dataset: string;
  questions: number;
  paragraphRecallAt1: number;
  paragraphRecallAt5: number;
  sentenceTop1: number;
  sentenceTop3: number;
  abstainedAnswerable: number;
  p50Ms: number;
  p95Ms: number;
}

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

/** SQuAD's answer normalisation: lower case, no punctuation, no articles, single spaces. */
export function normaliseAnswer(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\p{P}\p{S}]/gu, ' ')
    .replace(/\b(a|an|the)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function containsAnswer(sentence: string, answers: string[]): boolean {
  const haystack = ` ${normaliseAnswer(sentence)} `;
  return answers.some((answer) => {
    const needle = normaliseAnswer(answer);
    return needle.length > 0 && haystack.includes(needle);
  });
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;
}

/**
 * Open-corpus evaluation: every article becomes one document (paragraphs separated by a blank
 * line), all indexed together; every answerable question is asked through the same Answerer the
 * bot uses. Paragraph recall is measured on the retriever's ranking.
 */
export async function evaluateSquad(
  squad: SquadFile,
  options: { dataset: string; embedder: Embedder; maxQuestionChars: number; onProgress?: (done: number, total: number) => void },
): Promise<SquadReport> {
  const workDir = await mkdtemp(path.join(os.tmpdir(), 'verbatim-squad-'));
  try {
    const corpusDir = path.join(workDir, 'corpus');
    const indexDir = path.join(workDir, 'index');
    const questions = await writeSquadCorpus(squad, corpusDir);
    await buildIndexGeneration({ corpusDir, indexDir, embedder: options.embedder, maxFileBytes: 50 * 1024 * 1024 });
    const generation = await loadServedGeneration(indexDir, options.embedder);
    const answerer = new Answerer(generation, options.embedder, { maxQuestionChars: options.maxQuestionChars });
    const retriever = new HybridRetriever(generation);

    // Paragraph of a passage or an offset, from the sentences the generation already holds.
    const paragraphOfPassage = (passage: Passage) => generation.sentence(generation.sentencePosition(passage.docId, passage.sentenceIndexes[0]!)!)!.paragraph;
    const paragraphAt = (docId: string, offset: number) => generation.sentencesOf(docId).find((s) => s.end > offset)?.paragraph;

    let recallAt1 = 0, recallAt5 = 0, top1 = 0, top3 = 0, abstained = 0;
    const latencies: number[] = [];
    for (const [i, q] of questions.entries()) {
      const [vector] = await options.embedder.embed([q.question]);
      const paragraphs: string[] = [];
      for (const hit of retriever.retrieve(q.question, vector!, { limit: 20, perDocumentCap: 20 })) {
        const key = `${hit.passage.docId}:${paragraphOfPassage(hit.passage)}`;
        if (!paragraphs.includes(key)) paragraphs.push(key);
      }
      const goldKey = `${q.docId}:${paragraphAt(q.docId, q.paragraphStart)}`;
      if (paragraphs[0] === goldKey) recallAt1++;
      if (paragraphs.slice(0, 5).includes(goldKey)) recallAt5++;

      const started = performance.now();
      const { answer, ranked } = await answerer.answerWithCandidates(q.question);
      latencies.push(performance.now() - started);
      if (answer.abstained) {
        abstained++;
      } else {
        if (answer.sentences[0] && containsAnswer(answer.sentences[0].text, q.answers)) top1++;
      }
      if (ranked.slice(0, 3).some((s) => containsAnswer(s.sentence.text, q.answers))) top3++;
      options.onProgress?.(i + 1, questions.length);
    }
    latencies.sort((a, b) => a - b);
    const n = Math.max(1, questions.length);
    const round = (x: number) => Math.round(x * 1000) / 1000;
    return {
      dataset: options.dataset,
      questions: questions.length,
      paragraphRecallAt1: round(recallAt1 / n),
      paragraphRecallAt5: round(recallAt5 / n),
      sentenceTop1: round(top1 / n),
      sentenceTop3: round(top3 / n),
      abstainedAnswerable: round(abstained / n),
      p50Ms: round(percentile(latencies, 0.5)),
      p95Ms: round(percentile(latencies, 0.95)),
    };
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

/** An answerable SQuAD question and where its paragraph starts in the written corpus. */
export interface SquadQuestion {
  question: string;
  answers: string[];
  docId: string;
  paragraphStart: number;
}

/**
 * Writes one corpus file per SQuAD article (paragraphs separated by a blank line) and returns
 * the answerable questions with the offset of their paragraph.
 */
export async function writeSquadCorpus(squad: SquadFile, corpusDir: string): Promise<SquadQuestion[]> {
  await mkdir(corpusDir, { recursive: true });
  const questions: SquadQuestion[] = [];
  for (const [articleNumber, article] of squad.data.entries()) {
    const docId = `squad_${String(articleNumber).padStart(3, '0')}`;
    let text = '';
    for (const paragraph of article.paragraphs) {
      if (text.length > 0) text += '\n\n';
      const paragraphStart = text.length;
      text += paragraph.context.replace(/\s*\n\s*/g, ' ').trim();
      for (const qa of paragraph.qas) {
        if (qa.is_impossible || qa.answers.length === 0) continue;
        questions.push({ question: qa.question, answers: qa.answers.map((a) => a.text), docId, paragraphStart });
      }
    }
    await writeFile(path.join(corpusDir, `${docId}.txt`), `${text}\n`);
  }
  return questions;
}
