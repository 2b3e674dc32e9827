"""`bedside library ...`: build the evidence library and look inside it."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from bedside.cli.context import fail, print_json, state
from bedside.library import ingest
from bedside.library.refresh import refresh as resplit
from bedside.library.store import Store
from bedside.models import Kind, Record, Rejection
from bedside.settings import Settings
from bedside.sources.kinds import parse_kind

app = typer.Typer(help="Build the evidence library and look inside it.", no_args_is_help=True)
err = Console(stderr=True)


def _kind_option(value: str | None) -> Kind | None:
    if value is None:
        return None
    kind = parse_kind(value)
    if kind is None:
        fail(f"unknown kind {value!r}; use one of: {', '.join(k.value for k in Kind)}", code=2)
    return kind


def _total_bytes(paths: list[Path]) -> int:
    total = 0
    for path in paths:
        if path.is_file():
            total += path.stat().st_size
        elif path.is_dir():
            total += sum(p.stat().st_size for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
    return total


def _report(summary: ingest.Summary, as_json: bool) -> None:
    if as_json:
        print_json(summary.as_dict())
    else:
        typer.echo(
            f"{summary.files} file(s): added {summary.added}, replaced {summary.replaced}, "
            f"unchanged {summary.unchanged}, kept newer {summary.kept_newer}, deleted {summary.deleted}, "
            f"rejected {summary.rejected}",
            err=True,
        )
    if summary.rejected:
        raise typer.Exit(1)


def _show_rejection(rejection: Rejection) -> None:
    typer.secho(f"rejected {rejection}", fg="red", err=True)


def _progress() -> Progress:
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        TextColumn("{task.fields[records]} records, {task.fields[rate]} rec/s"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=False,
    )


@contextmanager
def _counting(description: str, total: int) -> Iterator[Callable[[int, int], None]]:
    """A progress bar for work that reports (done, total) records, and the callback that feeds it."""
    with _progress() as bar:
        task = bar.add_task(description, total=total, records=0, rate="-")

        def progress(done: int, _total: int) -> None:
            elapsed = bar.tasks[task].elapsed or 1e-9
            bar.update(task, completed=done, records=done, rate=f"{done / elapsed:,.0f}")

        yield progress


@app.command("add")
def add(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (recursively), any mix of formats, .gz too.")],
    kind: Annotated[str | None, typer.Option("--kind", help="Kind for every record, e.g. guideline.")] = None,
    body: Annotated[str | None, typer.Option("--body", help="Guideline body (publisher) for documents.")] = None,
    year: Annotated[int | None, typer.Option("--year", help="Publication year for documents.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Add PubMed XML, MEDLINE/.nbib, JSONL and guideline documents to the library."""
    try:
        st = state(ctx)
        chosen = _kind_option(kind)
        with st.open_store() as store:
            add_files = partial(
                ingest.add_paths,
                store,
                paths,
                chosen,
                body=body,
                year=year,
                workers=st.settings.workers,
                parallel_min_bytes=st.settings.parallel_min_bytes,
                on_rejection=_show_rejection,
            )
            if sys.stderr.isatty() and not as_json:
                total = _total_bytes(paths)
                with _progress() as bar:
                    task = bar.add_task("adding", total=total or None, records=0, rate="-")
                    stored = finished = 0

                    def progress(event: str, n: int) -> None:
                        nonlocal stored, finished
                        if event == "records":
                            stored += n
                            elapsed = bar.tasks[task].elapsed or 1e-9
                            bar.update(task, records=stored, rate=f"{stored / elapsed:,.0f}")
                        elif event == "position":
                            bar.update(task, completed=finished + n)
                        else:
                            finished += n
                            bar.update(task, completed=finished)

                    summary = add_files(progress=progress)
            else:
                summary = add_files()
            embed_missing(store, st.settings, quiet=as_json)
        _report(summary, as_json)
    except KeyboardInterrupt:
        err.print(
            "interrupted: every batch stored before the stop is kept; run the same command again to"
            " finish (what is already stored is left unchanged)"
        )
        raise typer.Exit(130) from None


def embed_missing(store: Store, settings: Settings, quiet: bool = False) -> None:
    """Compute the dense vectors of records that have none (ingest's last step; resumable).

    Skipped with BEDSIDE_EMBED=0; search then computes what is missing on first use.
    """
    if not settings.embed:
        return
    from bedside.library import vectors
    from bedside.library.embedder import load_embedder

    embedder = load_embedder(settings.cache / "models")
    todo = len(vectors.missing(store, embedder.model_id, settings.token_vectors))
    if not todo:
        return
    if sys.stderr.isatty() and not quiet:
        with _counting("embedding", todo) as progress:
            vectors.update(store, embedder, progress=progress, with_tokens=settings.token_vectors)
    else:
        vectors.update(store, embedder, with_tokens=settings.token_vectors)


@app.command("refresh")
def refresh(
    ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False
) -> None:
    """Split stored records into sentences again with this version of bedside, and re-embed those that changed."""
    st = state(ctx)
    with st.open_store() as store:
        if sys.stderr.isatty() and not as_json:
            with _counting("re-splitting", store.count()) as progress:
                summary = resplit(store, progress)
        else:
            summary = resplit(store)
        embed_missing(store, st.settings, quiet=as_json)
    if as_json:
        print_json(summary.as_dict())
    else:
        typer.echo(f"{summary.records} records read; {summary.resplit} split differently, stored again", err=True)


@app.command("stats")
def stats(ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False) -> None:
    """How many records the library holds, by kind, and how fresh it is."""
    from bedside.library import vectors

    with state(ctx).open_store() as store:
        data: dict[str, Any] = {
            "library": str(store.path),
            "records": store.count(),
            "by_kind": store.counts_by_kind(),
            "newest_record_date": store.newest_date(),
            "last_ingest": store.last_ingest(),
            "vectors": vectors.count(store),
        }
    if as_json:
        print_json(data)
        return
    typer.echo(f"{data['records']} records in {data['library']}")
    for name, n in data["by_kind"].items():
        typer.echo(f"  {name:22} {n}")
    typer.echo(f"newest record: {data['newest_record_date'] or '-'}; last ingest: {data['last_ingest'] or '-'}")


def record_json(record: Record) -> dict[str, Any]:
    """The whole record as `library show --json` prints it (sections carry their sentences)."""
    data = record.model_dump(mode="json")
    data["sections"] = [
        {"label": s.label, "category": s.category, "text": s.text, "sentences": s.sentence_texts()}
        for s in record.sections
    ]
    return data


@app.command("show")
def show(
    ctx: typer.Context,
    record_id: Annotated[str, typer.Argument(metavar="ID", help="PMID, DOI, NCT number or other record id.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the whole record as JSON.")] = False,
) -> None:
    """Show one record."""
    with state(ctx).open_store() as store:
        record = store.get(record_id)
    if record is None:
        fail(f"no record with id {record_id!r} in the library")
        return
    if as_json:
        print_json(record_json(record))
        return
    typer.echo(f"{record.id}  [{record.kind.value}]{'  RETRACTED' if record.retracted else ''}")
    typer.echo(record.title)
    typer.echo(f"{record.journal.title or record.publisher} {record.year or ''}".strip())
    for section in record.sections:
        typer.echo(f"\n{section.label or 'TEXT'}\n{section.text}")


@app.command("fetch")
def fetch(
    ctx: typer.Context,
    query: Annotated[str, typer.Option("--query", help="PubMed query, as typed on PubMed.")],
    max_records: Annotated[int, typer.Option("--max", min=1, help="Most records to fetch.")] = 100,
    batch: Annotated[int, typer.Option("--batch", min=1, max=10000, help="Records per efetch request.")] = 200,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Search PubMed (E-utilities) and add what it returns to the library."""
    from bedside.library.fetch import fetch_pubmed
    from bedside.sources.eutils import EUtilsClient, EUtilsError

    st = state(ctx)
    client = EUtilsClient(base_url=st.settings.eutils_url)
    with st.open_store() as store:
        try:
            summary = fetch_pubmed(store, client, query, max_records, batch, on_rejection=_show_rejection)
        except EUtilsError as exc:
            fail(f"PubMed E-utilities: {exc}", code=3)
            return
        embed_missing(store, st.settings, quiet=as_json)
    _report(summary, as_json)
