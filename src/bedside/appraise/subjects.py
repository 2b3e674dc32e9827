"""What a question asks about, in the words the vocabulary did not know: its subject words.

The facet analysis names the concepts it knows; a question on "cabotegravir" or "cranberry juice"
also has words no concept covers, and a record that names none of them is not evidence on what was
asked (`appraise.applicability`, the subject rule). These helpers find those words and the slots
of a question they sit in (what is asked about, what it is asked for, what a treatment may cause).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from wordfreq import zipf_frequency

from bedside.appraise.wordlists import AFTER, BEFORE, COURSE_WORDS, EFFECT_VERBS

# A word used fewer than once per million English words (Zipf 3) is technical: 'allele' 2.9,
# 'erythropoiesis' 1.5, 'cabotegravir' 0, but 'ineffective' 3.7, 'calcium' 3.8, 'bowel' 3.6.
TECHNICAL_ZIPF = 3.0


def subject_words(
    free: Sequence[str], specific: frozenset[str], named: set[str], asked_about: frozenset[str]
) -> list[str]:
    """The free words that name the question's subject, in question order.

    A subject word is rare in the library and rare in English: a technical word the vocabulary
    did not know ('cabotegravir', 'taxilin', 'SETD1A', 'erythropoiesis'), or any word rare in the
    library in the slot of what the question asks about ('cranberry' in "Does cranberry juice
    prevent urinary tract infections?", `asked_about`). Rare in the library
    alone is not enough: in a biomedical library 'ineffective', 'fallen' and 'citizens' are rare
    too, and say nothing about what a record must be about. Words of a recognised concept's
    names ('erythematosus' left over from 'lupus erythematosus'), words on a condition's course
    ('chronic') and verbs of an effect's direction ('worsens') are never subject words, nor are
    doses and counts ('400mg'). `named`: the words of the names of the question's recognised
    concepts.
    """
    return [
        w
        for w in free
        if w in specific
        and w not in named
        and w not in COURSE_WORDS
        and w.lower() not in EFFECT_VERBS
        and not w[:1].isdigit()  # a dose or a count ('400mg', '55'), not a name
        and (zipf_frequency(w, "en") < TECHNICAL_ZIPF or w in asked_about)
    ]


# "Does cranberry juice prevent ...", "Is honey effective for ...", "Should chewing gum be given ...",
# "When should peanuts be introduced ...", "Is loneliness linked to ...": the words between the
# question's opening and its verb of effect name what is asked about.
_ASKED_ABOUT = re.compile(
    r"^\s*(?:(?:when|how)\s+)?(?:does|do|can|could|will|would|should|is|are|might|may)\s+"
    r"(?:(?:taking|eating|drinking|using|a|an|the|regular|daily)\s+)*"
    r"(?P<slot>[\w-]+(?:\s+[\w-]+){0,2}?)\s+"
    r"(?:be\s+(?:used|given|taken|recommended|offered|prescribed|introduced|started|stopped)|prevent|help|reduce|improve|"
    r"relieve|treat|cure|linked|associated|related|"
    r"work|lower|increase|cause|ease|shorten|speed|protect|benefit|affect|decrease|stop|slow|raise|make|worsen|"
    r"aggravate|trigger|prolong|extend|delay|interact|interfere|"
    r"effective|safe|useful|beneficial|better|helpful|good|bad|harmful|dangerous|recommended|worth|enough)\w*\b",
    re.IGNORECASE,
)


# "Should people with MS avoid heat?": what is to be avoided is what the question asks about.
_AVOID = re.compile(
    r"^\s*(?:should|must|do|does|can|is|are)\b.*?\bavoid\s+(?:(?:a|an|the)\s+)?(?P<slot>[\w-]+(?:\s+[\w-]+){0,2}?)\s*\??\s*$",
    re.IGNORECASE,
)


# "Is it safe to take iron supplements with tea?", "Can I take ibuprofen with food?": what a treatment is
# taken with is asked about as much as the treatment.
_TAKEN_WITH = re.compile(
    r"\b(?:take|taking|use|using|drink|drinking|eat|eating|combine|combining|mix|mixing)\s+(?:[\w'-]+\s+){1,4}?"
    r"(?:with|alongside)\s+(?:(?:a|an|the|my|your)\s+)?(?P<slot>[\w-]+(?:\s+[\w-]+)?)\s*\?*\s*$",
    re.IGNORECASE,
)


# "Do statins cause diabetes?", "Can antidepressants lead to weight gain?", "Does smoking increase the
# risk of stroke?": the words after the verb of causing name what the question asks about as an effect.
_CAUSES = re.compile(
    r"^\s*(?:does|do|can|could|might|may|will|would|is|are)\b.*?\b(?:cause|causes|induce|induces|"
    r"lead\s+to|leads\s+to|trigger|triggers|(?:increase|raise|raises|increases)\s+(?:the\s+)?(?:risk|chance|odds)\s+of|"
    r"(?:(?:is|are)\s+)?(?:linked|associated|related)\s+(?:to|with)|contribute\s+to|give\s+(?:you\s+)?)\s+(?P<effect>.+)$",
    re.IGNORECASE,
)


# Where the effect ends and the people it is asked about begin: "pneumonia | in COPD".
_PEOPLE_AFTER = re.compile(r"\s+(?:in|among|with|for|after|during|while|when)\s", re.IGNORECASE)


def is_caused(matched: str, question: str) -> bool:
    """Whether the question's words `matched` come after its verb of causing, before the people it
    is asked about ("Do inhaled corticosteroids increase the risk of pneumonia in COPD?": pneumonia
    is the effect, COPD who has it)."""
    found = _CAUSES.search(question)
    if found is None or not matched.strip():
        return False
    return matched.lower() in _before_people(found.group("effect")).lower()


def _before_people(effect: str) -> str:
    """The words of an effect up to the people it is asked about ("pneumonia | in COPD")."""
    return _PEOPLE_AFTER.split(effect, maxsplit=1)[0]


# "Does melatonin help jet lag?", "Is ginger effective for morning sickness?": the words after the
# verb of effect, to the question's end, name what the treatment is asked for.
_ASKED_FOR = re.compile(
    r"^\s*(?:does|do|can|could|will|would|should|is|are|might|may)\b.*?\b(?:prevent|help|reduce|improve|relieve|"
    r"treat|cure|ease|shorten|stop|effective|useful|beneficial|helpful|good|bad|enough\s+[\w-]+|work)\w*"
    r"(?:\s+(?:with|for|against|in|on|to\s+(?:prevent|treat|relieve|ease)))?"
    r"\s+(?:(?:your|my|the|a)\s+)?(?P<slot>[\w-]+(?:\s+[\w-]+){0,2})\s*\?*\s*$",
    re.IGNORECASE,
)


# "Is psoriasis contagious?", "Are migraines hereditary?": the one word that ends a short question
# of this shape is what is asked of its subject (not "Is PCAT6 a microRNA?", which asks what it is).
_PREDICATE = re.compile(
    r"^\s*(?:is|are)\s+(?!(?:it|there)\b)(?:(?!(?:a|an|the)\b)[\w'-]+\s+){1,3}(?P<slot>[a-z][a-z-]+)\s*\?+\s*$",
    re.IGNORECASE,
)


# Word starts that say what a short question's last word asks ("Is MS hereditary?" is answered by
# a record on its familial risk or heritability, though it never writes 'hereditary').
KINDRED: dict[str, tuple[str, ...]] = {
    "hereditary": ("inherit", "heritab", "familial", "genetic"),
    "inherited": ("hereditar", "heritab", "familial", "genetic"),
    "genetic": ("inherit", "hereditar", "heritab", "familial", "gene"),
    "contagious": ("infectious", "transmi", "spread"),
    "infectious": ("contagious", "transmi", "spread"),
    "curable": ("cure",),
    "fatal": ("death", "mortality", "die", "lethal"),
    "preventable": ("prevent",),
    "reversed": ("revers", "remission", "resolution", "resolv"),
    "reversible": ("revers", "remission", "resolution", "resolv"),
    "cured": ("cure", "curable", "remission", "eradicat"),
    # "Is fish oil good for the heart?": a record on coronary or cardiovascular events is on it.
    "heart": ("cardi", "coronar", "myocard"),
    "bleeding": ("haemorrhag", "hemorrhag", "bleed"),
}


# "Can diabetes be reversed?", "Can MS be cured?": the participle after 'be' is what is asked of the
# subject, when it is one of the words KINDRED knows ('treated' is not: it asks for treatments).
_CAN_BE = re.compile(
    r"^\s*(?:can|could|is|are)\s+(?:(?!be\b)[\w'-]+\s+){1,4}be\s+(?P<slot>[a-z]+)\s*\?+\s*$", re.IGNORECASE
)


# "Do SSRIs increase bleeding risk?", "Does smoking raise the risk of hip fracture?": the effect
# whose risk the question asks about.
_RISK_OF = re.compile(
    r"^\s*(?:does|do|can|could|might|may|will|would|is|are)\b.*?\b(?:increases?|raises?|lowers?|reduces?|doubles?)\s+"
    r"(?:the\s+|your\s+|their\s+)?(?:(?:risk|chance|odds)\s+of\s+(?P<effect>[\w-]+(?:\s+[\w-]+)?)\b"
    r"|(?P<before>[\w-]+)\s+(?:risk|rates?)\b)",
    re.IGNORECASE,
)


# Words in an effect's slot that name none ("Does X increase the risk of a stroke?").
_NOT_EFFECT = frozenset(
    {"a", "an", "the", "your", "their", "any", "more", "less", "risk", "of", "developing", "getting"}
)


def effect_words(question: str) -> frozenset[str]:
    """The lower-cased words naming the effect a question asks a treatment or exposure causes.

    Everyday words there name what a record must report: "Do SSRIs increase bleeding risk?" had
    Cochrane reviews of SSRIs for depression, which never mention bleeding, as direct evidence.
    """
    found = _CAUSES.search(question) or _RISK_OF.search(question)
    groups = found.groupdict() if found else {}
    effect = groups.get("effect") or groups.get("before") or ""
    words = re.findall(r"[\w-]+", _before_people(effect).lower())
    return frozenset(w for w in words if w not in _NOT_EFFECT)


def asked_for(question: str) -> frozenset[str]:
    """The lower-cased words naming what the treatment is asked for, when they end the question.

    Everyday words there name the question's condition as well as a technical word would: 'jet'
    and 'lag' are common English, and without them as subject words every melatonin record was
    direct evidence for "Does melatonin help jet lag?". Likewise the word a short question asks of
    its subject ('contagious' in "Is psoriasis contagious?": psoriasis reviews that never say so
    are not answers). Subject words only, never the slot of `asked_about` (one word of which a
    record must name).
    """
    found = _ASKED_FOR.search(question) or _PREDICATE.search(question)
    if found is None:
        can_be = _CAN_BE.search(question)
        found = can_be if can_be and can_be.group("slot").lower() in KINDRED else None
    return frozenset(found.group("slot").lower().split()) if found else frozenset()


def asked_about(question: str) -> frozenset[str]:
    """The lower-cased words in the slot of what the question asks about, if it has that shape.

    Everyday words there are as specific as technical ones: a urinary-infection record that never
    names cranberries is not evidence on cranberry juice, though 'cranberry' is common English.
    """
    found = _ASKED_ABOUT.search(question) or _AVOID.search(question)
    slot = found.group("slot").lower().split() if found else []
    taken_with = _TAKEN_WITH.search(question)
    if taken_with:
        slot += taken_with.group("slot").lower().split()
    return frozenset(slot)


def as_asked(word: str, question: str) -> str:
    """The word as the question spells it ('SETD1A', not 'setd1a'), for reasons a reader recognises.

    With the number the question gives it ('GATA-1', 'COVID-19'): the question's words lose a
    hyphenated number, and without it GATA-1 would be any GATA factor (`terms.prefix_matcher`).
    """
    found = re.search(BEFORE + re.escape(word) + r"(?:-\d+[a-z]?)?" + AFTER, question, re.IGNORECASE)
    return found.group(0) if found else word
