"""`bedside serve`: the web app over the same library and core functions as the other commands."""

from __future__ import annotations

from typing import Annotated

import typer

from bedside.cli.context import state


def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option("--host", help="Address to listen on (127.0.0.1: this machine only).")] = (
        "127.0.0.1"
    ),
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8000,
    fetch: Annotated[
        bool,
        typer.Option(
            "--fetch/--no-fetch", help="Let questions search PubMed when the library holds nothing applicable."
        ),
    ] = False,
) -> None:
    """Serve the topic overviews, records and search as web pages and a JSON API (see /docs)."""
    import uvicorn

    from bedside.web.app import create_app

    st = state(ctx)
    app = create_app(st.settings, fetch=None if fetch else False)
    typer.echo(f"bedside: loading the model and vectors for {st.settings.db} ...", err=True)
    app.state.engine.prepare()
    typer.echo(f"bedside: serving on http://{host}:{port}/ (API description at /docs)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="info", proxy_headers=False, server_header=False)
