"""Embedding a library: each distinct text embedded once, with the same vectors as embedding it alone."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from bedside.library import vectors
from bedside.library.embedder import Embedder, load_embedder
from bedside.library.store import Store
from bedside.models import Record, Section

BOILERPLATE = "You can use the medical dictionary to look up the definitions for these terms."


class Counting:
    """The real embedder, counting the texts it is asked to embed one by one."""

    def __init__(self, model: Embedder) -> None:
        self.model = model
        self.model_id = model.model_id
        self.dim = model.dim
        self.embedded: list[str] = []

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        self.embedded.extend(texts)
        return self.model.embed(texts)

    def embed_tokens(self, texts: Sequence[str]) -> tuple[np.ndarray, list[tuple[np.ndarray, list[int]]]]:
        return self.model.embed_tokens(texts)


@pytest.fixture(scope="module")
def embedder(tmp_path_factory: pytest.TempPathFactory) -> Embedder:
    return load_embedder(tmp_path_factory.mktemp("models"))


def page(rid: str, title: str, *sentences: str) -> Record:
    return Record(id=rid, source="test", title=title, sections=[Section(text=" ".join(sentences))])


def test_repeated_sentences_and_a_bare_title_are_embedded_once(tmp_path: Path, embedder: Embedder) -> None:
    records = [
        page("1", "Gout", "Gout is a form of arthritis.", BOILERPLATE),
        page("2", "Lupus", "Lupus is an autoimmune disease.", BOILERPLATE),
        Record(id="3", source="test", title="Aspirin for migraine in adults"),  # no abstract
    ]
    counting = Counting(embedder)
    with Store.open(tmp_path / "lib.db") as store:
        store.put_batch(records)
        assert vectors.update(store, counting, batch_size=2) == 3  # the repeat falls in the next batch too
        # Every sentence once; the bare title is its own whole text, embedded with the documents.
        assert sorted(counting.embedded) == sorted(
            ["Gout", "Gout is a form of arthritis.", BOILERPLATE, "Lupus", "Lupus is an autoimmune disease."]
        )
        index = vectors.VectorIndex.load(store, embedder.model_id, embedder.dim)
        stored = index.sentence_vectors(store, [1, 2, 3])
    alone = embedder.embed([BOILERPLATE, "Aspirin for migraine in adults"])
    np.testing.assert_allclose(stored[1][2], alone[0], atol=2e-3)  # float16 as stored
    np.testing.assert_array_equal(stored[1][2], stored[2][2])
    np.testing.assert_allclose(stored[3][0], alone[1], atol=2e-3)
    assert stored[3].shape == (1, embedder.dim)


def test_recent_texts_forget_the_least_recently_used() -> None:
    recent = vectors._Recent(size=2)
    one, two, three = (np.full(3, v, np.float32) for v in (1, 2, 3))
    recent.put("a", one)
    recent.put("b", two)
    assert np.array_equal(recent.get("a"), one)  # type: ignore[arg-type]  # now the most recent
    recent.put("c", three)
    assert recent.get("b") is None and recent.get("a") is not None and recent.get("c") is not None
