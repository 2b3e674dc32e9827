"""Structured-abstract labels and the roles they name."""

from __future__ import annotations

import pytest

from bedside.compose.labels import label_roles, role_of_label
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
