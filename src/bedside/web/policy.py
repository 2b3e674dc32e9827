"""The editorial policy: one text for the page and its JSON twin.

Kept as data rather than template prose so `/editorial-policy` and `/api/editorial-policy`
say exactly the same thing, and so the policy is reviewed like code when it changes.
"""

from __future__ import annotations

from typing import Any

TITLE = "Editorial policy"
SUMMARY = (
    "How bedside writes a topic overview, what the review status means, and what it will not do. "
    "This policy applies to every article on this site."
)
SECTIONS: list[tuple[str, list[str]]] = [
    (
        "Every statement is quoted",
        [
            "bedside does not write medical text. Each statement in an overview is made of sentences quoted "
            "unchanged from one source in the local library, followed by its numbered citation. Hover over "
            "or focus a citation to see the exact source sentences and where they come from.",
            "Every citation number resolves to exactly one reference, and every reference is cited. An "
            "overview whose numbers do not resolve is never shown.",
        ],
    ),
    (
        "Which sources, and how strong",
        [
            "'From the Guidelines' quotes only guidelines that address the question. When none does, the "
            "page says so instead of borrowing guidance written for another population or condition.",
            "'From the Research' quotes systematic reviews and studies, strongest level of evidence first. "
            "Each reference shows its level (1 = guideline, 2 = systematic review, 3 = randomised trial, "
            "4 = observational study, 5 = case report, 6 = narrative review).",
            "Evidence about another population, condition or intervention is marked indirect, with the "
            "reason. Registered trials are listed as registrations: they show that a study exists, not what "
            "it found. Retracted and off-topic sources are never cited; they are listed under 'Evidence not "
            "used' with the reason.",
        ],
    ),
    (
        "Review status",
        [
            "Submitted: the overview was composed by software from the library and has not been checked by a "
            "person. Under Review: a qualified clinician is checking the quotes, their sources and what was "
            "left out. Approved: the reviewer signed it off. Until an article is approved it carries the "
            "'Pending human review' caution; exercise caution and check the cited sources.",
        ],
    ),
    (
        "Audience",
        [
            "'Which best describes you?' changes which quoted sentences are chosen (easier to read for "
            "patients and caregivers, with patient-information pages added), never their wording.",
        ],
    ),
    (
        "Freshness and corrections",
        [
            "An article is a snapshot of the library when the question was asked; the page shows when it was "
            "last updated and how large the library was. To report an error in a quote or a reference, note "
            "the article id at the foot of the page and the reference number.",
        ],
    ),
    (
        "Not medical advice",
        [
            "Overviews support, and do not replace, professional judgement. They are not advice about any "
            "individual's care.",
        ],
    ),
]


def as_json() -> dict[str, Any]:
    """The policy as the API returns it."""
    return {
        "title": TITLE,
        "summary": SUMMARY,
        "sections": [{"heading": h, "paragraphs": list(ps)} for h, ps in SECTIONS],
    }
