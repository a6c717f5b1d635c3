import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { EnsembleRetriever } from '@langchain/classic/retrievers/ensemble';
import { BM25Retriever } from '@langchain/community/retrievers/bm25';
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import { Document } from '@langchain/core/documents';
import { Embeddings } from '@langchain/core/embeddings';
import type { PeerEngine, PeerPassage, PeerSearcher } from './types.js';

const BM25_DOCUMENTS = 'bm25-documents.json';

/**
 * The question vectors the benchmark hands in, served where LangChain asks its embeddings: every
 * engine ranks with the same vectors. Passages are added with their vectors (`addVectors`), so
 * nothing ever asks it to embed a document.
 */
class GivenQuestionVectors extends Embeddings {
  readonly byQuestion = new Map<string, number[]>();

  constructor() {
    super({});
  }

  async embedQuery(question: string): Promise<number[]> {
    const vector = this.byQuestion.get(question);
    if (!vector) throw new Error(`No vector was given for the question "${question}"`);
    return vector;
  }

  async embedDocuments(): Promise<number[][]> {
    throw new Error('The LangChain peer is given the passage vectors; it never embeds a document');
  }
}

/**
 * LangChain.js: the hybrid pipeline its docs describe, an `EnsembleRetriever` over an `HNSWLib`
 * vector store and a `BM25Retriever`, with the defaults: weights 1/2 and 1/2, reciprocal rank
 * fusion constant 60, cosine space and hnswlib-node's graph parameters. The store is saved with
 * `HNSWLib.save` and read with `HNSWLib.load`; the BM25 retriever keeps no index (it scores every
 * document per question), so the documents are saved beside it and handed to it on open.
 */
export class LangChainPeer implements PeerEngine {
  readonly name = 'langchain';

  async build(passages: readonly PeerPassage[], vectors: readonly Float32Array[], dir: string): Promise<void> {
    const documents = passages.map((p) => new Document({ pageContent: p.text, metadata: { id: p.id } }));
    const store = new HNSWLib(new GivenQuestionVectors(), { space: 'cosine', numDimensions: vectors[0]?.length ?? 0 });
    await store.addVectors(
      vectors.map((v) => Array.from(v)),
      documents,
    );
    await store.save(dir);
    await writeFile(path.join(dir, BM25_DOCUMENTS), JSON.stringify(documents));
  }

  async open(dir: string): Promise<PeerSearcher> {
    const questionVectors = new GivenQuestionVectors();
    const store = await HNSWLib.load(dir, questionVectors);
    const saved = JSON.parse(await readFile(path.join(dir, BM25_DOCUMENTS), 'utf8')) as { pageContent: string; metadata: { id: string } }[];
    const bm25 = BM25Retriever.fromDocuments(
      saved.map((d) => new Document(d)),
      { k: 4 },
    );
    const vector = store.asRetriever({ k: 4 });
    const ensemble = new EnsembleRetriever({ retrievers: [vector, bm25] });
    return {
      search: async (question, questionVector, k) => {
        bm25.k = k;
        vector.k = k;
        questionVectors.byQuestion.set(question, Array.from(questionVector));
        try {
          // The ensemble returns the union of both lists, fused: up to 2k documents.
          const found = await ensemble.invoke(question);
          return found.slice(0, k).map((d) => (d.metadata as { id: string }).id);
        } finally {
          questionVectors.byQuestion.delete(question);
        }
      },
      close: async () => {},
    };
  }
}
