"""Choosing sentences: leads, and the supporting sentences that make a bullet a study's findings."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from bedside.compose.select import (
    BACKGROUND,
    BACKGROUND_FLOOR,
    CLOSE_LEADS,
    FULL_LEADS,
    HARM_BONUS,
    Candidate,
    _role_for_bullets,
    _sentence_rows,
    candidates,
    choose,
    figures,
    key,
    support,
)
from bedside.compose.sources import Source
from bedside.models import Applicability, Facets, Kind, QuestionType, Record, Role, Section, Verdict
from bedside.search.matching import FacetMatcher
from bedside.text.sentences import with_sentences


def source(rid: str) -> Source:
    record = Record(id=rid, title=f"Study {rid}")
    return Source(record, rowid=1, rank=1, score=1.0, level=None, applicability=Applicability(verdict=Verdict.DIRECT))


_AXES = itertools.count(2)


def cand(src: Source, position: int, score: float, text: str = "", direction: int | None = None) -> Candidate:
    """A candidate whose vector is its own unit axis, so sentences are near-duplicates only when asked."""
    vector = np.zeros(256, dtype=np.float32)
    vector[direction if direction is not None else next(_AXES)] = 1.0
    words = frozenset(f"w{src.record.id}{position}x{i}" for i in range(8))
    text = text or f"Sentence {chr(97 + position)} of {src.record.id}."  # no digits: those are figures
    return Candidate(src, text, "", "results", score, score, vector, words, position, figures(text), cosine=score)


def test_support_gives_the_best_leads_the_largest_shares() -> None:
    a, b, c = source("a"), source("b"), source("c")
    leads = [cand(a, 0, 0.9), cand(b, 0, 0.8), cand(c, 0, 0.7)]
    pool = [
        *leads,
        *(cand(a, i, 0.7 - 0.01 * i) for i in range(1, 7)),  # six more of a
        *(cand(b, i, 0.75 - 0.01 * i) for i in range(1, 4)),  # three more of b, better than a's
        *(cand(c, i, 0.6) for i in range(1, 3)),
        cand(a, 8, 0.2),  # under a lead's floor, over a supporting sentence's
        cand(a, 9, 0.1),  # below the relevance floor
    ]
    out = support(leads, pool, shares=(4, 1, 0))
    assert [x.position for x in out[key(leads[0])]] == [1, 2, 3, 4], "the first lead: its best four"
    assert [x.position for x in out[key(leads[1])]] == [1], "the second: one, however good the rest"
    assert out[key(leads[2])] == [], "the last share (0) holds for every later lead"
    assert support(leads, pool, shares=(1,))[key(leads[2])], "the last share repeats"
    assert support(leads, pool, shares=()) == {key(lead): [] for lead in leads}
    only_a = support(leads[:1], pool, shares=(10,))[key(leads[0])]
    assert 8 in [x.position for x in only_a] and 9 not in [x.position for x in only_a], "the support floor holds"
    assert all(x.source.record.id == "a" for x in only_a), "support comes from the lead's own record"


def test_leads_as_close_as_the_first_are_quoted_as_fully() -> None:
    """Within `close` of the first lead's score a lead takes the first share, up to FULL_LEADS leads."""

    def shares_taken(scores: list[float], close: float | None = CLOSE_LEADS) -> list[int]:
        studies = [source(f"s{i}") for i in range(len(scores))]
        leads = [cand(src, 0, score) for src, score in zip(studies, scores, strict=True)]
        pool = [*leads, *(cand(src, i, 0.5) for src in studies for i in range(1, 5))]
        return [len(v) for v in support(leads, pool, shares=(3, 1, 0), close=close).values()]

    margin = [0.9, 0.9 - CLOSE_LEADS + 0.01, 0.9 - CLOSE_LEADS - 0.01]
    assert shares_taken(margin) == [3, 3, 0], "close to the first: its share; just past the margin: its place's"
    assert shares_taken(margin, close=None) == [3, 1, 0], "no margin given: shares by place"
    crowd = [0.9 - 0.01 * i for i in range(FULL_LEADS + 2)]
    assert shares_taken(crowd) == [3] * FULL_LEADS + [0, 0], "past FULL_LEADS a lead keeps its place's share"


def test_support_never_repeats_a_lead_or_a_near_duplicate() -> None:
    a = source("a")
    lead = cand(a, 0, 0.9, direction=0)
    twin = cand(a, 2, 0.8, direction=0)  # same vector as the lead: says the same thing
    other = cand(a, 3, 0.6, direction=1)
    out = support([lead], [lead, twin, other], shares=(10,))
    assert [x.position for x in out[key(lead)]] == [3]


def test_support_quotes_each_result_of_a_study_even_when_worded_alike() -> None:
    """Results at 12, 26 and 52 weeks read alike (cosine 0.99) but are three results; a sentence
    that only restates one without a new figure is a repeat."""
    a = source("a")
    lead = cand(a, 0, 0.9, "At 12 weeks, 53.0% abstained with the combination versus 43.2%.", direction=0)
    later = cand(a, 1, 0.8, "At 26 weeks, 36.6% abstained with the combination versus 27.6%.", direction=0)
    restated = cand(a, 2, 0.7, "At 12 weeks, abstinence was higher with the combination.", direction=0)
    out = support([lead], [lead, later, restated], shares=(10,))
    assert [x.position for x in out[key(lead)]] == [1]


def test_support_lets_one_study_say_related_things() -> None:
    """Within a study, only a near-repeat is held back (cosine over 0.9), not a related finding."""
    a = source("a")
    lead = cand(a, 0, 0.9, direction=0)
    related = cand(a, 1, 0.8, direction=1)
    related.vector = (0.88 * lead.vector + np.sqrt(1 - 0.88**2) * related.vector).astype(np.float32)  # type: ignore[operator]
    out = support([lead], [lead, related], shares=(10,))
    assert [x.position for x in out[key(lead)]] == [1]
    close = cand(a, 2, 0.8, direction=1)
    close.vector = (0.95 * lead.vector + np.sqrt(1 - 0.95**2) * close.vector).astype(np.float32)  # type: ignore[operator]
    assert support([lead], [lead, close], shares=(10,))[key(lead)] == []


def test_background_never_leads_and_supports_only_when_it_restates_the_question() -> None:
    """A study's background is its authors' reading of earlier work: it may follow the study's
    lead when it all but restates the question, never stand as a finding of its own."""
    a = source("a")
    lead = cand(a, 3, 0.6)
    known = cand(a, 0, BACKGROUND_FLOOR + 0.05)
    known.role = BACKGROUND
    loose = cand(a, 1, BACKGROUND_FLOOR - 0.05)
    loose.role = BACKGROUND
    assert choose([known, loose, lead], 5, per_source=5) == [lead], "no background lead, however close"
    out = support([lead], [lead, known, loose], shares=(10,))
    assert [x.position for x in out[key(lead)]] == [0], "only the background sentence over the floor"
    assert [x.position for x in choose([known, lead], 5, per_source=5, background_floor=0.0)] == [0, 3]
    also = cand(a, 2, BACKGROUND_FLOOR + 0.04)
    also.role = BACKGROUND
    out = support([lead], [lead, known, also], shares=(10,))
    assert [x.position for x in out[key(lead)]] == [0], "one background sentence a study at most"


def test_a_studys_aim_design_or_size_is_never_quoted_as_background() -> None:
    """Background means what was known before the study, not what the study set out to do."""
    a = source("a")
    known = "Mitochondria are the primary energy-generating system in most eukaryotic cells."
    assert _role_for_bullets(a, known, Role.BACKGROUND, "", 1.0) == BACKGROUND
    assert _role_for_bullets(a, known, Role.BACKGROUND, "OBJECTIVE", 1.0) is None, "an objective's label"
    for own in (
        "To evaluate the role of clinical assessment in suspected appendicitis.",
        "The aim of this study was to compare two regimens.",
        "In this study, we sought to identify mutations that cooperate with MYC.",
        "We present the first US-based study describing frequent headache.",
        "Ten randomised trials, including 517 patients with chronic hepatitis C, evaluated ten herbs.",
    ):
        assert _role_for_bullets(a, own, Role.BACKGROUND, "", 1.0) is None, own
    assert _role_for_bullets(a, known, Role.METHODS, "", 1.0) is None


@pytest.mark.parametrize(
    "design",
    [
        "The trial randomised 126 women at risk of postpartum depression to three arms.",
        "Women with bipolar disorder at recruitment were excluded from the study.",
        "The primary outcome measure was the Beck Depression Inventory score at six weeks.",
        "The other trial compared docosahexanoic acid (DHA) and eicosapentaenoic acid (EPA) with placebo.",
        "The women who discontinued the intervention were included in the intention-to-treat analysis.",
        "Women received supplements or placebo from 12 weeks of gestation.",
        "We included two randomised controlled trials.",
        "Three women in the EPA arm and one woman in the placebo arm were lost to follow-up.",
    ],
)
def test_how_a_trial_was_run_is_never_quoted_as_a_finding(design: str) -> None:
    """A Cochrane review's main results tell each trial's design between the findings."""
    assert _role_for_bullets(source("a"), design, Role.RESULTS, "", 1.0) is None


def test_findings_are_still_quoted() -> None:
    finding = "No benefit was found for EPA-rich fish oil (MD 0.70, 95% CI -1.78 to 3.18) in preventing depression."
    assert _role_for_bullets(source("a"), finding, Role.RESULTS, "", 1.0) == "results"
    randomised = "Patients randomised to surgery had less pain at one year (MD -1.2)."
    assert _role_for_bullets(source("a"), randomised, Role.RESULTS, "", 1.0) == "results"


def test_how_a_guideline_was_made_is_not_guidance() -> None:
    guideline = source("g")
    guideline.record.kind = Kind.GUIDELINE
    made = "METHODS We updated prior literature reviews and synthesized the evidence."
    assert _role_for_bullets(guideline, made, Role.METHODS, "", 0.5) is None
    advice = "Annual screening with low-dose computed tomography is recommended for adults aged 55 to 80."
    assert _role_for_bullets(guideline, advice, Role.RESULTS, "", 0.5) == "recommendation"
    assert _role_for_bullets(
        guideline, "Lung cancer is the leading cause of cancer death.", Role.BACKGROUND, "", 0.5
    ) == ("guidance")


def one_section(title: str, kind: Kind, text: str) -> Source:
    """A direct source of one section, its sentences split as at ingest."""
    record = Record(id="p", title=title, kind=kind, sections=[with_sentences(Section(text=text))])
    return Source(record, rowid=1, rank=1, score=1.0, level=None, applicability=Applicability(verdict=Verdict.DIRECT))


def scored(src: Source, facets: Facets) -> list[Candidate]:
    """Candidates of a source whose every sentence (and title) has the same cosine, 1.0, with the question."""
    rows = len(_sentence_rows(src)) + 1
    return candidates(
        src, np.ones(4, dtype=np.float32) / 2, np.ones((rows, 4), dtype=np.float32) / 2, FacetMatcher(facets), 1
    )


def test_a_question_in_a_source_is_never_quoted() -> None:
    """Patient pages are headed by questions: the heading asserts nothing, the answer under it does."""
    src = one_section(
        "Multiple sclerosis",
        Kind.PATIENT_INFORMATION,
        "What are the signs and symptoms of multiple sclerosis? "
        "Multiple sclerosis often causes numbness, weakness and problems with balance.",
    )
    assert len(_sentence_rows(src)) == 2
    found = scored(src, Facets(question="x"))
    assert [c.text for c in found] == ["Multiple sclerosis often causes numbness, weakness and problems with balance."]


def test_admit_is_the_last_test_and_asked_only_of_would_be_choices() -> None:
    """`admit` (a costly check, such as another treatment's name) runs on few sentences, not all."""
    a, b = source("a"), source("b")
    pool = [cand(a, 0, 0.9, "Selenium had an effect."), cand(b, 0, 0.8), cand(b, 1, 0.1), cand(a, 1, 0.7)]
    asked: list[str] = []

    def admit(c: Candidate) -> bool:
        asked.append(c.text)
        return "Selenium" not in c.text

    chosen = choose(pool, 2, per_source=1, admit=admit)
    assert [c.text for c in chosen] == [pool[1].text, pool[3].text]
    assert pool[2].text not in asked, "under the relevance floor: never asked"
    out = support([pool[3]], pool, shares=(3,), admit=admit)
    assert all("Selenium" not in c.text for c in out[key(pool[3])])


def test_a_harm_question_prefers_sentences_that_report_harms() -> None:
    """'What are the risks of X?' names no harm concept: a sentence reporting harms gains one concept's worth."""
    src = one_section(
        "Benzodiazepines for panic disorder",
        Kind.OTHER,
        "RESULTS The risk ratio for a response to treatment was 1.65 in favour of the drug. "
        "More participants had at least one adverse effect on the drug than on placebo.",
    )

    def relevance(question_type: QuestionType) -> list[float]:
        facets = Facets(question="What are the risks of it?", question_type=question_type)
        return [round(c.relevance, 3) for c in scored(src, facets)]

    # Same cosine for both sentences: only the harm (not the 'risk ratio') lifts the second.
    assert relevance(QuestionType.HARM) == [1.0, 1.0 + HARM_BONUS]
    assert relevance(QuestionType.THERAPY) == [1.0, 1.0]
