"""Study design and size read from abstracts: stated figures only, quoted verbatim.

The first tables are abstracts written for these tests, each aimed at one rule (totals beat
arms, years and ages are not counts, screened people are not participants). The last tests run
the real Cochrane and PubMedQA abstracts, checking quotes are verbatim and figures I read myself.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bedside.appraise.design import number_value, study_size
from bedside.models import Kind, Record, Section
from bedside.sources import detect


def record(abstract: str, kind: Kind = Kind.OTHER, title: str = "", *, background: str = "") -> Record:
    sections = [Section(text=background, category="BACKGROUND")] if background else []
    return Record(id="r", title=title, kind=kind, sections=[*sections, Section(text=abstract)])


@pytest.mark.parametrize(
    ("abstract", "kind", "participants", "studies", "quote"),
    [
        (
            "In this trial 42 people with MS were randomised to balance training (n = 21) or usual care (n = 21).",
            Kind.TRIAL_REPORT,
            42,
            None,
            "42 people with MS were randomised",
        ),
        ("Adults with MS (N=1,234) completed the survey.", Kind.OTHER, 1234, None, "N=1,234"),
        (
            "A total of 120 women were enrolled between 2010 and 2015.",
            Kind.OBSERVATIONAL_STUDY,
            120,
            None,
            "A total of 120 women were enrolled",
        ),
        ("Twelve children were recruited from two clinics.", Kind.OTHER, 12, None, "Twelve children were recruited"),
        (
            "We screened 1,500 patients; 200 patients were enrolled.",
            Kind.TRIAL_REPORT,
            200,
            None,
            "200 patients were enrolled",
        ),
        ("Of 300 eligible patients, 120 were randomised.", Kind.TRIAL_REPORT, 120, None, "120 were randomised"),
        (
            "Participants aged 65 years or older took 10 mg baclofen; 35% improved (p = 0.04).",
            Kind.TRIAL_REPORT,
            None,
            None,
            "",
        ),
        ("Between 2004 and 2012 patients were recruited at one centre.", Kind.OTHER, None, None, ""),
        ("This pilot study enrolled 18 participants.", Kind.OTHER, 18, None, "enrolled 18 participants"),
        (
            "Twenty-three studies (n = 3,456) met the inclusion criteria.",
            Kind.SYSTEMATIC_REVIEW,
            3456,
            23,
            "Twenty-three studies (n = 3,456)",
        ),
        (
            "We included 8 RCTs involving 1,020 participants. Three trials were at low risk of bias.",
            Kind.SYSTEMATIC_REVIEW,
            1020,
            8,
            "8 RCTs involving 1,020 participants",
        ),
        (
            "We identified 12 trials. Two ongoing trials and 40 excluded studies are listed.",
            Kind.SYSTEMATIC_REVIEW,
            None,
            12,
            "12 trials",
        ),
        (
            # Outside reviews, "two trials" is background, not a count of included studies.
            "Two trials have tested this before. We randomised 60 patients.",
            Kind.TRIAL_REPORT,
            60,
            None,
            "randomised 60 patients",
        ),
    ],
    ids=[
        "total-beats-arms",
        "N-with-comma",
        "total-of-not-years",
        "number-word",
        "screened-not-counted",
        "eligible-not-counted",
        "ages-doses-percent-p",
        "years-not-counts",
        "pilot",
        "review-n",
        "review-involving",
        "ongoing-excluded-not-counted",
        "trials-outside-review",
    ],
)
def test_figures(abstract: str, kind: Kind, participants: int | None, studies: int | None, quote: str) -> None:
    size = study_size(record(abstract, kind))
    assert (size.participants, size.studies, size.quote) == (participants, studies, quote)
    assert size.quote in abstract


@pytest.mark.parametrize(
    ("title", "abstract", "kind", "design"),
    [
        (
            "Balance training in MS: a randomised controlled trial",
            "We randomised 60 patients.",
            Kind.TRIAL_REPORT,
            "randomised controlled trial",
        ),
        (
            "",
            "In this double-blind, randomized, placebo-controlled crossover trial, 30 adults took part.",
            Kind.TRIAL_REPORT,
            "double-blind, randomized, placebo-controlled crossover trial",
        ),
        ("", "A retrospective cohort study of 5,000 patients.", Kind.OBSERVATIONAL_STUDY, "retrospective cohort study"),
        ("", "We did a cross-sectional survey of 250 nurses.", Kind.OTHER, "cross-sectional survey"),
        ("", "We report a case of ataxia after baclofen withdrawal.", Kind.CASE_REPORT, "case report"),
        ("", "This case series describes 7 patients.", Kind.OTHER, "case series"),
        (
            "Exercise for fatigue: a systematic review and meta-analysis",
            "We included 12 trials.",
            Kind.SYSTEMATIC_REVIEW,
            "systematic review and meta-analysis",
        ),
        # A review naming its included trials' design has no design of its own stated.
        ("", "We included one randomised controlled trial and one RCT of 40 people.", Kind.SYSTEMATIC_REVIEW, ""),
        ("", "A feasibility study.", Kind.OTHER, "feasibility study"),
        ("", "Patients were followed up.", Kind.OTHER, ""),
    ],
)
def test_design_as_stated(title: str, abstract: str, kind: Kind, design: str) -> None:
    assert study_size(record(abstract, kind, title)).design == design


def test_design_from_background_only_when_nothing_else_states_one() -> None:
    background = "A previous meta-analysis found no benefit."
    rec = record("In this randomised controlled trial 80 adults took part.", Kind.OTHER, background=background)
    assert study_size(rec).design == "randomised controlled trial"
    assert study_size(record("80 adults were studied.", Kind.OTHER, background=background)).design == "meta-analysis"


def test_review_participants_ignore_counts_smaller_than_the_studies() -> None:
    """'(n = 22)' after 43 included studies counts studies in a subgroup, not people."""
    abstract = "Forty-three studies were included: ICU (n = 22) and operating room (n = 20) patients."
    size = study_size(record(abstract, Kind.SYSTEMATIC_REVIEW))
    assert (size.studies, size.participants) == (43, None)


def test_quote_covers_both_figures_when_close() -> None:
    abstract = "Nine trials met our criteria. They randomised 812 participants in total."
    size = study_size(record(abstract, Kind.SYSTEMATIC_REVIEW))
    assert size.quote == "Nine trials met our criteria. They randomised 812 participants"
    assert size.label() == "9 studies, n = 812"


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("42", 42),
        ("1,234", 1234),
        ("Twenty-three", 23),
        ("twenty three", 23),
        ("nineteen", 19),
        ("ninety-nine", 99),
        ("twenty-twelve", None),
        ("hundred", None),
        ("4.2", None),
    ],
)
def test_number_value(words: str, value: int | None) -> None:
    assert number_value(words) == value


def corpus(shared_data: Path, name: str) -> list[Record]:
    path = shared_data / name / "corpus.jsonl"
    return [item for item in detect.open_items(path) if isinstance(item, Record)]


@pytest.mark.shared
@pytest.mark.parametrize("name", ["cochrane", "pubmedqa"])
def test_every_quote_is_verbatim_and_every_figure_in_its_quote(shared_data: Path, name: str) -> None:
    records = corpus(shared_data, name)
    assert len(records) > 800
    with_figures = 0
    for rec in records:
        size = study_size(rec)
        assert size.quote in rec.abstract, rec.id
        assert bool(size.quote) == (size.participants is not None or size.studies is not None), rec.id
        for value in (size.participants, size.studies):
            assert value is None or value > 0, rec.id
        with_figures += size.quote != ""
    # Figures are stated in most Cochrane abstracts and about half of PubMedQA's.
    assert with_figures > (0.9 if name == "cochrane" else 0.4) * len(records)


@pytest.mark.shared
@pytest.mark.parametrize(
    ("name", "rid", "participants", "studies", "quote"),
    [
        # "Fifty-four trials enrolling 6545 patients were included."
        ("cochrane", "10.1002/14651858.CD000370", 6545, 54, "Fifty-four trials enrolling 6545 patients were included"),
        # "We identified four studies (171 patients) that met our inclusion criteria."
        ("cochrane", "10.1002/14651858.CD006819.pub2", 171, 4, "four studies (171 patients)"),
        ("cochrane", "10.1002/14651858.CD000028.pub3", 26795, 16, "Sixteen trials (N = 26,795)"),
        # "Ten random or quasi-random controlled trials reported on a total of 1896 patients."
        (
            "cochrane",
            "10.1002/14651858.CD002214.pub3",
            1896,
            10,
            "Ten random or quasi-random controlled trials reported on a total of 1896 patients",
        ),
        ("pubmedqa", "25669733", 70, None, "Seventy patients were enrolled"),
        ("pubmedqa", "27858166", 22, None, "study of twenty-two cases"),
        ("pubmedqa", "23283159", 4349, None, "4,349 individuals were located"),
        # Arms follow as (n = 14) and (n = 12): the total wins.
        (
            "pubmedqa",
            "17578985",
            26,
            None,
            "Twenty-six ASA I-III patients scheduled for elective lower limb surgery were randomized",
        ),
    ],
)
def test_known_abstracts(
    shared_data: Path, name: str, rid: str, participants: int, studies: int | None, quote: str
) -> None:
    rec = next(r for r in corpus(shared_data, name) if r.id == rid)
    size = study_size(rec)
    assert (size.participants, size.studies, size.quote) == (participants, studies, quote)


@pytest.mark.shared
@pytest.mark.parametrize(
    ("rid", "design"),
    [
        ("17578985", "prospective, randomized, double-blind study"),
        ("26418441", "prospective cohort study"),
        ("20497146", "double-blind, randomized study"),
    ],
)
def test_known_designs(shared_data: Path, rid: str, design: str) -> None:
    rec = next(r for r in corpus(shared_data, "pubmedqa") if r.id == rid)
    assert study_size(rec).design == design
