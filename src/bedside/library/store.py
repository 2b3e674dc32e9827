"""The evidence library on disk: one SQLite file in WAL mode.

Every change to records goes through `Store.put_rows` (or `put_batch`) / `Store.delete`, which write the record,
its lexical-index row and the generation counter in one transaction, so the BM25 index can never
be out of step with the records, and a batch is either wholly stored or not at all. Callers speak
in `Record`s; no SQL leaks out of this module and `lexical.py` / `vectors.py`, which keeps a
later PostgreSQL store a drop-in replacement.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bedside.library.rows import Row, row_of_record
from bedside.library.schema import MIGRATIONS, SCHEMA_VERSION
from bedside.models import Record
from bedside.text.spelling import fold_text


class LibraryError(Exception):
    """A library file that cannot be used (newer schema, not a library, unwritable)."""


@dataclass
class BatchResult:
    """What one `put_batch` did."""

    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    kept_newer: int = 0


def now() -> str:
    """UTC timestamp, ISO 8601 to the second: what every stored date uses."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _indexed(row: Row) -> tuple[str, str, str]:
    """The title, abstract and MeSH text as the lexical index holds them: in one spelling.

    'tumour' and 'tumor', 'randomised' and 'randomized', 'NF-κB' and 'NF-kappaB' are one word to
    BM25; query words are folded the same way (`lexical.terms`).
    """
    return fold_text(row.title), fold_text(row.abstract), fold_text(row.mesh)


class Store:
    """A library file. Open with `Store.open(path)`; use as a context manager to close it."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self.db = connection
        self.path = path

    # -- opening ---------------------------------------------------------------------------
    @classmethod
    def open(cls, path: Path | str, *, create: bool = True) -> Store:
        """Open (and create or upgrade) the library at `path`."""
        path = Path(path).expanduser()
        if not path.exists():
            if not create:
                raise LibraryError(f"no library at {path}")
            path.parent.mkdir(parents=True, exist_ok=True)
        try:
            db = sqlite3.connect(path, isolation_level=None, check_same_thread=False, timeout=30)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            db.execute("PRAGMA foreign_keys=ON")
            # The lexical index holds text in one spelling (`text.spelling`); migration 4 uses it.
            db.create_function("bedside_fold", 1, fold_text, deterministic=True)
            store = cls(db, path)
            store._migrate()
        except sqlite3.DatabaseError as exc:
            raise LibraryError(f"{path} is not a usable bedside library: {exc}") from exc
        return store

    def _migrate(self) -> None:
        version = int(self.db.execute("PRAGMA user_version").fetchone()[0])
        if version > SCHEMA_VERSION:
            raise LibraryError(
                f"{self.path} was written by a newer bedside (schema {version}, this one knows {SCHEMA_VERSION})"
            )
        for number in range(version, SCHEMA_VERSION):
            with self.transaction():
                for statement in MIGRATIONS[number]:
                    self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version = {number + 1}")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction: committed when the block ends, rolled back if it raises.

        Rolls back only what is still open: SQLite has already undone a transaction that Ctrl-C
        interrupted mid-statement, and a failing ROLLBACK must not hide the real error.
        """
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
            self.db.execute("COMMIT")
        except BaseException:
            if self.db.in_transaction:
                self.db.execute("ROLLBACK")
            raise

    def close(self) -> None:
        """Close the file."""
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ---------------------------------------------------------------------------
    def put_batch(self, records: Sequence[Record], source: str = "") -> BatchResult:
        """Store records atomically (see `put_rows`)."""
        return self.put_rows([row_of_record(r) for r in records], source)

    def put_rows(self, rows: Sequence[Row], source: str = "") -> BatchResult:
        """Store rows atomically. Same id twice is one record; a newer version replaces.

        A record replaces the stored one when its (version, revised) is not older; identical
        content is left untouched, so re-running an ingest changes nothing.
        """
        result = BatchResult()
        if not rows:
            return result
        stamp = now()
        with self.transaction():
            for row in rows:
                stored = self.db.execute(
                    "SELECT rowid, version, revised, digest FROM records WHERE id = ?", (row.id,)
                ).fetchone()
                if stored is None:
                    cursor = self.db.execute(
                        "INSERT INTO records(kind, title, year, pub_date, retracted, version, revised, source,"
                        " publication_types, digest, doc, id, added_at, updated_at)"
                        " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                        (*row.columns(), row.id, stamp, stamp),
                    )
                    self.db.execute(
                        "INSERT INTO records_fts(rowid, title, abstract, mesh) VALUES (?,?,?,?)",
                        (cursor.lastrowid, *_indexed(row)),
                    )
                    self.db.execute("DELETE FROM deletions WHERE id = ?", (row.id,))
                    result.added += 1
                    continue
                rowid, version, revised, old_digest = stored
                if old_digest == row.digest:
                    result.unchanged += 1
                elif (row.version, row.revised) < (version, revised):
                    result.kept_newer += 1
                else:
                    self.db.execute(
                        "UPDATE records SET kind=?, title=?, year=?, pub_date=?, retracted=?, version=?, revised=?,"
                        " source=?, publication_types=?, digest=?, doc=?, updated_at=? WHERE rowid=?",
                        (*row.columns(), stamp, rowid),
                    )
                    self.db.execute("DELETE FROM records_fts WHERE rowid = ?", (rowid,))
                    self.db.execute(
                        "INSERT INTO records_fts(rowid, title, abstract, mesh) VALUES (?,?,?,?)",
                        (rowid, *_indexed(row)),
                    )
                    self.db.execute("DELETE FROM vectors WHERE rowid = ?", (rowid,))
                    result.replaced += 1
            if result.added or result.replaced:
                self._bump_generation()
        return result

    def delete(self, ids: Iterable[str], source: str = "") -> int:
        """Remove records (PubMed DeleteCitation); remembers the deletion. Returns how many existed."""
        removed = 0
        stamp = now()
        with self.transaction():
            for record_id in ids:
                row = self.db.execute("SELECT rowid FROM records WHERE id = ?", (record_id,)).fetchone()
                if row is not None:
                    self.db.execute("DELETE FROM records_fts WHERE rowid = ?", (row[0],))
                    self.db.execute("DELETE FROM vectors WHERE rowid = ?", (row[0],))
                    self.db.execute("DELETE FROM records WHERE rowid = ?", (row[0],))
                    removed += 1
                self.db.execute(
                    "INSERT OR REPLACE INTO deletions(id, deleted_at, source) VALUES (?,?,?)",
                    (record_id, stamp, source),
                )
            if removed:
                self._bump_generation()
        return removed

    def _bump_generation(self) -> None:
        self.db.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'generation'")

    # -- ingest log ------------------------------------------------------------------------
    def begin_ingest(self, path: str) -> int:
        """Note that an ingest of `path` started; returns its log id."""
        cursor = self.db.execute("INSERT INTO ingests(path, started_at) VALUES (?, ?)", (path, now()))
        return int(cursor.lastrowid or 0)

    def finish_ingest(self, log_id: int, **counts: int) -> None:
        """Record the outcome of an ingest (added, replaced, unchanged, deleted, rejected)."""
        columns = ", ".join(f"{name} = ?" for name in counts)
        self.db.execute(
            f"UPDATE ingests SET finished_at = ?, {columns} WHERE id = ?", (now(), *counts.values(), log_id)
        )

    def last_ingest(self) -> str | None:
        """When the last finished ingest ended."""
        row = self.db.execute("SELECT max(finished_at) FROM ingests").fetchone()
        return row[0] if row else None

    # -- reading ---------------------------------------------------------------------------
    def get(self, record_id: str) -> Record | None:
        """The record with this id, or None."""
        row = self.db.execute("SELECT doc FROM records WHERE id = ?", (record_id,)).fetchone()
        return Record.model_validate_json(row[0]) if row else None

    def get_many(self, rowids: Sequence[int]) -> dict[int, Record]:
        """Records by rowid (the lexical and vector indexes speak in rowids)."""
        rows = self.rows_for("SELECT rowid, doc FROM records WHERE rowid IN ({rowids})", rowids)
        return {rowid: Record.model_validate_json(doc) for rowid, doc in rows}

    def rows_for(self, select: str, rowids: Sequence[int], params: Sequence[Any] = ()) -> Iterator[tuple[Any, ...]]:
        """The rows `select` gives for these rowids: its `{rowids}` is filled 500 at a time (SQLite's
        limit on bound values), after `params` for its other placeholders."""
        for start in range(0, len(rowids), 500):
            chunk = list(rowids[start : start + 500])
            yield from self.db.execute(select.format(rowids=",".join("?" * len(chunk))), (*params, *chunk))

    def iter_records(self) -> Iterator[tuple[int, Record]]:
        """Every record with its rowid, in rowid order."""
        for rowid, doc in self.db.execute("SELECT rowid, doc FROM records ORDER BY rowid"):
            yield rowid, Record.model_validate_json(doc)

    def kinds(self) -> Iterator[tuple[int, str, str]]:
        """(rowid, kind, digest) of every record, without parsing any: what a judgement by kind needs,
        and the digest to tell whether a record changed since it was last judged."""
        for rowid, kind, digest in self.db.execute("SELECT rowid, kind, digest FROM records"):
            yield int(rowid), str(kind), str(digest)

    def ids(self) -> set[str]:
        """Every record id held."""
        return {row[0] for row in self.db.execute("SELECT id FROM records")}

    def retracted_rowids(self) -> set[int]:
        """Rowids of the retracted records (search leaves them out unless asked)."""
        return {int(row[0]) for row in self.db.execute("SELECT rowid FROM records WHERE retracted = 1")}

    def rowids_where(
        self,
        kinds: Sequence[str] = (),
        publication_types: Sequence[str] = (),
        year_from: int | None = None,
        year_to: int | None = None,
    ) -> set[int]:
        """Rowids of the records of any of these kinds and publication types (any case), within the years.

        An empty criterion admits every record; a record without a year is outside any year range.
        """
        clauses: list[str] = []
        params: list[Any] = []
        if kinds:
            clauses.append(f"kind IN ({','.join('?' * len(kinds))})")
            params.extend(kinds)
        if year_from is not None:
            clauses.append("year >= ?")
            params.append(year_from)
        if year_to is not None:
            clauses.append("year <= ?")
            params.append(year_to)
        if publication_types:
            # Stored as a JSON list: a type matches only as a whole item.
            clauses.append("(" + " OR ".join("lower(publication_types) LIKE ?" for _ in publication_types) + ")")
            params.extend(f'%"{t.lower()}"%' for t in publication_types)
        where = " AND ".join(clauses) or "1"
        return {int(row[0]) for row in self.db.execute(f"SELECT rowid FROM records WHERE {where}", params)}

    def count(self) -> int:
        """Number of records."""
        return int(self.db.execute("SELECT count(*) FROM records").fetchone()[0])

    def counts_by_kind(self) -> dict[str, int]:
        """Record counts per kind, largest first."""
        rows = self.db.execute("SELECT kind, count(*) FROM records GROUP BY kind ORDER BY count(*) DESC, kind")
        return {kind: int(n) for kind, n in rows}

    def newest_date(self) -> str | None:
        """The latest publication date held (what 'how fresh is this library' means to a reader)."""
        row = self.db.execute("SELECT max(pub_date) FROM records WHERE pub_date != ''").fetchone()
        return row[0] if row and row[0] else None

    def generation(self) -> int:
        """A counter bumped by every change to the records; caches key on it."""
        return int(self.db.execute("SELECT value FROM meta WHERE key = 'generation'").fetchone()[0])

    def was_deleted(self, record_id: str) -> bool:
        """True when an update file deleted this id."""
        return self.db.execute("SELECT 1 FROM deletions WHERE id = ?", (record_id,)).fetchone() is not None
