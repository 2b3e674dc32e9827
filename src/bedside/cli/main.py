"""Top-level command and global options (`bedside --db PATH COMMAND ...`)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from bedside import __version__
from bedside.cli import ask as ask_cli
from bedside.cli import evaluate as evaluate_cli
from bedside.cli import export as export_cli
from bedside.cli import library as library_cli
from bedside.cli import search as search_cli
from bedside.cli import serve as serve_cli
from bedside.cli.context import State

app = typer.Typer(
    name="bedside",
    help="Answer clinical questions with cited evidence from a local library.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
app.add_typer(library_cli.app, name="library")
app.add_typer(evaluate_cli.app, name="eval")
app.command("search")(search_cli.search)
app.command("ask")(ask_cli.ask)
app.command("export")(export_cli.export)
app.command("serve")(serve_cli.serve)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"bedside {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    db: Annotated[
        Path | None,
        typer.Option("--db", envvar="BEDSIDE_DB", help="Library file (default: in the user's data directory)."),
    ] = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Pick the library file; the sub-command does the work."""
    ctx.obj = State(db=db)
