"""`bedside ask`: the topic overview for a question, as terminal text, Markdown, HTML or JSON."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from bedside.cli.context import fail, print_json, state
from bedside.compose import audience as audiences
from bedside.compose.ask import ask as ask_question
from bedside.search.retrieve import SearchError

FORMATS = ("terminal", "markdown", "html", "json")


def ask(
    ctx: typer.Context,
    question: Annotated[str, typer.Argument(help="The clinical question, in your own words.")],
    audience: Annotated[
        str, typer.Option("--audience", help=f"Who is reading: {', '.join(audiences.names())}.")
    ] = "clinician",
    output: Annotated[str, typer.Option("--format", help="terminal, markdown, html or json.")] = "terminal",
    fetch: Annotated[
        bool | None,
        typer.Option(
            "--fetch/--no-fetch",
            help="Search PubMed first (default: only when the library holds nothing applicable and PubMed answers).",
        ),
    ] = None,
) -> None:
    """Answer a question with a cited, extractive topic overview (pending human review)."""
    st = state(ctx)
    if output not in FORMATS:
        fail(f"unknown format {output!r}; use one of: {', '.join(FORMATS)}", code=2)
    try:
        audiences.style(audience)
    except ValueError as exc:
        fail(str(exc), code=2)
    with st.open_store() as store:
        try:
            overview = ask_question(question, store, st.settings, audience=audience, fetch=fetch)
        except SearchError as exc:
            fail(str(exc))
            return
    if output == "json":
        print_json(overview.model_dump(mode="json"))
    elif output == "markdown":
        from bedside.render.markdown import render_markdown

        typer.echo(render_markdown(overview))
    elif output == "html":
        from bedside.render.html import render_html

        typer.echo(render_html(overview))
    else:
        from bedside.render.terminal import render_terminal

        render_terminal(overview, Console())
