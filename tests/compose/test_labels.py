"""Structured-abstract labels and the roles they name."""

from __future__ import annotations

import pytest

from bedside.compose.labels import inline_label, label_roles, role_of_label, without_label
from bedside.models import Role

B, M, R, C = Role.BACKGROUND, Role.METHODS, Role.RESULTS, Role.CONCLUSIONS


@pytest.mark.parametrize(
    ("label", "category", "expected"),
    [
        ("BACKGROUND", "", B),
        ("OBJECTIVE", "", B),
        ("OBJECTIVES", "", B),
        ("AIMS", "", B),
        ("INTRODUCTION", "", B),
        ("PURPOSE", "", B),
        ("Background and Purpose", "", B),
        ("SUMMARY OF BACKGROUND DATA", "", B),
        ("HYPOTHESIS", "", B),
        ("METHODS", "", M),
        ("Methods:", "", M),
        ("DESIGN", "", M),
        ("SETTING", "", M),
        ("PATIENTS", "", M),
        ("PARTICIPANTS", "", M),
        ("INTERVENTIONS", "", M),
        ("MEASUREMENTS", "", M),
        ("MAIN OUTCOME MEASURES", "", M),
        ("MATERIALS AND METHODS", "", M),
        ("PATIENTS AND METHODS", "", M),
        ("DESIGN, SETTING, AND PARTICIPANTS", "", M),
        ("STUDY DESIGN", "", M),
        ("TRIAL REGISTRATION", "", M),
        ("RESULTS", "", R),
        ("FINDINGS", "", R),
        ("MAIN RESULTS", "", R),
        ("PRINCIPAL FINDINGS", "", R),
        ("CONCLUSIONS", "", C),
        ("CONCLUSION", "", C),
        ("INTERPRETATION", "", C),
        ("IMPLICATIONS", "", C),
        ("AUTHORS' CONCLUSIONS", "", C),
        ("CONCLUSIONS AND RELEVANCE", "", C),
        # Combined labels spanning roles open with the first one, as PubMed's NlmCategory does.
        ("RESULTS AND CONCLUSIONS", "", R),
        ("METHODS AND RESULTS", "", M),
        # An unknown label falls back to the NlmCategory; the category alone also works.
        ("CLINICAL PICTURE", "RESULTS", R),
        ("", "OBJECTIVE", B),
        ("", "CONCLUSIONS", C),
        # Nothing recognisable.
        ("UNLABELLED", "UNASSIGNED", None),
        ("CASE PRESENTATION", "", None),
        ("", "", None),
    ],
)
def test_role_of_label(label: str, category: str, expected: Role | None) -> None:
    assert role_of_label(label, category) == expected


def test_label_roles_lists_every_role_of_a_combined_label() -> None:
    assert label_roles("METHODS AND RESULTS") == (M, R)
    assert label_roles("RESULTS AND CONCLUSIONS") == (R, C)
    assert label_roles("MEASUREMENTS AND MAIN RESULTS") == (M, R)
    assert label_roles("BACKGROUND AND AIMS") == (B,)
    assert label_roles("OBJECTIVE AND METHODS") == (B, M)


@pytest.mark.parametrize(
    ("sentence", "label", "roles"),
    [
        ("RESULTS A total of 944 healthy participants completed the study.", "RESULTS", (Role.RESULTS,)),
        (
            "METHODS AND FINDINGS Methylation analysis revealed HAND2.",
            "METHODS AND FINDINGS",
            (Role.METHODS, Role.RESULTS),
        ),
        ("DATA SYNTHESIS We found 15 randomized trials.", "DATA SYNTHESIS", (Role.RESULTS,)),
        ("DATA SOURCES We searched MEDLINE.", "DATA SOURCES", (Role.METHODS,)),
        ("CONCLUSIONS: These data suggest a benefit.", "CONCLUSIONS", (Role.CONCLUSIONS,)),
        ("PRINCIPAL FINDINGS We report crystal structures.", "PRINCIPAL FINDINGS", (Role.RESULTS,)),
    ],
)
def test_a_label_left_at_the_head_of_a_sentence_is_read(sentence: str, label: str, roles: tuple[Role, ...]) -> None:
    assert inline_label(sentence) == (label, roles)
    assert without_label(sentence) == sentence.split(None, len(label.split()))[-1].lstrip(": ")


@pytest.mark.parametrize(
    "sentence",
    ["DNA damage was high in treated cells.", "HIV infection is common.", "A total of 12 patients.", "RESULTS"],
)
def test_capital_words_that_name_no_role_are_no_label(sentence: str) -> None:
    assert inline_label(sentence) is None
    assert without_label(sentence) == sentence
