import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildCorpusDocument, processDocument, type ProcessedDocument } from '../../corpus/index.js';

/**
 * A small, fast, seeded PRNG (mulberry32): the same seed gives the same corpus on every machine,
 * so two benchmark runs measure the same work.
 */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Words of the embedded model's vocabulary, most frequent first. The model's `tokenizer.json` is
 * built from GloVe's vocabulary, which is ordered by corpus frequency, so a word's id is its
 * frequency rank. Only plain lower-case words are kept: they read like news text when swapped in.
 */
export async function readFrequencyRankedWords(modelDir: string): Promise<string[]> {
  const tokenizer = JSON.parse(await readFile(path.join(modelDir, 'tokenizer.json'), 'utf8')) as {
    model?: { vocab?: Record<string, number> };
  };
  const vocab = tokenizer.model?.vocab;
  if (!vocab) throw new Error(`${modelDir}/tokenizer.json has no WordPiece vocabulary`);
  return Object.entries(vocab)
    .sort((a, b) => a[1] - b[1])
    .map(([word]) => word)
    .filter((word) => /^[a-z]{2,}$/.test(word));
}

/** Words never swapped: the most frequent ones carry grammar, and swapping them reads as noise. */
const KEEP_TOP_RANKS = 150;
/** Share of the other known words replaced by a word of similar frequency. */
const SWAP_PROBABILITY = 0.6;
/** How far (as a fraction of its rank) a replacement's frequency rank may be from the original's. */
const RANK_SPREAD = 0.1;

/**
 * Rewrites sentences by swapping words for words of similar frequency rank: the result keeps the
 * seed sentence's length, punctuation, capitalisation and word-frequency profile (what BM25, the
 * embedding's SIF weights and the HNSW graph are sensitive to) while its content is new.
 */
export class FrequencyMatchedRewriter {
  private readonly rankOf = new Map<string, number>();

  constructor(
    private readonly words: readonly string[],
    private readonly random: () => number,
  ) {
    words.forEach((word, rank) => this.rankOf.set(word, rank));
  }

  rewrite(sentence: string, swapProbability = SWAP_PROBABILITY): string {
    // Words of two or more letters, never the tail of a contraction or possessive (China’s, don't).
    return sentence.replace(/(?<![\p{L}'’])\p{L}{2,}/gu, (original) => {
      const lower = original.toLowerCase();
      const rank = this.rankOf.get(lower);
      if (rank !== undefined && rank < KEEP_TOP_RANKS) return original;
      if (this.random() >= swapProbability) return original;
      // A word the vocabulary lacks (a name with an accent, a rare spelling) becomes a rare word.
      const centre = Math.min(this.words.length - 1, rank ?? 20_000 + Math.floor(this.random() * 40_000));
      const spread = Math.max(20, Math.round(centre * RANK_SPREAD));
      const high = Math.min(this.words.length - 1, centre + spread);
      const low = Math.min(high, Math.max(KEEP_TOP_RANKS, centre - spread));
      const replacement = this.words[low + Math.floor(this.random() * (high - low + 1))]!;
      return matchCase(original, replacement);
    });
  }
}

function matchCase(original: string, word: string): string {
  if (original.length > 1 && original === original.toUpperCase()) return word.toUpperCase();
  if (original[0] !== original[0]!.toLowerCase()) return word[0]!.toUpperCase() + word.slice(1);
  return word;
}

export interface SyntheticCorpusOptions {
  /** The processed seed documents whose sentences are rewritten. */
  seeds: readonly ProcessedDocument[];
  /** Frequency-ranked vocabulary, see {@link readFrequencyRankedWords}. */
  words: readonly string[];
  /** Stop once the corpus holds at least this many passages (as the index build will cut them). */
  targetPassages: number;
  /** Folder the `.txt` files are written into (created). */
  outDir: string;
  seed?: number;
  /** Sentences per article; default 20. */
  sentencesPerDocument?: number;
}

export interface SyntheticCorpus {
  documents: number;
  passages: number;
  sentences: number;
  /** A few of the generated sentences, for building questions about the corpus. */
  sampleSentences: string[];
}

/**
 * Writes a synthetic news corpus: articles of about 20 sentences in line paragraphs of 2–5
 * sentences, each paragraph a run of consecutive seed sentences rewritten word by word. Every
 * sentence is distinct, so no two passages are identical and none is deduplicated by the build.
 * Passages are counted with the same `processDocument` the index build uses.
 */
export async function writeSyntheticCorpus(options: SyntheticCorpusOptions): Promise<SyntheticCorpus> {
  const random = seededRandom(options.seed ?? 20251125);
  const rewriter = new FrequencyMatchedRewriter(options.words, random);
  const perDocument = options.sentencesPerDocument ?? 20;
  const seedParagraphs = options.seeds.flatMap((doc) => paragraphsOf(doc)).filter((p) => p.length > 0);
  if (seedParagraphs.length === 0) throw new Error('The seed corpus has no sentences to build a synthetic corpus from');
  await mkdir(options.outDir, { recursive: true });

  const seen = new Set<string>();
  const distinct = (sentence: string): string | undefined => {
    for (let attempt = 0; attempt < 4; attempt++) {
      const rewritten = rewriter.rewrite(sentence, attempt === 0 ? SWAP_PROBABILITY : 1);
      if (!seen.has(rewritten)) {
        seen.add(rewritten);
        return rewritten;
      }
    }
    return undefined; // e.g. "Still." — nothing to swap; leave it out rather than repeat it
  };

  const result: SyntheticCorpus = { documents: 0, passages: 0, sentences: 0, sampleSentences: [] };
  while (result.passages < options.targetPassages) {
    const lines: string[] = [];
    let count = 0;
    while (count < perDocument) {
      const source = seedParagraphs[Math.floor(random() * seedParagraphs.length)]!;
      const length = Math.min(source.length, 2 + Math.floor(random() * 4));
      const from = Math.floor(random() * (source.length - length + 1));
      const paragraph = source.slice(from, from + length).map(distinct).filter((s): s is string => s !== undefined);
      if (paragraph.length === 0) continue;
      lines.push(paragraph.join(' '));
      count += paragraph.length;
    }
    const title = headlineOf(lines[0]!);
    const text = `${title}\n\n${lines.join('\n')}\n`;
    const docId = `bench_${String(result.documents).padStart(6, '0')}`;
    const file = `${docId}.txt`;
    const processed = processDocument(buildCorpusDocument({ docId, file, text, meta: { title } }));
    await writeFile(path.join(options.outDir, file), text);
    result.documents += 1;
    result.passages += processed.passages.length;
    result.sentences += processed.sentences.length;
    if (result.sampleSentences.length < 400 && random() < 0.5) {
      const sentence = processed.sentences[1 + Math.floor(random() * (processed.sentences.length - 1))];
      if (sentence) result.sampleSentences.push(sentence.text);
    }
  }
  return result;
}

/** The seed document's sentences grouped by paragraph. */
function paragraphsOf(doc: ProcessedDocument): string[][] {
  const groups = new Map<number, string[]>();
  for (const sentence of doc.sentences) {
    const group = groups.get(sentence.paragraph) ?? [];
    group.push(sentence.text);
    groups.set(sentence.paragraph, group);
  }
  return [...groups.values()];
}

/** A headline from a sentence: its first eight words, without final punctuation. */
function headlineOf(sentence: string): string {
  return sentence.split(/\s+/).slice(0, 8).join(' ').replace(/[.,;:!?"“”’']+$/u, '');
}
