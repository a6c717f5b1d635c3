"""Converts a sentence-transformers model folder (PyTorch weights) into a transformers.js folder.

Verbatim's model setup (`npm run setup-model`, python-package-source.ts) calls this only when the model arrived as a package
from the Python package index carrying PyTorch/safetensors weights; a model from the Hugging Face
hub already has ONNX files and needs no Python. Output layout (what transformers.js reads):

    OUT/config.json, tokenizer.json, tokenizer_config.json, special_tokens_map.json
    OUT/onnx/model.onnx            float32 export of the encoder (last_hidden_state)
    OUT/onnx/model_quantized.onnx  dynamic int8 quantisation of it (what Verbatim loads)

Usage: python convert_to_onnx.py SOURCE_DIR OUT_DIR
Prints one JSON line on success: {"onnx": ..., "quantized": ..., "maxAbsDiff": ...}.
"""

import json
import shutil
import sys
from pathlib import Path

COPIED = ["config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt"]


def main(source: Path, out: Path) -> None:
    import numpy as np
    import onnxruntime
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from transformers import AutoModel, AutoTokenizer

    torch.manual_seed(0)
    (out / "onnx").mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        if (source / name).exists():
            shutil.copyfile(source / name, out / name)

    tokenizer = AutoTokenizer.from_pretrained(str(source))
    # Eager attention traces into a plain graph; the fused kernels trace the sample's mask as a constant.
    model = AutoModel.from_pretrained(str(source), attn_implementation="eager")
    model.eval()

    sample = tokenizer(["Verbatim quotes the article.", "A second, longer sentence to pad the batch."], padding=True, return_tensors="pt")
    names = ["input_ids", "attention_mask", "token_type_ids"]
    inputs = tuple(sample[n] for n in names)
    dynamic = {n: {0: "batch", 1: "tokens"} for n in names}
    dynamic["last_hidden_state"] = {0: "batch", 1: "tokens"}
    onnx_path = out / "onnx" / "model.onnx"

    class Encoder(torch.nn.Module):
        """Names the three inputs, so the export does not pass them positionally into other arguments."""

        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask, token_type_ids):
            return self.inner(input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids).last_hidden_state

    with torch.no_grad():
        # The reference comes first: the exporter may leave the module in another state.
        reference = model(**{n: sample[n] for n in names}).last_hidden_state.numpy()
        torch.onnx.export(
            Encoder(model),
            inputs,
            str(onnx_path),
            input_names=names,
            output_names=["last_hidden_state"],
            dynamic_axes=dynamic,
            opset_version=14,
            do_constant_folding=True,
            dynamo=False,
        )

    quantized_path = out / "onnx" / "model_quantized.onnx"
    quantize_dynamic(str(onnx_path), str(quantized_path), weight_type=QuantType.QInt8)

    # The export must compute what PyTorch computes; a broken export is refused here, not at query time.
    session = onnxruntime.InferenceSession(str(onnx_path), providers=["CPUExecutionProvider"])
    feeds = {n: sample[n].numpy().astype(np.int64) for n in names}
    exported = session.run(["last_hidden_state"], feeds)[0]
    # Padding positions are never pooled: compare the real tokens only.
    mask = feeds["attention_mask"][..., None].astype(bool)
    diff = float(np.abs(np.where(mask, exported - reference, 0.0)).max())
    if diff > 1e-3:
        raise SystemExit(f"The ONNX export differs from the PyTorch model by {diff}; the conversion failed.")
    print(json.dumps({"onnx": str(onnx_path), "quantized": str(quantized_path), "maxAbsDiff": diff}))


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit("usage: convert_to_onnx.py SOURCE_DIR OUT_DIR")
    main(Path(sys.argv[1]), Path(sys.argv[2]))
