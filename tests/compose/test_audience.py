"""Audience styles: what each reader is shown."""

from __future__ import annotations

from bedside.compose.audience import STYLES


def test_indirect_evidence_keeps_its_short_shares_beside_direct_research() -> None:
    for style in STYLES.values():
        assert style.shares_for_indirect(direct_research=True) == style.indirect_shares


def test_with_no_direct_research_the_first_indirect_study_is_quoted_as_fully_as_a_first_study() -> None:
    clinician = STYLES["clinician"]
    shares = clinician.shares_for_indirect(direct_research=False)
    assert shares[0] == clinician.finding_shares[0] > clinician.indirect_shares[0]
    assert shares[1:] == clinician.indirect_shares[1:]
