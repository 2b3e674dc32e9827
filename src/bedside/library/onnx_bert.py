"""Build an ONNX graph of a BERT encoder straight from safetensors weights, without torch.

The usual route to ONNX (`torch.onnx.export`) needs torch, which bedside must not depend on. A BERT
encoder is a small, fixed graph, so it is written out here node by node with `onnx.helper`. The
node layout deliberately mirrors what `torch.onnx.export` produces for Hugging Face `BertModel`
(Q/K/V as MatMul + Add + Reshape + Transpose, key transposed to (0, 2, 3, 1), the additive mask as
`(1 - mask) * -10000`, GELU as `x * (1 + erf(x / sqrt 2)) * 0.5`): onnxruntime's transformer
optimiser recognises exactly those patterns and fuses them into its Attention and BiasGelu kernels,
which is where much of the speed comes from.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import onnx
from onnx import TensorProto, helper, numpy_helper
from safetensors.numpy import load_file

OPSET = 17  # first opset with LayerNormalization
PREFIXES = ("", "bert.")  # BertModel checkpoints are saved with or without the "bert." prefix


class _Graph:
    """Collects nodes and initializers; names every node output after its op and a counter."""

    def __init__(self) -> None:
        self.nodes: list[onnx.NodeProto] = []
        self.inits: list[onnx.TensorProto] = []
        self._count = 0

    def const(self, name: str, value: npt.NDArray[Any]) -> str:
        """An initializer (not a Constant node: the optimiser's pattern checks look for initializers)."""
        self.inits.append(numpy_helper.from_array(value, name))
        return name

    def op(self, op_type: str, *inputs: str, **attrs: Any) -> str:
        """Add one node with one output and return the output name."""
        self._count += 1
        out = f"{op_type.lower()}_{self._count}"
        self.nodes.append(helper.make_node(op_type, list(inputs), [out], name=f"{op_type}_{self._count}", **attrs))
        return out


def _weights(path: Path) -> dict[str, npt.NDArray[Any]]:
    """The checkpoint's tensors keyed without any "bert." prefix; floats as float32 (int64 position ids kept)."""
    raw = load_file(str(path))
    out: dict[str, npt.NDArray[Any]] = {}
    for key, value in raw.items():
        for prefix in PREFIXES:
            if prefix and key.startswith(prefix):
                key = key[len(prefix) :]
        out[key] = value.astype(np.float32) if value.dtype != np.int64 else value
    return out


def build_bert(weights_path: Path, config_path: Path) -> onnx.ModelProto:
    """The encoder (embeddings + all layers) as an ONNX model whose output is the last hidden state.

    Inputs `input_ids`, `attention_mask` and `token_type_ids` (int64, shape [batch, sequence], both axes
    dynamic); output `last_hidden_state` (float32, [batch, sequence, hidden]).
    """
    config = json.loads(config_path.read_text(encoding="utf-8"))
    hidden = int(config["hidden_size"])
    heads = int(config["num_attention_heads"])
    layers = int(config["num_hidden_layers"])
    eps = float(config.get("layer_norm_eps", 1e-12))
    if config.get("hidden_act", "gelu") != "gelu":
        raise ValueError(f"only exact (erf) GELU is supported, not {config['hidden_act']!r}")
    head_dim = hidden // heads
    w = _weights(weights_path)
    g = _Graph()

    def linear(x: str, prefix: str) -> str:
        weight = g.const(f"{prefix}.weight_t", np.ascontiguousarray(w[f"{prefix}.weight"].T))
        return g.op("Add", g.op("MatMul", x, weight), g.const(f"{prefix}.bias", w[f"{prefix}.bias"]))

    def layer_norm(x: str, prefix: str) -> str:
        scale = g.const(f"{prefix}.weight", w[f"{prefix}.weight"])
        bias = g.const(f"{prefix}.bias", w[f"{prefix}.bias"])
        return g.op("LayerNormalization", x, scale, bias, axis=-1, epsilon=eps)

    # Embeddings: word + position (slice of a 0..max position table, as HF exports it) + token type.
    positions = w.get("embeddings.position_ids")
    if positions is None:
        positions = np.arange(w["embeddings.position_embeddings.weight"].shape[0], dtype=np.int64)[None, :]
    g.const("position_ids", positions.astype(np.int64))
    zero, one = g.const("i64_0", np.array([0], np.int64)), g.const("i64_1", np.array([1], np.int64))
    seq_len = g.op("Gather", g.op("Shape", "input_ids"), one, axis=0)
    pos_ids = g.op("Slice", "position_ids", zero, seq_len, one)
    word = g.op("Gather", g.const("word_embeddings", w["embeddings.word_embeddings.weight"]), "input_ids", axis=0)
    pos = g.op("Gather", g.const("position_embeddings", w["embeddings.position_embeddings.weight"]), pos_ids)
    typ = g.op(
        "Gather", g.const("token_type_embeddings", w["embeddings.token_type_embeddings.weight"]), "token_type_ids"
    )
    h = layer_norm(g.op("Add", g.op("Add", word, typ), pos), "embeddings.LayerNorm")

    # Additive attention mask [batch, 1, 1, seq]: 0 where attended, -10000 on padding.
    mask = g.op("Unsqueeze", g.op("Unsqueeze", "attention_mask", one), g.const("i64_2", np.array([2], np.int64)))
    mask = g.op("Cast", mask, to=TensorProto.FLOAT)
    one_f = g.const("f_1", np.array(1.0, np.float32))
    mask = g.op("Sub", one_f, mask)
    mask = g.op("Mul", mask, g.const("f_neg10000", np.array(-10000.0, np.float32)))

    split_shape = g.const("split_heads_shape", np.array([0, 0, heads, head_dim], np.int64))
    merge_shape = g.const("merge_heads_shape", np.array([0, 0, hidden], np.int64))
    scale = g.const("sqrt_head_dim", np.array(math.sqrt(head_dim), np.float32))
    sqrt2 = g.const("sqrt2", np.array(math.sqrt(2.0), np.float32))
    half = g.const("f_0.5", np.array(0.5, np.float32))
    for i in range(layers):
        p = f"encoder.layer.{i}"
        q = g.op("Transpose", g.op("Reshape", linear(h, f"{p}.attention.self.query"), split_shape), perm=[0, 2, 1, 3])
        k = g.op("Transpose", g.op("Reshape", linear(h, f"{p}.attention.self.key"), split_shape), perm=[0, 2, 3, 1])
        v = g.op("Transpose", g.op("Reshape", linear(h, f"{p}.attention.self.value"), split_shape), perm=[0, 2, 1, 3])
        scores = g.op("Add", g.op("Div", g.op("MatMul", q, k), scale), mask)
        context = g.op("MatMul", g.op("Softmax", scores, axis=-1), v)
        context = g.op("Reshape", g.op("Transpose", context, perm=[0, 2, 1, 3]), merge_shape)
        h = layer_norm(
            g.op("Add", linear(context, f"{p}.attention.output.dense"), h), f"{p}.attention.output.LayerNorm"
        )
        up = linear(h, f"{p}.intermediate.dense")
        gelu = g.op("Mul", g.op("Mul", up, g.op("Add", g.op("Erf", g.op("Div", up, sqrt2)), one_f)), half)
        h = layer_norm(g.op("Add", linear(gelu, f"{p}.output.dense"), h), f"{p}.output.LayerNorm")
    g.nodes.append(helper.make_node("Identity", [h], ["last_hidden_state"], name="output"))

    def int_input(name: str) -> onnx.ValueInfoProto:
        return helper.make_tensor_value_info(name, TensorProto.INT64, ["batch", "sequence"])

    graph = helper.make_graph(
        g.nodes,
        "bert_encoder",
        [int_input("input_ids"), int_input("attention_mask"), int_input("token_type_ids")],
        [helper.make_tensor_value_info("last_hidden_state", TensorProto.FLOAT, ["batch", "sequence", hidden])],
        g.inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], producer_name="bedside")
    model.ir_version = 8  # readable by every onnxruntime that supports opset 17
    onnx.checker.check_model(model, full_check=True)
    return model
