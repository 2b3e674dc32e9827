"""BEIR-style JSONL reader: the five real corpora field by field, and every kind of bad line."""

from __future__ import annotations

import io
import json
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO, cast

import pytest

from bedside.models import Kind, Record, Rejection
from bedside.sources import jsonl
from bedside.sources.base import Item

CORPORA = {
    "cochrane/corpus.jsonl": (891, Kind.SYSTEMATIC_REVIEW),
    "ctgov-ms/corpus.jsonl": (620, Kind.TRIAL_REGISTRATION),
    "medquad/corpus.jsonl": (5486, Kind.PATIENT_INFORMATION),
    "pubmedqa/corpus.jsonl": (1000, None),
    "scifact/beir_scifact/corpus.jsonl": (5183, None),
}


def read_file(path: Path, kind: Kind | None = None) -> list[Item]:
    with path.open("rb") as stream:
        return list(jsonl.read(path, stream, kind))


def read_lines(*lines: str | bytes, kind: Kind | None = None) -> list[Item]:
    data = b"\n".join(line.encode() if isinstance(line, str) else line for line in lines) + b"\n"
    return list(jsonl.read(Path("t.jsonl"), io.BytesIO(data), kind))


def line(**fields: Any) -> str:
    return json.dumps(fields)


def raw_rows(path: Path) -> list[dict[str, Any]]:
    """The file decoded independently of the reader, for expected values."""
    with path.open(encoding="utf-8") as handle:
        return [json.loads(text) for text in handle if text.strip()]


def records(items: list[Item]) -> list[Record]:
    return [item for item in items if isinstance(item, Record)]


def rejections(items: list[Item]) -> list[Rejection]:
    return [item for item in items if isinstance(item, Rejection)]


# --- the real corpora -------------------------------------------------------------------------


@pytest.mark.shared
@pytest.mark.parametrize("name", sorted(CORPORA))
def test_real_corpus_reads_every_line(shared_data: Path, name: str) -> None:
    path = shared_data / name
    expected_count, expected_kind = CORPORA[name]
    rows = raw_rows(path)
    items = read_file(path)
    assert rejections(items) == []
    got = records(items)
    assert len(got) == len(rows) == expected_count
    assert [r.id for r in got] == [row["_id"] for row in rows]
    assert [r.title for r in got] == [row["title"] for row in rows]
    assert all(r.source == "jsonl" and r.sections for r in got)
    if expected_kind is not None:
        assert {r.kind for r in got} == {expected_kind}


@pytest.mark.shared
def test_cochrane_fields(shared_data: Path) -> None:
    path = shared_data / "cochrane/corpus.jsonl"
    rows = {row["_id"]: row for row in raw_rows(path)}
    got = {r.id: r for r in records(read_file(path))}
    record = got["10.1002/14651858.CD001290.pub2"]
    meta = rows[record.id]["metadata"]
    assert record.title == ""  # Cochrane abstracts come without titles: none is invented
    assert record.doi == meta["doi"] == record.id
    assert record.publisher == meta["publisher"]
    assert record.extra == {"plain_language_summary": meta["plain_language_summary"], "split": meta["split"]}
    assert [(s.label, s.text) for s in record.sections] == [("", rows[record.id]["text"].strip())]
    assert all(r.doi == rows[r.id]["metadata"]["doi"] for r in got.values())


@pytest.mark.shared
def test_ctgov_registrations_get_registry_url(shared_data: Path) -> None:
    path = shared_data / "ctgov-ms/corpus.jsonl"
    rows = {row["_id"]: row for row in raw_rows(path)}
    got = {r.id: r for r in records(read_file(path))}
    record = got["NCT00000146"]
    assert record.kind is Kind.TRIAL_REGISTRATION
    assert record.url == "https://clinicaltrials.gov/study/NCT00000146"
    assert record.title == rows["NCT00000146"]["title"]
    assert record.extra == {"registry": "ClinicalTrials.gov", "nct_id": "NCT00000146"}
    assert all(r.url == f"https://clinicaltrials.gov/study/{rows[r.id]['metadata']['nct_id']}" for r in got.values())


@pytest.mark.shared
def test_medquad_pages_split_on_question_headings(shared_data: Path) -> None:
    path = shared_data / "medquad/corpus.jsonl"
    rows = raw_rows(path)
    got = records(read_file(path))
    for row, record in zip(rows, got, strict=True):
        headings = re.findall(r"^## (.+)$", row["text"], flags=re.M)
        assert [s.label for s in record.sections] == [h.strip() for h in headings]
        assert all(s.text and s.text in row["text"] for s in record.sections)
        assert record.url == row["metadata"]["url"]
        assert record.publisher == row["metadata"]["publisher"]
    first = got[0]
    assert first.id == "medquad:1_CancerGov_QA/0000001_1"  # the prefix is part of the id, kept as given
    assert first.sections[0].label == "What is (are) Adult Acute Lymphoblastic Leukemia ?"


@pytest.mark.shared
def test_pubmedqa_sections_years_and_mesh(shared_data: Path) -> None:
    path = shared_data / "pubmedqa/corpus.jsonl"
    rows = raw_rows(path)
    got = records(read_file(path))
    for row, record in zip(rows, got, strict=True):
        meta = row["metadata"]
        assert [(s.label, s.text) for s in record.sections] == [(s["label"], s["text"]) for s in meta["sections"]]
        assert record.year == meta["year"]
        assert record.pub_date == (str(meta["year"]) if meta["year"] else "")
        assert [m.descriptor for m in record.mesh] == meta["mesh"]
        assert record.pmid == meta["pmid"]
    assert sum(r.year is None for r in got) == sum(row["metadata"]["year"] is None for row in rows) == 58
    assert got[0].sections[0].category == "BACKGROUND"
    assert got[0].sections[-1].category == "CONCLUSIONS"


@pytest.mark.shared
def test_scifact_title_and_text(shared_data: Path) -> None:
    path = shared_data / "scifact/beir_scifact/corpus.jsonl"
    rows = raw_rows(path)
    got = records(read_file(path))
    for row, record in zip(rows, got, strict=True):
        assert [(s.label, s.text) for s in record.sections] == [("", row["text"].strip())]
    assert got[0].id == "4983"


@pytest.mark.shared
def test_throughput_on_medquad(shared_data: Path) -> None:
    """A loose floor (the reader does about 15,000 records/s here): catches an accidental slowdown."""
    path = shared_data / "medquad/corpus.jsonl"
    start = time.perf_counter()
    count = len(read_file(path))
    assert count / (time.perf_counter() - start) > 1500


# --- metadata handling ------------------------------------------------------------------------


def test_string_repr_lists_are_parsed_safely() -> None:
    sections = repr([{"label": "METHODS", "text": "We did it."}, {"label": "RESULTS", "text": "It worked."}])
    (record,) = read_lines(
        line(_id="1", text="x", metadata={"mesh": "['Humans', 'Multiple Sclerosis']", "sections": sections})
    )
    assert isinstance(record, Record)
    assert [m.descriptor for m in record.mesh] == ["Humans", "Multiple Sclerosis"]
    assert [(s.label, s.category, s.text) for s in record.sections] == [
        ("METHODS", "METHODS", "We did it."),
        ("RESULTS", "RESULTS", "It worked."),
    ]


def test_kind_argument_overrides_metadata() -> None:
    (record,) = read_lines(line(_id="1", text="x", metadata={"kind": "patient-information"}), kind=Kind.GUIDELINE)
    assert isinstance(record, Record) and record.kind is Kind.GUIDELINE


def test_kind_from_publication_types_beats_metadata_kind() -> None:
    meta = {"kind": "review", "publication_types": ["Randomized Controlled Trial"]}
    (record,) = read_lines(line(_id="1", text="x", metadata=meta))
    assert isinstance(record, Record) and record.kind is Kind.TRIAL_REPORT


def test_scalar_metadata_and_doi_forms() -> None:
    meta = {"doi": "https://doi.org/10.1/abc", "year": "2019", "registry": "X", "n": 3, "flag": True, "tags": ["a"]}
    (record,) = read_lines(line(_id="a", title="T", text="x", metadata=meta))
    assert isinstance(record, Record)
    assert record.doi == "10.1/abc"
    assert (record.year, record.pub_date) == (2019, "2019")
    assert record.extra == {"registry": "X", "n": "3", "flag": "true"}  # lists are not scalars: not kept


def test_nct_id_gives_a_url_only_to_registrations() -> None:
    registration, report = records(
        read_lines(
            line(_id="NCT01234567", text="x", metadata={"kind": "trial-registration"}),
            line(_id="9", text="x", metadata={"kind": "trial_report", "nct_id": "NCT01234567"}),
        )
    )
    assert registration.url == "https://clinicaltrials.gov/study/NCT01234567"
    assert report.url == ""


def test_explicit_url_is_kept_for_registrations() -> None:
    (record,) = read_lines(line(_id="NCT01234567", text="x", metadata={"kind": "trial-registration", "url": "u"}))
    assert isinstance(record, Record) and record.url == "u"


def test_integer_id_is_accepted_as_text() -> None:
    (record,) = read_lines('{"_id": 42, "title": "T", "text": "x"}')
    assert isinstance(record, Record) and record.id == "42"


def test_bom_and_blank_lines_are_fine() -> None:
    items = read_lines(b"\xef\xbb\xbf" + line(_id="1", text="x").encode(), "", "   ", line(_id="2", text="y"))
    assert [r.id for r in records(items)] == ["1", "2"] and not rejections(items)


# --- bad input --------------------------------------------------------------------------------


def test_bad_lines_are_rejected_with_their_line_number_and_good_ones_kept() -> None:
    items = read_lines(
        line(_id="1", text="first"),
        '{"_id": "2", "text": ',
        line(title="no id", text="x"),
        line(_id="", text="x"),
        b'{"_id": "5", "text": "caf\xe9"}',
        line(_id="6", title=7, text="x"),
        line(_id="7", text="x", metadata=["a"]),
        line(_id="8", text="x", metadata={"mesh": {"a": 1}}),
        line(_id="9", text="x", metadata={"year": "n.d."}),
        '["not", "an", "object"]',
        line(_id="11", title="", text="  "),
        line(_id="12", text="x", metadata={"sections": "[broken"}),
        line(_id="13", text="last"),
    )
    assert [r.id for r in records(items)] == ["1", "13"]
    got = {r.where: r.reason for r in rejections(items)}
    assert set(got) == {f"line {n}" for n in range(2, 13)}
    assert got["line 2"].startswith("invalid JSON")
    assert got["line 3"] == "missing _id"
    assert got["line 4"] == "empty _id"
    assert "not valid UTF-8" in got["line 5"] and "0xe9" in got["line 5"]
    assert got["line 6"] == "title must be a string, got int"
    assert got["line 7"] == "_id 7: metadata must be an object, got list"
    assert got["line 8"] == "_id 8: metadata.mesh must be a list, got dict"
    assert got["line 9"].startswith("_id 9: metadata.year must be a year")
    assert got["line 10"] == "expected a JSON object, got list"
    assert got["line 11"] == "_id 11: no title and no text"
    assert got["line 12"] == "_id 12: metadata.sections is a string that is not a readable list"
    assert all(r.path == "t.jsonl" for r in rejections(items))


@pytest.mark.parametrize("data", [b"", b"\n\n  \n"])
def test_empty_file_is_one_rejection(data: bytes) -> None:
    items = list(jsonl.read(Path("e.jsonl"), io.BytesIO(data)))
    assert items == [Rejection(path="e.jsonl", where="file", reason="empty file")]


def test_reader_streams_line_by_line() -> None:
    """Memory stays flat: the first record arrives after one line has been read, not the whole file."""
    consumed = 0

    def lines() -> Iterator[bytes]:
        nonlocal consumed
        for n in range(1_000_000):
            consumed += 1
            yield (line(_id=str(n), text="x") + "\n").encode()

    items = jsonl.read(Path("big.jsonl"), cast(BinaryIO, lines()))
    first = next(items)
    assert isinstance(first, Record) and first.id == "0"
    assert consumed == 1


def test_split_markdown_keeps_text_before_the_first_heading() -> None:
    sections = jsonl.split_markdown("Lead in.\n## What is it?\nAn answer.\n\n### Deeper ###\nMore.\n## Empty\n")
    assert [(s.label, s.text) for s in sections] == [
        ("", "Lead in."),
        ("What is it?", "An answer."),
        ("Deeper", "More."),
    ]
