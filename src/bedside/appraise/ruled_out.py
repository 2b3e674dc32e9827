"""Treatments a question rules out: "How can I lower my blood pressure without medication?",
"How can I treat a herniated disc without surgery?"

Such a question asks for everything but drugs (or surgery), so a trial of olmesartan against
ramipril, however close to blood pressure, is not an answer to it. The question's words say so
('without medication', 'non-drug', 'naturally', 'without surgery', 'non-surgical': read by
`facets.analyse` into `Facets.ruled_out`). A record is about drugs when its title names a drug of
the vocabulary or speaks of medication, or, untitled, when its abstract does so at least
`UNTITLED_MENTIONS` times; about another ruled-out treatment when its title names it, or its
abstract that often.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import partial
from operator import ne

from bedside.appraise.question import CompiledFacets, compile_term, is_therapy
from bedside.appraise.view import RecordView
from bedside.appraise.wordlists import AFTER, BEFORE
from bedside.search.facets import analyse_text
from bedside.search.vocabulary import Vocabulary
from bedside.search.words import DRUG_TREATMENT

DRUG_WORDS = re.compile(
    BEFORE + r"(?<!non-)(?<!non\s)(?:medications?|drugs?|pharmacolog\w*|pharmacotherap\w*|antihypertensives?|"
    r"pills?|tablets?|"
    # Drug names by their stems, for the drugs the vocabulary does not list ('olmesartan', 'zolmitriptan').
    r"\w+(?:sartan|pril|olol|dipine|statin|triptan|oxetine|azepam|azolam|prazole|floxacin|cycline|mab|tinib))"
    r"(?![\s-]+free)" + AFTER
)
_DRUG_GROUP = "drugs and drug classes"
_COMPARED = re.compile(r"\b(?:versus|vs\.?|compared\s+(?:with|to))\s")
UNTITLED_MENTIONS = 3


def ruled_out_reason(view: RecordView, q: CompiledFacets) -> str:
    """'intervention: surgery, which the question rules out' for a record on what the question rules out, else ''."""
    reason = drug_reason(view) if q.rules_out_drugs else ""
    if reason:
        return reason
    for term in q.ruled_out:
        if view.title.strip():
            if term.found(view.title, view.title_low) and not _compared_with(view, partial(ne, term.concept)):
                return _reason([term.concept])
        elif term.count(view.abstract, view.abstract_low) >= UNTITLED_MENTIONS:
            return _reason([term.concept])
    return ""


def _compared_with(view: RecordView, other: Callable[[str], bool]) -> bool:
    """The title compares the ruled-out treatment with a treatment `other` accepts ("Conservative
    care versus early surgery", "Cognitive behavioural therapy vs zopiclone"): what the question
    asks for is one of the arms."""
    if not _COMPARED.search(view.title_low):
        return False
    return any(is_therapy(t.concept) and other(t.concept) for t in analyse_text(view.title).intervention)


def drug_reason(view: RecordView) -> str:
    """'intervention: olmesartan and ramipril, which the question rules out' for a record on drugs, else ''."""
    if view.title.strip():
        if _compared_with(view, lambda c: not _is_drug(c)):
            return ""
        drugs = _drugs(view.title, view.title_low, at_least=1)
        if drugs or DRUG_WORDS.search(view.title_low):
            return _reason(drugs)
        return ""
    drugs = _drugs(view.abstract, view.abstract_low, at_least=UNTITLED_MENTIONS)
    if drugs or len(DRUG_WORDS.findall(view.abstract_low)) >= UNTITLED_MENTIONS:
        return _reason(drugs)
    return ""


def _drugs(text: str, low: str, *, at_least: int) -> list[str]:
    """The vocabulary's drugs named in `text` (as given, not as levels) at least `at_least` times."""
    found = []
    for term in analyse_text(text).intervention:
        if not _is_drug(term.concept):
            continue
        if compile_term(term, given=True).count(text, low) >= at_least:
            found.append(term.concept)
    return list(dict.fromkeys(found))[:2]


def _is_drug(concept: str) -> bool:
    """A drug or drug class of the vocabulary (not placebo, which sits among them as a comparator)."""
    found = Vocabulary.default().get(concept)
    return found is not None and found.group == _DRUG_GROUP and is_therapy(concept)


def _reason(drugs: list[str]) -> str:
    named = " and ".join(drugs) if drugs else DRUG_TREATMENT
    return f"intervention: {named}, which the question rules out"
