"""sources -> sentences -> store: reading inputs into the library in atomic batches.

Ingest is idempotent and resumable by construction: every batch is one transaction, and storing a
record that is already there (same content) changes nothing. An ingest killed at any point and
run again therefore ends with exactly the library an uninterrupted run gives. Bad input is
reported as `Rejection`s (file, record, reason) and never stops the good records around it.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from bedside.library import parallel
from bedside.library.rows import Row, row_of_record
from bedside.library.store import BatchResult, Store
from bedside.models import Deletion, Kind, Record, Rejection
from bedside.sources import detect

Progress = Callable[[str, int], None]
"""Called as progress(event, n): ('file', bytes of a finished file), ('position', bytes read so far
in the current file) or ('records', records stored)."""


@dataclass
class Summary:
    """What an ingest did, for the closing summary and the exit code."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    kept_newer: int = 0
    deleted: int = 0
    files: int = 0
    rejections: list[Rejection] = field(default_factory=list)

    @property
    def rejected(self) -> int:
        """How many pieces of input were refused."""
        return len(self.rejections)

    def add(self, batch: BatchResult) -> None:
        """Fold one batch's counts in."""
        self.added += batch.added
        self.replaced += batch.replaced
        self.unchanged += batch.unchanged
        self.kept_newer += batch.kept_newer

    def as_dict(self) -> dict[str, object]:
        """JSON-ready view."""
        return {
            "files": self.files,
            "added": self.added,
            "replaced": self.replaced,
            "unchanged": self.unchanged,
            "kept_newer": self.kept_newer,
            "deleted": self.deleted,
            "rejected": self.rejected,
            "rejections": [r.model_dump() for r in self.rejections],
        }


Incoming = Record | Row | Deletion | Rejection
"""What ingest stores: reader items, or rows the multi-process PubMed reader already built."""


def _guarded(path: Path, items: Iterator[Incoming]) -> Iterator[Incoming]:
    """Turn a decompression or I/O failure mid-file into a Rejection after the good records."""
    count = 0
    try:
        for item in items:
            if isinstance(item, Record | Row):
                count += 1
            yield item
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        yield Rejection(path=str(path), where=f"after record {count}", reason=f"truncated or corrupt gzip: {exc}")
    except OSError as exc:
        yield Rejection(path=str(path), where=f"after record {count}", reason=f"cannot read: {exc}")


def ingest_items(
    store: Store,
    items: Iterable[Incoming],
    source: str,
    summary: Summary,
    batch_size: int = 500,
    progress: Progress | None = None,
    on_rejection: Callable[[Rejection], None] | None = None,
) -> None:
    """Store a stream of reader items in batches; deletions are applied in input order."""
    batch: list[Row] = []

    def flush() -> None:
        if batch:
            summary.add(store.put_rows(batch, source))
            if progress:
                progress("records", len(batch))
            batch.clear()

    for item in items:
        if isinstance(item, Record | Row):
            batch.append(item if isinstance(item, Row) else row_of_record(item))
            if len(batch) >= batch_size:
                flush()
        elif isinstance(item, Deletion):
            flush()
            summary.deleted += store.delete([item.id], source)
        else:
            summary.rejections.append(item)
            if on_rejection:
                on_rejection(item)
    flush()


def add_paths(
    store: Store,
    paths: Iterable[str | Path],
    kind: Kind | None = None,
    *,
    body: str | None = None,
    year: int | None = None,
    batch_size: int = 500,
    workers: int = 1,
    parallel_min_bytes: int = 8 * 2**20,
    progress: Progress | None = None,
    on_rejection: Callable[[Rejection], None] | None = None,
) -> Summary:
    """Add files and folders (recursively, any mix of supported formats) to the library.

    PubMed XML files of `parallel_min_bytes` or more (on disk) are parsed by `workers`
    processes; smaller ones in this process, as starting workers costs about half a second.
    """
    summary = Summary()
    for entry in detect.expand_paths([Path(p) for p in paths]):
        if isinstance(entry, Rejection):
            summary.rejections.append(entry)
            if on_rejection:
                on_rejection(entry)
            continue
        log_id = store.begin_ingest(str(entry))
        before = (summary.added, summary.replaced, summary.unchanged, summary.deleted, summary.rejected)
        reader = None
        if workers > 1 and entry.stat().st_size >= parallel_min_bytes:
            reader = partial(parallel.pubmed_rows, workers=workers)
        position = partial(progress, "position") if progress else None
        opened = detect.open_items(entry, kind, body=body, year=year, pubmed_reader=reader, on_position=position)
        items = _guarded(entry, opened)
        ingest_items(store, items, str(entry), summary, batch_size, progress, on_rejection)
        summary.files += 1
        after = (summary.added, summary.replaced, summary.unchanged, summary.deleted, summary.rejected)
        delta = [b - a for a, b in zip(before, after, strict=True)]
        store.finish_ingest(
            log_id, added=delta[0], replaced=delta[1], unchanged=delta[2], deleted=delta[3], rejected=delta[4]
        )
        if progress:
            progress("file", entry.stat().st_size)
    return summary
