"""Rule 7b: a question that rules drugs out is not answered by records on drugs (`appraise.ruled_out`)."""

from __future__ import annotations

import pytest

from bedside.appraise.applicability import assess
from bedside.models import Verdict
from bedside.search.facets import analyse
from tests.appraise.test_applicability import record

BP_Q = "How can I lower my blood pressure without medication?"


@pytest.mark.parametrize(
    ("title", "abstract", "reason"),
    [
        (
            # A drug the vocabulary does not list, known by its stem.
            "Olmesartan-based therapies to improve blood pressure control",
            "Blood pressure fell by 12 mmHg.",
            "intervention: drug treatment, which the question rules out",
        ),
        (
            "A summary of the effects of antihypertensive medications on measured blood pressure",
            "Blood pressure fell by 9 mmHg.",
            "intervention: antihypertensive drugs, which the question rules out",
        ),
        # Untitled: three mentions of drugs in the abstract.
        (
            "",
            "Antihypertensive drugs lowered blood pressure. Diuretics were the most used antihypertensive drugs. "
            "Blood pressure fell more with two drugs.",
            "intervention: antihypertensive drugs, which the question rules out",
        ),
    ],
)
def test_a_record_on_drugs_does_not_answer_a_question_that_rules_them_out(
    title: str, abstract: str, reason: str
) -> None:
    result = assess(record(title, abstract), analyse(BP_Q))
    assert (result.verdict, result.reason) == (Verdict.INDIRECT, reason)
    # Asked without the words that rule drugs out, the same record answers.
    assert assess(record(title, abstract), analyse("How can I lower my blood pressure?")).reason != reason


@pytest.mark.parametrize(
    ("question", "title", "abstract"),
    [
        (BP_Q, "Salt reduction and blood pressure", "Less salt lowered blood pressure by 4 mmHg."),
        # Compared with a drug, the treatment that is no drug is what was studied.
        (
            "What are non-drug treatments for insomnia?",
            "Cognitive behavioural therapy vs zopiclone for chronic insomnia",
            "Insomnia improved more with cognitive behavioural therapy.",
        ),
        # Placebo sits among the vocabulary's drugs as a comparator; it is no drug treatment.
        (BP_Q, "Exercise versus placebo for blood pressure", "Exercise lowered blood pressure."),
    ],
)
def test_a_record_on_another_treatment_answers_it(question: str, title: str, abstract: str) -> None:
    assert assess(record(title, abstract), analyse(question)).verdict is Verdict.DIRECT


def test_a_record_on_surgery_does_not_answer_a_question_that_rules_surgery_out() -> None:
    question = analyse("Can knee osteoarthritis be treated without surgery?")
    surgery = record(
        "Total knee replacement surgery for knee osteoarthritis", "Pain fell after surgery in knee osteoarthritis."
    )
    assert assess(surgery, question).reason == "intervention: surgery, which the question rules out"
    trial = record("Glucosamine for knee osteoarthritis", "Glucosamine treatment reduced pain in knee osteoarthritis.")
    assert assess(trial, question).verdict is Verdict.DIRECT
    # Compared with another treatment, the other arm is what the question asks about.
    both = record(
        "Physical therapy versus surgery for knee osteoarthritis", "Treatment with physical therapy matched surgery."
    )
    assert assess(both, question).verdict is Verdict.DIRECT


def test_a_question_on_alternatives_to_a_treatment_rules_it_out() -> None:
    """No concept but the one ruled out: a statin trial is no alternative to statins (rule 1's path)."""
    question = analyse("What are the alternatives to statins for lowering cholesterol?")
    statins = record(
        "Statins for lowering cholesterol",
        "Statins lowered cholesterol more than alternative treatments in five trials.",
    )
    assert assess(statins, question).reason == "intervention: statins, which the question rules out"
    diet = record(
        "Dietary alternatives for lowering cholesterol", "Plant sterols, an alternative to drugs, lowered cholesterol."
    )
    assert assess(diet, question).verdict is Verdict.DIRECT
