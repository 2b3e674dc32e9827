"""The certainty of the whole answer (`bedside.compose.certainty`)."""

from __future__ import annotations

from bedside.appraise.levels import Level
from bedside.compose.certainty import certainty as rate
from bedside.compose.sources import Source
from bedside.models import Applicability, Kind, Record, Verdict


def _rated(*sources: tuple[Level, Verdict]) -> tuple[str, list[str]]:
    used = [
        Source(
            Record(id=str(i), title=f"Study {i}", kind=Kind.OTHER),
            rowid=i,
            rank=i,
            score=1.0,
            level=level,
            applicability=Applicability(verdict=verdict),
        )
        for i, (level, verdict) in enumerate(sources, 1)
    ]
    rated = rate(used, guideline_found=False)
    return rated.rating, rated.reasons


def test_certainty_never_rests_on_one_source_at_the_strength_it_claims() -> None:
    review, trial, cohort = Level.SYSTEMATIC_REVIEW, Level.RANDOMISED_TRIAL, Level.OBSERVATIONAL
    direct, indirect = Verdict.DIRECT, Verdict.INDIRECT
    assert _rated((review, direct), (review, direct))[0] == "high"
    assert _rated((Level.GUIDELINE, direct), (review, direct))[0] == "high"  # as strong as each other
    # One review beside a weaker study: moderate, and the reasons say why.
    rating, reasons = _rated((review, direct), (trial, direct), (cohort, direct))
    assert rating == "moderate"
    assert "a single systematic review / meta-analysis; the other sources are weaker" in reasons
    assert _rated((review, direct))[0] == "moderate"  # a single source
    assert _rated((trial, direct), (trial, direct))[0] == "moderate"
    # Indirect evidence does not count beside direct evidence, and all-indirect is a step down.
    assert _rated((review, direct), (review, indirect))[0] == "moderate"
    assert _rated((review, indirect), (review, indirect))[0] == "moderate"
    assert _rated((cohort, indirect))[0] == "very low"
