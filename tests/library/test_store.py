"""The store: idempotent, versioned replacement, deletion, atomic batches, migrations, FTS in step."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bedside.library import lexical
from bedside.library.rows import Row
from bedside.library.schema import SCHEMA_VERSION
from bedside.library.store import LibraryError, Store
from bedside.models import Kind, MeshHeading, Record, Section


def make(record_id: str, title: str = "Balance training in multiple sclerosis", **kw: object) -> Record:
    fields: dict[str, object] = {
        "kind": Kind.TRIAL_REPORT,
        "sections": [Section(label="RESULTS", text="Balance improved after training.")],
        "mesh": [MeshHeading(descriptor="Multiple Sclerosis", major=True)],
    }
    fields.update(kw)
    return Record(id=record_id, title=title, **fields)  # type: ignore[arg-type]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store.open(tmp_path / "lib.db")


def test_same_id_twice_is_one_record(store: Store) -> None:
    first = store.put_batch([make("1"), make("2")])
    again = store.put_batch([make("1"), make("2")])
    assert (first.added, again.added, again.unchanged) == (2, 0, 2)
    assert store.count() == 2


def test_newer_version_replaces_and_older_is_kept_out(store: Store) -> None:
    store.put_batch([make("7", title="Old title", revised="2020-01-01")])
    result = store.put_batch([make("7", title="New title", revised="2021-05-01")])
    assert result.replaced == 1
    stale = store.put_batch([make("7", title="Stale title", revised="2019-01-01")])
    assert stale.kept_newer == 1
    record = store.get("7")
    assert record is not None and record.title == "New title"
    # The lexical index follows the replacement: the old title no longer matches.
    assert lexical.search(store, "stale") == []
    assert [h.rowid for h in lexical.search(store, "new title")]


def test_generation_moves_only_on_change(store: Store) -> None:
    g0 = store.generation()
    store.put_batch([make("1")])
    g1 = store.generation()
    store.put_batch([make("1")])
    assert g1 == g0 + 1 and store.generation() == g1


def test_delete_removes_record_and_index_row(store: Store) -> None:
    store.put_batch([make("1"), make("2", title="Spasticity and baclofen")])
    assert store.delete(["2", "999"]) == 1
    assert store.get("2") is None and store.was_deleted("2") and store.was_deleted("999")
    assert lexical.search(store, "baclofen") == []
    fts_rows = store.db.execute("SELECT count(*) FROM records_fts").fetchone()[0]
    assert fts_rows == store.count() == 1


def test_batch_is_atomic(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    store.put_batch([make("1")])
    original = Row.columns

    def explode(row: Row) -> tuple[object, ...]:
        if row.id == "3":
            raise RuntimeError("disk on fire")
        return original(row)

    monkeypatch.setattr(Row, "columns", explode)
    with pytest.raises(RuntimeError):
        store.put_batch([make("2"), make("3")])
    assert store.get("2") is None, "a failed batch must leave nothing behind"
    assert store.count() == 1
    assert store.db.execute("SELECT count(*) FROM records_fts").fetchone()[0] == 1


def test_reopen_keeps_data_and_refuses_newer_schema(tmp_path: Path) -> None:
    path = tmp_path / "lib.db"
    with Store.open(path) as store:
        store.put_batch([make("1")])
    with Store.open(path) as store:
        assert store.count() == 1
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    raw.close()
    with pytest.raises(LibraryError, match="newer bedside"):
        Store.open(path)


def test_not_a_library(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(LibraryError, match="not a usable bedside library"):
        Store.open(junk)


def test_upgrade_from_first_schema(tmp_path: Path) -> None:
    from bedside.library.schema import MIGRATIONS

    path = tmp_path / "old.db"
    raw = sqlite3.connect(path, isolation_level=None)
    for statement in MIGRATIONS[0]:
        raw.execute(statement)
    raw.execute("PRAGMA user_version = 1")
    raw.close()
    with Store.open(path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        store.put_batch([make("1")])
        assert store.count() == 1


def test_counts_and_freshness(store: Store) -> None:
    store.put_batch([make("1", pub_date="2019-03"), make("2", pub_date="2023-11-02", kind=Kind.GUIDELINE)])
    assert store.counts_by_kind() == {"guideline": 1, "trial_report": 1}
    assert store.newest_date() == "2023-11-02"


def test_upgrade_to_folded_index_reindexes_what_was_stored(tmp_path: Path) -> None:
    """A library indexed before spellings were folded (schema 3) is re-indexed when opened."""
    path = tmp_path / "old.db"
    with Store.open(path) as store:
        store.put_batch([make("1", title="Paediatric tumours randomised")])
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("DELETE FROM records_fts")
    raw.execute(
        "INSERT INTO records_fts(rowid, title, abstract, mesh) VALUES (1, 'Paediatric tumours randomised', '', '')"
    )
    for column in ("tokens", "token_ids"):  # schema 5 added them
        raw.execute(f"ALTER TABLE vectors DROP COLUMN {column}")
    raw.execute("PRAGMA user_version = 3")
    raw.close()
    with Store.open(path) as store:
        assert store.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.db.execute("SELECT title FROM records_fts").fetchone()[0] == "Pediatric tumors randomized"
        assert [h.rowid for h in lexical.search(store, "pediatric tumor")] == [1]
        record = store.get("1")
        assert record is not None and record.title == "Paediatric tumours randomised"


def test_rowids_where_selects_by_kind_type_and_years(store: Store) -> None:
    store.put_batch(
        [
            make("a", kind=Kind.TRIAL_REPORT, year=2015, publication_types=["Randomized Controlled Trial"]),
            make("b", kind=Kind.TRIAL_REPORT, year=2005, publication_types=["Randomized Controlled Trial"]),
            make("c", kind=Kind.SYSTEMATIC_REVIEW, year=2018, publication_types=["Meta-Analysis", "Review"]),
            make("d", kind=Kind.GUIDELINE, publication_types=["Practice Guideline"]),
            make("e", kind=Kind.TRIAL_REPORT, year=2016, retracted=True),
        ]
    )
    rowid = {record_id: r for r, record_id in ((r, rec.id) for r, rec in store.iter_records())}

    def ids(**criteria: object) -> list[str]:
        found = store.rowids_where(**criteria)  # type: ignore[arg-type]
        return sorted(i for i, r in rowid.items() if r in found)

    assert ids() == ["a", "b", "c", "d", "e"]
    assert ids(year_from=2010) == ["a", "c", "e"], "a record without a year is outside any range"
    assert ids(year_from=2000, year_to=2010) == ["b"]
    assert ids(kinds=["trial_report", "guideline"]) == ["a", "b", "d", "e"]
    assert ids(publication_types=["meta-analysis"]) == ["c"], "types are matched whole, in any case"
    assert ids(publication_types=["Review"]) == ["c"]
    assert ids(kinds=["trial_report"], year_to=2015) == ["a", "b"]
    assert {rowid[i] for i in ["e"]} == store.retracted_rowids()
    assert store.ids() == set(rowid)
