"""Format detection, folder expansion and dispatch: content first, then name; failures as Rejections."""

from __future__ import annotations

import gzip
import importlib.util
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import pytest

from bedside.models import Kind, Record, Rejection
from bedside.sources import detect
from bedside.sources.base import Item
from tests.sources.minimal_pdf import make_pdf

PUBMED_HEAD = b'<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle//EN" "x.dtd">\n'


def jsonl_lines(count: int) -> bytes:
    return b"".join(
        json.dumps({"_id": str(n), "title": f"Record {n}", "text": "x " * 50}).encode() + b"\n" for n in range(count)
    )


def items_of(path: Path, kind: Kind | None = None, **kw: object) -> list[Item]:
    return list(detect.open_items(path, kind, **kw))  # type: ignore[arg-type]


def records(items: list[Item]) -> list[Record]:
    return [item for item in items if isinstance(item, Record)]


def rejections(items: list[Item]) -> list[Rejection]:
    return [item for item in items if isinstance(item, Rejection)]


def has_module(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


@pytest.mark.parametrize(
    ("name", "head", "expected"),
    [
        ("a.xml", PUBMED_HEAD + b"<PubmedArticleSet>", "pubmed-xml"),
        ("a.txt", b"<PubmedArticleSet><PubmedArticle>", "pubmed-xml"),
        ("update.xml.gz", b"<?xml version='1.0'?><PubmedArticleSet><DeleteCitation>", "pubmed-xml"),
        ("a.xml", b"<?xml version='1.0'?>\n<eSearchResult><Count>1</Count>", None),
        ("a.xml", b"", "pubmed-xml"),
        ("export.txt", b"\nPMID- 123\nOWN - NLM\n", "medline"),
        ("export.txt", b"PMC - PMC1\r\nPMID- 123\r\n", "medline"),
        ("cite.nbib", b"", "medline"),
        ("noext", b"PMID- 1\nTI  - x\n", "medline"),
        ("notes.txt", b"Our notes\nPMID- 1 is mentioned\n", "text"),
        ("c.jsonl", b'{"_id": "1", "text": "x"}\n', "jsonl"),
        ("c.json", b'{"_id": "1", "text": "x"}\n', "jsonl"),
        ("c.json", b'{\n    "header": {}\n}\n', None),
        ("c.jsonl", b"[1, 2]\n", None),
        ("weird.dat", b'\xef\xbb\xbf{"_id": "1"}\n', "jsonl"),
        ("g.md", b"<div align=center>logo</div>\n# Title\n", "markdown"),
        ("g.html", b"<p>fragment</p>", "html"),
        ("page", b"<!DOCTYPE html><html>", "html"),
        ("g.pdf", b"%PDF-1.7\n", "pdf"),
        ("scan.bin", b"%PDF-1.4\n", "pdf"),
        ("g.txt", b"Guideline\n\nText.", "text"),
        ("g.docx", b"PK\x03\x04", None),
        ("LICENSE", b"Copyright (c) 2020", None),
    ],
)
def test_detect_format(name: str, head: bytes, expected: str | None) -> None:
    assert detect.detect_format(name, head) == expected


# --- expand_paths -----------------------------------------------------------------------------


def test_expand_paths_recurses_sorted_skips_hidden_and_reports_missing(tmp_path: Path) -> None:
    for relative in ["b.jsonl", "a/z.md", "a/c/d.txt", "a/.hidden.md", ".git/config", "a/b.html"]:
        (tmp_path / relative).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / relative).write_text("x")
    missing = tmp_path / "nope.xml"
    got = list(detect.expand_paths([tmp_path, missing, tmp_path / "b.jsonl", tmp_path / "a/.hidden.md"]))
    files = [p.relative_to(tmp_path).as_posix() for p in got if isinstance(p, Path)]
    assert files == ["a/b.html", "a/c/d.txt", "a/z.md", "b.jsonl", "a/.hidden.md"]  # named twice: read once
    assert [g for g in got if isinstance(g, Rejection)] == [
        Rejection(path=str(missing), where="path", reason="no such file or folder")
    ]


# --- open_items -------------------------------------------------------------------------------


def test_jsonl_plain_and_gzipped_read_alike(tmp_path: Path) -> None:
    plain = tmp_path / "c.jsonl"
    plain.write_bytes(jsonl_lines(30))
    packed = tmp_path / "c.jsonl.gz"
    packed.write_bytes(gzip.compress(jsonl_lines(30)))
    hidden_gzip = tmp_path / "c2.jsonl"  # gzip is found by its magic bytes, not the name
    hidden_gzip.write_bytes(gzip.compress(jsonl_lines(30)))
    expected = [str(n) for n in range(30)]
    for path in (plain, packed, hidden_gzip):
        items = items_of(path)
        assert [r.id for r in records(items)] == expected and not rejections(items)


def test_kind_is_passed_to_the_reader(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_bytes(jsonl_lines(2))
    assert {r.kind for r in records(items_of(path, Kind.GUIDELINE))} == {Kind.GUIDELINE}


def test_truncated_gzip_keeps_the_good_records_then_rejects(tmp_path: Path) -> None:
    data = gzip.compress(jsonl_lines(2000))
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    items = items_of(path)
    good = records(items)
    assert 0 < len(good) < 2000
    assert [r.id for r in good] == [str(n) for n in range(len(good))]
    assert isinstance(items[-1], Rejection) and len(rejections(items)) == 1
    last = items[-1]
    assert last.path == str(path)
    assert last.where == f"after record {len(good)}"
    assert last.reason.startswith("truncated or corrupt gzip: ")


def test_corrupt_gzip_checksum_is_reported_after_the_records_read(tmp_path: Path) -> None:
    data = bytearray(gzip.compress(jsonl_lines(2000)))
    data[-8] ^= 0xFF  # break the CRC32 in the trailer: found only at the end of the stream
    path = tmp_path / "crc.jsonl.gz"
    path.write_bytes(bytes(data))
    items = items_of(path)
    count = len(records(items))
    assert count > 1000  # Python's gzip withholds only the last decompressed block on a bad CRC
    (rejection,) = rejections(items)
    assert rejection.where == f"after record {count}"
    assert rejection.reason.startswith("truncated or corrupt gzip: CRC check failed")


def test_corrupt_small_gzip_is_one_rejection(tmp_path: Path) -> None:
    data = bytearray(gzip.compress(jsonl_lines(5)))
    data[-8] ^= 0xFF
    path = tmp_path / "crc.jsonl.gz"
    path.write_bytes(bytes(data))
    (rejection,) = items_of(path)
    assert isinstance(rejection, Rejection)
    assert rejection.where == "after record 0" and "CRC check failed" in rejection.reason


def test_tiny_truncated_gzip_is_a_rejection_not_an_exception(tmp_path: Path) -> None:
    path = tmp_path / "tiny.jsonl.gz"
    path.write_bytes(gzip.compress(jsonl_lines(3))[:15])
    items = items_of(path)
    assert records(items) == []
    assert items and all(isinstance(i, Rejection) for i in items)


def test_unknown_format_names_file_and_supported_formats(tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    path.write_bytes(b"PK\x03\x04 zipped office file")
    (item,) = items_of(path)
    assert isinstance(item, Rejection)
    assert item.path == str(path)
    assert "unknown format (.docx)" in item.reason and detect.SUPPORTED in item.reason


def test_non_pubmed_xml_is_rejected_naming_its_root(tmp_path: Path) -> None:
    path = tmp_path / "esearch.xml"
    path.write_bytes(b'<?xml version="1.0"?>\n<eSearchResult><Count>0</Count></eSearchResult>')
    (item,) = items_of(path)
    assert isinstance(item, Rejection) and "root <eSearchResult>" in item.reason


@pytest.mark.parametrize("name", ["empty.jsonl", "empty.md", "empty.xml", "empty.txt.gz"])
def test_empty_file_is_one_rejection(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(gzip.compress(b"") if name.endswith(".gz") else b"")
    assert items_of(path) == [Rejection(path=str(path), where="file", reason="empty file")]


def test_missing_reader_module_becomes_a_rejection(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def absent(module: str) -> None:
        raise ModuleNotFoundError(f"No module named {module!r}", name=module)

    monkeypatch.setattr(detect, "reader_for", absent)
    path = tmp_path / "a.xml"
    path.write_bytes(PUBMED_HEAD + b"<PubmedArticleSet></PubmedArticleSet>")
    (item,) = items_of(path)
    assert isinstance(item, Rejection) and "no pubmed-xml reader installed" in item.reason


@pytest.mark.parametrize(
    ("name", "content", "module"),
    [
        ("base.xml.gz", PUBMED_HEAD + b"<PubmedArticleSet></PubmedArticleSet>", "bedside.sources.pubmed_xml"),
        ("export.txt", b"\nPMID- 1\nTI  - A title.\n", "bedside.sources.medline"),
        ("cite.nbib.gz", b"PMID- 1\r\nTI  - A title.\r\n", "bedside.sources.medline"),
    ],
)
def test_pubmed_readers_get_the_unzipped_stream_from_its_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, content: bytes, module: str
) -> None:
    seen: list[tuple[str, Path, bytes, Kind | None]] = []

    def fake_reader_for(wanted: str) -> object:
        def read(path: Path, stream: BinaryIO, kind: Kind | None = None) -> Iterator[Item]:
            seen.append((wanted, path, stream.read(), kind))
            yield Record(id="1")

        return read

    monkeypatch.setattr(detect, "reader_for", fake_reader_for)
    path = tmp_path / name
    path.write_bytes(gzip.compress(content) if name.endswith(".gz") else content)
    assert records(items_of(path, Kind.TRIAL_REPORT)) == [Record(id="1")]
    assert seen == [(module, path, content, Kind.TRIAL_REPORT)]


def test_folder_of_mixed_formats(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "corpus.jsonl").write_bytes(jsonl_lines(3))
    (tmp_path / "guide.md").write_text("# MS Guideline\n\nOffer exercise.\n")
    (tmp_path / "sub/page.html").write_text("<html><body><h1>Fatigue</h1><p>Rest.</p></body></html>")
    (tmp_path / "sub/notes.txt").write_text("FALLS\n\nAssess falls risk yearly.\n")
    (tmp_path / "sub/guide.pdf").write_bytes(make_pdf([["Spasticity", "Offer baclofen."]]))
    (tmp_path / "sub/guide2.md.gz").write_bytes(gzip.compress(b"# Bladder\n\nAsk about urgency.\n"))
    (tmp_path / "sub/table.xlsx").write_bytes(b"PK\x03\x04")
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x00")
    got: list[Item] = []
    for entry in detect.expand_paths([tmp_path]):
        got.extend([entry] if isinstance(entry, Rejection) else detect.open_items(entry, body="NICE", year=2020))
    docs = [r for r in records(got) if r.source == "document"]
    assert [r.title for r in docs] == ["MS Guideline", "Spasticity", "Bladder", "FALLS", "Fatigue"]
    assert [r.extra["format"] for r in docs] == ["markdown", "pdf", "markdown", "text", "html"]
    assert {(r.kind, r.publisher, r.year) for r in docs} == {(Kind.GUIDELINE, "NICE", 2020)}
    assert [r.id for r in records(got) if r.source == "jsonl"] == ["0", "1", "2"]
    (rejected,) = rejections(got)
    assert rejected.path.endswith("table.xlsx") and "unknown format" in rejected.reason


# --- dispatch to the PubMed readers (written alongside; skipped until they exist) --------------


def count_xml_articles(path: Path) -> int:
    return len(re.findall(rb"<PubmedArticle>", path.read_bytes()))


@pytest.mark.shared
@pytest.mark.skipif(not has_module("bedside.sources.pubmed_xml"), reason="bedside.sources.pubmed_xml not written yet")
def test_pubmed_xml_dispatch(shared_data: Path, tmp_path: Path) -> None:
    source = shared_data / "pubmed/biopython_entrez/pubmed2.xml"
    packed = tmp_path / "pubmed2.xml.gz"
    packed.write_bytes(gzip.compress(source.read_bytes()))
    for path in (source, packed):
        got = records(items_of(path))
        assert len(got) == count_xml_articles(source) > 0
        assert all(r.source == "pubmed-xml" for r in got)


@pytest.mark.shared
@pytest.mark.skipif(not has_module("bedside.sources.medline"), reason="bedside.sources.medline not written yet")
@pytest.mark.parametrize(
    "name", ["pubmed/jzsh2000_mesh-papers.medline.txt", "pubmed/nbib/single.nbib", "pubmed/nbib/pmc_medlars.txt"]
)
def test_medline_dispatch(shared_data: Path, name: str) -> None:
    path = shared_data / name
    expected = len(re.findall(rb"^PMID- ", path.read_bytes(), flags=re.M))
    got = records(items_of(path))
    assert len(got) == expected > 0
    assert all(r.source == "medline" for r in got)


@pytest.mark.shared
def test_shared_pubmed_folder_is_classified(shared_data: Path) -> None:
    """Every file of the real PubMed folder gets a reader or a clear reason (never an exception)."""

    def formats() -> Iterator[tuple[str, str | None]]:
        for entry in detect.expand_paths([shared_data / "pubmed"]):
            assert isinstance(entry, Path)
            with entry.open("rb") as handle:
                yield entry.relative_to(shared_data).as_posix(), detect.detect_format(entry.name, handle.read(65536))

    got = dict(formats())
    assert got["pubmed/biopython_entrez/pubmed1.xml"] == "pubmed-xml"
    assert got["pubmed/biopython_entrez/esearch1.xml"] is None
    assert got["pubmed/jzsh2000_mesh-papers.medline.txt"] == "medline"  # starts with a blank line
    assert got["pubmed/nbib/pmc_medlars.txt"] == "medline"  # starts with PMC, not PMID
    assert got["pubmed/nbib/single.nbib"] == "medline"
    assert got["pubmed/jzsh2000_example_20000000/20000000.json"] is None  # an esummary, not JSONL
