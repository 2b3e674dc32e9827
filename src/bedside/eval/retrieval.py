"""`bedside eval retrieval`: BM25, dense and hybrid on a BEIR benchmark, with a TREC run file.

The library for the benchmark's corpus is built on first use (or reused when it already holds
exactly that corpus), so the figures come from the same code path a user's question takes.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bedside.eval import beir, metrics
from bedside.library import ingest
from bedside.library.store import Store
from bedside.search.retrieve import Mode, Retriever

MODES: tuple[Mode, ...] = ("bm25", "dense", "hybrid")


def ensure_corpus(store: Store, corpus: Path, batch_size: int = 500) -> dict[str, int]:
    """Ingest the corpus unless the library already holds every one of its ids; returns counts."""
    wanted = _corpus_ids(corpus)
    held = store.ids()
    if wanted <= held:
        return {"records": store.count(), "added": 0}
    summary = ingest.add_paths(store, [corpus], batch_size=batch_size)
    if summary.rejected:
        raise beir.BenchmarkError(f"{corpus}: {summary.rejected} record(s) rejected: {summary.rejections[0]}")
    return {"records": store.count(), "added": summary.added}


def _corpus_ids(corpus: Path) -> set[str]:
    ids = set()
    with corpus.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                ids.add(str(json.loads(line)["_id"]))
    return ids


def evaluate(
    retriever: Retriever,
    bench: beir.Benchmark,
    k: int = 100,
    run_out: Path | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> dict[str, Any]:
    """Run every judged query in every mode; figures per mode, and the hybrid run file when asked."""
    report: dict[str, Any] = {"queries": len(bench.queries), "k": k, "modes": {}}
    run_lines: list[str] = []
    for mode in MODES:
        ndcg, recall, mrr, latencies = [], [], [], []
        for i, (qid, text) in enumerate(sorted(bench.queries.items())):
            start = time.perf_counter()
            ranked = retriever.rank(text, k=k, mode=mode)
            latencies.append((time.perf_counter() - start) * 1000)
            ids = [record_id for record_id, _ in ranked]
            relevant = bench.qrels[qid]
            ndcg.append(metrics.ndcg_at(ids, relevant, 10))
            recall.append(metrics.recall_at(ids, relevant, 100))
            mrr.append(metrics.mrr_at(ids, relevant, 10))
            if mode == "hybrid":
                for rank, (record_id, score) in enumerate(ranked, 1):
                    run_lines.append(f"{qid} Q0 {record_id} {rank} {score:.6f} bedside-hybrid")
            if progress:
                progress(mode, i + 1, len(bench.queries))
        n = max(1, len(ndcg))
        report["modes"][mode] = {
            "ndcg@10": round(sum(ndcg) / n, 4),
            "recall@100": round(sum(recall) / n, 4),
            "mrr@10": round(sum(mrr) / n, 4),
            "latency_ms_p50": round(metrics.percentile(latencies, 50), 2),
            "latency_ms_p95": round(metrics.percentile(latencies, 95), 2),
        }
    if run_out is not None:
        run_out.parent.mkdir(parents=True, exist_ok=True)
        run_out.write_text("\n".join(run_lines) + "\n", encoding="utf-8")
        report["run_file"] = str(run_out)
    return report
