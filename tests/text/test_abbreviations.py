"""Abbreviations a text defines for itself, and spelling out the ones that mean something else here."""

from __future__ import annotations

import pytest

from bedside.text.abbreviations import definitions, foreign_definitions, spell_out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dance movement therapy (DMT) was offered. DMT helped.", {"DMT": "Dance movement therapy"}),
        ("in people with relapsing multiple sclerosis (MS).", {"MS": "multiple sclerosis"}),
        ("We measured prothrombin time (PT) daily.", {"PT": "prothrombin time"}),
        ("disease-modifying therapies (DMTs) were started", {"DMT": "disease-modifying therapies"}),
        # the first letter must start a word, and every letter must be found in order
        ("an unrelated phrase (XYZ) here", {}),
        ("the first definition wins: mitral stenosis (MS) and mass spectrometry (MS)", {"MS": "mitral stenosis"}),
        ("no parenthesis at all", {}),
        ("a number (95%) or a reference (12) is not an abbreviation", {}),
    ],
)
def test_definitions(text: str, expected: dict[str, str]) -> None:
    assert definitions(text) == expected


def test_spell_out_replaces_uses_and_drops_the_definition() -> None:
    text = "Dance movement therapy (DMT) in MS. DMT and DMTs improved mood; LC-DMT and DMTX are other names."
    out = spell_out(text, {"DMT": "dance movement therapy"})
    assert out == (
        "Dance movement therapy in MS. dance movement therapy and dance movement therapy improved mood;"
        " LC-DMT and DMTX are other names."
    )
    assert spell_out(text, {}) == text


def test_foreign_definitions_asks_the_caller() -> None:
    text = "Prothrombin time (PT) and physical therapy (PT) were recorded; multiple sclerosis (MS)."
    asked: list[tuple[str, str]] = []

    def foreign(short: str, long_form: str) -> bool:
        asked.append((short, long_form))
        return short == "PT"

    assert foreign_definitions(text, foreign) == {"PT": "Prothrombin time"}
    assert asked == [("PT", "Prothrombin time"), ("MS", "multiple sclerosis")]
