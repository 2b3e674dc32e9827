"""Rule 3h: a drug class asked about for what it is named for (`appraise.indications`)."""

from __future__ import annotations

from bedside.appraise.applicability import assess
from bedside.models import Kind, Verdict
from bedside.search.facets import analyse
from tests.appraise.test_applicability import record

BEST_Q = "What is the best antidepressant for older adults?"


def test_another_use_of_the_class_is_not_on_the_question() -> None:
    """A tension-type headache trial had been the direct research on the best antidepressant for older adults."""
    headache = record(
        "Management of chronic tension-type headache with tricyclic antidepressant medication",
        "Older adults with chronic tension-type headache took amitriptyline; headache days fell.",
        kind=Kind.TRIAL_REPORT,
    )
    found = assess(headache, analyse(BEST_Q))
    assert (found.verdict, found.reason) == (
        Verdict.INDIRECT,
        "condition: tension-type headache, not depression (what antidepressants are named for)",
    )
    # Untitled, the abstract names the other condition at least twice.
    review = record(
        "",
        "We included trials of antidepressants for insomnia in older adults. Insomnia improved a little.",
        kind=Kind.SYSTEMATIC_REVIEW,
    )
    assert assess(review, analyse(BEST_Q)).reason.startswith("condition: insomnia, not depression")


def test_records_on_the_class_s_own_condition_or_on_no_condition_stay_on_it() -> None:
    question = analyse(BEST_Q)
    depressed = record(
        "Sertraline for major depression in older adults: a randomised trial",
        "Older adults with major depression took sertraline or placebo; depression scores fell.",
        kind=Kind.TRIAL_REPORT,
    )
    assert assess(depressed, question).verdict is Verdict.DIRECT
    # The class's harms do not depend on why it was taken.
    harms = record("Antidepressant use and falls in older people", "Older people taking antidepressants fell more.")
    assert assess(harms, question).verdict is Verdict.DIRECT
    # Both conditions named: on the question.
    both = record("Antidepressants for depression with chronic headache", "Older adults with depression and headache.")
    assert assess(both, question).verdict is Verdict.DIRECT


def test_a_question_naming_what_the_class_is_for_is_left_to_the_other_rules() -> None:
    pain = analyse("Do antidepressants help chronic pain?")
    trial = record("Amitriptyline for chronic pain", "Adults with chronic pain took amitriptyline; pain eased.")
    assert "named for" not in assess(trial, pain).reason
