"""Token vectors for late interaction: compression, weights, MaxSim, and storage beside the vectors."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest

from bedside.library import tokens, vectors
from bedside.library.embedder import Embedder, load_embedder
from bedside.library.schema import SCHEMA_VERSION
from bedside.library.store import Store
from bedside.models import Record, Section


@pytest.fixture(scope="module")
def embedder(tmp_path_factory: pytest.TempPathFactory) -> Embedder:
    return load_embedder(tmp_path_factory.mktemp("models"))


def record(rid: str, title: str, abstract: str) -> Record:
    return Record(id=rid, source="test", title=title, sections=[Section(label="", text=abstract)])


def test_projection_is_fixed_and_orthonormal() -> None:
    basis = tokens.projection(384)
    assert basis.shape == (384, tokens.TOKEN_DIM)
    np.testing.assert_allclose(basis.T @ basis, np.eye(tokens.TOKEN_DIM), atol=1e-5)
    tokens.projection.cache_clear()
    assert np.array_equal(tokens.projection(384), basis)  # seeded: every library projects alike


def test_pack_keeps_cosines_and_ids(embedder: Embedder) -> None:
    _, per_text = embedder.embed_tokens(["Hyperhomocysteinemia and the risk of ischaemic stroke in adults."])
    states, ids = per_text[0]
    vector_blob, id_blob = tokens.pack(states, ids)
    assert len(vector_blob) == len(ids) * tokens.TOKEN_DIM // 2 and len(id_blob) == 2 * len(ids)  # 4 bits
    stored = tokens.unpack(vector_blob)
    np.testing.assert_allclose(np.linalg.norm(stored, axis=1), 1.0, atol=1e-5)
    # 4 bits after the projection keep the geometry: token-to-token cosines move little, and the
    # stored rows are the compressed rows, close one by one (a swapped nibble order would not be)
    compressed = tokens.compress(states)
    assert np.min((stored * compressed).sum(axis=1)) > 0.95
    full = states / np.linalg.norm(states, axis=1, keepdims=True)
    assert np.abs(stored @ stored.T - full @ full.T).max() < 0.25
    assert np.frombuffer(id_blob, np.uint16).tolist() == ids
    with pytest.raises(ValueError, match="3 token states for 2 token ids"):
        tokens.pack(states[:3], ids[:2])
    assert tokens.unpack(tokens.pack(states[:0], [])[0]).shape == (0, tokens.TOKEN_DIM)


def test_rare_tokens_weigh_more() -> None:
    frequencies = tokens.document_frequencies(
        [np.array(ids, np.uint16).tobytes() for ids in ([5, 7, 7], [5, 8], [5, 9], [5])]
    )
    assert frequencies[5] == 4 and frequencies[7] == 1 and frequencies[6] == 0  # counted once per record
    weights = tokens.weights([5, 7, 6], frequencies, records=4)
    assert weights[0] < weights[1] < weights[2]
    assert tokens.document_frequencies([]).sum() == 0


def test_maxsim_prefers_the_record_that_speaks_of_the_rare_words(embedder: Embedder) -> None:
    texts = [
        "Homocysteine lowering with folic acid did not reduce stroke in patients with renal disease.",
        "Patients with renal disease were treated and outcomes in patients were reported.",
        "The train to Paris leaves the station at noon.",
    ]
    _, per_text = embedder.embed_tokens(["Does lowering homocysteine prevent stroke in patients?", *texts])
    question_states, question_ids = per_text[0]
    stored = [tokens.unpack(tokens.pack(*states_ids)[0]) for states_ids in per_text[1:]]
    frequencies = tokens.document_frequencies([tokens.pack(*p)[1] for p in per_text[1:]])
    weights = tokens.weights(question_ids, frequencies, records=3)
    query = tokens.compress(question_states)
    scores = [tokens.maxsim(query, weights, s) for s in stored]
    assert scores[0] > scores[1] > scores[2], scores
    assert np.isnan(tokens.maxsim(query, weights, stored[0][:0]))
    # All records at once from their stored bytes, a record without tokens among them: the same scores.
    blobs = [tokens.pack(*states_ids)[0] for states_ids in per_text[1:]]
    blobs.insert(1, b"")
    sizes = [len(b) // (tokens.TOKEN_DIM // 2) for b in blobs]
    starts = np.concatenate([[0], np.cumsum(sizes)]).astype(np.int64)
    together = tokens.maxsim_packed(query, weights, b"".join(blobs), starts)
    assert np.isnan(together[1])
    np.testing.assert_allclose(together[[0, 2, 3]], scores, rtol=1e-5, atol=1e-6)
    assert np.isnan(tokens.maxsim_packed(query, weights, b"", np.zeros(3, np.int64))).all()  # two without tokens


def test_token_vectors_are_stored_and_a_library_from_before_is_embedded_again(
    tmp_path: Path, embedder: Embedder
) -> None:
    path = tmp_path / "lib.db"
    rows = [
        record("1", "Folic acid and stroke", "Homocysteine lowering did not reduce stroke."),
        record("2", "Exercise in multiple sclerosis", "Balance training improved coordination."),
    ]
    with Store.open(path) as store:
        store.put_batch(rows)
        assert vectors.update(store, embedder) == 2
        stored = vectors.token_vectors(store, embedder.model_id, [1, 2, 99])
        assert sorted(stored) == [1, 2]
        _, per_text = embedder.embed_tokens([vectors.document_text(r) for r in rows])
        assert stored[1].shape == (len(per_text[0][1]), tokens.TOKEN_DIM) and len(per_text[0][1]) > 5
        index = vectors.VectorIndex.load(store, embedder.model_id, embedder.dim)
        assert index.token_frequencies.sum() == sum(len(set(ids)) for _, ids in per_text)
    # A library written before token vectors (schema 4) has vectors without them.
    raw = sqlite3.connect(path, isolation_level=None)
    for column in ("tokens", "token_ids"):
        raw.execute(f"ALTER TABLE vectors DROP COLUMN {column}")
    raw.execute("PRAGMA user_version = 4")
    raw.close()
    with Store.open(path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert vectors.missing(store, embedder.model_id) == [1, 2]
        assert vectors.token_vectors(store, embedder.model_id, [1, 2]) == {}
        assert vectors.update(store, embedder) == 2
        assert vectors.missing(store, embedder.model_id) == []
        assert sorted(vectors.token_vectors(store, embedder.model_id, [1, 2])) == [1, 2]
    # Token vectors written under schema 5 (int8) are dropped when opened, and embedded again.
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("PRAGMA user_version = 5")
    raw.close()
    with Store.open(path) as store:
        assert vectors.missing(store, embedder.model_id) == [1, 2]
        assert vectors.update(store, embedder) == 2 and vectors.missing(store, embedder.model_id) == []
