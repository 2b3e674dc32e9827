"""Treatments a question asks about as one regimen: "Is it safe to take ibuprofen with warfarin?"

What ibuprofen does alone (for migraine, for period pain) is not what it does on top of warfarin, so
a record naming one of two treatments taken together is indirect evidence
(`treatments.apart_reason`). Read from the question's words between the treatments it names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import pairwise

# Two treatments joined as one regimen: "ibuprofen with warfarin", "tramadol safe with SSRIs",
# "ACE inhibitors with potassium supplements", or one acting on the other: "grapefruit juice interacts
# with statins", "antibiotics reduce the effectiveness of the contraceptive pill", "vitamin K reverses warfarin".
_JOINED = re.compile(
    r"\s+(?:(?:safe|okay|ok|fine|dangerous)\s+(?:to\s+(?:take|use|give|combine)\s+)?)?"
    r"(?:with|plus|alongside|along\s+with|together\s+with|combined\s+with|in\s+combination\s+with|and|"
    r"interacts?\s+with|interfere\w*\s+with|(?:reduces?|affects?|lowers?)\s+the\s+effect\w*\s+of|"
    r"reverses?|reversal\s+of|counteracts?|makes?)"
    r"\s+(?:the\s+|a\s+|[\w-]+\s+)?",
    re.IGNORECASE,
)
# The second named later in the clause: "Do SSRIs increase bleeding risk when combined with NSAIDs?",
# or as what the people asked about are on: "bleeding after tooth extraction in patients on anticoagulants".
_COMBINED_LATER = re.compile(
    r"(?:\b(?:combined|in\s+combination|together|co-?administered|given|taken)\s+with|"
    r"\b(?:patients|people|those|adults|children|women|men)\s+(?:on|taking|receiving|using))\s+$",
    re.IGNORECASE,
)
# 'and' joins two treatments into one only when the question says so: "ibuprofen and warfarin
# together", "the risks of combining opioids and benzodiazepines".
_TOGETHER_AFTER = re.compile(
    r"(?:\s+(?:be\s+|are\s+|is\s+)?(?:taken|given|used))?\s+(?:together|at\s+the\s+same\s+time|combined)\b",
    re.IGNORECASE,
)
_TOGETHER_BEFORE = re.compile(r"\b(?:combining|combination\s+of|mixing|both)\s+$", re.IGNORECASE)


def taken_together(question: str, treatments: Sequence[tuple[str, str]]) -> frozenset[str]:
    """The treatments a question asks about as one regimen, or none.

    Why: "Is it safe to take ibuprofen with warfarin?" had every ibuprofen review (for migraine,
    for period pain) as direct evidence; what ibuprofen does alone is not what it does on top of
    warfarin. Two of the question's treatments are taken together when 'with', 'plus' or 'combined
    with' joins them ('safe with' too), one interacts with the other, 'and' joins them with
    'together' after or 'combining' before, or the second is what the people asked about are on
    ("tooth extraction ... for patients on anticoagulants").

    `treatments`: (concept, the question's words for it), as `analyse` found them.
    """
    low = question.lower()
    spans = []
    for concept, matched in treatments:
        at = low.find(matched.lower()) if matched.strip() else -1
        if at >= 0:
            spans.append((at, at + len(matched), concept))
    spans.sort()
    together: set[str] = set()
    for (begin, end, first), (start, after, second) in pairwise(spans):
        gap = question[end:start]
        if start <= end or first == second or any(c in gap for c in ".;?!"):
            continue
        joined = _JOINED.fullmatch(gap)
        if (
            joined
            and re.match(r"\s+and\s", gap, re.IGNORECASE)
            and not _TOGETHER_AFTER.match(question, after)
            and not _TOGETHER_BEFORE.search(question, 0, begin)
        ):
            continue
        if joined or (len(gap) <= 60 and _COMBINED_LATER.search(gap)):
            together |= {first, second}
    return frozenset(together)
