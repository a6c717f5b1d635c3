/** The retrieval stage: hybrid vector + lexical search with a per-document cap. */
export { HybridRetriever, LEXICAL_WEIGHT, type RetrievalOptions, type RetrievedPassage } from './hybrid-retriever.js';
