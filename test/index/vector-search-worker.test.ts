/**
 * The HNSW graph searched in a worker thread: the same hits as hnswlib reading the same file on
 * this thread, searches in flight together each get their own, a worker that stops is restarted
 * (or the search waiting on it fails with one line), and a closed index refuses with one line.
 */
import path from 'node:path';
import hnswlib from 'hnswlib-node';
import { beforeAll, describe, expect, it } from 'vitest';
import { HashingEmbedder } from '../../src/embedding/index.js';
import { buildIndexGeneration, efSearchFor, GENERATION_FILES, HNSW_PARAMETERS, LARGE_GRAPH_PASSAGES, loadServedGeneration, readCurrentGenerationName, type IndexGeneration, type VectorHit } from '../../src/index/index.js';
import { VectorSearchError } from '../../src/index/vector-index.js';
import { HybridRetriever } from '../../src/retrieval/index.js';
import { searchTerms } from '../../src/text/index.js';
import { tempWorkspace } from '../helpers/temp-corpus.js';

const embedder = new HashingEmbedder({ dims: 64 });
let generation: IndexGeneration;
let hnswFile: string;

beforeAll(async () => {
  const { corpusDir, indexDir } = await tempWorkspace();
  await buildIndexGeneration({ corpusDir, indexDir, embedder, maxFileBytes: 5 * 1024 * 1024 });
  hnswFile = path.join(indexDir, 'generations', (await readCurrentGenerationName(indexDir))!, GENERATION_FILES.hnsw);
  generation = await loadServedGeneration(indexDir, embedder);
});

/** hnswlib over the same file on this thread, as the index was searched before the worker. */
function searchedHere(vectors: readonly Float32Array[], k: number): VectorHit[][] {
  const index = new hnswlib.HierarchicalNSW('cosine', embedder.dims);
  index.readIndexSync(hnswFile);
  index.setEf(HNSW_PARAMETERS.efSearch);
  return vectors.map((vector) => {
    const { neighbors, distances } = index.searchKnn(Array.from(vector), k);
    return neighbors.map((label, i) => ({ label, similarity: 1 - distances[i]! }));
  });
}

const passageVectors = () => Array.from({ length: generation.passageCount }, (_, position) => generation.passageVector(position)!);

describe('VectorIndex (searched in a worker thread)', () => {
  it('finds the hits hnswlib finds over the same file on the calling thread', async () => {
    const vectors = passageVectors();
    const expected = searchedHere(vectors, 5);
    for (const [i, vector] of vectors.entries()) expect(await generation.vectorIndex.search(vector, 5)).toEqual(expected[i]);
  });

  it('answers many searches in flight at once, each with its own hits', async () => {
    const vectors = passageVectors();
    const together = await Promise.all(vectors.map((vector) => generation.vectorIndex.search(vector, 3)));
    expect(together).toEqual(searchedHere(vectors, 3));
    expect(together.map((hits) => hits[0]!.label)).toEqual(vectors.map((_, position) => position));
  });

  it('gives the same retrieval as the vector search awaited before the lexical one', async () => {
    const question = 'What did the council decide about the harbour?';
    const [vector] = await embedder.embed([question]);
    const retrieved = await new HybridRetriever(generation).retrieve({ text: question, searchTerms: searchTerms(question), vector: vector! }, { limit: 8, perDocumentCap: 4 });
    // Sequentially: the vector hits first, then the lexical ones, fused as the retriever fuses.
    const vectorHits = await generation.vectorIndex.search(vector!, 50);
    const lexicalHits = generation.lexicalIndex.search(question, 50);
    const found = new Set([...lexicalHits.map((hit) => hit.passage), ...vectorHits.map((hit) => hit.label)]);
    expect(retrieved.length).toBeGreaterThan(0);
    for (const hit of retrieved) expect(found.has(hit.position)).toBe(true);
    const again = await new HybridRetriever(generation).retrieve({ text: question, searchTerms: searchTerms(question), vector: vector! }, { limit: 8, perDocumentCap: 4 });
    expect(again).toEqual(retrieved);
  });

  it('starts a new worker after its worker stopped, and finds the same hits', async () => {
    const vector = generation.passageVector(3)!;
    const before = await generation.vectorIndex.search(vector, 5);
    const stopped = generation.vectorIndex.workerForTesting!;
    await stopped.terminate();
    expect(await generation.vectorIndex.search(vector, 5)).toEqual(before);
    expect(generation.vectorIndex.workerForTesting).not.toBe(stopped);
  });

  it('fails a search waiting on a worker that stops with one line, or answers it; the next search is answered', async () => {
    const vector = generation.passageVector(4)!;
    const expected = searchedHere([vector], 5)[0];
    const stopping = generation.vectorIndex.workerForTesting!.terminate();
    const waiting = generation.vectorIndex.search(vector, 5).then(
      (hits) => ({ hits }),
      (error: unknown) => ({ error }),
    );
    await stopping;
    const outcome = await waiting;
    if ('error' in outcome) {
      expect(outcome.error).toBeInstanceOf(VectorSearchError);
      expect((outcome.error as Error).message).toMatch(/^The vector search stopped \(its worker exited with status \d+\)\. Ask again: it restarts\.$/);
    } else {
      expect(outcome.hits).toEqual(expected);
    }
    expect(await generation.vectorIndex.search(vector, 5)).toEqual(expected);
  });

  it('searches a graph past LARGE_GRAPH_PASSAGES with twice the efSearch, a smaller one with the default', () => {
    expect(generation.vectorIndex.efSearch).toBe(HNSW_PARAMETERS.efSearch);
    expect(efSearchFor(LARGE_GRAPH_PASSAGES)).toBe(HNSW_PARAMETERS.efSearch);
    expect(efSearchFor(LARGE_GRAPH_PASSAGES + 1)).toBe(2 * HNSW_PARAMETERS.efSearch);
  });

  it('refuses with one line once closed', async () => {
    const { corpusDir, indexDir } = await tempWorkspace();
    await buildIndexGeneration({ corpusDir, indexDir, embedder, maxFileBytes: 5 * 1024 * 1024 });
    const closing = await loadServedGeneration(indexDir, embedder);
    const vector = closing.passageVector(0)!;
    expect((await closing.vectorIndex.search(vector, 1))[0]!.label).toBe(0);
    closing.close();
    await expect(closing.vectorIndex.search(vector, 1)).rejects.toThrow(VectorSearchError);
  });
});
