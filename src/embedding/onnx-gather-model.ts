import { endianness } from 'node:os';
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;
const DataType = onnx.TensorProto.DataType;
const AttributeType = onnx.AttributeProto.AttributeType;

/**
 * Opset 13 and IR version 7 are well inside what onnxruntime-node 1.14 (used by transformers.js
 * 2.17) runs; every operator here (Gather, Cast, Mul, Unsqueeze with axes as an input) exists in 13.
 */
const OPSET = 13;
const IR_VERSION = 7;

export interface StaticEmbeddingTable {
  /** `vocabSize × dims` int8 values, row-major. */
  readonly values: Int8Array;
  /** Per-row scale: row `r` is `values[r] · scales[r]`. */
  readonly scales: Float32Array;
  readonly dims: number;
  /** Free text stored in the model's `doc_string`. */
  readonly description: string;
}

/**
 * An ONNX model with the interface of a BERT encoder, so transformers.js loads it as `BertModel`:
 * inputs `input_ids`, `attention_mask` (int64 [batch, sequence]), output `last_hidden_state`
 * (float [batch, sequence, dims]) where each position is its token's dequantised row, zeroed
 * where the attention mask is 0.
 *
 * `values[ids]` → Cast float → × `scales[ids]` ([vocab, 1], so the gather is [batch, seq, 1]
 * and broadcasts) → × mask.
 */
export function encodeStaticEmbeddingModel(table: StaticEmbeddingTable): Uint8Array {
  if (endianness() !== 'LE') throw new Error('ONNX raw tensor data is little-endian; building on a big-endian machine is not supported');
  const { values, scales, dims } = table;
  const vocabSize = scales.length;
  if (values.length !== vocabSize * dims) throw new Error(`Expected ${vocabSize * dims} int8 values, got ${values.length}`);

  const symbolicShape = (...names: (string | number)[]) => ({
    dim: names.map((name) => (typeof name === 'number' ? { dimValue: name } : { dimParam: name })),
  });
  const valueInfo = (name: string, elemType: number, ...shape: (string | number)[]) => ({
    name,
    type: { tensorType: { elemType, shape: symbolicShape(...shape) } },
  });
  const intAttribute = (name: string, value: number) => ({ name, type: AttributeType.INT, i: value });
  const node = (opType: string, inputs: string[], output: string, attribute: object[] = []) => ({
    opType,
    name: `${opType}_${output}`,
    input: inputs,
    output: [output],
    attribute,
  });

  const graph = {
    name: 'static_sif_embeddings',
    input: [
      valueInfo('input_ids', DataType.INT64, 'batch_size', 'sequence_length'),
      valueInfo('attention_mask', DataType.INT64, 'batch_size', 'sequence_length'),
    ],
    output: [valueInfo('last_hidden_state', DataType.FLOAT, 'batch_size', 'sequence_length', dims)],
    initializer: [
      {
        name: 'word_rows_int8',
        dataType: DataType.INT8,
        dims: [vocabSize, dims],
        rawData: new Uint8Array(values.buffer, values.byteOffset, values.byteLength),
      },
      {
        name: 'word_row_scales',
        dataType: DataType.FLOAT,
        dims: [vocabSize, 1],
        rawData: new Uint8Array(scales.buffer, scales.byteOffset, scales.byteLength),
      },
      {
        name: 'last_axis',
        dataType: DataType.INT64,
        dims: [1],
        rawData: new Uint8Array(BigInt64Array.from([-1n]).buffer),
      },
    ],
    node: [
      node('Gather', ['word_rows_int8', 'input_ids'], 'token_rows_int8', [intAttribute('axis', 0)]),
      node('Cast', ['token_rows_int8'], 'token_rows_unscaled', [intAttribute('to', DataType.FLOAT)]),
      node('Gather', ['word_row_scales', 'input_ids'], 'token_scales', [intAttribute('axis', 0)]),
      node('Mul', ['token_rows_unscaled', 'token_scales'], 'token_rows'),
      node('Cast', ['attention_mask'], 'mask_float', [intAttribute('to', DataType.FLOAT)]),
      node('Unsqueeze', ['mask_float', 'last_axis'], 'mask_column'),
      node('Mul', ['token_rows', 'mask_column'], 'last_hidden_state'),
    ],
  };

  const model = onnx.ModelProto.create({
    irVersion: IR_VERSION,
    opsetImport: [{ domain: '', version: OPSET }],
    producerName: 'verbatim',
    producerVersion: '1',
    docString: table.description,
    graph,
  });
  return onnx.ModelProto.encode(model).finish();
}
