"""`bedside search` and `bedside eval ...`: thin faces over bedside.search and bedside.eval."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from bedside.appraise import levels
from bedside.cli.context import fail, print_json, state
from bedside.search.filters import Filters
from bedside.search.retrieve import Retriever, SearchError

err = Console(stderr=True)


def search(
    ctx: typer.Context,
    question: Annotated[str, typer.Argument(help="The clinical question, in your own words.")],
    k: Annotated[int, typer.Option("--k", min=1, max=1000, help="How many records to return.")] = 10,
    kind: Annotated[list[str] | None, typer.Option("--kind", help="Only these kinds (repeatable).")] = None,
    publication_type: Annotated[
        list[str] | None, typer.Option("--publication-type", help="Only records with this publication type.")
    ] = None,
    year_from: Annotated[int | None, typer.Option("--from", help="Published in or after this year.")] = None,
    year_to: Annotated[int | None, typer.Option("--to", help="Published in or before this year.")] = None,
    max_level: Annotated[
        int | None, typer.Option("--max-level", min=1, max=6, help="Only evidence at this level or stronger.")
    ] = None,
    include_retracted: Annotated[bool, typer.Option("--include-retracted", help="Keep retracted records.")] = False,
    mode: Annotated[str, typer.Option("--mode", help="hybrid, bm25 or dense.")] = "hybrid",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Find the records that answer a question: facets, hybrid retrieval, facet-aware re-scoring."""
    st = state(ctx)
    if mode not in ("hybrid", "bm25", "dense"):
        fail(f"unknown mode {mode!r}; use hybrid, bm25 or dense", code=2)
    try:
        filters = Filters.parse(
            kinds=kind or [],
            publication_types=publication_type or [],
            year_from=year_from,
            year_to=year_to,
            max_level=max_level,
            include_retracted=include_retracted,
        )
    except ValueError as exc:
        fail(str(exc), code=2)
        return
    store = st.open_store(create=False) if st.settings.db.exists() else None
    if store is None:
        fail(f"no library at {st.settings.db}: add records first with `bedside library add PATH`", code=1)
        return
    with store:
        try:
            retriever = Retriever(store, st.settings, levels=levels.LibraryLevels())
            outcome = retriever.search(question, k=k, filters=filters, mode=mode)  # type: ignore[arg-type]
            levels.grade(store, outcome.results)
        except SearchError as exc:
            fail(str(exc))
            return
    if as_json:
        print_json(outcome.as_json())
        return
    table = Table(title=f"{len(outcome.results)} record(s) for: {question}")
    for column in ("#", "score", "id", "kind", "level", "year", "title"):
        table.add_column(column)
    for i, hit in enumerate(outcome.results, 1):
        title = ("RETRACTED · " if hit.retracted else "") + hit.title[:90]
        level = str(hit.level) if hit.level is not None else ""
        table.add_row(str(i), f"{hit.score:.3f}", hit.record_id, hit.kind, level, str(hit.year or ""), title)
    Console().print(table)


def eval_retrieval(
    ctx: typer.Context,
    beir_dir: Annotated[Path, typer.Option("--beir", help="BEIR folder: corpus.jsonl, queries.jsonl, qrels/test.tsv.")],
    k: Annotated[int, typer.Option("--k", min=1, help="Depth of each ranking (and of the run file).")] = 100,
    run_out: Annotated[Path | None, typer.Option("--run-out", help="Write the hybrid TREC run file here.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """nDCG@10, Recall@100 and MRR@10 of BM25, dense and hybrid retrieval, and query latency."""
    from bedside.eval import beir
    from bedside.eval import retrieval as evaluation

    st = state(ctx)
    try:
        bench = beir.load(beir_dir)
    except beir.BenchmarkError as exc:
        fail(str(exc), code=2)
        return
    with st.open_store() as store:
        try:
            library = evaluation.ensure_corpus(store, bench.corpus, st.settings.batch_size)
            retriever = Retriever(store, st.settings)
            retriever.prepare()
            report = evaluation.evaluate(retriever, bench, k=k, run_out=run_out)
        except (beir.BenchmarkError, SearchError) as exc:
            fail(str(exc))
            return
    report["library"] = library
    report["benchmark"] = str(beir_dir)
    if as_json:
        print_json(report)
        return
    table = Table(title=f"{beir_dir.name}: {report['queries']} queries")
    for column in ("mode", "nDCG@10", "Recall@100", "MRR@10", "p50 ms", "p95 ms"):
        table.add_column(column)
    for mode, row in report["modes"].items():
        table.add_row(
            mode,
            f"{row['ndcg@10']:.4f}",
            f"{row['recall@100']:.4f}",
            f"{row['mrr@10']:.4f}",
            f"{row['latency_ms_p50']:.1f}",
            f"{row['latency_ms_p95']:.1f}",
        )
    Console().print(table)
