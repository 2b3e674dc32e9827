"""Reference exports: nbib read back by bedside's own MEDLINE reader; RIS and BibTeX carry ids and titles."""

from __future__ import annotations

import io
import re
from pathlib import Path

from bedside.models import Record
from bedside.render.reference_exports import to_bibtex, to_nbib, to_ris
from bedside.sources import medline
from tests.render.sample import LONG_TITLE, XSS_TITLE, sample_overview, sample_records


def _read_back(text: str) -> list[Record]:
    items = list(medline.read(Path("export.nbib"), io.BytesIO(text.encode("utf-8"))))
    records = [i for i in items if isinstance(i, Record)]
    assert len(records) == len(items), items  # no rejections
    return records


def test_nbib_round_trips_through_the_medline_reader() -> None:
    overview, records = sample_overview(), sample_records()
    text = to_nbib(overview.references, records)
    back = _read_back(text)
    pubmed = [r for r in overview.references if records[r.record_id].pmid]
    assert [r.id for r in back] == [r.record_id for r in pubmed]
    for got in back:
        want = records[got.id]
        assert got.pmid == want.pmid
        assert got.title == want.title
        assert got.journal.title == want.journal.title
        assert got.journal.iso_abbreviation == want.journal.iso_abbreviation
        assert got.journal.pages == want.journal.pages
        assert got.doi == want.doi
        assert got.year == want.year
        assert got.pub_date == want.pub_date
        assert [a.display for a in got.authors] == [a.display for a in want.authors]
        assert got.publication_types == want.publication_types
        assert [s.label for s in got.sections] == [s.label for s in want.sections]
        assert " ".join(s.text for s in got.sections) == " ".join(s.text for s in want.sections)


def test_nbib_is_pubmed_shaped() -> None:
    text = to_nbib(sample_overview().references, sample_records())
    lines = text.splitlines()
    assert lines[0] == "PMID- 99000001"
    assert all(len(line) <= 88 for line in lines)
    assert all(re.match(r"^([A-Z]{2,4} {0,2}- |      \S|$)", line) for line in lines), lines
    title_lines = text.split("TI  - ", 1)[1].split("\nPG  - ", 1)[0].splitlines()
    assert len(title_lines) > 1 and all(line.startswith("      ") for line in title_lines[1:])
    assert " ".join(line.strip() for line in title_lines) == LONG_TITLE
    assert "AID - 10.9999/apmr.2015.001 [doi]" in lines
    assert "TA  - Arch Phys Med Rehabil" in lines
    assert "JT  - Archives of physical medicine and rehabilitation" in lines
    assert "NCT09999999" not in text  # no PMID: nbib cannot hold it (RIS and BibTeX do)


def test_ris_lists_every_reference_with_ids_and_titles() -> None:
    overview, records = sample_overview(), sample_records()
    text = to_ris(overview.references, records)
    entries = text.strip().split("\n\n")
    assert len(entries) == len(overview.references)
    assert all(e.startswith("TY  - ") and e.endswith("ER  -") for e in entries)
    assert re.findall(r"^ID  - (.+)$", text, re.M) == [r.record_id for r in overview.references]
    titles = re.findall(r"^TI  - (.+)$", text, re.M)
    assert titles == [records[r.record_id].title for r in overview.references]
    assert "AN  - 99000002" in text and "DO  - 10.9999/apmr.2015.001" in text
    assert "SP  - 523" in text and "EP  - 531" in text  # '523-31' written out
    assert "TY  - DBASE" in entries[4]
    assert "UR  - javascript" not in text


def test_bibtex_lists_every_reference_with_escaped_fields() -> None:
    overview, records = sample_overview(), sample_records()
    text = to_bibtex(overview.references, records)
    keys = re.findall(r"^@(\w+)\{([^,]+),$", text, re.M)
    assert keys == [
        ("article", "pmid99000001"),
        ("article", "pmid99000002"),
        ("article", "pmid99000003"),
        ("article", "pmid99000004"),
        ("misc", "NCT09999999"),
    ]
    assert "title = {{Balance and gait improved in patients with MS after physiotherapy" in text
    assert r"Task-oriented training \& coordination" in text
    assert "doi = {10.9999/msard.2021.\\{4\\}\\_\\%}" in text
    assert "pages = {523--531}" in text
    assert "pmid = {99000002}" in text
    assert text.count("{") - text.count("\\{") == text.count("}") - text.count("\\}")  # braces balance
    assert XSS_TITLE.split(" ", 1)[0] in text  # the title is kept as text (BibTeX is not HTML)


def test_exports_fall_back_to_the_reference_when_the_record_is_missing() -> None:
    overview = sample_overview()
    text = to_ris(overview.references, {})
    assert text.count("TY  - ") == len(overview.references)
    back = _read_back(to_nbib(overview.references, {}))
    assert [r.id for r in back] == ["99000001", "99000002", "99000003", "99000004"]
    assert back[1].title == overview.references[1].title
