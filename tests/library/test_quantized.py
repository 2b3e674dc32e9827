"""The int8 sentence matrix: products close to float32, chunked loading, and the index built on it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from bedside.library import quantized, vectors
from bedside.library.embedder import Embedder, load_embedder
from bedside.library.quantized import QuantizedMatrix
from bedside.library.store import Store
from bedside.models import Record, Section


def unit_rows(n: int, dim: int = 384, seed: int = 0) -> np.ndarray:
    rows = np.random.default_rng(seed).standard_normal((n, dim)).astype(np.float32)
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_products_stay_within_a_few_thousandths_and_keep_the_best_rows() -> None:
    rows = unit_rows(5000)
    query = rows[17] + 0.3 * unit_rows(1, seed=1)[0]
    query /= np.linalg.norm(query)
    exact = rows @ query
    matrix = QuantizedMatrix.of(rows.astype(np.float16), 384)
    approx = matrix.dot(query)
    assert approx.dtype == np.float32 and approx.shape == exact.shape
    assert float(np.abs(approx - exact).max()) < 0.01
    assert int(np.argmax(approx)) == 17
    assert len(set(np.argsort(-exact)[:50]) & set(np.argsort(-approx)[:50])) >= 45
    assert matrix.nbytes == 5000 * 384 + 5000 * 4  # a quarter of float32, plus a scale a row


def test_loading_in_chunks_gives_the_same_codes(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = unit_rows(1000)
    whole = QuantizedMatrix.of(rows, 384)
    monkeypatch.setattr(quantized, "CHUNK", 128)
    chunked = QuantizedMatrix.of(rows, 384)
    assert np.array_equal(whole.codes, chunked.codes) and np.array_equal(whole.scales, chunked.scales)


def test_an_empty_matrix_and_mismatched_scales() -> None:
    empty = QuantizedMatrix.of(np.zeros((0, 384), np.float16), 384)
    assert len(empty) == 0 and empty.dot(unit_rows(1)[0]).shape == (0,)
    with pytest.raises(ValueError, match="scales"):
        QuantizedMatrix(np.zeros((3, 384), np.uint8), np.ones(2, np.float32))


@pytest.fixture(scope="module")
def embedder(tmp_path_factory: pytest.TempPathFactory) -> Embedder:
    return load_embedder(tmp_path_factory.mktemp("models"))


def test_index_scans_int8_and_hands_out_the_stored_sentence_vectors(tmp_path: Path, embedder: Embedder) -> None:
    rows = [
        Record(id="1", source="test", title="Folic acid and stroke", sections=[Section(text="Homocysteine fell.")]),
        Record(id="2", source="test", title="Balance in MS", sections=[Section(text="Training helped. Gait too.")]),
    ]
    with Store.open(tmp_path / "lib.db") as store:
        store.put_batch(rows)
        vectors.update(store, embedder)
        index = vectors.VectorIndex.load(store, embedder.model_id, embedder.dim)
        stored = index.sentence_vectors(store, [1, 2, 99])
        assert sorted(stored) == [1, 2]
        texts = vectors.sentence_texts(store.get("2"))  # type: ignore[arg-type]
        assert stored[2].shape == (len(texts), embedder.dim) == (3, 384)
        # exact as stored (float16), not the int8 codes the scan uses
        np.testing.assert_allclose(stored[2], embedder.embed(texts).astype(np.float16).astype(np.float32))
        query = embedder.embed_query("Does balance training help gait in multiple sclerosis?")
        _, best = index.scores(query)
        exact = [float((stored[r] @ query).max()) for r in (1, 2)]
        np.testing.assert_allclose(best, exact, atol=0.01)
        assert best[1] > best[0]
