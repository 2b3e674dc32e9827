"""Question analysis: a clinical question parsed into PICO facets, each tied to the words that produced it.

Why facets: a record that matches the question's condition and intervention answers it; one that
matches 'patients' and 'management' does not, though plain BM25 may rank it higher. Knowing which
words are the condition, the intervention, the outcome and the population lets the ranker weight
them (`weighted_terms`) and lets later stages judge applicability.

Why explainable: every `FacetTerm` carries `matched`, the exact words of the question it came
from, so the JSON output shows that 'MS' became multiple sclerosis and 'PT' physical therapy, and
a wrong mapping can be seen and fixed in the vocabulary (docs/vocabulary.md).

The steps, all deterministic:

1. vocabulary phrases, longest match first (search/vocabulary.py): each becomes a facet term;
2. the words after 'patients with' / 'people with' ... that the vocabulary does not know become a
   condition with source 'pattern'; ages ('72-year-old', 'aged 65 and over') become a population;
3. the words around each match may change its part (`search.word_context`): an intervention after
   'vs', 'versus', 'compared with/to', 'than', or between two interventions joined by 'or', moves
   to the comparison (so do placebo and usual care when another intervention is named); a
   treatment the people are on or have had describes them; a condition to prevent is the outcome;
   'oxidative stress' is no psychological stress; in a question, a treatment after 'without' or
   'non-' ('without surgery'), and 'without medication', 'non-drug' or 'naturally' (drug treatment),
   are what it rules out (`ruled_out`), not its intervention; and 'primary prevention' said alone,
   with no condition or outcome named, is of cardiovascular disease;
4. the question type comes from cue words (`search.question_type.classify`), helped by what the
   concepts are;
5. the remaining content words, without stopwords and generic words, are `other_terms`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bedside.models import Facets, FacetTerm
from bedside.search import word_context
from bedside.search.concepts import Concept
from bedside.search.question_type import classify
from bedside.search.vocabulary import Vocabulary
from bedside.search.words import (
    DRUG_TREATMENT,
    GENERIC_WORDS,
    RULES_OUT_DRUGS,
    STOPWORDS,
    Token,
    is_abbreviation_like,
    is_common,
    joinable,
    normalise_phrase,
    tokenize,
    word_set,
)

generic_words: frozenset[str] = GENERIC_WORDS
"""Words never worth ranking by ('patients', 'management', 'strategies' ...), for the ranker."""

FACET_WEIGHTS = {"condition": 3.0, "intervention": 3.0, "comparison": 2.0, "outcome": 2.0, "population": 1.0}
"""BM25 query weight of a facet concept's preferred name, by facet."""
SYNONYM_FACTOR = 0.7
"""Synonyms and related names weigh a little less than the preferred name."""
ABBREVIATION_FACTOR = 0.4
"""Abbreviations weigh less again: in a record 'MS' may be mass spectrometry, 'PT' prothrombin time."""
OTHER_TERM_WEIGHT = 1.0
"""Other content words count, but less than any condition or intervention."""

# --- patterns ----------------------------------------------------------------------------------

_PERSON_NOUNS = word_set(
    """
    patient patients people persons person individuals individual adults adult children child subjects those women
    woman men man survivors someone somebody kids infants adolescents teenagers participants cases
    """
)
_LINKS: tuple[tuple[str, ...], ...] = (
    ("who", "have", "had"),
    ("who", "have"),
    ("who", "has"),
    ("who", "had"),
    ("suffering", "from"),
    ("diagnosed", "with"),
    ("living", "with"),
    ("affected", "by"),
    ("with",),
    ("having",),
)
_LEADING_MODIFIERS = word_set(
    """
    newly diagnosed severe mild moderate established known suspected confirmed early advanced stable
    """
)
_HEAD_NOUNS = word_set("disease diseases syndrome syndromes disorder disorders illness")
"""Generic on their own, but the end of a condition's name after another word ('Behcet syndrome')."""
_PATTERN_LIMIT = 5

_AGE_PATTERNS = [
    (re.compile(r"\b(\d{1,3})[- ]?(?:years?|yrs?|months?)[- ]old\b", re.I), "age"),
    (re.compile(r"\b(?:aged|age)\s+(?:over|above|older than|>=?|≥)\s*(\d{1,3})\b(?:\s*(?:years|yrs))?", re.I), "min"),
    (
        re.compile(r"\b(?:aged|age)\s+(?:under|below|younger than|<=?|≤)\s*(\d{1,3})\b(?:\s*(?:years|yrs))?", re.I),
        "max",
    ),
    (re.compile(r"\b(?:over|above|older than)\s+(?:the age of\s+)?(\d{1,3})\s*(?:years|yrs)\b", re.I), "min"),
    (re.compile(r"\b(?:under|below|younger than)\s+(?:the age of\s+)?(\d{1,3})\s*(?:years|yrs)\b", re.I), "max"),
    (re.compile(r"\b(\d{2,3})\s*(?:years?\s+)?(?:and|or)\s+(?:over|older|above)\b|\b(\d{2,3})\s*\+", re.I), "min"),
    (re.compile(r"\baged\s+(\d{1,3})\b(?:\s*(?:-|–|to)\s*(\d{1,3}))?", re.I), "age"),
]


def _age_group(age: int, kind: str) -> str:
    """The vocabulary population an age, a lower bound or an upper bound points at."""
    if kind == "max":
        return "infants" if age <= 2 else "children" if age <= 18 else "adults"
    if kind == "min":
        return "older adults" if age >= 60 else "adults" if age >= 18 else "children"
    if age < 2:
        return "infants"
    if age < 13:
        return "children"
    if age < 18:
        return "adolescents"
    return "older adults" if age >= 65 else "adults"


@dataclass
class _Found:
    """A facet term with where it was found, for ordering and for marking words as used."""

    facet: str
    term: FacetTerm
    start: int
    end: int


def _term(concept: Concept, matched: str, source: str | None = None) -> FacetTerm:
    return FacetTerm(
        concept=concept.name,
        matched=matched,
        synonyms=concept.search_names(),
        source=source or concept.source,
        mesh=concept.mesh,
    )


def _pattern_conditions(question: str, tokens: list[Token], covered: set[int]) -> list[tuple[int, int]]:
    """Token ranges [first, last) of unknown words after 'patients with', 'people who have' ..."""
    found = []
    lowered = [t.text.casefold() for t in tokens]
    for i, word in enumerate(lowered):
        if word not in _PERSON_NOUNS:
            continue
        for link in _LINKS:
            end = i + 1 + len(link)
            if tuple(lowered[i + 1 : end]) == link and all(
                joinable(question, tokens[k - 1], tokens[k]) for k in range(i + 1, min(end + 1, len(tokens)))
            ):
                break
        else:
            continue
        k = end
        while k < len(tokens) and lowered[k] in _LEADING_MODIFIERS and k not in covered:
            k += 1
        first = k
        while (
            k < len(tokens)
            and k - first < _PATTERN_LIMIT
            and k not in covered
            and (not is_common(tokens[k]) or (k > first and lowered[k] in _HEAD_NOUNS))
            and not tokens[k].text.isdigit()
            and (k == first or joinable(question, tokens[k - 1], tokens[k]))
        ):
            k += 1
        # Words running straight into a known concept qualify it ('localized prostate cancer'): no new condition.
        qualifies = k < len(tokens) and k in covered and joinable(question, tokens[k - 1], tokens[k])
        if k > first and not qualifies:
            found.append((first, k))
    return found


_PRIMARY_PREVENTION = re.compile(r"\bprimary\s+prevention\b", re.IGNORECASE)
IMPLIED_BY_PRIMARY_PREVENTION = "cardiovascular disease"
# What primary prevention is of, when the question says: "primary prevention of falls".
_PREVENTION_OF = re.compile(r"\s+(?:of|for)\s+")


def analyse(question: str, vocabulary: Vocabulary | None = None) -> Facets:
    """Parse a clinical question into facets; see the module docstring for the steps."""
    vocab = Vocabulary.default() if vocabulary is None else vocabulary
    tokens = tokenize(question)
    # "... without medication?", "... without surgery?": what the question does not ask about.
    asking = is_question(question)
    drugs = [m.span() for m in RULES_OUT_DRUGS.finditer(question)] if asking else []
    ruled_out = [FacetTerm(concept=DRUG_TREATMENT, matched=question[a:b], source="pattern") for a, b in drugs]
    inside = {k for k, t in enumerate(tokens) if any(a <= t.start < b for a, b in drugs)}
    matches = [m for m in vocab.find(question, tokens) if not inside & set(range(m.first, m.last))]
    covered = {k for m in matches for k in range(m.first, m.last)} | inside
    found: list[_Found] = []
    other_from_design: list[tuple[int, str]] = []

    interventions = [m for m in matches if m.concept.facet == "intervention"]
    comparators = {id(interventions[n]) for n in word_context.comparisons(question, tokens, interventions)}
    outcomes = any(m.concept.facet == "outcome" for m in matches)
    context = word_context.context_interventions(question, interventions, comparators, outcomes, asking)
    prevented = word_context.prevented_conditions(question, matches, context)
    aims = word_context.aims(question, interventions, comparators | context)
    aims |= word_context.given_up(question, interventions)
    asked_outcomes = word_context.outcomes_asked_about(question, matches) if asking else set()
    absent: list[FacetTerm] = []
    other_things: set[int] = set()  # names that words around them make something else ('fruit flies')
    for m in matches:
        matched = question[m.start : m.end]
        if m.concept.facet == "population" and word_context.modifies_people(question, m.end) and " " not in matched:
            # 'adult stem cells', 'adult-onset asthma': a modifier, not the people asked about; the
            # word stays a search word.
            covered -= set(range(m.first, m.last))
            continue
        if m.concept.facet == "design":
            other_from_design.append((m.start, m.concept.name))
            continue
        lead = word_context.absence_start(question, m.start) if asking and m.concept.facet == "intervention" else None
        if lead is not None:
            ruled_out.append(_term(m.concept, question[lead : m.end], "pattern"))
            continue
        if word_context.another_thing(question, m.concept, m.start, m.end):
            covered -= set(range(m.first, m.last))
            other_things.add(id(m))
            continue
        if m.concept.facet == "condition" and word_context.absent(question, m.start, m.end):
            absent.append(_term(m.concept, matched))
            covered -= set(range(m.first, m.last))
            continue
        facet = (
            "comparison"
            if id(m) in comparators
            else "condition"
            if id(m) in context
            else "outcome"
            if id(m) in prevented or id(m) in aims
            else "intervention"
            if id(m) in asked_outcomes
            else m.concept.facet
        )
        found.append(_Found(facet, _term(m.concept, matched), m.start, m.end))

    for first, last in _pattern_conditions(question, tokens, covered):
        start, end = tokens[first].start, tokens[last - 1].end
        words = " ".join(t.text.casefold() for t in tokens[first:last])
        term = FacetTerm(concept=words, matched=question[start:end], source="pattern")
        found.append(_Found("condition", term, start, end))
        covered |= set(range(first, last))

    for pattern, kind in _AGE_PATTERNS:
        for hit in pattern.finditer(question):
            numbers = [int(g) for g in hit.groups() if g]
            if not numbers:
                continue
            group = _age_group(min(numbers), kind)
            concept = vocab.get(group)
            if concept is None or concept.facet != "population":
                continue
            found.append(_Found("population", _term(concept, hit.group(), "pattern"), hit.start(), hit.end()))
            covered |= {k for k, t in enumerate(tokens) if hit.start() <= t.start < hit.end()}

    facets: dict[str, list[FacetTerm]] = {f: [] for f in FACET_WEIGHTS}
    seen: set[tuple[str, str]] = set()
    for item in sorted(found, key=lambda f: (f.start, f.end)):
        key = (item.facet, item.term.concept.casefold())
        if key not in seen:
            seen.add(key)
            facets[item.facet].append(item.term)

    # "Are statins effective for primary prevention in older adults?" names no condition: primary
    # prevention, said alone, is of cardiovascular disease. A question on preventing falls names
    # them ("primary prevention of falls"); an outcome named elsewhere is a harm weighed against it
    # ("Do statins for primary prevention cause muscle pain?" had no condition).
    implied = vocab.get(IMPLIED_BY_PRIMARY_PREVENTION)
    primary = _PRIMARY_PREVENTION.search(question) if asking else None
    if primary and implied is not None and not facets["condition"] and not _prevents_outcome(primary, found):
        facets["condition"].append(_term(implied, primary.group(), "pattern"))

    # A concept named as the comparison is not also the intervention ('paracetamol or NSAIDs (NSAIDs)').
    compared = {t.concept for t in facets["comparison"]}
    kept = [t for t in facets["intervention"] if t.concept not in compared]
    if kept:
        facets["intervention"] = kept

    # In a question, a name made something else ('fruit flies', 'cell death') gives no type either; a
    # claim's type is only a default, and its appraisal was measured with every name counted.
    counted = [m for m in matches if m.concept.facet != "design" and not (asking and id(m) in other_things)]
    qtype, cues = classify(question, counted)
    # Cue words ('accurate', 'ruling out', 'prognosis') told us the question type; they are not topics.
    cue_spans = [(c.start, c.end) for c in cues]
    covered |= {k for k, t in enumerate(tokens) if any(s <= t.start and t.end <= e for s, e in cue_spans)}

    others: dict[str, None] = {}
    content = [(t.start, t.text.casefold()) for k, t in enumerate(tokens) if k not in covered and _content(t)]
    for _, word in sorted([*content, *other_from_design]):
        others.setdefault(word, None)

    return Facets(
        question=question,
        condition=facets["condition"],
        population=facets["population"],
        intervention=facets["intervention"],
        comparison=facets["comparison"],
        outcome=facets["outcome"],
        question_type=qtype,
        other_terms=list(others),
        ruled_out=sorted(ruled_out, key=lambda t: question.find(t.matched)),
        absent=absent,
    )


_INTERROGATIVES = frozenset(
    {"what", "which", "how", "does", "do", "did", "is", "are", "can", "could", "should", "when", "why"}
    | {"who", "whom", "whose", "will", "would", "was", "were", "has", "have"}
)


# A request is a question too: "Describe SBGNview", "List the side effects of ...", "Summarize ...".
_REQUESTS = frozenset(
    {"describe", "summarize", "summarise", "list", "explain", "define", "name", "outline", "compare", "discuss"}
)


def is_question(text: str) -> bool:
    """A question (ends with '?', opens with an interrogative or a request) rather than a statement or claim."""
    stripped = text.strip()
    first = stripped.split(maxsplit=1)[0].lower().strip(",:") if stripped else ""
    return stripped.endswith("?") or first in _INTERROGATIVES or first in _REQUESTS


@lru_cache(maxsize=4096)
def analyse_text(text: str) -> Facets:
    """`analyse` of a record's title or sentence, cached: appraisal and themes both read the same
    titles, and titles recur across questions. The result is shared: read it, never change it."""
    return analyse(text)


def _content(token: Token) -> bool:
    """A word worth searching for: not a function word, not generic, not a bare number or letter."""
    return not is_common(token) and len(token.text) > 1 and not token.text.isdigit()


def weighted_terms(facets: Facets) -> list[tuple[str, float]]:
    """Phrases to search with and their BM25 query weights, heaviest first, then in question order.

    Facet concepts weigh by facet (condition and intervention 3, comparison and outcome 2,
    population 1), their synonyms 0.7 of that, abbreviations 0.4; other terms 1. Generic words and
    function words never appear, alone or as a whole phrase.
    """
    weights: dict[str, tuple[float, int, str]] = {}

    def put(phrase: str, weight: float) -> None:
        phrase = phrase.strip()
        tokens = tokenize(phrase)
        if not tokens or all(is_common(t) for t in tokens):
            return
        key = phrase if is_abbreviation_like(phrase) else normalise_phrase(phrase)
        old = weights.get(key)
        if old is None:
            weights[key] = (weight, len(weights), phrase)
        elif weight > old[0]:
            weights[key] = (weight, old[1], old[2])

    for facet, base in FACET_WEIGHTS.items():
        terms: list[FacetTerm] = getattr(facets, facet)
        for term in terms:
            put(term.concept, base)
            for name in term.synonyms:
                put(name, base * (ABBREVIATION_FACTOR if is_abbreviation_like(name) else SYNONYM_FACTOR))
    for word in facets.other_terms:
        if word.casefold() not in GENERIC_WORDS and word.casefold() not in STOPWORDS:
            put(word, OTHER_TERM_WEIGHT)
    ordered = sorted(weights.values(), key=lambda v: (-v[0], v[1]))
    return [(phrase, round(weight, 3)) for weight, _, phrase in ordered]


def _prevents_outcome(primary: re.Match[str], found: list[_Found]) -> bool:
    """Whether an outcome the question names is what its primary prevention is of: 'of falls', or
    a word or two later ('of recurrent falls')."""
    after = _PREVENTION_OF.match(primary.string, primary.end())
    return after is not None and any(f.facet == "outcome" and 0 <= f.start - after.end() <= 25 for f in found)
