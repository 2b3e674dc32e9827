"""Rule 3h: a drug class asked about for what it is named for, and a record on another of its uses.

"What is the best antidepressant for older adults?" names no condition, yet asks about depression:
the class is named for it. Amitriptyline for tension-type headache and antidepressants for chronic
pain are other uses of the class, and were the overview's direct research. A record on another
condition that never names the class's own is evidence on that use, not on the question; a record
naming no condition (the harms of antidepressants in older people) stays on it, since the class's
harms do not depend on why it was taken.
"""

from __future__ import annotations

from bedside.appraise.question import CompiledFacets, compile_term, is_treatment
from bedside.appraise.view import RecordView
from bedside.models import FacetTerm
from bedside.search.facets import analyse_text
from bedside.search.vocabulary import Vocabulary

# Drug classes named for one condition they treat.
INDICATIONS = {
    "antidepressants": "depression",
    "antihypertensive drugs": "hypertension",
    "antiepileptic drugs": "epilepsy",
}
# An untitled record (a Cochrane abstract) is on another condition it names this often.
UNTITLED_MENTIONS = 2


def other_use(view: RecordView, q: CompiledFacets) -> str:
    """The rule 3h reason for a record, or ''.

    Only for a therapy question naming no condition or outcome, whose treatment is such a class.
    """
    if not q.is_question or q.question_type != "therapy" or q.condition or q.outcome:
        return ""
    vocabulary = Vocabulary.default()
    for treatment in q.treatments:
        indication = vocabulary.get(INDICATIONS.get(treatment.concept, ""))
        if indication is None:
            continue
        named = FacetTerm(concept=indication.name, matched=indication.name, synonyms=indication.search_names())
        if compile_term(named).found(view.everything, view.everything_low):  # its kinds' names included
            return ""
        own = {indication.name, *(k.name for k in vocabulary.kinds_of(indication.name))}
        others = _conditions(view, own)
        if others:
            return f"condition: {others[0]}, not {indication.name} (what {treatment.concept} are named for)"
    return ""


def _conditions(view: RecordView, own: set[str]) -> list[str]:
    """The conditions the record is on: those its title names, or, untitled, those its abstract names
    at least UNTITLED_MENTIONS times; never a treatment or the class's own condition."""
    text = view.title if view.title.strip() else view.abstract
    found = []
    for term in analyse_text(text).condition:
        if term.source != "vocabulary" or term.concept in own or is_treatment(term.concept):
            continue
        if view.title.strip() or compile_term(term).count(view.abstract, view.abstract_low) >= UNTITLED_MENTIONS:
            found.append(term.concept)
    return list(dict.fromkeys(found))
