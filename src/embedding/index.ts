/**
 * Embedding: turning texts into unit vectors. The only part of Verbatim that imports
 * transformers.js. Start with {@link createEmbedder}; tests use {@link HashingEmbedder}.
 */
export { cosineSimilarity, type Embedder } from './embedder.js';
export { EmbeddingError } from './errors.js';
export { createEmbedder, type CreateEmbedderOptions } from './create-embedder.js';
export {
  TransformersEmbedder,
  type LoadTransformersEmbedderOptions,
  type TransformersModelSource,
} from './transformers-embedder.js';
export { HashingEmbedder, type HashingEmbedderOptions } from './hashing-embedder.js';
export {
  buildEmbeddedModel,
  embeddedModelStatus,
  EMBEDDED_MODEL_NAME,
  type BuildEmbeddedModelOptions,
  type BuiltEmbeddedModel,
  type EmbeddedModelStatus,
} from './build-embedded-model.js';
