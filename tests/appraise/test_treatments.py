"""Rule 5's sentence-level check: a sentence that reports on another treatment only."""

from __future__ import annotations

import pytest

from bedside.appraise.question import compile_facets
from bedside.appraise.treatments import reports_other_treatment
from bedside.search.facets import analyse

OMEGA_Q = "Does omega-3 supplementation improve depression?"


@pytest.mark.parametrize(
    ("question", "sentence", "other"),
    [
        # One arm of a review of several supplements: a sibling of the asked treatment, alone.
        (OMEGA_Q, "This included study (n = 85) found selenium had an effect on EPDS scores (P = 0.07).", True),
        (OMEGA_Q, "No benefit was found for EPA-rich fish oil in preventing postpartum depression.", False),
        # Naming the sibling beside the asked treatment is a finding on both.
        (OMEGA_Q, "There is insufficient evidence that selenium or fish oil prevent postnatal depression.", False),
        # The class the asked treatment belongs to is not another treatment.
        (OMEGA_Q, "There is no evidence to recommend any other dietary supplement for depression.", False),
        (
            "What is the role of aspirin after percutaneous coronary intervention?",
            "Abciximab reduced platelet aggregate size by 63% in patients with myocardial infarction.",
            True,
        ),
        # What the asked treatment is used for is no sibling (ultrasound guidance for lumbar punctures).
        (
            "Does ultrasound guidance reduce traumatic procedures at needle insertion?",
            "Risk reduction was similar for lumbar punctures and epidural catheterisation.",
            False,
        ),
        # Another single drug, when a single drug is asked about (one arm of a review of treatments).
        (
            "Is tranexamic acid effective for postpartum haemorrhage?",
            "Compared with misoprostol, oxytocin infusion is more effective as first-line therapy for PPH.",
            True,
        ),
        # A class may stand for the asked drug: 'antiviral therapy' in hepatitis C is interferon-based.
        (
            "Is interferon effective for chronic hepatitis C?",
            "Individuals with and without a history of SUD responded to antiviral therapy for HCV at similar rates.",
            False,
        ),
        (
            "Is aspirin recommended for primary prevention of cardiovascular disease?",
            "These include apheresis techniques, nicotinic acid and statins.",
            False,
        ),
        # Another name of the asked treatment is the asked treatment.
        (
            "Does methadone maintenance affect liver transplantation outcomes?",
            "Little evidence for a negative impact of opiate replacement therapy on outcome was found.",
            False,
        ),
        # No treatment asked about: nothing to drift from.
        ("What helps depression?", "Selenium had an effect on EPDS scores.", False),
    ],
)
def test_a_sentence_on_a_sibling_treatment_alone_reports_another_treatment(
    question: str, sentence: str, other: bool
) -> None:
    assert reports_other_treatment(sentence, compile_facets(analyse(question))) is other
