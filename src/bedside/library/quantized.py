"""A large matrix of unit vectors held in int8, scanned against one query by onnxruntime.

Search compares every question with every stored sentence (213,000 of them in the shared
library). In float32 that matrix takes 313 MiB of memory and numpy's product with one query
reads all of it: 11.3 ms a query on this machine, a quarter of a search. Held as int8 codes (one
scale per row, symmetric, so a row's largest component is 127) the matrix takes a quarter of the
memory, and onnxruntime's integer matrix product (`MatMulInteger`, uint8 x int8, which uses the
processor's integer dot-product instructions where it has them) scans it in 4 to 6 ms on two
threads. The cosines move by at most 0.003 (20 SciFact claims against the shared library's
213,635 sentences), well inside what separates a relevant sentence from others.

numpy has no fast integer product (int8 converted and multiplied: 77 ms), hence onnxruntime,
which the embedder already depends on. The graph is one node, built in memory once per process.
"""

from __future__ import annotations

import functools
import os

import numpy as np
import numpy.typing as npt
import onnxruntime as ort
from onnx import TensorProto, helper

FloatArray = npt.NDArray[np.float32]
LEVELS = 127  # codes run from -127 to 127, stored shifted by ZERO as uint8
ZERO = 128  # onnxruntime's MatMulInteger takes the big matrix as uint8 with this zero point
CHUNK = 65_536  # rows quantised at a time, so loading never holds the whole matrix in float32


class QuantizedMatrix:
    """Rows of a float matrix as int8 codes and per-row scales; `dot` gives approximate products."""

    def __init__(self, codes: npt.NDArray[np.uint8], scales: FloatArray) -> None:
        if codes.ndim != 2 or len(codes) != len(scales):
            raise ValueError(f"{codes.shape} codes for {len(scales)} scales")
        self.codes = np.ascontiguousarray(codes)
        self.scales = scales

    @classmethod
    def of(cls, rows: npt.NDArray[np.floating], dim: int) -> QuantizedMatrix:
        """Quantise `rows` (any float type, shape (n, dim)) a chunk at a time."""
        rows = rows.reshape(-1, dim)
        codes = np.empty(rows.shape, np.uint8)
        scales = np.empty(len(rows), np.float32)
        for start in range(0, len(rows), CHUNK):
            part = rows[start : start + CHUNK].astype(np.float32)
            scale = LEVELS / np.maximum(np.abs(part).max(axis=1), 1e-12)
            codes[start : start + CHUNK] = (np.round(part * scale[:, None]) + ZERO).astype(np.uint8)
            scales[start : start + CHUNK] = scale
        return cls(codes, scales)

    def __len__(self) -> int:
        return len(self.codes)

    @property
    def nbytes(self) -> int:
        """Memory held, in bytes."""
        return int(self.codes.nbytes + self.scales.nbytes)

    def dot(self, query: FloatArray) -> FloatArray:
        """Every row's product with `query` (shape (dim,)), approximately."""
        if not len(self.codes):
            return np.zeros(0, np.float32)
        query = np.asarray(query, np.float32)
        query_scale = LEVELS / max(float(np.abs(query).max()), 1e-12)
        query_codes = np.round(query * query_scale).astype(np.int8)[:, None]
        feeds = {"rows": self.codes, "query": query_codes, "zero": np.array(ZERO, np.uint8)}
        products = _session(self.codes.shape[1]).run(None, feeds)[0][:, 0]
        out: FloatArray = products.astype(np.float32) / (self.scales * np.float32(query_scale))
        return out


@functools.cache
def _session(dim: int) -> ort.InferenceSession:
    """A one-node graph: int32 products of uint8 rows (zero point 128) with an int8 column."""
    node = helper.make_node("MatMulInteger", ["rows", "query", "zero"], ["products"])
    graph = helper.make_graph(
        [node],
        "quantized_scan",
        [
            helper.make_tensor_value_info("rows", TensorProto.UINT8, [None, dim]),
            helper.make_tensor_value_info("query", TensorProto.INT8, [dim, 1]),
            helper.make_tensor_value_info("zero", TensorProto.UINT8, []),
        ],
        [helper.make_tensor_value_info("products", TensorProto.INT32, [None, 1])],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    options = ort.SessionOptions()
    options.intra_op_num_threads = os.cpu_count() or 1
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    return ort.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])
