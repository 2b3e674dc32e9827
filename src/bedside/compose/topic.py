"""The question's subject in a few words, for the overview's statements: 'physical therapy for
coordination in multiple sclerosis', 'adverse effects of proton pump inhibitors'.

Said wherever the overview tells the reader what the library does not hold ("No guideline in the
library addresses ..."), so it must name what was asked, in the question's own terms where the
facets alone would misstate it.
"""

from __future__ import annotations

import re

from bedside.appraise.question import CompiledFacets, compile_facets, is_comparator, is_treatment
from bedside.appraise.wordlists import DEFINING_POPULATIONS
from bedside.models import Facets, QuestionType
from bedside.search import word_context
from bedside.search.vocabulary import Vocabulary


def join_and(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return " and ".join(items) if len(items) < 3 else f"{', '.join(items[:-1])} and {items[-1]}"


_HAVING = re.compile(r"\b(?:with|who\s+(?:have|had|has)|having|suffering\s+from|diagnosed\s+with)\b", re.IGNORECASE)


def topic(facets: Facets, unnamed: bool = False, compiled: CompiledFacets | None = None) -> str:
    """The question's subject in a few words, e.g. 'physical therapy for coordination in multiple sclerosis'.

    `unnamed`: the question names something the vocabulary does not know ('taxilin'), so its
    concepts alone ('cancer') would misstate what was asked; the question itself is quoted.
    `compiled`: the question's compiled facets when the caller has them (compiled here otherwise).
    """
    if unnamed:
        return f"“{facets.question.strip()}”"
    interventions = join_and([t.concept for t in facets.intervention])
    # "Is surgery better than physiotherapy ...?" asks about both: the comparison is named.
    compared = [t.concept for t in facets.comparison if not is_comparator(t.concept)]
    if interventions and compared:
        interventions = f"{interventions} versus {join_and(compared)}"
    outcomes = join_and([t.concept for t in facets.outcome])
    # A treatment the people have had or are on sets the scene in the question's own words: "early
    # mobilisation after hip fracture surgery", not "early mobilisation in hip fracture and surgery".
    setting, covered = _setting(facets)
    conditions = join_and([t.concept for t in facets.condition if t.concept not in covered])
    # The people asked about (an age group, pregnancy), not a setting such as primary care:
    # "metformin in pregnant women", "corticosteroids in children with pneumonia". People *with* the
    # condition only when the question says so: "primary prevention of cardiovascular disease in
    # older adults" is about people without it ("aspirin for cardiovascular disease in older adults").
    # Not twice: "in women receiving chemotherapy" already names the women.
    # Not both "women" and "adults": the women named are the adults asked about.
    compiled = compiled or compile_facets(facets)
    population = compiled.population
    narrower = {t.group for t in population if t.group and t.concept != t.group}
    people = join_and(
        [
            t.concept
            for t in population
            if (t.group or t.concept in DEFINING_POPULATIONS)
            and not (t.concept == t.group and t.group in narrower)
            and not re.search(rf"\b{re.escape(t.concept)}\b", setting, re.IGNORECASE)
        ]
    )
    parts = interventions
    if (
        outcomes
        and interventions
        and facets.question_type is QuestionType.HARM
        and all(_is_harm(t.concept) for t in facets.outcome)
    ):
        # "adverse effects of proton pump inhibitors", not "proton pump inhibitors for adverse effects";
        # not for a harm the treatment is asked to prevent ("Does tight glucose control reduce
        # complications?" is a therapy question).
        parts = f"{outcomes} of {interventions}"
    elif outcomes:
        parts = f"{parts} for {outcomes}" if parts else outcomes
    if conditions and people and not _HAVING.search(facets.question):
        parts = f"{parts} for {conditions}" if parts else conditions
        conditions = ""
    if people:
        conditions = f"{people} with {conditions}" if conditions else people
    if conditions:
        parts = f"{parts} in {conditions}" if parts else conditions
    if setting:
        parts = f"{parts} {setting}" if parts else setting
    if interventions and compiled.asks_timing:
        # "How long should antibiotics be given for pneumonia?": a guideline on antibiotics for
        # pneumonia may say nothing on how long.
        parts = f"the timing or duration of {parts}"
    elif parts and not interventions and not outcomes:
        # "What is the prognosis of ALS?" asks about its course, not about ALS in general.
        asked = "the symptoms of" if compiled.asks_symptoms else _ASKED_OF.get(facets.question_type.value)
        if asked == _ASKED_OF["etiology"] and not compiled.asks_causes:
            asked = None  # "Can stress cause hair loss?" names its cause: not "the causes of stress and alopecia"
        if compiled.asks_screening:
            # "Should newborns be screened for hearing loss?": a guideline on hearing loss may say
            # nothing on screening for it.
            parts = f"screening for {parts}"
        elif compiled.asks_frequency:
            # "How many people have MS?": no guideline addresses how common MS is, though one addresses MS.
            parts = f"how common {parts} is"
        elif asked:
            parts = f"{asked} {parts}"
    return parts or f"“{facets.question.strip()}”"


# What a question naming neither a treatment nor an outcome asks about its condition, by its type.
_ASKED_OF = {
    "therapy": "the treatment of",
    "diagnosis": "the diagnosis of",
    "prognosis": "the prognosis of",
    "etiology": "the causes of",
}


def _is_harm(concept: str) -> bool:
    """An outcome that is a harm of the treatment (adverse effects), named as what the treatment causes."""
    known = Vocabulary.default().get(concept)
    return known is not None and known.hint == "harm" and known.facet == "outcome"


def _setting(facets: Facets) -> tuple[str, set[str]]:
    """The question's words for a treatment its people have had or are on ('after hip fracture
    surgery', 'people on dialysis': where the facet analysis found them, `word_context.setting_start`),
    and the conditions they name (hip fracture and surgery), or ('', empty)."""
    question = facets.question
    for term in facets.condition:
        if not is_treatment(term.concept) or not term.matched:
            continue
        at = question.find(term.matched)
        begin = word_context.setting_start(question, at) if at > 0 else None
        if begin is None:
            continue
        end = at + len(term.matched)
        # "... receiving chemotherapy for breast cancer": the condition the treatment is for goes with it.
        for other in facets.condition:
            if other is term or not other.matched:
                continue
            tail = re.match(r"\s+(?:for|of|with)\s+(?:[\w'-]+\s+){0,2}?" + re.escape(other.matched), question[end:])
            if tail:
                end += tail.end()
                break
        phrase = question[begin:end].strip()
        if not phrase.lower().startswith(
            ("after", "following", "post", "before", "prior", "ahead", "in ", "while", "whilst", "during", "when")
        ):
            phrase = f"in {phrase}"
        named = {t.concept for t in facets.condition if t.matched and t.matched in phrase}
        return phrase, named
    return "", set()
