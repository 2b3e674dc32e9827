"""`bedside eval ...`: the benchmarks that prove each stage, printed as tables or JSON."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bedside.cli import search as search_cli
from bedside.cli.context import fail, print_json

app = typer.Typer(help="Measure retrieval, sentence roles and evidence selection on public benchmarks.")
app.command("retrieval")(search_cli.eval_retrieval)


@app.command("roles")
def roles(
    pubmedqa: Annotated[
        Path, typer.Option("--pubmedqa", help="Folder holding ori_pqal.json and test_ground_truth.json.")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Accuracy of the sentence-role classifier on PubMedQA's 500 test abstracts (labels hidden)."""
    from bedside.eval.roles import evaluate_roles

    if not (pubmedqa / "ori_pqal.json").is_file():
        fail(f"{pubmedqa}: missing ori_pqal.json", code=2)
    report = evaluate_roles(pubmedqa)
    if as_json:
        print_json(report)
    else:
        for key, value in report.items():
            typer.echo(f"{key}: {value}")


@app.command("evidence")
def evidence(
    ctx: typer.Context,
    scifact: Annotated[Path, typer.Option("--scifact", help="SciFact folder: claims_*.csv and beir_scifact/.")],
    split: Annotated[str, typer.Option("--split", help="Claims file: train or validation.")] = "validation",
    limit: Annotated[int | None, typer.Option("--limit", min=1, help="Only the first N claims.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """How many gold rationale sentences the overview quotes (recall) and how many quotes are gold."""
    from bedside.cli.context import state
    from bedside.eval.evidence import evaluate
    from bedside.search.retrieve import Retriever

    st = state(ctx)
    if not (scifact / f"claims_{split}.csv").is_file():
        fail(f"{scifact}: missing claims_{split}.csv", code=2)
    with st.open_store() as store:
        retriever = Retriever(store, st.settings)
        retriever.prepare()
        report = evaluate(store, retriever, scifact, split=split, limit=limit)
    if as_json:
        print_json(report)
    else:
        for key, value in report.items():
            typer.echo(f"{key}: {value}")
