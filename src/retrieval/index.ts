/** The retrieval stage: the `Retriever` interface and hybrid vector + lexical search with a per-document cap. */
export { CANDIDATES_PER_SEARCH, fuseCandidates, HybridRetriever, LEXICAL_WEIGHT, TERM_PAIR_WEIGHT, termPairScore, type FusionCandidate } from './hybrid-retriever.js';
export type { RetrievalOptions, RetrievalQuery, RetrievedPassage, Retriever } from './types.js';
