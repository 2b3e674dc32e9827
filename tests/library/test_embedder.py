"""The dense embedder against an independent plain-numpy forward pass of the same weights.

The reference below is written from the BERT definition, not from the ONNX graph, and runs each
text alone (no padding, no mask), so agreement tests the graph builder, the fusions, the int8
quantisation, the masking of padded batches and the pooling all at once.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest
from safetensors.numpy import load_file

from bedside.library.embedder import Embedder, load_embedder, model_dir, model_path

Array = npt.NDArray[np.float32]

SHORT = [
    "Aspirin reduces the risk of myocardial infarction in men over fifty.",
    "Metformin is first-line therapy for type 2 diabetes.",
    "Does vitamin D supplementation prevent fractures in older adults?",
    "A randomised controlled trial of early mobilisation after hip surgery.",
    "Statins",
]


@pytest.fixture(scope="session")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cache folder per test run, so the model is built once for all tests below."""
    return tmp_path_factory.mktemp("models")


@pytest.fixture(scope="session")
def embedder(cache: Path) -> Embedder:
    return load_embedder(cache)


@pytest.fixture(scope="session")
def reference() -> NumpyBert:
    return NumpyBert(model_dir() / "model.safetensors")


@pytest.fixture(scope="session")
def abstracts(shared_data: Path) -> list[str]:
    """The first 20 SciFact abstracts as title + ' ' + text, as the library embeds them."""
    texts = []
    with (shared_data / "scifact/beir_scifact/corpus.jsonl").open(encoding="utf-8") as f:
        for line in f:
            doc = json.loads(line)
            texts.append(f"{doc['title']} {doc['text']}")
            if len(texts) == 20:
                break
    return texts


def _erf(x: Array) -> Array:
    """Abramowitz & Stegun 7.1.26 (absolute error < 1.5e-7); numpy has no erf and scipy is not installed."""
    sign = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    out: Array = (sign * (1.0 - poly * np.exp(-a * a))).astype(np.float32)
    return out


class NumpyBert:
    """BertModel's forward pass for one unpadded sequence, then mean pooling and L2 normalisation."""

    def __init__(self, weights: Path) -> None:
        self.w = {k: v.astype(np.float32) for k, v in load_file(str(weights)).items() if v.dtype != np.int64}
        self.heads = 12

    def _ln(self, x: Array, name: str) -> Array:
        mean = x.mean(-1, keepdims=True)
        var = ((x - mean) ** 2).mean(-1, keepdims=True)
        out: Array = (x - mean) / np.sqrt(var + 1e-12) * self.w[f"{name}.weight"] + self.w[f"{name}.bias"]
        return out

    def _dense(self, x: Array, name: str) -> Array:
        out: Array = x @ self.w[f"{name}.weight"].T + self.w[f"{name}.bias"]
        return out

    def sentence(self, ids: list[int]) -> Array:
        pooled = self.states(ids).mean(0)
        out: Array = (pooled / np.linalg.norm(pooled)).astype(np.float32)
        return out

    def states(self, ids: list[int]) -> Array:
        """The last hidden state of every token, (len(ids), 384)."""
        w, n = self.w, len(ids)
        h = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:n]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        h = self._ln(h, "embeddings.LayerNorm")
        d = h.shape[1] // self.heads
        for i in range(6):
            p = f"encoder.layer.{i}"
            q, k, v = (
                self._dense(h, f"{p}.attention.self.{m}").reshape(n, self.heads, d).transpose(1, 0, 2)
                for m in ("query", "key", "value")
            )
            # einsum rather than batched matmul: batched matmul goes through threaded BLAS, which
            # crawls when the two cores are shared with other work
            scores = np.einsum("hqd,hkd->hqk", q, k) / np.sqrt(d)
            probs = np.exp(scores - scores.max(-1, keepdims=True))
            probs /= probs.sum(-1, keepdims=True)
            context = np.einsum("hqk,hkd->qhd", probs, v).reshape(n, -1)
            h = self._ln(self._dense(context, f"{p}.attention.output.dense") + h, f"{p}.attention.output.LayerNorm")
            up = self._dense(h, f"{p}.intermediate.dense")
            gelu = 0.5 * up * (1.0 + _erf(up / np.sqrt(2.0)))
            h = self._ln(self._dense(gelu, f"{p}.output.dense") + h, f"{p}.output.LayerNorm")
        return h

    def embed(self, ids: list[list[int]]) -> Array:
        return np.stack([self.sentence(i) for i in ids])


def _cosines(a: Array, b: Array) -> Array:
    out: Array = (a * b).sum(1) / (np.linalg.norm(a, axis=1) * np.linalg.norm(b, axis=1))
    return out


def test_shape_norm_and_model_id(embedder: Embedder) -> None:
    vectors = embedder.embed(SHORT)
    assert vectors.shape == (len(SHORT), 384) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert embedder.dim == 384
    assert embedder.model_id.startswith("all-MiniLM-L6-v2/int8-pc/")
    query = embedder.embed_query(SHORT[0])
    assert query.shape == (384,)
    assert float(query @ vectors[0]) > 0.9999


def test_empty_input(embedder: Embedder) -> None:
    out = embedder.embed([])
    assert out.shape == (0, 384) and out.dtype == np.float32


def test_int8_agrees_with_numpy_fp32_on_short_texts(embedder: Embedder, reference: NumpyBert) -> None:
    cos = _cosines(embedder.embed(SHORT), reference.embed(embedder.token_ids(SHORT)))
    assert cos.mean() >= 0.99, cos
    assert cos.min() >= 0.98, cos


def test_fp32_graph_matches_numpy_exactly(cache: Path, reference: NumpyBert) -> None:
    """Without quantisation the built graph is the same function as the reference, to float rounding."""
    fp32 = load_embedder(cache, quantized=False)
    assert fp32.model_id.startswith("all-MiniLM-L6-v2/fp32/")
    cos = _cosines(fp32.embed(SHORT), reference.embed(fp32.token_ids(SHORT)))
    assert cos.min() > 0.99999, cos


def test_padded_batches_are_masked_and_lone_texts_need_no_mask(cache: Path) -> None:
    """Lone texts run on the graph without a mask; a padded batch still masks its padding."""
    fp32 = load_embedder(cache, quantized=False)
    ids = fp32.token_ids(SHORT)
    padded = fp32.run_batch(ids, width=64)
    assert _cosines(padded, fp32.embed(SHORT)).min() > 0.99999
    # the padding really is there to be masked: attended, it moves the short texts' vectors
    unmasked = fp32._new_session(1, fp32._unmasked)
    assert _cosines(fp32.run_batch(ids, width=64, session=unmasked), padded).min() < 0.99


@pytest.mark.shared
def test_int8_agrees_with_numpy_fp32_on_abstracts(
    embedder: Embedder, reference: NumpyBert, abstracts: list[str]
) -> None:
    ids = embedder.token_ids(abstracts)
    assert max(len(i) for i in ids) == 256  # some are truncated, so truncation is exercised too
    cos = _cosines(embedder.embed(abstracts), reference.embed(ids))
    assert cos.mean() >= 0.99, cos
    assert cos.min() >= 0.98, cos


def test_token_states_are_the_reference_tokens_and_pool_to_the_vector(embedder: Embedder, reference: NumpyBert) -> None:
    """`embed_tokens` gives `embed`'s vectors and, per text, the states of its content word pieces."""
    vectors, per_text = embedder.embed_tokens(SHORT)
    np.testing.assert_allclose(vectors, embedder.embed(SHORT), atol=1e-6)
    for text, ids, (states, token_ids) in zip(SHORT, embedder.token_ids(SHORT), per_text, strict=True):
        pieces = embedder._tokenizer.encode(text).tokens
        # [CLS], [SEP], punctuation and whole function words are left out; 'in' of 'infarction' is not
        unmatched = {"[CLS]", "[SEP]", ".", "?", "-", "the", "of", "in", "for", "is", "after", "over", "does", "a"}
        kept = [
            i
            for i, piece in enumerate(pieces)
            if piece not in unmatched or (i + 1 < len(pieces) and pieces[i + 1].startswith("##"))
        ]
        assert token_ids == [ids[i] for i in kept] and states.shape == (len(kept), 384)
        expected = reference.states(ids)[kept]
        assert _cosines(states, expected).mean() >= 0.98
        if len(kept) > 1:  # a shifted alignment would not agree: neighbouring tokens differ
            assert _cosines(states[1:], expected[:-1]).mean() < 0.9


def test_paraphrase_is_closer_than_unrelated(embedder: Embedder) -> None:
    anchor, paraphrase, unrelated = embedder.embed(
        [
            "Aspirin lowers the risk of heart attack.",
            "Taking aspirin reduces the chance of myocardial infarction.",
            "The train to Paris leaves the station at noon.",
        ]
    )
    assert float(anchor @ paraphrase) > float(anchor @ unrelated) + 0.3


def test_order_preserved_with_mixed_lengths(embedder: Embedder) -> None:
    long = " ".join(["Patients were randomised to intensive or standard blood pressure control."] * 40)
    texts = [long, SHORT[4], SHORT[0], long.replace("intensive", "early"), SHORT[2], "", SHORT[1]]
    together = embedder.embed(texts)
    alone = np.stack([embedder.embed_query(t) for t in texts])
    assert _cosines(together, alone).min() > 0.999
    # rows really differ, so a shuffled result could not pass the check above
    off_diagonal = together @ together.T - np.eye(len(texts))
    assert off_diagonal.max() < 0.99


def test_truncation_at_256_tokens(embedder: Embedder) -> None:
    long = " ".join(["Statin therapy in elderly patients with heart failure."] * 60)
    assert len(embedder.token_ids([long])[0]) == 256
    tail_changed = embedder.embed([long, long + " Completely different words about gardening and tomatoes."])
    assert float(tail_changed[0] @ tail_changed[1]) > 0.9999


def test_model_built_once_and_reused(cache: Path, embedder: Embedder) -> None:
    path, model_id = model_path(cache)
    assert path.is_file() and model_id == embedder.model_id
    before = path.stat().st_mtime_ns
    assert load_embedder(cache) is embedder  # cached per process
    again = load_embedder.__wrapped__(cache)  # a fresh load, as a new process would do
    assert path.stat().st_mtime_ns == before
    assert not [p for p in os.listdir(cache) if p.startswith(".build-")]  # no build leftovers
    np.testing.assert_allclose(again.embed(SHORT[:2]), embedder.embed(SHORT[:2]), atol=1e-6)
