"""The role a structured-abstract label names: "METHODS" -> methods, "METHODS AND RESULTS" -> both.

Labels beat any guess (see `compose.roles`), but they come in every spelling and inflection
(METHOD / METHODS / METHODOLOGY, "SUMMARY OF BACKGROUND DATA", J Neurosurg's bare "OBJECT"), so a
label is cut into parts and each part is read by word prefixes; PubMed's NlmCategory is the
fallback when the label itself says nothing recognisable.
"""

from __future__ import annotations

import re

from bedside.models import Role

ROLES: tuple[Role, ...] = (Role.BACKGROUND, Role.METHODS, Role.RESULTS, Role.CONCLUSIONS)
"""The roles in the order an abstract presents them; the Viterbi pass relies on this order."""

# Word prefixes that give a label part its role. Prefixes, not whole words, because labels
# come in every inflection (METHOD/METHODS/METHODOLOGY, MEASURES/MEASUREMENTS, HYPOTHESIS/-ES).
# Checked in this order, so "SUMMARY OF BACKGROUND DATA" is background and a part that names
# both results and methods in one phrase counts as the later, more specific role.
_PART_PREFIXES: tuple[tuple[Role, tuple[str, ...]], ...] = (
    (Role.CONCLUSIONS, ("CONCLU", "INTERPRETATION", "IMPLICATION", "DISCUSSION", "LIMITATION", "COMMENT")),
    (Role.RESULTS, ("RESULT", "FINDING", "OBSERVATION", "SYNTHESIS")),
    (
        Role.METHODS,
        (
            "METHOD",
            "DESIGN",
            "SETTING",
            "PATIENT",
            "PARTICIPANT",
            "SUBJECT",
            "INTERVENTION",
            "MEASURE",
            "MATERIAL",
            "POPULATION",
            "SAMPLE",
            "SOURCE",
            "SELECTION",
            "EXTRACTION",
            "SEARCH",
            "PROBAND",
            "LOCATION",
            "COLLECTION",
            "VARIABLE",
            "ENDPOINT",
            "EXPOSURE",
            "REGISTRATION",
            "PROCEDURE",
            "ANALYSIS",
            "ANALYSES",
            "APPROACH",
            "PROTOCOL",
            "CRITERIA",
            "DEFINITION",
            "AVAILABILITY",
            "FUNDING",
        ),
    ),
    (
        Role.BACKGROUND,
        (
            "BACKGROUND",
            "OBJECT",  # also J Neurosurg's bare "OBJECT"
            "AIM",
            "PURPOSE",
            "INTRODUCTION",
            "CONTEXT",
            "RATIONALE",
            "HYPOTHES",
            "GOAL",
            "IMPORTANCE",
            "MOTIVATION",
        ),
    ),
)
# Two-word phrases whose words alone would mislead ("END POINT": POINT means nothing alone;
# "MAIN OUTCOME(S)" and "OUTCOMES MEASURED" name what was measured, i.e. methods).
_PART_PHRASES: dict[str, Role] = {
    "END POINT": Role.METHODS,
    "END POINTS": Role.METHODS,
    "MAIN OUTCOME": Role.METHODS,
    "MAIN OUTCOMES": Role.METHODS,
    "PRIMARY OUTCOME": Role.METHODS,
    "PRIMARY OUTCOMES": Role.METHODS,
    "SECONDARY OUTCOMES": Role.METHODS,
    "OUTCOMES MEASURED": Role.METHODS,
    "STUDY OBJECTIVE": Role.BACKGROUND,
}
_SPLIT_LABEL = re.compile(r"\s*(?:,|;|/|&|\+|\bAND\b|\bOR\b)\s*")


def _part_role(part: str) -> Role | None:
    """Role named by one part of a label ('PATIENTS' of 'PATIENTS AND METHODS'), if any."""
    if part in _PART_PHRASES:
        return _PART_PHRASES[part]
    words = re.findall(r"[A-Z]+", part)
    for role, prefixes in _PART_PREFIXES:
        if any(w.startswith(p) for w in words for p in prefixes):
            return role
    return None


def label_roles(label: str, category: str = "") -> tuple[Role, ...]:
    """Every role a label names, in abstract order: ('METHODS AND RESULTS') -> (methods, results).

    A combined label that spans two roles cannot be assigned sentence by sentence from the label
    alone; `roles_of` lets the classifier choose between just those roles. When the label says
    nothing recognisable, the NlmCategory (PubMed's own normalisation) is used instead.
    """
    for text in (label, category):
        norm = " ".join(re.sub(r"[^A-Za-z,;/&+' ]+", " ", text.upper().replace("'", "")).split())
        found = {r for part in _SPLIT_LABEL.split(norm) if part and (r := _part_role(part)) is not None}
        if found:
            return tuple(r for r in ROLES if r in found)
    return ()


def role_of_label(label: str, category: str) -> Role | None:
    """The role of a structured-abstract section from its label or NlmCategory; None when unknown.

    A single-role label gives that role ("PATIENTS AND METHODS" -> methods, "BACKGROUND AND
    AIMS" -> background). A label spanning roles gives the role the section opens with
    ("RESULTS AND CONCLUSIONS" -> results, "METHODS AND RESULTS" -> methods), unless a
    single-role NlmCategory says otherwise; `label_roles` lists all of them, and `roles_of`
    lets the classifier split such a section between them.
    """
    roles = label_roles(label, category)
    if len(roles) > 1 and category:
        by_category = label_roles(category)
        if len(by_category) == 1:
            return by_category[0]
    return roles[0] if roles else None


# Words that may sit inside a label without naming a role ('METHODS AND FINDINGS', 'PRINCIPAL FINDINGS').
_LABEL_FILLERS = frozenset(
    {"AND", "OR", "OF", "THE", "MAIN", "PRINCIPAL", "KEY", "STUDY", "PRIMARY", "SECONDARY", "DATA", "CLINICAL"}
)


def inline_label(sentence: str) -> tuple[str, tuple[Role, ...]] | None:
    """A structured abstract's label left at the head of a sentence, with the roles it names.

    Where a source runs the sections together (SciFact's corpus, flattened PubMed text), the
    labels stay in the text: "RESULTS A total of 944 healthy participants completed ...",
    "METHODS AND FINDINGS Epigenome-wide methylation analysis ... revealed that ...". Only capital
    words that name a role (or join such words) count, so 'DNA damage ...' or 'A total ...' is no
    label, and some text must follow.
    """
    taken: list[str] = []
    words = sentence.split()
    for word in words[:6]:
        bare = word.rstrip(":.")
        if len(bare) < 2 or not bare.isalpha() or not bare.isupper():
            break
        if bare not in _LABEL_FILLERS and _part_role(bare) is None:
            break
        taken.append(bare)
        if word.endswith(":"):
            break
    while taken and taken[-1] in _LABEL_FILLERS:
        taken.pop()
    if not taken or len(taken) >= len(words):
        return None
    label = " ".join(taken)
    roles = label_roles(label)
    return (label, roles) if roles else None


def without_label(sentence: str) -> str:
    """The sentence without an inline label at its head (`inline_label`)."""
    found = inline_label(sentence)
    if found is None:
        return sentence
    words = sentence.split()
    return " ".join(words[len(found[0].split()) :]).lstrip(": ")
