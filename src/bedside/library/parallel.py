"""Large PubMed XML files parsed in worker processes while this process stores what they send.

A baseline file holds ~30,000 articles; parsing, sentence splitting and serialising them is
three quarters of ingest time and every chunk of articles can be done on its own, so workers
turn chunks into ready `Row`s and the main process only decompresses, cuts chunks and writes
SQLite. Results are taken in file order and at most IN_FLIGHT chunks per worker are in flight, so
memory stays flat and the outcome (including where an error is reported) is exactly that of the
one-process reader: a chunk that does not parse on its own hands the rest of the file to
`ChunkedFile.fallback`, here in the main process.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import BinaryIO

from bedside.library.rows import Row, row_of
from bedside.models import Deletion, Kind, Rejection
from bedside.sources.pubmed_xml import CHUNK_BYTES, ChunkedFile, Cursor, Parsed, RawItem, parse_chunk, stream_items

Stored = Row | Deletion | Rejection

IN_FLIGHT = 6
"""Chunks handed to each worker ahead of the one being stored: enough to keep workers busy while
the main process writes a batch to SQLite, few enough that memory stays flat."""


def _finish(item: RawItem) -> Stored:
    return row_of(item) if isinstance(item, dict) else item


def _rows(path: Path, data: bytes, kind: Kind | None) -> Parsed | None:
    """Worker: one chunk with its records as stored rows, or None when it must be read element by element."""
    parsed = parse_chunk(path, data, kind)
    if parsed is not None:
        parsed.items = [_finish(item) for item in parsed.items]
    return parsed


def _watch(parent: int) -> None:
    """Worker start-up: exit as soon as the main process is gone (killed mid-ingest), instead of
    waiting forever on a task queue that nobody will write to again. Ctrl-C is left to the main
    process, which stops the pool: one message, not a traceback from every worker."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(1)

    threading.Thread(target=watch, name="watch-parent", daemon=True).start()


def _context() -> multiprocessing.context.BaseContext:
    """fork where there is one: workers start in milliseconds with everything imported, and a
    calling script needs no `if __name__ == "__main__"` guard (spawn re-imports it). The
    children only run `_rows`, so locks other threads (a progress bar) held at fork never matter."""
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    return multiprocessing.get_context(method)


def pubmed_rows(
    path: Path, stream: BinaryIO, kind: Kind | None, workers: int, *, chunk_bytes: int = CHUNK_BYTES
) -> Iterator[Stored]:
    """Rows, deletions and rejections of a PubmedArticleSet stream, parsed by `workers` processes."""
    chunks = ChunkedFile(stream, chunk_bytes)
    if not chunks.chunkable:
        yield from map(_finish, stream_items(path, chunks.rest(), kind, Cursor()))
        return
    pending: deque[tuple[bytes, Future[Parsed | None]]] = deque()
    reading: Iterator[bytes] | None = iter(chunks)
    failure: BaseException | None = None
    place = chunks.start()
    with ProcessPoolExecutor(workers, mp_context=_context(), initializer=_watch, initargs=(os.getpid(),)) as pool:
        while True:
            if reading is not None and len(pending) < IN_FLIGHT * workers:
                try:
                    data = next(reading)
                except StopIteration:
                    reading = None
                except Exception as exc:  # a broken gzip: store what came before, then report it
                    failure, reading = exc, None
                else:
                    pending.append((data, pool.submit(_rows, path, data, kind)))
                continue
            if not pending:
                break
            data, future = pending.popleft()
            parsed = future.result()
            if parsed is None:
                for _, later in pending:
                    later.cancel()
                pieces = [data, *(d for d, _ in pending)]
                yield from map(_finish, chunks.fallback(path, kind, place, pieces))
                return
            yield from place.settle(path, parsed)
    if failure is not None:
        raise failure
