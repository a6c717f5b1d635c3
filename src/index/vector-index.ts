import hnswlib from 'hnswlib-node';

/**
 * HNSW parameters. M = 16 and efConstruction = 200 are hnswlib's recommended middle ground for
 * ~100-dimensional vectors: recall@10 above 0.98 at efSearch 64 in our benchmark (`npm run
 * bench`), with a graph of about 2·M links per point. Raise efSearch for recall, M for very large
 * corpora.
 */
export const HNSW_PARAMETERS = { m: 16, efConstruction: 200, efSearch: 64, randomSeed: 100 } as const;

export interface VectorHit {
  /** Label in the index: the position of the passage in the generation's passage list. */
  label: number;
  /** Cosine similarity, 1 for identical directions. */
  similarity: number;
}

/** Builds an HNSW index (cosine space) over the vectors, labelled by position, and writes it. */
export function writeHnswIndex(file: string, vectors: readonly Float32Array[], dims: number): void {
  const index = new hnswlib.HierarchicalNSW('cosine', dims);
  index.initIndex({
    // Capacity sized to the count: a generation is never added to after it is built.
    maxElements: Math.max(1, vectors.length),
    m: HNSW_PARAMETERS.m,
    efConstruction: HNSW_PARAMETERS.efConstruction,
    randomSeed: HNSW_PARAMETERS.randomSeed,
  });
  vectors.forEach((vector, label) => index.addPoint(Array.from(vector), label));
  index.writeIndexSync(file);
}

/** A read-only HNSW index of one generation. Never added to: a new generation is built instead. */
export class VectorIndex {
  private constructor(private readonly index: hnswlib.HierarchicalNSW, readonly count: number) {}

  /**
   * Reads an index file. The caller must have checked the file's size and checksum against the
   * manifest first: hnswlib trusts the file and can crash the process on a malformed one.
   */
  static read(file: string, dims: number, count: number): VectorIndex {
    const index = new hnswlib.HierarchicalNSW('cosine', dims);
    if (count > 0) {
      index.readIndexSync(file);
      index.setEf(HNSW_PARAMETERS.efSearch);
    }
    return new VectorIndex(index, count);
  }

  search(vector: Float32Array, limit: number): VectorHit[] {
    const k = Math.min(limit, this.count);
    if (k <= 0) return [];
    if (this.index.getEf() < k) this.index.setEf(k);
    const { neighbors, distances } = this.index.searchKnn(Array.from(vector), k);
    return neighbors.map((label, i) => ({ label, similarity: 1 - distances[i]! }));
  }

  setEfSearch(ef: number): void {
    if (this.count > 0) this.index.setEf(ef);
  }
}
