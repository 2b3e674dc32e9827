"""Ingest through the real CLI: idempotent, resumable after a kill, clear about bad input."""

from __future__ import annotations

import gzip
import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

BEDSIDE = [sys.executable, "-m", "bedside.cli"]


def run(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*BEDSIDE, "--db", str(db), *args], capture_output=True, text=True, timeout=600)


def fingerprint(db: Path) -> str:
    """Everything a reader of the library can see: records, their content and the lexical index."""
    con = sqlite3.connect(db)
    digest = hashlib.sha256()
    for row in con.execute("SELECT id, digest, doc FROM records ORDER BY id"):
        digest.update(repr(row).encode())
    fts = con.execute(
        "SELECT r.id, f.title, f.abstract, f.mesh FROM records_fts f JOIN records r ON r.rowid = f.rowid ORDER BY r.id"
    )
    for row in fts:
        digest.update(repr(row).encode())
    count = con.execute("SELECT count(*) FROM records_fts").fetchone()[0]
    digest.update(str(count).encode())
    con.close()
    return digest.hexdigest()


@pytest.fixture
def corpora(shared_data: Path) -> list[str]:
    return [
        str(shared_data / "scifact/beir_scifact/corpus.jsonl"),
        str(shared_data / "cochrane/corpus.jsonl"),
        str(shared_data / "ctgov-ms/corpus.jsonl"),
    ]


def test_killed_ingest_rerun_equals_uninterrupted(tmp_path: Path, corpora: list[str]) -> None:
    reference = tmp_path / "reference.db"
    assert run(reference, "library", "add", *corpora).returncode == 0
    want = fingerprint(reference)
    for delay in (0.8, 1.6, 2.4):
        db = tmp_path / f"killed-{delay}.db"
        proc = subprocess.Popen([*BEDSIDE, "--db", str(db), "library", "add", *corpora], stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert run(db, "library", "add", *corpora).returncode == 0
        assert fingerprint(db) == want, f"library differs after a kill at {delay}s and a re-run"


def test_adding_twice_changes_nothing(tmp_path: Path, shared_data: Path) -> None:
    db = tmp_path / "lib.db"
    path = str(shared_data / "ctgov-ms/corpus.jsonl")
    assert run(db, "library", "add", path).returncode == 0
    before = fingerprint(db)
    again = run(db, "library", "add", path, "--json")
    assert again.returncode == 0
    assert '"unchanged": 620' in again.stdout
    assert fingerprint(db) == before


def test_bad_inputs_keep_what_was_stored(tmp_path: Path, shared_data: Path) -> None:
    db = tmp_path / "lib.db"
    assert run(db, "library", "add", str(shared_data / "ctgov-ms/corpus.jsonl")).returncode == 0
    before = fingerprint(db)
    good = (shared_data / "cochrane/corpus.jsonl").read_bytes()
    truncated = tmp_path / "cut.jsonl.gz"
    packed = gzip.compress(good)
    truncated.write_bytes(packed[: len(packed) // 2])
    (tmp_path / "empty.jsonl").write_bytes(b"")
    (tmp_path / "latin1.jsonl").write_bytes('{"_id": "x1", "title": "caf\xe9", "text": "t"}\n'.encode("latin-1"))
    noid = '{"title": "no id", "text": "body"}\n{"_id": "ok1", "title": "T", "text": "B"}\n'
    (tmp_path / "noid.jsonl").write_text(noid)
    (tmp_path / "mystery.bin").write_bytes(os.urandom(64))
    result = run(
        db,
        "library",
        "add",
        str(truncated),
        str(tmp_path / "empty.jsonl"),
        str(tmp_path / "latin1.jsonl"),
        str(tmp_path / "noid.jsonl"),
        str(tmp_path / "mystery.bin"),
        str(tmp_path / "missing.xml"),
    )
    assert result.returncode != 0
    for name in ("cut.jsonl.gz", "empty.jsonl", "latin1.jsonl", "noid.jsonl", "mystery.bin", "missing.xml"):
        assert name in result.stderr, f"no message names {name}"
    assert "line 1" in result.stderr
    shown = run(db, "library", "show", "ok1", "--json")
    assert shown.returncode == 0, "the good record beside the bad one was not stored"
    con = sqlite3.connect(db)
    kept = con.execute("SELECT count(*) FROM records WHERE id LIKE 'NCT%'").fetchone()[0]
    con.close()
    assert kept == 620
    assert fingerprint(db) != before  # new good records came in...
    stats = run(db, "library", "stats", "--json")
    assert '"trial_registration": 620' in stats.stdout  # ...and nothing stored earlier was lost


def test_progress_reports_position_within_a_file(tmp_path: Path, shared_data: Path) -> None:
    """A single large file still moves the bar: positions (bytes on disk) grow to the file size."""
    from bedside.library import ingest
    from bedside.library.store import Store

    source = shared_data / "scifact/beir_scifact/corpus.jsonl"
    packed = tmp_path / "corpus.jsonl.gz"
    packed.write_bytes(gzip.compress(source.read_bytes()))
    events: list[tuple[str, int]] = []
    with Store.open(tmp_path / "lib.db") as store:
        ingest.add_paths(store, [packed], progress=lambda event, n: events.append((event, n)))
    positions = [n for event, n in events if event == "position"]
    reading = positions[3:]  # after sniffing the start and rewinding
    assert len(reading) > 10 and reading == sorted(reading)
    assert positions[-1] == max(positions) == packed.stat().st_size
    stored = sum(n for event, n in events if event == "records")
    assert stored == 5183 and events[-1] == ("file", packed.stat().st_size)


def test_every_reader_reads_through_the_watched_file(tmp_path: Path, shared_data: Path) -> None:
    """With a progress bar the readers see a position-reporting file: plain (not gzipped) files of
    every format must read exactly as without one (a plain .jsonl once failed: not iterable)."""
    from bedside.library import ingest
    from bedside.library.store import Store

    paths = [
        shared_data / "cochrane/corpus.jsonl",
        shared_data / "pubmed/jzsh2000_mesh-papers.medline.txt",
        shared_data / "pubmed/biopython_entrez/pubmed1.xml",
        shared_data / "pubmed/nbib",
    ]
    with Store.open(tmp_path / "watched.db") as store:
        watched = ingest.add_paths(store, paths, progress=lambda event, n: None)
    with Store.open(tmp_path / "plain.db") as store:
        plain = ingest.add_paths(store, paths)
    assert watched.as_dict() == plain.as_dict() and watched.added > 1000
    assert fingerprint(tmp_path / "watched.db") == fingerprint(tmp_path / "plain.db")
