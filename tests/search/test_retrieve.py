"""Hybrid retrieval on real SciFact records: known answers found, filters, facets, increments."""

from __future__ import annotations

import itertools
import json
import random
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from bedside.appraise.levels import LibraryLevels, grade
from bedside.eval import beir
from bedside.library import ingest, vectors
from bedside.library.store import Store
from bedside.search.filters import Filters
from bedside.search.retrieve import FUSION, Retriever, SearchError
from bedside.settings import load

N_QUERIES = 20
N_DISTRACTORS = 300


def _write_jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def mini(
    shared_data: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Store, dict[str, str], dict[str, dict[str, int]], Path]]:
    """A library of the gold abstracts of 20 SciFact test claims plus 300 other SciFact abstracts."""
    folder = shared_data / "scifact" / "beir_scifact"
    bench = beir.load(folder)
    qids = sorted(bench.queries, key=int)[:N_QUERIES]
    gold = {d for q in qids for d in bench.qrels[q]}
    corpus = [json.loads(line) for line in (folder / "corpus.jsonl").open(encoding="utf-8")]
    others = [r for r in corpus if r["_id"] not in gold]
    random.Random(7).shuffle(others)
    rows = [r for r in corpus if r["_id"] in gold] + others[:N_DISTRACTORS]
    tmp = tmp_path_factory.mktemp("mini")
    path = _write_jsonl(tmp / "corpus.jsonl", rows)
    store = Store.open(tmp / "lib.db")
    summary = ingest.add_paths(store, [path])
    assert summary.added == len(rows)
    yield store, {q: bench.queries[q] for q in qids}, {q: bench.qrels[q] for q in qids}, tmp
    store.close()


def test_known_answers_are_found_and_hybrid_beats_bm25(
    mini: tuple[Store, dict[str, str], dict[str, dict[str, int]], Path],
) -> None:
    store, queries, qrels, _ = mini
    retriever = Retriever(store, load(db=store.path))
    found = {"bm25": 0, "hybrid": 0, "dense": 0}
    for qid, text in queries.items():
        for mode in found:
            ranked = [rid for rid, _ in retriever.rank(text, k=10, mode=mode)]  # type: ignore[arg-type]
            found[mode] += any(d in ranked for d in qrels[qid])
    assert found["hybrid"] >= 18, found
    assert found["hybrid"] >= found["bm25"], found
    assert found["dense"] >= 14, found


def test_vectors_are_kept_in_step_and_new_records_are_found(
    mini: tuple[Store, dict[str, str], dict[str, dict[str, int]], Path],
) -> None:
    store, _, _, tmp = mini
    settings = load(db=store.path)
    retriever = Retriever(store, settings)
    retriever.prepare()
    assert vectors.missing(store, retriever.embedder.model_id) == []
    new = _write_jsonl(
        tmp / "new.jsonl",
        [
            {
                "_id": "added-later-1",
                "title": "Quadricepsin tendon rupture healing after zorblatine injection",
                "text": "Zorblatine injection shortened healing of quadricepsin tendon rupture in 40 athletes.",
                "metadata": {"year": 2024},
            }
        ],
    )
    ingest.add_paths(store, [new])
    assert vectors.missing(store, retriever.embedder.model_id) == [
        store.db.execute("SELECT rowid FROM records WHERE id = 'added-later-1'").fetchone()[0]
    ]
    outcome = retriever.search("Does zorblatine help tendon rupture heal?", k=3)
    assert outcome.results[0].record_id == "added-later-1"
    assert vectors.missing(store, retriever.embedder.model_id) == []
    # Dense search alone finds it too: its vectors were computed incrementally.
    dense = retriever.rank("zorblatine injection for tendon rupture in athletes", k=5, mode="dense")
    assert "added-later-1" in [rid for rid, _ in dense]


def test_late_interaction_rescores_the_head_of_a_hybrid_ranking(
    mini: tuple[Store, dict[str, str], dict[str, dict[str, int]], Path],
) -> None:
    """Each hit's score gains the token signal's z-score over the head; other modes have no token signal."""
    store, queries, _, _ = mini
    settings = load(db=store.path)
    question = next(iter(queries.values()))
    with_tokens = Retriever(store, settings).search(question, k=100).results
    without = {
        h.record_id: h for h in Retriever(store, settings, replace(FUSION, tokens=0.0)).search(question, k=100).results
    }
    assert len(with_tokens) == len(without) == 100
    raw = np.array([h.signals["tokens"] for h in with_tokens])
    assert raw.std() > 0.01 and all("tokens" not in h.signals for h in without.values())
    z = (raw - raw.mean()) / raw.std()
    gained = np.array([h.score - without[h.record_id].score for h in with_tokens])
    np.testing.assert_allclose(gained, FUSION.tokens * z, atol=1e-6)
    # the order really changes (the signal is not constant) and scores stay sorted
    assert [h.record_id for h in with_tokens] != list(without)
    assert all(a.score >= b.score for a, b in itertools.pairwise(with_tokens))
    for mode in ("bm25", "dense"):
        hits = Retriever(store, settings).search(question, k=10, mode=mode).results  # type: ignore[arg-type]
        assert hits and all("tokens" not in h.signals for h in hits)


def test_filters_and_retracted_records(tmp_path: Path) -> None:
    rows = [
        {
            "_id": "old-trial",
            "title": "Balance training in multiple sclerosis: a randomized trial",
            "text": "Balance training improved postural control in multiple sclerosis.",
            "metadata": {"year": 2001, "kind": "trial-report"},
        },
        {
            "_id": "new-review",
            "title": "Balance training for multiple sclerosis: a systematic review",
            "text": "Balance training improves balance in people with multiple sclerosis.",
            "metadata": {"year": 2021, "kind": "systematic-review"},
        },
        {
            "_id": "retracted",
            "title": "Balance training cures multiple sclerosis",
            "text": "Balance training cured multiple sclerosis.",
            "metadata": {"year": 2019, "kind": "trial-report", "retracted": True},
        },
    ]
    store = Store.open(tmp_path / "lib.db")
    ingest.add_paths(store, [_write_jsonl(tmp_path / "c.jsonl", rows)])
    retriever = Retriever(store, load(db=store.path))
    question = "balance training in multiple sclerosis"
    everything = {h.record_id for h in retriever.search(question, k=10).results}
    assert "retracted" not in everything and {"old-trial", "new-review"} <= everything
    with_retracted = retriever.search(question, k=10, filters=Filters(include_retracted=True))
    flagged = {h.record_id: h.retracted for h in with_retracted.results}
    assert flagged == {"retracted": True, "old-trial": False, "new-review": False}, "a retracted record says so"
    assert with_retracted.as_json()["results"][0]["retracted"] is flagged[with_retracted.results[0].record_id]
    recent = retriever.search(question, k=10, filters=Filters(year_from=2010))
    assert [h.record_id for h in recent.results] == ["new-review"]
    reviews = retriever.search(question, k=10, filters=Filters.parse(kinds=["systematic review"]))
    assert [h.record_id for h in reviews.results] == ["new-review"]
    with pytest.raises(SearchError, match="levels"):
        retriever.search(question, k=10, filters=Filters(max_level=2))  # search does not appraise by itself
    graded = Retriever(store, load(db=store.path), levels=LibraryLevels())
    level2 = graded.search(question, k=10, filters=Filters(max_level=2))
    assert [h.record_id for h in level2.results] == ["new-review"]
    found = graded.search(question, k=10, filters=Filters(max_level=3)).results
    grade(store, found)
    levels = {h.record_id: h.level for h in found}
    assert levels == {"old-trial": 3, "new-review": 2}, "each result carries its level once graded"
    assert all(h.level is None for h in retriever.search(question, k=10).results), "ungraded: no level is guessed"
    with pytest.raises(ValueError, match="unknown kind"):
        Filters.parse(kinds=["horoscope"])
    store.close()
    # The command line's face hands search the appraisal's levels.
    cli = [sys.executable, "-m", "bedside", "--db", str(store.path), "search", question, "--max-level", "2", "--json"]
    done = subprocess.run(cli, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert [(r["id"], r["level"]) for r in json.loads(done.stdout)["results"]] == [("new-review", 2)]


def test_a_level_filter_reaches_past_the_head_of_the_ranking(tmp_path: Path) -> None:
    """A review far down the ranking (below 130 closer trials) is still found when only reviews are asked for."""
    rows = [
        {
            "_id": f"trial-{i}",
            "title": f"Balance training in multiple sclerosis: randomized trial {i}",
            "text": f"Balance training improved balance in {20 + i} people with multiple sclerosis.",
            "metadata": {"year": 2010, "kind": "trial-report", "publication_types": ["Randomized Controlled Trial"]},
        }
        for i in range(130)
    ]
    rows.append(
        {
            "_id": "review",
            "title": "Rehabilitation in neurological disease: a systematic review",
            "text": "Exercise programmes for stroke, Parkinson disease and multiple sclerosis were reviewed.",
            "metadata": {"year": 2020, "kind": "systematic-review"},
        }
    )
    store = Store.open(tmp_path / "lib.db")
    ingest.add_paths(store, [_write_jsonl(tmp_path / "c.jsonl", rows)])
    question = "balance training in multiple sclerosis"
    retriever = Retriever(store, load(db=store.path), levels=LibraryLevels())
    ranked = [h.record_id for h in retriever.search(question, k=131).results]
    assert ranked.index("review") >= 100, "the review must start outside the head for this test to mean anything"
    reviews = retriever.search(question, k=10, filters=Filters(max_level=2)).results
    assert [h.record_id for h in reviews] == ["review"]
    trials = retriever.search(question, k=5, filters=Filters(max_level=3)).results
    assert len(trials) == 5 and all(h.record_id.startswith("trial-") for h in trials)
    store.close()


def test_facet_match_beats_generic_words(tmp_path: Path) -> None:
    rows = [
        {
            "_id": "generic",
            "title": "Specific management strategies for patients: addressing issues in care",
            "text": "Management strategies for patients address specific issues. Patients value management.",
            "metadata": {},
        },
        {
            "_id": "on-topic",
            "title": "Physiotherapy for ataxia in multiple sclerosis",
            "text": "Physiotherapy improved ataxia and balance in people with multiple sclerosis.",
            "metadata": {},
        },
    ]
    store = Store.open(tmp_path / "lib.db")
    ingest.add_paths(store, [_write_jsonl(tmp_path / "c.jsonl", rows)])
    outcome = Retriever(store, load(db=store.path)).search(
        "What are the specific PT management strategies for addressing coordination issues in patients with MS?", k=2
    )
    assert outcome.results[0].record_id == "on-topic"
    top = outcome.results[0]
    assert "multiple sclerosis" in top.matched and "physical therapy" in top.matched
    assert outcome.results[1].signals.get("facets", 0.0) < top.signals["facets"]
    store.close()


def test_a_hyphenated_symbol_is_searched_as_one_name(tmp_path: Path) -> None:
    """'GATA-1' is indexed as 'gata' and '1'; searched as those words alone, GATA-4 and GATA-6 won."""
    rows = [
        {
            "_id": "gata46",
            "title": "GATA-4 and GATA-6 in 1 heart",
            "text": "GATA factors GATA-4 and GATA-6 bind.",
            "metadata": {},
        },
        {"_id": "gata1", "title": "GATA-1 in erythroid cells", "text": "Erythroid cells need it.", "metadata": {}},
    ]
    store = Store.open(tmp_path / "lib.db")
    ingest.add_paths(store, [_write_jsonl(tmp_path / "c.jsonl", rows)])
    outcome = Retriever(store, load(db=store.path)).search("What does GATA-1 do?", k=2, mode="bm25")
    assert [hit.record_id for hit in outcome.results] == ["gata1", "gata46"]
    store.close()


def test_words_that_rule_drugs_out_are_not_searched_for(tmp_path: Path) -> None:
    """'... without medication?': searched, 'medication' made the drug trial the best match."""
    rows = [
        {
            "_id": "drug",
            "title": "Antihypertensive medication lowers blood pressure",
            "text": "Medication lowered blood pressure; medication was well tolerated.",
            "metadata": {},
        },
        {
            "_id": "salt",
            "title": "Salt reduction lowers blood pressure",
            "text": "Eating less salt lowered blood pressure.",
            "metadata": {},
        },
    ]
    store = Store.open(tmp_path / "lib.db")
    ingest.add_paths(store, [_write_jsonl(tmp_path / "c.jsonl", rows)])
    retriever = Retriever(store, load(db=store.path))
    asked = retriever.search("How can I lower my blood pressure without medication?", k=2, mode="bm25")
    assert [h.record_id for h in asked.results] == ["salt", "drug"]
    store.close()


def test_empty_library_gives_a_clear_message(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "empty.db")
    with pytest.raises(SearchError, match="holds no records"):
        Retriever(store, load(db=store.path)).search("anything at all")
    store.close()
    cli = [sys.executable, "-m", "bedside", "--db", str(tmp_path / "empty.db"), "search", "stroke", "--json"]
    done = subprocess.run(cli, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert "holds no records" in done.stderr and "bedside library add" in done.stderr


def test_search_cli_json(mini: tuple[Store, dict[str, str], dict[str, dict[str, int]], Path]) -> None:
    store, queries, _, _ = mini
    text = next(iter(queries.values()))
    cli = [sys.executable, "-m", "bedside", "--db", str(store.path), "search", text, "--k", "5", "--json"]
    done = subprocess.run(cli, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["query"] == text
    assert set(data["facets"]) >= {"condition", "intervention", "outcome", "question_type"}
    assert len(data["results"]) == 5
    first = data["results"][0]
    assert set(first) >= {"id", "score", "title", "kind", "year"}
    scores = [r["score"] for r in data["results"]]
    assert scores == sorted(scores, reverse=True)


@pytest.mark.shared
def test_a_lay_word_is_also_searched_under_the_concepts_own_name(shared_data: Path, tmp_path: Path) -> None:
    """'itching' is pruritus: the Cochrane review of pruritus treatments never says 'itching'."""
    rows = []
    for line in (shared_data / "cochrane" / "corpus.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        text = row["text"].lower()
        if row["_id"].startswith("10.1002/14651858.CD008320") or "dialysis" in text or "itch" in text:
            rows.append({"_id": row["_id"], "title": row["title"], "text": row["text"], "metadata": {}})
    assert len(rows) > 5
    store = Store.open(tmp_path / "lib.db")
    ingest.add_paths(store, [_write_jsonl(tmp_path / "c.jsonl", rows)])
    retriever = Retriever(store, load(db=store.path))
    question = "What treatments help itching in people on dialysis?"
    ranked = [rid for rid, _ in retriever.rank(question, k=5, mode="bm25")]
    assert any(rid.startswith("10.1002/14651858.CD008320") for rid in ranked[:3]), ranked
    # A statement (a research claim) is searched in its own words only.
    claim = [rid for rid, _ in retriever.rank("Itching is common in people on dialysis.", k=50, mode="bm25")]
    assert not any(rid.startswith("10.1002/14651858.CD008320") for rid in claim[:3])
    store.close()


def test_token_vectors_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """BEDSIDE_TOKEN_VECTORS=0: no token vectors stored, no late interaction; turned on again, they are made."""
    rows = [
        {"_id": f"r{i}", "title": title, "text": text}
        for i, (title, text) in enumerate(
            [
                (
                    "Folic acid and stroke",
                    "Homocysteine lowering with folic acid did not reduce stroke in 3,000 adults.",
                ),
                ("Exercise in multiple sclerosis", "Balance training improved coordination in 60 people with MS."),
                (
                    "Statins after stroke",
                    "Atorvastatin reduced recurrent stroke in a randomised trial of 4,731 people.",
                ),
            ]
        )
    ]
    store = Store.open(tmp_path / "lib.db")
    ingest.add_paths(store, [_write_jsonl(tmp_path / "c.jsonl", rows)])
    monkeypatch.setenv("BEDSIDE_TOKEN_VECTORS", "0")
    off = load(db=store.path)
    assert off.token_vectors is False
    retriever = Retriever(store, off)
    hits = retriever.search("Does folic acid prevent stroke?", k=3).results
    assert hits and all("tokens" not in h.signals for h in hits)
    model = retriever.embedder.model_id
    assert vectors.missing(store, model, with_tokens=False) == []
    assert store.db.execute("SELECT COUNT(*) FROM vectors WHERE tokens IS NOT NULL").fetchone()[0] == 0
    assert len(vectors.missing(store, model)) == 3  # complete without them, incomplete for a library that wants them
    monkeypatch.delenv("BEDSIDE_TOKEN_VECTORS")
    hits = Retriever(store, load(db=store.path)).search("Does folic acid prevent stroke?", k=3).results
    assert all("tokens" in h.signals for h in hits)
    assert vectors.missing(store, model) == []
    store.close()
