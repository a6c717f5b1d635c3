import path from 'node:path';
import { createAnswerer } from '../../answer/index.js';
import type { Embedder } from '../../embedding/embedder.js';
import { buildIndexGeneration, loadServedGeneration } from '../../index/index.js';
import type { PeerEngine, PeerPassage, PeerSearcher } from './types.js';

/**
 * An embedder that answers from vectors computed once for the benchmark, under the real model's
 * id, and embeds with the model only what it was not given. Verbatim's build embeds sentences (a
 * passage's vector is their mean direction), so its sentences are embedded here, in the build
 * it is timed on; the peers index the passage vectors computed once for all of them.
 */
class PrecomputedEmbedder implements Embedder {
  readonly id: string;
  readonly dims: number;
  private readonly byText = new Map<string, Float32Array>();
  constructor(
    private readonly model: Embedder,
    passages: readonly PeerPassage[],
    vectors: readonly Float32Array[],
  ) {
    this.id = model.id;
    this.dims = model.dims;
    passages.forEach((p, i) => this.byText.set(p.text, vectors[i]!));
  }
  async embed(texts: string[]): Promise<Float32Array[]> {
    const missing = [...new Set(texts.filter((text) => !this.byText.has(text)))];
    if (missing.length > 0) (await this.model.embed(missing)).forEach((vector, i) => this.byText.set(missing[i]!, vector));
    return texts.map((text) => this.byText.get(text)!);
  }
}

/**
 * Verbatim itself, measured like the peers: its build over the corpus folder with the given
 * vectors, its generation loaded from disk, and its hybrid retriever (vector + lexical, fused)
 * behind the question reader the bot uses, with no per-document cap below `k`.
 */
export class VerbatimPeer implements PeerEngine {
  readonly name = 'verbatim';

  constructor(
    private readonly model: Embedder,
    private readonly corpusDir: string,
  ) {}

  async build(passages: readonly PeerPassage[], vectors: readonly Float32Array[], dir: string): Promise<void> {
    const embedder = new PrecomputedEmbedder(this.model, passages, vectors);
    await buildIndexGeneration({ corpusDir: this.corpusDir, indexDir: path.join(dir, 'index'), embedder, maxFileBytes: 50 * 1024 * 1024, keepGenerations: 1, force: true });
  }

  async open(dir: string): Promise<PeerSearcher> {
    const generation = await loadServedGeneration(path.join(dir, 'index'), this.model);
    const answerer = createAnswerer(generation, this.model, { maxQuestionChars: 1000 });
    const { questions, retriever } = answerer.stages;
    // The retrieval blend the answer model names, wider: the passages a question's answer is read from.
    const { lexicalWeight } = answerer.retrieval;
    return {
      embedsQuestion: true,
      // The question reader embeds the question itself (the same model, the same vector).
      search: async (question, _vector, k) => {
        const prepared = await questions.prepare(question);
        return (await retriever.retrieve(prepared, { limit: k, perDocumentCap: k, lexicalWeight })).map((hit) => hit.passage.id);
      },
      close: async () => generation.close(),
    };
  }
}
