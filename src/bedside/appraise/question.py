"""A question's facets compiled once into the terms that find them in records.

Each facet term is searched for under all its names (concept, synonyms, MeSH name, its kinds'
names) in the record's title, abstract, MeSH descriptors and author keywords; how one name is found
(word bounds, plurals, abbreviations) is `appraise.terms`. Terms are compiled once per `Facets`
(cached on their content), so scoring ~100 records for one question costs only the searches; cheap
substring cues gate the costlier family and age-group regexes. Free words are found by their Porter
stem and weighed by their rarity in the library; see `appraise.applicability`, rule 1 (a question
without facets) and the subject rule (the free words that name something specific, in a question
with facets, found by `appraise.subjects`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from bedside.appraise import subjects
from bedside.appraise.terms import Term, name_matcher, prefix_matcher, stem_matcher
from bedside.appraise.together import taken_together
from bedside.appraise.wordlists import (
    ANIMAL_WORDS,
    CELL_QUESTION,
    FAMILY_LIST,
    FERTILITY,
    GENERAL_TREATMENTS,
    GROUP_ORDER,
    GROUP_RES,
    MESH_GROUPS,
    OBSTETRIC,
    PREGNANCY,
    PREVENTION,
    PREVENTS_EPISODES,
    PRIMARY_PREVENTION,
    SECONDARY_PREVENTION,
)
from bedside.models import Facets, FacetTerm
from bedside.search.concepts import Concept
from bedside.search.facets import is_question
from bedside.search.question_type import (
    asks_for_causes,
    asks_for_risk_factors,
    asks_frequency,
    asks_long_term,
    asks_screening,
    asks_symptoms,
    asks_timing,
)
from bedside.search.vocabulary import Vocabulary
from bedside.search.words import DRUG_TREATMENT


@dataclass(frozen=True, slots=True)
class CompiledFacets:
    """A question's facets turned into regexes once, so each record costs only searches."""

    condition: tuple[Term, ...]
    population: tuple[Term, ...]
    action: tuple[Term, ...]  # intervention + comparison + outcome
    intervention: tuple[Term, ...]  # intervention + comparison
    treatments: tuple[Term, ...]  # the interventions that are not exposures (smoking, alcohol: hint etiology)
    outcome: tuple[Term, ...]
    free: tuple[Term, ...]
    free_weights: tuple[float, ...]  # rarity of each free word (1.0 when the caller gave none)
    subject: tuple[Term, ...]  # the free words that name something specific (a drug, a gene): facets or a question
    asked: tuple[Term, ...]  # those of them in the slot of what the question asks about ('tranexamic')
    effect: tuple[Term, ...]  # what a treatment is asked for or to cause, when no facet says it ('heart', 'bleeding')
    caused: tuple[Term, ...]  # conditions a question asks whether something causes ('Do statins cause diabetes?')
    broader: tuple[Term, ...]  # what the conditions are kinds of, one step up, by own names ('pneumonia' for CAP)
    siblings: tuple[Term, ...]  # the other kinds of those, one step down (ventilator-associated pneumonia)
    order: tuple[str, ...]  # every concept, condition first, deduplicated
    groups: frozenset[str]  # age groups / pregnancy the question's population names
    about_pregnancy: bool  # pregnancy is in the population, or the question is on an obstetric subject
    about_animals: bool  # the question names an animal, so animal studies may be direct
    about_cells: bool  # the question names cells or laboratory work, so studies of cell lines may be direct
    about_fertility: bool  # the question is on conceiving (infertility, IVF), so fertility trials may be direct
    about_prevention: bool  # the question asks about preventing something (or its risk), not only treating it
    prevents_episodes: bool  # what it prevents is the next attack of a disease the people have (gout attacks)
    prevention_stage: str  # 'primary' or 'secondary' when the question says which prevention it asks about, else ''
    is_question: bool  # a question rather than a statement or claim (whose type is only a default)
    question_type: str  # therapy, diagnosis, prognosis, ... (QuestionType value)
    own_families: frozenset[str]  # intervention families the question itself names
    compared: frozenset[str] = frozenset()  # the treatments it compares the intervention with (not placebo)
    rules_out_drugs: bool = False  # "without medication", "non-drug", "naturally": anything but drugs
    ruled_out: tuple[Term, ...] = ()  # other treatments it rules out ("without surgery"), matched as given
    asks_symptoms: bool = False  # "What are the symptoms of Lyme disease?" (`search.question_type.asks_symptoms`)
    asks_frequency: bool = False  # "How common is postnatal depression?" (`search.question_type.asks_frequency`)
    asks_timing: bool = False  # "How long should antibiotics be given ...?" (`search.question_type.asks_timing`)
    asks_long_term: bool = False  # "the risks of long-term steroid use" (`search.question_type.asks_long_term`)
    asks_screening: bool = False  # "Should newborns be screened for ...?" (`search.question_type.asks_screening`)
    asks_causes: bool = False  # "What causes preterm birth?", not "Can stress cause hair loss?" (`asks_for_causes`)
    asks_risk_factors: bool = False  # "What are the risk factors for melanoma?" (`asks_for_risk_factors`)
    absent: tuple[Term, ...] = ()  # conditions its people do not have ('adults without diabetes')
    together: frozenset[str] = frozenset()  # treatments asked about taken together ('ibuprofen with warfarin')


def compile_facets(
    facets: Facets, rarity: Mapping[str, float] | None = None, specific: Iterable[str] = ()
) -> CompiledFacets:
    """Compile (or fetch from the cache) the regexes for a question's facets.

    `rarity` weighs the free words (see rule 1); `lexical.rarity` gives it from the library.
    `specific` holds the free words rare in the library (`lexical.specific_words`); without it no
    free word is a subject word.
    """
    weights = tuple(sorted((rarity or {}).items()))
    return _compile(_fingerprint(facets), weights, tuple(sorted(specific)))


_TermKey = tuple[str, str, tuple[str, ...], str]
_Key = tuple[
    tuple[_TermKey, ...],
    tuple[_TermKey, ...],
    tuple[_TermKey, ...],
    tuple[_TermKey, ...],
    tuple[str, ...],
    str,
    str,
    tuple[str, ...],
    tuple[_TermKey, ...],
    tuple[_TermKey, ...],
]


def _fingerprint(facets: Facets) -> _Key:
    """A hashable copy of what matching depends on; Facets is mutable, so its content is the key."""

    def terms(items: Iterable[FacetTerm]) -> tuple[_TermKey, ...]:
        return tuple((t.concept, t.matched, tuple(t.synonyms), t.mesh) for t in items)

    return (
        terms(facets.condition),
        terms(facets.population),
        terms([*facets.intervention, *facets.comparison]),
        terms(facets.outcome),
        tuple(facets.other_terms),
        facets.question,
        facets.question_type.value,
        tuple(t.concept for t in facets.comparison),
        terms(facets.ruled_out),
        terms(facets.absent),
    )


@lru_cache(maxsize=64)
def _compile(key: _Key, rarity: tuple[tuple[str, float], ...], specific: tuple[str, ...] = ()) -> CompiledFacets:
    (
        condition_keys,
        population_keys,
        intervention_keys,
        outcome_keys,
        free_words,
        question,
        question_type,
        compared,
        ruled_keys,
        absent_keys,
    ) = key
    about_animals = ANIMAL_WORDS.search(question.lower()) is not None
    about_cells = CELL_QUESTION.search(question) is not None
    about_fertility = FERTILITY.search(question.lower()) is not None
    about_prevention = PREVENTION.search(question) is not None
    prevents_episodes = PREVENTS_EPISODES.search(question) is not None
    stage = (
        "primary"
        if PRIMARY_PREVENTION.search(question)
        else "secondary"
        if SECONDARY_PREVENTION.search(question)
        else ""
    )
    obstetric = OBSTETRIC.search(question.lower()) is not None
    weight = dict(rarity)
    free_list = [w for w in dict.fromkeys(w.strip() for w in free_words) if w]
    condition = tuple(_term(k) for k in condition_keys)
    population = tuple(_term(k, with_group=True) for k in population_keys)
    intervention = tuple(_term(k, given=True) for k in intervention_keys)
    outcome = tuple(_term(k) for k in outcome_keys)
    free = tuple(stem_matcher(w) for w in free_list)
    order: list[str] = []
    for term in (*condition, *population, *intervention, *outcome):
        if term.concept not in order:
            order.append(term.concept)
    words = "\n".join(name for k in (*condition_keys, *intervention_keys, *outcome_keys) for name in _names(k))
    own = frozenset(f.name for f in FAMILY_LIST if f.count(words, words.lower(), enough=1))
    # Subject words for a question with facets, or for any question (not a statement, such as a
    # SciFact claim, which rule 1 judges on all its words).
    questioning = is_question(question)
    slot = subjects.asked_about(question)
    wanted = subjects.asked_for(question)
    caused = subjects.effect_words(question) if questioning else frozenset()
    everyday = slot | wanted | caused
    # Words common in the library become required words here only in groups of their own, or where
    # nothing else is required: a subject word more in the same group would loosen it, since one of
    # them is enough ("covid-19 induced anosmia": 'induced' would stand for 'anosmia').
    rare = frozenset(specific)
    # What a treatment is asked for or to cause, when no condition or outcome says it, or a word KINDRED
    # knows ('reversed' in "Can diabetes be reversed?"): 'heart' in "Is fish oil good for the heart?",
    # 'bleeding' in "Do SSRIs increase bleeding risk?" (omega-3 immunology and SSRI reviews for
    # depression had been their direct research). A group of its own, one of which is needed too.
    unsaid = questioning and not condition_keys and not outcome_keys
    kindred = frozenset(w for w in wanted | caused if w in subjects.KINDRED)
    effect_slot = ((wanted | caused) if unsaid else kindred) - slot - rare
    # What the question asks about, when no treatment of the vocabulary names it and no rare word of
    # its slot stands for it: 'heat' in "Does heat make multiple sclerosis symptoms worse?" (any MS
    # record had been direct).
    untreated = slot if questioning and not intervention_keys and not slot & rare else frozenset()
    subject_words = (
        subjects.subject_words(free_list, rare | effect_slot | untreated, _name_words(key), everyday)
        if order or questioning
        else []
    )
    subject = [subjects.as_asked(w, question) for w in subject_words if w not in effect_slot]
    effect = [subjects.as_asked(w, question) for w in subject_words if w in effect_slot]
    asked = [subjects.as_asked(w, question) for w in subject_words if w in slot]
    vocabulary = Vocabulary.default()
    broader = [b for t in condition for b in vocabulary.broader_of(t.concept)]
    return CompiledFacets(
        condition=condition,
        population=population,
        action=(*intervention, *outcome),
        intervention=intervention,
        treatments=tuple(t for t in intervention if not is_exposure(t.concept)),
        outcome=outcome,
        free=free,
        free_weights=tuple(max(weight.get(w, 1.0), 0.0) for w in free_list),
        subject=tuple(prefix_matcher(w, subjects.KINDRED.get(w.lower(), ())) for w in subject),
        effect=tuple(prefix_matcher(w, subjects.KINDRED.get(w.lower(), ())) for w in effect),
        asked=tuple(prefix_matcher(w) for w in asked),
        caused=tuple(t for t, k in zip(condition, condition_keys, strict=True) if subjects.is_caused(k[1], question))
        if questioning and intervention
        else (),
        broader=tuple(own_names(c) for c in broader),
        siblings=tuple(own_names(c) for c in _siblings(broader, {t.concept for t in condition})),
        order=tuple(order),
        groups=frozenset(t.group for t in population if t.group),
        about_pregnancy=obstetric or any(t.group == PREGNANCY for t in population),
        about_animals=about_animals,
        about_cells=about_cells,
        about_fertility=about_fertility,
        about_prevention=about_prevention,
        prevents_episodes=prevents_episodes,
        prevention_stage=stage,
        is_question=questioning,
        own_families=own,
        compared=frozenset(c for c in compared if not is_comparator(c)),
        rules_out_drugs=any(k[0] == DRUG_TREATMENT for k in ruled_keys),
        ruled_out=tuple(_term(k, given=True) for k in ruled_keys if k[0] != DRUG_TREATMENT),
        question_type=question_type,
        asks_symptoms=questioning and asks_symptoms(question),
        asks_frequency=questioning and asks_frequency(question),
        asks_timing=questioning and asks_timing(question),
        asks_long_term=questioning and asks_long_term(question),
        asks_screening=questioning and asks_screening(question),
        asks_causes=questioning and asks_for_causes(question),
        asks_risk_factors=questioning and asks_for_risk_factors(question),
        absent=tuple(_term(k) for k in absent_keys),
        together=taken_together(question, [(k[0], k[1]) for k in intervention_keys]) if questioning else frozenset(),
    )


def _name_words(key: _Key) -> set[str]:
    """The words of every name of the question's recognised concepts (never subject words)."""
    return {
        word
        for group in key[:4]
        for term_key in group
        for name in (*_names(term_key), term_key[1])
        for word in re.findall(r"[a-z0-9]+", name.lower())
    }


def is_treatment(concept: str) -> bool:
    """A vocabulary treatment ('dialysis'), even where a question uses it to say who is asked about."""
    found = Vocabulary.default().get(concept)
    return found is not None and found.facet == "intervention"


def is_therapy(concept: str) -> bool:
    """A vocabulary treatment given to people: not a test (MRI), an exposure (smoking) or a comparator (placebo)."""
    found = Vocabulary.default().get(concept)
    return (
        found is not None
        and found.facet == "intervention"
        and not found.comparator
        and found.hint not in {"diagnosis", "etiology"}
    )


def is_comparator(concept: str) -> bool:
    """A vocabulary concept that is what a treatment is compared with (placebo, usual care)."""
    found = Vocabulary.default().get(concept)
    return found is not None and found.comparator


def compile_term(term: FacetTerm, given: bool = False) -> Term:
    """The regexes for one facet term outside a question (a treatment a record's abstract names).

    Cached on the term's content: the same abstracts' concepts come back record after record.
    `given`: as a treatment, so "vitamin D levels" is no mention of vitamin D.
    """
    return _cached_term((term.concept, term.matched, tuple(term.synonyms), term.mesh), given)


@lru_cache(maxsize=4096)
def _cached_term(key: _TermKey, given: bool) -> Term:
    return _term(key, given=given)


def is_exposure(concept: str) -> bool:
    """A vocabulary concept that is something people are exposed to, not a treatment (smoking)."""
    found = Vocabulary.default().get(concept)
    return found is not None and found.hint == "etiology"


def _names(key: _TermKey) -> list[str]:
    """Every name a record may use for the concept, its kinds' names included.

    A record on a kind of the concept is on the concept: a review of statins after ischaemic
    stroke is evidence on cardiovascular disease, and an acute-coronary-syndrome trial on
    coronary heart disease, though neither uses the broader name (`Vocabulary.kinds_of`).
    """
    concept, _matched, synonyms, mesh = key
    kinds = [
        name
        for kind in Vocabulary.default().kinds_of(concept)
        for name in (kind.name, *kind.synonyms, *kind.abbreviations, kind.mesh)
    ]
    broader = _broader_related(concept)
    own = [s for s in synonyms if s.lower() not in broader]
    return [n for n in dict.fromkeys((concept, *own, mesh, *kinds)) if n.strip()]


@lru_cache(maxsize=1024)
def _broader_related(concept: str) -> frozenset[str]:
    """The concept's related concepts that are broader than it, lower-cased: searched for, never its names.

    'type 2 diabetes' is related to 'diabetes' so that search also finds records that say only
    'diabetes'; but a metformin trial in type 1 diabetes named 'diabetes' and was direct evidence
    for type 2. Broader: a name inside the concept's own ('fatigue' in 'cancer-related fatigue'), a
    class the concept is a kind of ('anticoagulants' for warfarin), or a treatment family's general
    name ('exercise' for dance therapy or Pilates, `GENERAL_TREATMENTS`). Peers stay names: 'ataxia'
    and 'balance' for coordination.
    """
    vocabulary = Vocabulary.default()
    found = vocabulary.get(concept)
    if found is None:
        return frozenset()
    low = concept.lower()
    return frozenset(
        r.lower()
        for r in found.related
        if re.search(rf"\b{re.escape(r.lower())}\b", low)
        or vocabulary.is_class_of(r, [found.name])
        or (r in GENERAL_TREATMENTS and concept not in GENERAL_TREATMENTS)
    )


def own_names(concept: Concept) -> Term:
    """A vocabulary concept matched by its own names only, not its kinds'."""
    return name_matcher(concept.name, [concept.name, *concept.synonyms, *concept.abbreviations, concept.mesh])


def _siblings(broader: Sequence[Concept], asked: set[str]) -> list[Concept]:
    """The kinds of the broader concepts that are neither the question's conditions nor broader themselves."""
    vocabulary = Vocabulary.default()
    skip = asked | {b.name for b in broader}
    found = {n: vocabulary.get(n) for b in broader for n in b.narrower if n not in skip}
    return [c for c in found.values() if c is not None]


def _term(key: _TermKey, *, with_group: bool = False, given: bool = False) -> Term:
    """`given`: a treatment, so its name as a measurement ('insulin resistance') does not count."""
    group = ""
    if with_group:
        concept, matched, _synonyms, mesh = key
        group = MESH_GROUPS.get(mesh.strip().lower(), "")
        if not group:
            # The concept and the question's own words, not every synonym: 'hospitalised adults' is
            # one way to say 'hospital inpatients', and a question on in-hospital mortality names no age.
            found = groups_in(f"{concept} ; {matched}".lower())
            group = next((g for g in (PREGNANCY, *reversed(GROUP_ORDER)) if g in found), "")
    return name_matcher(key[0], _names(key), group, given)


def groups_in(low: str) -> dict[str, int]:
    """How often each age group / pregnancy is named in lower-cased text."""
    counts: dict[str, int] = {}
    for name, cues, pattern in GROUP_RES:
        if any(cue in low for cue in cues):
            count = len(pattern.findall(low))
            if count:
                counts[name] = count
    return counts
