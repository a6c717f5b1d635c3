/** The retrieval stage: the `Retriever` interface and hybrid vector + lexical search with a per-document cap. */
export { HybridRetriever, LEXICAL_WEIGHT } from './hybrid-retriever.js';
export type { RetrievalOptions, RetrievalQuery, RetrievedPassage, Retriever } from './types.js';
