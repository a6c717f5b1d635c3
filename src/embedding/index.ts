/**
 * Embedding: turning texts into unit vectors. The only part of Verbatim that imports
 * transformers.js. Start with {@link createEmbedder}; tests use {@link HashingEmbedder}.
 */
export { cosineSimilarity, type Embedder, type ModelProvenance } from './embedder.js';
export { EmbeddingError } from './errors.js';
export { createEmbedder, embedderSettingsOf, settingsForSameModel, type CreateEmbedderOptions, type EmbedderSettings } from './create-embedder.js';
export { ALL_MINILM_L6_V2, DEFAULT_PRETRAINED_MODEL, pretrainedModelNamed, type PretrainedModel } from './pretrained/catalogue.js';
export { MODEL_SOURCE_ORDER, obtainPretrainedModel, type ModelSourceName, type ObtainedModel, type ObtainModelOptions } from './pretrained/obtain.js';
export { MODEL_LOCK_FILE, readModelLock, verifyModelFolder, type ModelLock } from './pretrained/model-lock.js';
export { httpsOnly, type RedirectPolicy } from './pretrained/hub-source.js';
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
