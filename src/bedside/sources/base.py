"""What every reader yields, and the small helpers they share.

A reader is a function `read(path, stream, kind=None) -> Iterator[Item]` over an already
opened binary stream (gzip is undone before the reader sees it). It yields `Record`s,
`Deletion`s (update files) and `Rejection`s (bad records: reported, never fatal to the rest of
the file). A reader never touches storage.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from bedside.models import Deletion, Kind, Record, Rejection

Item = Record | Deletion | Rejection

Document = dict[str, Any]
"""A record in `Record.model_dump(mode="json")` layout: what the store keeps, without validation."""


class Reader(Protocol):
    """Signature shared by all readers."""

    def __call__(self, path: Path, stream: BinaryIO, kind: Kind | None = None) -> Iterator[Item]: ...


def year_of(date: str) -> int | None:
    """The four-digit year at the start of an ISO-like or free-text date, if any."""
    head = date.strip()[:4]
    return int(head) if len(head) == 4 and head.isdigit() else None
