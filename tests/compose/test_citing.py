"""Bullets, their notes and references (`bedside.compose.citing`)."""

from __future__ import annotations

from bedside.compose.citing import Citations, link
from bedside.compose.select import BACKGROUND, Candidate
from bedside.compose.sources import Source
from bedside.models import Applicability, Record, Verdict


def test_a_quoted_background_sentence_is_named_in_the_bullets_note() -> None:
    record = Record(id="r1", title="Amitriptyline in chronic tension-type headache")
    source = Source(record, rowid=1, rank=1, score=1.0, level=None, applicability=Applicability(verdict=Verdict.DIRECT))
    known = "Amitriptyline is the medication of first choice in the treatment of chronic tension-type headache."
    found = "Amitriptyline reduced headache days by 30% compared with placebo."
    lead = Candidate(source, found, "", "results", 0.8, 0.8, None, position=4)
    context = Candidate(source, known, "", BACKGROUND, 0.75, 0.75, None, position=0)
    bullet = Citations().bullet(lead, [context])
    assert bullet.text == f"{known} {found}", "quotes in the record's order, unchanged"
    assert [ev.role for ev in bullet.evidence] == [BACKGROUND, "results"]
    assert bullet.note.startswith("background") and "“Amitriptyline is the medication of first …”" in bullet.note
    assert Citations().bullet(lead).note == "", "a bullet of findings only carries no note"


def _source(record: Record) -> Source:
    return Source(record, rowid=1, rank=1, score=1.0, level=None, applicability=Applicability(verdict=Verdict.DIRECT))


def test_one_number_per_record_in_order_of_first_citation() -> None:
    citations = Citations()
    first, second = _source(Record(id="a", title="A")), _source(Record(id="b", title="B"))
    assert [citations.cite(first), citations.cite(second), citations.cite(first)] == [1, 2, 1]
    assert [(r.n, r.record_id) for r in citations.references()] == [(1, "a"), (2, "b")]


def test_a_reference_links_to_pubmed_then_doi_then_its_page_then_the_registry() -> None:
    assert link(_source(Record(id="1", pmid="123", doi="10.1/x"))) == "https://pubmed.ncbi.nlm.nih.gov/123/"
    assert link(_source(Record(id="2", doi="10.1/x"))) == "https://doi.org/10.1/x"
    assert link(_source(Record(id="3", url="https://example.org/p"))) == "https://example.org/p"
    assert link(_source(Record(id="NCT01234567"))) == "https://clinicaltrials.gov/study/NCT01234567"
    assert link(_source(Record(id="4"))) == ""
