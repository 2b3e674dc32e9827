"""Rule 5's head-to-head case: the asked treatment studied, or only measured against or added to."""

from __future__ import annotations

import pytest

from bedside.appraise.applicability import judge
from bedside.appraise.question import compile_facets
from bedside.models import Record, Section, Verdict
from bedside.search.facets import analyse

IFN_Q = "Does interferon beta reduce relapses in multiple sclerosis?"
RELAPSES = "Relapses in relapsing-remitting multiple sclerosis were counted over two years."


def verdict(question: str, title: str, abstract: str = RELAPSES) -> tuple[Verdict, str]:
    record = Record(id="r1", title=title, sections=[Section(text=abstract)])
    found = judge(record, compile_facets(analyse(question)))
    return found.verdict, found.reason


@pytest.mark.parametrize(
    ("title", "reason"),
    [
        (
            "Alemtuzumab versus interferon beta 1a for relapsing-remitting multiple sclerosis",
            "intervention: alemtuzumab, with interferon beta only as its comparator",
        ),
        (
            "Adding monthly dexamethasone to weekly Avonex for multiple sclerosis",
            "intervention: dexamethasone added to interferon beta, not interferon beta alone",
        ),
        (
            "Minocycline as add-on to interferon beta-1a (Rebif) in relapsing-remitting multiple sclerosis",
            "intervention: interferon beta only as the treatment something else was added to, not what was studied",
        ),
        (
            "Atorvastatin in patients with relapsing-remitting multiple sclerosis treated with interferon beta-1b",
            "intervention: statins, with interferon beta only as the background treatment",
        ),
    ],
)
def test_a_record_on_another_treatment_against_or_on_top_of_the_asked_one_is_indirect(title: str, reason: str) -> None:
    assert verdict(IFN_Q, title) == (Verdict.INDIRECT, reason)


@pytest.mark.parametrize(
    "title",
    [
        # The asked treatment is the first-named arm, or compared with placebo: it is what was studied.
        "Interferon beta versus glatiramer acetate for relapsing-remitting multiple sclerosis",
        "Interferon beta-1a versus placebo in relapsing multiple sclerosis",
        # 'after' a first attack is when it was given, not what it was added to.
        "Long-term interferon beta therapy after a first attack of multiple sclerosis",
    ],
)
def test_the_asked_treatment_as_the_studied_arm_stays_direct(title: str) -> None:
    assert verdict(IFN_Q, title) == (Verdict.DIRECT, "")


def test_a_question_that_compares_the_two_treatments_is_answered_by_the_head_to_head_record() -> None:
    question = "Is alemtuzumab better than interferon beta for relapses in multiple sclerosis?"
    title = "Alemtuzumab versus interferon beta 1a for relapsing-remitting multiple sclerosis"
    assert verdict(question, title) == (Verdict.DIRECT, "")


UNTITLED_REVIEW = (
    "We included three trials involving 1694 participants. All trials compared alemtuzumab 12 mg per day versus "
    "IFN beta 1a for treating RRMS. Compared with interferon beta 1a, alemtuzumab probably reduces the risk of "
    "relapse in multiple sclerosis (RR 0.60). An average reduction of 0.8 EDSS units with alemtuzumab compared "
    "with interferon beta-1a was observed."
)


def test_an_untitled_review_that_sets_the_asked_treatment_as_the_comparator_is_indirect() -> None:
    assert verdict(IFN_Q, "", UNTITLED_REVIEW) == (
        Verdict.INDIRECT,
        "intervention: alemtuzumab, with interferon beta only as its comparator",
    )
    # Once is not enough, and a sentence the other way round means the record weighs both.
    once = "All trials compared alemtuzumab versus IFN beta 1a for relapses in multiple sclerosis."
    assert verdict(IFN_Q, "", once)[0] is Verdict.DIRECT
    both = UNTITLED_REVIEW + " Interferon beta 1a compared with alemtuzumab caused fewer infusion reactions."
    assert verdict(IFN_Q, "", both)[0] is Verdict.DIRECT


def test_a_title_on_a_sibling_of_the_asked_drug_is_on_that_sibling() -> None:
    """Interferon beta named in the background of a glatiramer trial: the family is shared, the drug is not."""
    abstract = (
        "Glatiramer acetate and beta-interferons are first-line treatments for relapsing multiple sclerosis. "
        "Relapses were counted over two years."
    )
    found = verdict(IFN_Q, "Glatiramer acetate for multiple sclerosis with autoimmune comorbidities", abstract)
    assert found[0] is Verdict.INDIRECT and found[1].startswith("intervention: glatiramer acetate, not interferon beta")
    # A question on the family itself is answered by any member of it.
    family = verdict(
        "Do disease-modifying therapies reduce relapses in multiple sclerosis?",
        "Glatiramer acetate for multiple sclerosis with autoimmune comorbidities",
        abstract,
    )
    assert family == (Verdict.DIRECT, "")


def test_a_record_treating_a_harm_of_the_asked_treatment_is_not_on_it() -> None:
    question = "What is the best antidepressant for older adults?"
    treated = verdict(
        question, "Treatment of antidepressant-associated sexual dysfunction with sildenafil", "Older adults."
    )
    assert treated == (
        Verdict.INDIRECT,
        "intervention: phosphodiesterase-5 inhibitors for a harm of antidepressants, not antidepressants",
    )
    # The harm itself is no treatment of it: 'weight loss' in "stimulant-induced weight loss".
    harm_only = verdict(
        "Do stimulants for ADHD stunt growth in children?",
        "A chart review of cyproheptadine for stimulant-induced weight loss",
        "Children with ADHD on stimulants lost weight.",
    )
    assert harm_only == (
        Verdict.INDIRECT,
        "intervention: the treatment of a harm of stimulant medication, not stimulant medication",
    )
    # The harm itself is evidence on the asked treatment.
    harm = verdict(question, "Antidepressant-associated hyponatraemia in older adults", "Older adults on SSRIs.")
    assert harm[0] is Verdict.DIRECT


def test_a_question_on_the_harm_itself_is_answered_by_the_record_treating_it() -> None:
    claim = (
        "Sildenafil improves erectile function in men who experience sexual dysfunction as a result of the use of "
        "SSRI antidepressants."
    )
    title = "Treatment of antidepressant-associated sexual dysfunction with sildenafil: a randomized controlled trial"
    assert verdict(claim, title, "Men on SSRIs with sexual dysfunction improved with sildenafil.")[0] is Verdict.DIRECT


TAMOXIFEN_Q = "What are the side effects of tamoxifen?"
HARMS = "Adverse effects in women taking tamoxifen were recorded for a year."


def test_a_trial_whose_people_are_on_the_asked_treatment_tests_something_else() -> None:
    """A trial of diindolylmethane "in patients taking tamoxifen" was direct evidence on tamoxifen's harms."""
    title = (
        "A randomized, placebo-controlled trial of diindolylmethane for breast cancer biomarker modulation in "
        "patients taking tamoxifen"
    )
    assert verdict(TAMOXIFEN_Q, title, HARMS) == (
        Verdict.INDIRECT,
        "intervention: diindolylmethane, with tamoxifen only as the background treatment",
    )
    # The vocabulary's treatment is named by its concept.
    yoga = verdict(
        "Does chemotherapy cause fatigue?", "A randomised trial of yoga for fatigue in women receiving chemotherapy"
    )
    assert yoga[1] == "intervention: yoga, with chemotherapy only as the background treatment"


def test_people_on_the_asked_treatment_without_a_trial_of_another_stay_on_it() -> None:
    """ "Adverse effects in women taking tamoxifen" describes tamoxifen's harms: no trial tests another treatment."""
    assert verdict(TAMOXIFEN_Q, "Adverse effects in women taking tamoxifen: a cohort study", HARMS)[0] is Verdict.DIRECT
