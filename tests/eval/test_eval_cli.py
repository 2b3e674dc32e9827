"""`bedside eval retrieval` and `bedside eval evidence` on small folders cut from SciFact, and the evidence scorer."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from bedside.eval.evidence import Claim, gold_spans, read_claims, score_claim
from bedside.models import (
    Bullet,
    Certainty,
    Evidence,
    Facets,
    GuidelineSection,
    LibrarySnapshot,
    Overview,
    ResearchTheme,
)


@pytest.fixture(scope="module")
def mini_beir(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """15 SciFact test queries, their qrels, their gold abstracts and 150 others."""
    source = shared_data / "scifact" / "beir_scifact"
    folder = tmp_path_factory.mktemp("beir")
    (folder / "qrels").mkdir()
    qrel_lines = (source / "qrels" / "test.tsv").read_text(encoding="utf-8").splitlines()
    header, rows = qrel_lines[0], [line.split("\t") for line in qrel_lines[1:]]
    qids = sorted({r[0] for r in rows}, key=int)[:15]
    kept = [r for r in rows if r[0] in qids]
    (folder / "qrels" / "test.tsv").write_text("\n".join([header, *("\t".join(r) for r in kept)]) + "\n")
    gold = {r[1] for r in kept}
    queries = [line for line in (source / "queries.jsonl").open() if json.loads(line)["_id"] in qids]
    (folder / "queries.jsonl").write_text("".join(queries))
    corpus, others = [], 0
    for line in (source / "corpus.jsonl").open(encoding="utf-8"):
        doc_id = json.loads(line)["_id"]
        if doc_id in gold or others < 150:
            corpus.append(line)
            others += doc_id not in gold
    (folder / "corpus.jsonl").write_text("".join(corpus))
    return folder


def test_eval_retrieval_reports_every_mode_and_writes_a_trec_run(mini_beir: Path, tmp_path: Path) -> None:
    run = tmp_path / "out" / "mini.run"
    db = tmp_path / "lib.db"
    cli = [sys.executable, "-m", "bedside", "--db", str(db), "eval", "retrieval", "--beir", str(mini_beir)]
    done = subprocess.run(
        [*cli, "--k", "20", "--run-out", str(run), "--json"], capture_output=True, text=True, timeout=900
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["queries"] == 15 and report["library"]["added"] > 150
    for mode in ("bm25", "dense", "hybrid"):
        figures = report["modes"][mode]
        assert 0.0 <= figures["ndcg@10"] <= 1.0 and figures["latency_ms_p50"] > 0
        assert set(figures) >= {"ndcg@10", "recall@100", "mrr@10", "latency_ms_p50", "latency_ms_p95"}
    assert report["modes"]["hybrid"]["ndcg@10"] >= 0.6
    lines = run.read_text().splitlines()
    _, q0, _, rank, score, tag = lines[0].split()
    assert q0 == "Q0" and rank == "1" and tag == "bedside-hybrid" and float(score)
    assert len({line.split()[0] for line in lines}) == 15
    assert all(int(line.split()[3]) <= 20 for line in lines)
    # A second run reuses the library instead of ingesting again.
    again = subprocess.run([*cli, "--k", "5", "--json"], capture_output=True, text=True, timeout=900)
    assert again.returncode == 0 and json.loads(again.stdout)["library"]["added"] == 0


def test_eval_retrieval_names_a_missing_file(tmp_path: Path) -> None:
    cli = [
        sys.executable,
        "-m",
        "bedside",
        "--db",
        str(tmp_path / "x.db"),
        "eval",
        "retrieval",
        "--beir",
        str(tmp_path),
    ]
    done = subprocess.run(cli, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "missing corpus.jsonl" in done.stderr


@pytest.fixture(scope="module")
def mini_scifact(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The first 8 validation claims with gold evidence, their gold abstracts and 120 other abstracts."""
    source = shared_data / "scifact"
    folder = tmp_path_factory.mktemp("scifact")
    (folder / "beir_scifact").mkdir()
    with (source / "claims_validation.csv").open(encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        fields, rows = reader.fieldnames, list(reader)
    ids = list(dict.fromkeys(r["id"] for r in rows if r["evidence_doc_id"]))[:8]
    kept = [r for r in rows if r["id"] in ids]
    with (folder / "claims_validation.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=fields or [])
        writer.writeheader()
        writer.writerows(kept)
    gold = {r["evidence_doc_id"] for r in kept}
    corpus, others = [], 0
    for line in (source / "beir_scifact" / "corpus.jsonl").open(encoding="utf-8"):
        doc_id = json.loads(line)["_id"]
        if doc_id in gold or others < 120:
            corpus.append(line)
            others += doc_id not in gold
    (folder / "beir_scifact" / "corpus.jsonl").write_text("".join(corpus), encoding="utf-8")
    return folder


def test_eval_evidence_asks_every_claim_and_scores_the_quotes(mini_scifact: Path, tmp_path: Path) -> None:
    cli = [sys.executable, "-m", "bedside", "--db", str(tmp_path / "lib.db"), "eval", "evidence"]
    done = subprocess.run([*cli, "--scifact", str(mini_scifact), "--json"], capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["split"] == "validation" and report["claims"] == 8
    assert report["gold_sentences"] >= 8, "every claim kept has at least one rationale sentence"
    # With each gold abstract in a small library, most are cited and some of their gold sentences quoted.
    assert report["gold_abstract_cited"] >= 0.5 and 0.0 < report["recall"] <= 1.0
    assert 0.0 < report["precision"] <= 1.0 and report["latency_ms_p95"] >= report["latency_ms_p50"] > 0
    missing = subprocess.run(
        [*cli, "--scifact", str(mini_scifact), "--split", "train"], capture_output=True, text=True, timeout=120
    )
    assert missing.returncode == 2 and "missing claims_train.csv" in missing.stderr


def test_gold_sentences_and_evidence_scoring(shared_data: Path) -> None:
    claims = read_claims(shared_data / "scifact" / "claims_validation.csv")
    assert claims and all(c.sentences for c in claims)
    abstract = "First finding here.Second sentence with 12 people (n = 12).Third one concludes."
    spans = gold_spans(abstract)
    assert [abstract[a:b] for a, b in spans] == [
        "First finding here.",
        "Second sentence with 12 people (n = 12).",
        "Third one concludes.",
    ]
    # A decimal is no join; a structured abstract's sentences end with whitespace before the next label.
    structured = "OBJECTIVE To test.   \nRESULTS The HR was 0.97 (95% CI 0.66-1.43).Mortality fell by 6.0%."
    assert [structured[a:b] for a, b in gold_spans(structured)] == [
        "OBJECTIVE To test.",
        "RESULTS The HR was 0.97 (95% CI 0.66-1.43).",
        "Mortality fell by 6.0%.",
    ]
    claim = Claim(id="1", text="claim", doc_id="d1", sentences=(1, 2))

    def bullet(quote: str) -> Bullet:
        return Bullet(text=quote, citations=[1], evidence=[Evidence(ref=1, record_id="d1", quote=quote)])

    overview = Overview(
        question="claim",
        generated_at="2026-01-01T00:00:00Z",
        library=LibrarySnapshot(records=1),
        facets=Facets(question="claim"),
        evidence_found=True,
        guidelines=GuidelineSection(found=False),
        research=[ResearchTheme(heading="x", bullets=[bullet("Third one concludes."), bullet("First finding here.")])],
        certainty=Certainty(rating="low"),
        disclaimer="d",
    )
    found, gold, right, quoted = score_claim(overview, claim, abstract)
    assert (found, gold, right, quoted) == (1, 2, 1, 2)
