"""`bedside export`: an article (by id) or a new answer (by question) in every export format.

The files are the ones the article page offers for download, made by the same function, so a
clinician can script what they would otherwise click. A question is asked first and stored as
an article, and its id is printed, so the web page for the same answer can be opened later.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from bedside.cli.context import fail, state
from bedside.compose import audience as audiences
from bedside.compose.ask import ask as ask_question
from bedside.library import articles
from bedside.search.retrieve import SearchError
from bedside.web.exports import FORMATS
from bedside.web.exports import export as export_overview


def export(
    ctx: typer.Context,
    article_or_question: Annotated[
        str, typer.Argument(metavar="ARTICLE_OR_QUESTION", help="An article id, or a question to ask first.")
    ],
    output_format: Annotated[str, typer.Option("--format", help=", ".join(FORMATS) + ".")] = "markdown",
    audience: Annotated[
        str | None, typer.Option("--audience", help=f"Who is reading: {', '.join(audiences.names())}.")
    ] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here instead of to stdout.")] = None,
    fetch: Annotated[
        bool | None,
        typer.Option("--fetch/--no-fetch", help="When asking: search PubMed first (default: only when needed)."),
    ] = None,
) -> None:
    """Export an overview as Markdown, HTML or PDF, or its references as RIS, MEDLINE/nbib or BibTeX."""
    st = state(ctx)
    if output_format not in FORMATS:
        fail(f"unknown format {output_format!r}; use one of: {', '.join(FORMATS)}", code=2)
    try:
        name = audiences.style(audience).name if audience else None
    except ValueError as exc:
        fail(str(exc), code=2)
        return
    with st.open_store() as store:
        article = articles.get(store, article_or_question) if articles.looks_like_id(article_or_question) else None
        if article is not None:
            overview = article.overview
            if name and name != article.audience:
                overview = articles.get_version(store, article.id, name) or ask_question(
                    article.search_text, store, st.settings, audience=name, fetch=False
                ).model_copy(update={"title": article.question})
                articles.save_version(store, article.id, name, overview)
            overview = overview.model_copy(update={"status": article.status})
            article_id = article.id
        else:
            try:
                overview = ask_question(
                    article_or_question, store, st.settings, audience=name or "clinician", fetch=fetch
                )
            except SearchError as exc:
                fail(str(exc))
                return
            saved = articles.save(store, overview, question=overview.question, audience=overview.audience)
            article_id = saved.id
            typer.echo(f"article {article_id}", err=True)
        records = {r.record_id: store.get(r.record_id) for r in overview.references}
        try:
            data = export_overview(overview, output_format, {k: v for k, v in records.items() if v is not None})
        except RuntimeError as exc:
            fail(str(exc), code=3)
            return
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    else:
        output.write_bytes(data)
        typer.echo(f"wrote {output} ({len(data):,} bytes, article {article_id})", err=True)
