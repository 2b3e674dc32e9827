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
