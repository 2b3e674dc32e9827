"""The certainty of a whole answer in one line, GRADE-style: high, moderate, low or very low, with reasons."""

from __future__ import annotations

from collections.abc import Sequence

from bedside.appraise.levels import Level
from bedside.compose.sources import Source
from bedside.models import Certainty, Kind

# Where each level starts on the certainty scale (0 high ... 3 very low), GRADE-style: syntheses
# (guidelines, reviews) high, trials moderate, observational studies low, the rest very low.
_START = {Level.GUIDELINE: 0, Level.SYSTEMATIC_REVIEW: 0, Level.RANDOMISED_TRIAL: 1, Level.OBSERVATIONAL: 2}


def certainty(used: Sequence[Source], guideline_found: bool) -> Certainty:
    """How sure the answer can be: the strongest direct evidence's start, one step down for each of
    all-indirect evidence and a single source at that strength.

    The effect sizes are not read, so the rating never rests on one source: one review beside a
    decision analysis is a single source as strong as "high" claims, and is rated moderate.
    """
    evidence = [s for s in used if s.level is not None and s.record.kind is not Kind.PATIENT_INFORMATION]
    if not evidence:
        return Certainty(rating="very low", reasons=["no applicable evidence in the library"])
    ratings = ["high", "moderate", "low", "very low"]
    direct = [s for s in evidence if s.direct]
    pool = direct or evidence
    best = min(Level(s.level) for s in pool if s.level is not None)
    start = _START.get(best, 3)
    step = start
    reasons = [f"strongest evidence: {best.label}"]
    if not direct:
        step += 1
        reasons.append("all evidence is indirect")
    as_strong = [s for s in pool if s.level is not None and _START.get(Level(s.level), 3) == start]
    if len(pool) == 1:
        step += 1
        reasons.append("a single source")
    elif len(as_strong) == 1:
        step += 1
        reasons.append(f"a single {best.label}; the other sources are weaker")
    if not guideline_found:
        reasons.append("no guideline in the library")
    return Certainty(rating=ratings[min(step, 3)], reasons=reasons)
