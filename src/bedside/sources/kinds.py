"""Decide a record's `Kind`: from publication types first, then input metadata, then text.

The order matters: PubMed's indexers assign publication types by reading the paper, so they
beat anything we can guess; an input's own `metadata.kind` (JSONL corpora) comes next; title
and abstract patterns are the fallback for records not yet indexed with types.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bedside.models import Kind

# Ordered: the first publication type that matches decides (higher evidence first).
_PUBLICATION_TYPES: list[tuple[Kind, tuple[str, ...]]] = [
    (Kind.GUIDELINE, ("practice guideline", "guideline", "consensus development conference")),
    (Kind.SYSTEMATIC_REVIEW, ("systematic review", "meta-analysis", "network meta-analysis")),
    (
        Kind.TRIAL_REPORT,
        (
            "randomized controlled trial",
            "controlled clinical trial",
            "pragmatic clinical trial",
            "equivalence trial",
            "clinical trial, phase i",
            "clinical trial, phase ii",
            "clinical trial, phase iii",
            "clinical trial, phase iv",
            "clinical trial",
        ),
    ),
    (
        Kind.OBSERVATIONAL_STUDY,
        ("observational study", "comparative study", "evaluation study", "validation study", "twin study"),
    ),
    (Kind.CASE_REPORT, ("case reports",)),
    (Kind.NARRATIVE_REVIEW, ("review", "editorial", "comment", "letter", "news", "lecture", "overall")),
]

# `metadata.kind` values seen in inputs, mapped onto kinds (lower-cased, '-' and ' ' as '_').
_METADATA_KINDS: dict[str, Kind] = {
    "guideline": Kind.GUIDELINE,
    "practice_guideline": Kind.GUIDELINE,
    "systematic_review": Kind.SYSTEMATIC_REVIEW,
    "systematic_review_abstract": Kind.SYSTEMATIC_REVIEW,
    "meta_analysis": Kind.SYSTEMATIC_REVIEW,
    "trial_report": Kind.TRIAL_REPORT,
    "randomized_controlled_trial": Kind.TRIAL_REPORT,
    "observational_study": Kind.OBSERVATIONAL_STUDY,
    "case_report": Kind.CASE_REPORT,
    "narrative_review": Kind.NARRATIVE_REVIEW,
    "review": Kind.NARRATIVE_REVIEW,
    "trial_registration": Kind.TRIAL_REGISTRATION,
    "patient_information": Kind.PATIENT_INFORMATION,
    "other": Kind.OTHER,
}

# Text patterns, checked in order against the title (then the abstract's start).
_TEXT_PATTERNS: list[tuple[Kind, re.Pattern[str]]] = [
    (
        Kind.GUIDELINE,
        re.compile(
            # Not a study *of* guidelines: adherence to them, physicians versus them, their uptake.
            r"^(?!.*\b(?:adheren\w*|complian\w*|concordan\w*|versus|vs\.?|implement\w*|adopt\w*|awareness|"
            r"knowledge|uptake|use\s+of|impact\s+of|effects?\s+of|evaluat\w*|according\s+to|deviat\w*|audit\w*|"
            r"compar\w*|survey\w*|reviews?\s+of|updat\w*|follow\w*)"
            r"\b[^.:;]{0,80}\bguidelines?\b)"
            r"(?!.*\bguidelines?[\s-]+(?:adherence|compliance|concordan\w*|implementation|based|recommended)\b)"
            # A title that opens with "Guidelines for / on / to" is one; elsewhere the singular names the genre
            # ("a clinical practice guideline"), and the plural when it says for whom or what, or from whom
            # ("Surviving Sepsis Campaign: International Guidelines for Management of Sepsis", "guidelines
            # from the International Panel"), not "reexamining the guidelines".
            r"(?:\s*(?:clinical\s+practice\s+)?guidelines\s+(?:for|on|to)\b|"
            r".*?\b(guideline|guidelines\s+(?:for|on|from)|practice parameter|consensus statement|position statement|"
            r"recommendation statement|"
            r"(?:clinical practice|practice|evidence-based clinical|evidence-based|consensus) guidelines|"
            r"(?:clinical|public health|science|scientific) advisory|recommendations? (for|on))\b)",
            re.I | re.S,
        ),
    ),
    (Kind.SYSTEMATIC_REVIEW, re.compile(r"\b(systematic review|meta-?analys[ie]s|cochrane review)\b", re.I)),
    (Kind.TRIAL_REPORT, re.compile(r"\b(randomi[sz]ed|controlled trial|clinical trial|crossover trial)\b", re.I)),
    (Kind.CASE_REPORT, re.compile(r"\b(case report|a case of|case series)\b", re.I)),
    (
        Kind.OBSERVATIONAL_STUDY,
        re.compile(
            r"\b(cohort|case-control|cross-sectional|retrospective|prospective|observational|registry study)\b", re.I
        ),
    ),
    (
        Kind.NARRATIVE_REVIEW,
        re.compile(r"\b(a review|narrative review|an overview|review of the literature|update on)\b", re.I),
    ),
]

# For each text pattern, words one of which it needs (lower-cased). Most texts contain none, and
# substring tests rule a case-insensitive pattern out far faster than running it.
_CUES: dict[Kind, tuple[str, ...]] = {
    Kind.GUIDELINE: ("guideline", "practice parameter", "statement", "recommendation", "advisory"),
    Kind.SYSTEMATIC_REVIEW: ("systematic review", "meta-analys", "metaanalys", "cochrane review"),
    Kind.TRIAL_REPORT: ("randomi", "controlled trial", "clinical trial", "crossover trial"),
    Kind.CASE_REPORT: ("case report", "a case of", "case series"),
    Kind.OBSERVATIONAL_STUDY: (
        "cohort",
        "case-control",
        "cross-sectional",
        "retrospective",
        "prospective",
        "observational",
        "registry study",
    ),
    Kind.NARRATIVE_REVIEW: ("a review", "narrative review", "an overview", "review of the literature", "update on"),
}


def parse_kind(value: str) -> Kind | None:
    """Map a user- or input-given kind name onto a `Kind`, or None when unknown."""
    key = re.sub(r"[\s\-]+", "_", value.strip().lower())
    if key in _METADATA_KINDS:
        return _METADATA_KINDS[key]
    try:
        return Kind(key)
    except ValueError:
        return None


def kind_from_publication_types(types: Iterable[str]) -> Kind | None:
    """The kind implied by PubMed publication types, or None when they say nothing useful."""
    lowered = {t.strip().lower() for t in types}
    for kind, names in _PUBLICATION_TYPES:
        if lowered & set(names):
            return kind
    return None


# Only a title makes a guideline: an abstract that mentions guidance is far more often a study of
# it ("The Dutch multidisciplinary sciatica guideline recommends ... Despite this recommendation,
# SDM is not yet integrated": a qualitative study), a survey ("similar recommendations regarding
# carbohydrates"), or a trial ("variation among international dietary recommendations for vitamin D.
# ... DESIGN A randomized, placebo-controlled ... study"), and a guideline is level 1, the top of the
# ladder. Against the rule before it, 11 shared-corpora records stop being guidelines (none was
# one) and 2 titles become ones ("Consensus guidelines for ...", "... a position statement").
_ABSTRACT_PATTERNS = [entry for entry in _TEXT_PATTERNS if entry[0] is not Kind.GUIDELINE]


def kind_from_text(title: str, abstract: str = "", guideline: bool = True) -> Kind | None:
    """Guess the kind from the title, then from the first 600 characters of the abstract (never a
    guideline from the abstract; never one at all when `guideline` is False)."""
    title_patterns = _TEXT_PATTERNS if guideline else _ABSTRACT_PATTERNS
    for text, patterns in ((title, title_patterns), (abstract[:600], _ABSTRACT_PATTERNS)):
        lowered = text.lower()
        for kind, pattern in patterns:
            if any(cue in lowered for cue in _CUES[kind]) and pattern.search(text):
                return kind
    return None


def classify(
    publication_types: Iterable[str] = (),
    metadata_kind: str | None = None,
    title: str = "",
    abstract: str = "",
) -> Kind:
    """Publication types first, then the input's metadata, then title/abstract patterns."""
    kind = kind_from_publication_types(publication_types)
    if kind is None and metadata_kind:
        kind = parse_kind(metadata_kind)
    if kind is None:
        # PubMed indexes guidelines by publication type: a typed record without one is not a
        # guideline, whatever its text says ("[Virtual room of gastroenterology]", "MeSH recommendations").
        kind = kind_from_text(title, abstract, guideline=not any(t.strip() for t in publication_types))
    return kind or Kind.OTHER
