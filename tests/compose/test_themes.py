"""Themes of 'From the Research': named after the intervention a study is about."""

from __future__ import annotations

from bedside.compose.select import Candidate
from bedside.compose.sources import Source
from bedside.compose.themes import OTHER, theme_of
from bedside.models import Applicability, Record, Section, Verdict
from bedside.search.facets import analyse


def candidate(title: str, text: str = "Pain fell by a third.") -> Candidate:
    source = Source(
        Record(id="r", title=title),
        rowid=1,
        rank=1,
        score=1.0,
        level=None,
        applicability=Applicability(verdict=Verdict.DIRECT),
    )
    return Candidate(source, text, "", "results", 0.5, 0.5, None)


def test_theme_is_the_intervention_the_title_names() -> None:
    assert theme_of(candidate("Massage for acute low back pain"), analyse) == "Massage"


def test_a_comparator_never_heads_a_theme() -> None:
    """'Compared with placebo' says what the study was measured against, not what it is about."""
    assert theme_of(candidate("Exercise versus usual care for chronic low back pain"), analyse) == "Exercise"
    assert (
        theme_of(candidate("A placebo-controlled trial of an unnamed compound", "Sham made no difference."), analyse)
        == OTHER
    )


def test_untitled_records_are_themed_by_their_quoted_sentence() -> None:
    assert theme_of(candidate("", "Massage was better than inactive controls for pain."), analyse) == "Massage"


def test_an_abbreviation_the_record_defines_as_something_else_names_that() -> None:
    """'dance movement therapy (DMT)': the quoted "DMT improved mood" is not about disease-modifying therapies."""
    record = Record(
        id="r",
        title="",
        sections=[Section(text="Dance movement therapy (DMT) was offered to 40 adults with MS. DMT improved mood.")],
    )
    source = Source(record, rowid=1, rank=1, score=1.0, level=None, applicability=Applicability(verdict=Verdict.DIRECT))
    quoted = Candidate(source, "DMT improved mood.", "", "results", 0.5, 0.5, None)
    theme = theme_of(quoted, analyse)
    assert theme != "Disease-modifying therapies" and theme.lower().startswith("dance")
    assert theme_of(candidate("", "DMT lowered the relapse rate."), analyse) == "Disease-modifying therapies"
