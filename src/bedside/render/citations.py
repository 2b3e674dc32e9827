"""An overview's references: the checks every renderer relies on, and how a reference is described.

The page bedside replaces cited numbers that did not resolve ([2] cited, no reference 2). So
every renderer first calls `check_citations`, which refuses an overview whose numbers do not
resolve to exactly one reference each, or that lists a reference nothing cites: a broken
overview is a bug in composing, and printing it anyway would repeat the page's failure. The
exports for reference managers are `render.reference_exports`.
"""

from __future__ import annotations

import re
from collections import Counter

from bedside.appraise.levels import Level
from bedside.models import Bullet, Kind, Overview, Reference

_SAFE_LINK = re.compile(r"^https?://[^\s<>\"'`()\[\]{}\\]+$", re.IGNORECASE)


# --------------------------------------------------------------------------------------------
# Checks and shared descriptions
# --------------------------------------------------------------------------------------------


def all_bullets(overview: Overview) -> list[Bullet]:
    """Every bullet of the overview in reading order, so checks and tests see the same set."""
    g = overview.guidelines
    bullets = [*g.summary, *g.key_considerations, *g.management_strategies]
    for theme in overview.research:
        bullets.extend(theme.bullets)
    bullets.extend(overview.trials)
    return bullets


def citation_problems(overview: Overview) -> list[str]:
    """Why the overview's citations do not resolve, in plain words; empty when they all do.

    Checked: each reference number is used once; every cited number (bullet citations and
    evidence refs) names a reference; each evidence sentence is cited by its bullet; and every
    reference is cited somewhere.
    """
    problems: list[str] = []
    counts = Counter(ref.n for ref in overview.references)
    problems += [f"reference number {n} is used {c} times" for n, c in sorted(counts.items()) if c > 1]
    known = set(counts)
    cited: set[int] = set()
    for bullet in all_bullets(overview):
        cited.update(bullet.citations)
        for n in bullet.citations:
            if n not in known:
                problems.append(f"citation [{n}] has no reference (bullet: {bullet.text[:60]!r})")
        for ev in bullet.evidence:
            if ev.ref not in known:
                problems.append(f"evidence from {ev.record_id} names reference {ev.ref}, which does not exist")
            elif ev.ref not in bullet.citations:
                problems.append(f"evidence from reference {ev.ref} is not among its bullet's citations")
    problems += [f"reference {n} is never cited" for n in sorted(known - cited)]
    return problems


def check_citations(overview: Overview) -> None:
    """Raise ValueError unless every citation resolves to exactly one reference and every reference is cited."""
    problems = citation_problems(overview)
    if problems:
        raise ValueError("overview citations do not resolve: " + "; ".join(problems))


def safe_link(url: str) -> str:
    """The address when it is a plain http(s) URL, else ''.

    Links come from record metadata, which is untrusted: a `javascript:` or `data:` address in
    a reference would run script in the reader's browser, so anything else is not linked.
    """
    url = url.strip()
    return url if _SAFE_LINK.match(url) else ""


def level_text(level: int | None, label: str = "") -> str:
    """'Level 2 (systematic review / meta-analysis)', or '' when the source has no level."""
    if level is None:
        return ""
    if not label:
        try:
            label = Level(level).label
        except ValueError:
            label = ""
    return f"Level {level} ({label})" if label else f"Level {level}"


def level_or_why_not(ref: Reference) -> str:
    """The level in words, or why the source has none (registrations are not evidence of effect)."""
    text = level_text(ref.level, ref.level_label)
    if text:
        return text
    if ref.kind == Kind.TRIAL_REGISTRATION:
        return "No level: registered trial, no results"
    if ref.kind == Kind.PATIENT_INFORMATION:
        return "No level: patient information"
    return "No level given"


def applicability_text(ref: Reference) -> str:
    """'direct', or 'indirect (<reason>)' so indirect evidence is never shown without its reason."""
    if ref.applicability == "direct":
        return "direct"
    return f"{ref.applicability} ({ref.reason})" if ref.reason else ref.applicability


def study_text(ref: Reference) -> str:
    """Design and size as the abstract states them, e.g. 'randomised controlled trial, n = 30'."""
    return ", ".join(p for p in (ref.design, ref.size) if p)


def source_text(ref: Reference) -> str:
    """'Journal, 2006' (either part may be missing)."""
    return ", ".join(p for p in (ref.journal, str(ref.year) if ref.year else "") if p)
