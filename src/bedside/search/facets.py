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
3. an intervention after 'vs', 'versus', 'compared with/to', 'than', or between two interventions
   joined by 'or', moves to the comparison (so do placebo and usual care when another
   intervention is named);
4. the question type comes from cue words (`classify`), helped by what the concepts are;
5. the remaining content words, without stopwords and generic words, are `other_terms`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from bedside.models import Facets, FacetTerm, QuestionType
from bedside.search.vocabulary import (
    GENERIC_WORDS,
    STOPWORDS,
    Concept,
    Match,
    Token,
    Vocabulary,
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

# --- question type -------------------------------------------------------------------------------

_TIE_ORDER = (
    QuestionType.HARM,
    QuestionType.DIAGNOSIS,
    QuestionType.PROGNOSIS,
    QuestionType.ETIOLOGY,
    QuestionType.THERAPY,
)

_CUES: list[tuple[QuestionType, float, re.Pattern[str]]] = [
    (qt, weight, re.compile(pattern))
    for qt, weight, pattern in [
        (QuestionType.THERAPY, 1.0, r"\btreat\w*"),
        (QuestionType.THERAPY, 1.0, r"\bmanag\w*"),
        (QuestionType.THERAPY, 1.0, r"\bstrateg\w*"),
        (QuestionType.THERAPY, 1.0, r"\btherap\w*"),
        (QuestionType.THERAPY, 1.0, r"\binterventions?\b"),
        (QuestionType.THERAPY, 1.0, r"\bimprov\w*"),
        (QuestionType.THERAPY, 1.0, r"\breduc\w*"),
        (QuestionType.THERAPY, 1.0, r"\brehabilitat\w*"),
        (QuestionType.THERAPY, 1.0, r"\bbenefi\w*"),
        (QuestionType.THERAPY, 1.0, r"\bhelps?\b"),
        (QuestionType.THERAPY, 1.0, r"\b(?:relie\w*|alleviat\w*)"),
        (QuestionType.THERAPY, 1.0, r"\boptions?\b"),
        (QuestionType.THERAPY, 1.0, r"\bprescrib\w*"),
        (QuestionType.THERAPY, 2.0, r"\beffective\w*|\befficac\w*"),
        (
            QuestionType.THERAPY,
            3.0,
            r"\b(?:reduc\w*|lower\w*|prevent\w*|decreas\w*|cut\w*) (?:the )?(?:risk|rate|incidence|chance)",
        ),
        (QuestionType.THERAPY, 3.0, r"\b(?:improv\w*|prolong\w*|increas\w*|extend\w*) (?:\w+ ){0,2}surviv\w*"),
        # Slowing a disease's course is treatment, not prognosis ("does X slow tumour progression?").
        (
            QuestionType.THERAPY,
            3.0,
            r"\b(?:slow\w*|delay\w*|halt\w*|arrest\w*|accelerat\w*|prevent\w*) (?:\w+ ){0,3}"
            r"(?:progress\w*|decline|deteriorat\w*|onset)",
        ),
        (QuestionType.THERAPY, 2.0, r"\bprotect\w* against\b"),
        # An ultrasound-guided block is a procedure, not a diagnostic test.
        (QuestionType.THERAPY, 2.0, r"\bguid(?:ed|ance)\b"),
        (QuestionType.DIAGNOSIS, 2.0, r"\bdiagnos\w*"),
        (QuestionType.DIAGNOSIS, 2.0, r"\btests?\b|\btesting\b"),
        (QuestionType.DIAGNOSIS, 2.0, r"\baccura\w*"),
        (QuestionType.DIAGNOSIS, 2.0, r"\bsensitiv\w*|\bspecificity\b"),
        (QuestionType.DIAGNOSIS, 2.0, r"\bscreen\w*"),
        (QuestionType.DIAGNOSIS, 2.0, r"\bdetect\w*"),
        (QuestionType.DIAGNOSIS, 2.0, r"\brule (?:in|out)\b|\bruling out\b"),
        (QuestionType.DIAGNOSIS, 3.0, r"\bpredictive value|\blikelihood ratio"),
        (QuestionType.PROGNOSIS, 2.0, r"\bprognos\w*"),
        (QuestionType.PROGNOSIS, 2.0, r"\bsurviv\w*"),
        (QuestionType.PROGNOSIS, 2.0, r"\bcourse\b"),
        (QuestionType.PROGNOSIS, 2.0, r"\bpredict\w*"),
        (QuestionType.PROGNOSIS, 2.0, r"\blife expectancy\b|\boutlook\b|\bhow long\b|\bwhat happens\b"),
        (QuestionType.PROGNOSIS, 2.0, r"\blong[- ]term outcomes?\b"),
        (QuestionType.PROGNOSIS, 2.0, r"\bchances? of\b|\blikely to\b"),
        (QuestionType.PROGNOSIS, 2.0, r"\bprogress\w*"),
        (QuestionType.HARM, 2.0, r"\bside[- ]effects?\b"),
        (QuestionType.HARM, 2.0, r"\badverse\b"),
        (QuestionType.HARM, 2.0, r"\bharm\w*"),
        (QuestionType.HARM, 2.0, r"\bsafe\w*"),
        (QuestionType.HARM, 2.0, r"\brisks? of\b"),
        (QuestionType.HARM, 2.0, r"\btoxic\w*"),
        (QuestionType.HARM, 2.0, r"\bcomplications?\b"),
        (QuestionType.HARM, 2.0, r"\bcontraindicat\w*"),
        (QuestionType.HARM, 2.0, r"\bdanger\w*"),
        (QuestionType.HARM, 3.0, r"\bcaus\w* (?:\w+ ){0,2}(?:side[- ]effects?|adverse|harm|complications?)"),
        (QuestionType.ETIOLOGY, 2.0, r"\bcaus\w*"),
        (QuestionType.ETIOLOGY, 2.0, r"\bassociat\w* with\b|\bassociation (?:between|of|with)\b"),
        (QuestionType.ETIOLOGY, 2.0, r"\blink(?:ed)? (?:to|with|between)\b"),
        (QuestionType.ETIOLOGY, 2.0, r"\bleads? to\b|\bcontribut\w* to\b|\bpredispos\w*|\btrigger\w*"),
        (QuestionType.ETIOLOGY, 2.0, r"\ba?etiolog\w*|\bwhy do\b|\bexposure to\b"),
        (QuestionType.ETIOLOGY, 3.0, r"\brisk factors?\b"),
        (QuestionType.ETIOLOGY, 2.0, r"\bsusceptib\w*"),
    ]
]


@dataclass(frozen=True)
class Cue:
    """A word or phrase of the question that pointed at a question type."""

    question_type: QuestionType
    text: str
    weight: float
    start: int
    end: int


def classify(question: str, matches: list[Match] | None = None) -> tuple[QuestionType, list[Cue]]:
    """The question type and the cues that decided it.

    Cue words score their type; a cue inside a vocabulary phrase only counts when that concept
    carries a type hint (so 'test' in 'Timed Up and Go test' is no diagnosis cue, but 'side
    effects' is a harm cue). Each concept with a hint adds 1 to its type (MRI -> diagnosis, smoking
    -> etiology) and each other intervention adds 1 to therapy, which decides questions without
    cue words ('exercise for fatigue in MS'). Ties go to the more specific type. A harm question
    with no treatment in it (only exposures or conditions) is an etiology question, and an etiology
    question about a treatment ('do GLP-1 agonists cause pancreatitis?') is a harm question.
    """
    matches = matches or []
    lower = question.lower()
    cues: list[Cue] = []
    for qt, weight, pattern in _CUES:
        for m in pattern.finditer(lower):
            inside = next((x for x in matches if x.start <= m.start() and m.end() <= x.end), None)
            if inside is not None and not inside.concept.hint:
                continue
            if qt is QuestionType.DIAGNOSIS and _names_a_measure(question, m.start(), matches):
                continue
            cues.append(Cue(qt, question[m.start() : m.end()], weight, m.start(), m.end()))
    scores = dict.fromkeys(QuestionType, 0.0)
    for cue in cues:
        scores[cue.question_type] += cue.weight
    treatments = 0
    for x in matches:
        if x.concept.hint:
            scores[QuestionType(x.concept.hint)] += 1.0
        elif x.concept.facet == "intervention" and not x.concept.comparator:
            scores[QuestionType.THERAPY] += 1.0
            treatments += 1
    best = max(_TIE_ORDER, key=lambda qt: (scores[qt], -_TIE_ORDER.index(qt)))
    if scores[best] == 0:
        return QuestionType.OTHER, cues
    if best is QuestionType.HARM and treatments == 0:
        best = QuestionType.ETIOLOGY
    elif best is QuestionType.ETIOLOGY and treatments > 0:
        best = QuestionType.HARM
    return best, cues


def _names_a_measure(question: str, start: int, matches: list[Match]) -> bool:
    """True when a cue such as 'test' follows an outcome measure ('TUG test'), so it names the measure."""
    return any(x.concept.facet == "outcome" and not question[x.end : start].strip() for x in matches if x.end <= start)


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


def _comparisons(question: str, tokens: list[Token], interventions: list[Match]) -> set[int]:
    """Indexes (into `interventions`) of the interventions that are comparators."""
    lowered = [t.text.casefold() for t in tokens]
    chosen: set[int] = set()
    cues: list[tuple[int, int, str]] = []
    for i, word in enumerate(lowered):
        nxt = lowered[i + 1] if i + 1 < len(lowered) else ""
        if word in {"vs", "versus", "v", "than"}:
            cues.append((i, i + 1, "vs"))
        elif word in {"compared", "comparison", "comparing"} and nxt in {"with", "to", "against"}:
            cues.append((i, i + 2, "compared"))
        elif word == "instead" and nxt == "of":
            cues.append((i, i + 2, "vs"))
        elif word == "or":
            cues.append((i, i + 1, "or"))
    for start, end, kind in cues:
        before = [n for n, m in enumerate(interventions) if m.last <= start]
        after = [n for n, m in enumerate(interventions) if m.first >= end]
        if not after:
            continue
        first_after = after[0]
        if kind == "or":
            if not before:
                continue
            gap_ok = interventions[before[-1]].last == start and all(
                w in {"a", "an", "the", "with"} for w in lowered[end : interventions[first_after].first]
            )
            if gap_ok:
                chosen.add(first_after)
        elif kind == "compared" and not before:
            if len(after) > 1:
                chosen.add(first_after)
        elif before:
            chosen.add(first_after)
    # Placebo and usual care compare, whenever the question names something else to test.
    others = [n for n, m in enumerate(interventions) if not m.concept.comparator]
    if others:
        chosen |= {n for n, m in enumerate(interventions) if m.concept.comparator}
    # Never leave the question without an intervention.
    if chosen and len(chosen) == len(interventions):
        chosen.discard(min(chosen))
    return chosen


# After a one-word population name ('adult', 'child'), words that make it describe something other
# than people: tissues, cells, animals, an age of onset.
_NOT_PEOPLE_AFTER = re.compile(
    r"[\s-]+(?:tissues?|stem|cells?|mice|mouse|rats?|animals?|neurogenesis|brains?|onset|hearts?|"
    r"hippocamp\w*|zebrafish|drosophila|organs?|ha?ematopoie\w*|neurons?|progenitors?|macrophages?|"
    r"flies|fly|worms?|fish|liver|muscles?|mammals?|rodents?|primates?)\b",
    re.IGNORECASE,
)


# Words around a concept's name that make it another thing: 'oxidative stress' and 'ER stress' are
# cell biology, 'stress fractures' and 'stress testing' are no psychological stress; 'cell death' and
# 'neuronal death' are no mortality. The name then stays a search word, as a modifier above does.
_NOT_THIS_CONCEPT: dict[str, tuple[re.Pattern[str], re.Pattern[str]]] = {
    "stress": (
        re.compile(
            r"\b(?:oxidative|nitrosative|er|endoplasmic\s+reticulum|reticulum|heat|shear|mechanical|cellular|"
            r"replication|replicative|genotoxic|metabolic|osmotic|haemodynamic|hemodynamic|wall|proteotoxic|"
            r"thermal|cold|hypoxic|ribotoxic|mitochondrial)[\s-]+$",
            re.IGNORECASE,
        ),
        re.compile(
            r"[\s-]+(?:fractures?|test(?:s|ing)?|echocardiograph\w*|ulcers?|(?:urinary\s+)?incontinence|"
            r"granules?|fibers?|fibres?|hyperglyc\w*|perfusion)\b",
            re.IGNORECASE,
        ),
    ),
    "mortality": (
        re.compile(
            r"\b(?:cell|cells|cellular|neuronal|neuron|programmed|apoptotic|necrotic|beta[\s-]cell|β[\s-]cell|"
            r"hair[\s-]cell|photoreceptor|myocyte|cardiomyocyte|tumou?r[\s-]cell)[\s-]+$",
            re.IGNORECASE,
        ),
        re.compile(r"[\s-]+(?:receptors?|domains?|ligands?|signal\w*|pathways?)\b", re.IGNORECASE),
    ),
}


def _another_thing(question: str, concept: str, start: int, end: int) -> bool:
    """Whether the words around a concept's name make it something else ('oxidative stress')."""
    around = _NOT_THIS_CONCEPT.get(concept)
    return around is not None and bool(around[0].search(question[:start]) or around[1].match(question, end))


# 'patients on dialysis', 'women receiving chemotherapy', 'children undergoing surgery': a treatment
# the people already have is who they are, not what the question asks about.
_ALREADY_ON = re.compile(
    r"\b(?:patients?|people|persons?|individuals?|adults?|children|child|women|woman|men|man|those|anyone|"
    r"someone|survivors?|participants?)\s+(?:who\s+are\s+|who\s+were\s+)?(?:on|receiving|undergoing|"
    r"treated\s+with|taking)\s+(?:long[\s-]term\s+|regular\s+|maintenance\s+)?$",
    re.IGNORECASE,
)


# 'after hip fracture surgery', 'following knee replacement', 'post-tonsillectomy': a treatment
# the people have had is when the question is set, not what it asks about.
_AFTER = re.compile(
    r"\b(?:after|following|post)[\s-]+(?:(?:a|an|the|their|his|her|recent|elective|major)\s+){0,2}"
    r"(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)


def _context_interventions(
    question: str, interventions: list[Match], comparators: set[int], outcomes: bool
) -> set[int]:
    """ids of the interventions that describe the people asked about ('patients on dialysis',
    'after knee replacement').

    Only when the question keeps another intervention, or an outcome, to ask about: "Is dialysis
    safe for patients on warfarin?" keeps dialysis; "What helps itching in people on dialysis?"
    asks about itching in dialysis patients, not about dialysis.
    """
    context = {
        id(m)
        for m in interventions
        if id(m) not in comparators and (_ALREADY_ON.search(question[: m.start]) or _AFTER.search(question[: m.start]))
    }
    return context if outcomes or len(context) < len(interventions) else set()


# 'to prevent stroke', 'reduce the risk of heart attack', 'protect against fractures': a condition
# the question wants to avoid is what it measures (an outcome), when another condition says who.
_PREVENTED = re.compile(
    r"\b(?:prevent\w*|prevention\s+of|(?:reduc\w*|lower\w*|decreas\w*|cut\w*)\s+(?:the\s+)?"
    r"(?:risk|rate|incidence|chance)s?\s+of|risk\s+of|protect\w*\s+(?:them\s+)?against|avoid\w*)"
    r"\s+(?:(?:a|an|the|further|recurrent|new|first|another|future|subsequent|later)\s+){0,2}$",
    re.IGNORECASE,
)


def _prevented_conditions(question: str, matches: list[Match], context: set[int]) -> set[int]:
    """ids of the conditions the question wants prevented, when another condition names the people.

    "Should adults with atrial fibrillation take aspirin to prevent stroke?" asks about people with
    atrial fibrillation, and stroke is what aspirin is judged on: a review of aspirin in atrial
    fibrillation that does not mention stroke is evidence on another outcome, not on other people.
    "Does aspirin prevent stroke?" has no other condition, so stroke stays its condition; nor does a
    question with no treatment to judge ("What is the risk of stroke in atrial fibrillation?"), which
    the appraisal can only hold to naming both conditions.
    """
    if not any(m.concept.facet == "intervention" and id(m) not in context for m in matches):
        return set()
    conditions = [m for m in matches if m.concept.facet == "condition" or id(m) in context]
    prevented = {id(m) for m in conditions if id(m) not in context and _PREVENTED.search(question[: m.start])}
    return prevented if len(prevented) < len(conditions) else set()


def analyse(question: str, vocabulary: Vocabulary | None = None) -> Facets:
    """Parse a clinical question into facets; see the module docstring for the steps."""
    vocab = Vocabulary.default() if vocabulary is None else vocabulary
    tokens = tokenize(question)
    matches = vocab.find(question, tokens)
    covered = {k for m in matches for k in range(m.first, m.last)}
    found: list[_Found] = []
    other_from_design: list[tuple[int, str]] = []

    interventions = [m for m in matches if m.concept.facet == "intervention"]
    comparators = {id(interventions[n]) for n in _comparisons(question, tokens, interventions)}
    outcomes = any(m.concept.facet == "outcome" for m in matches)
    context = _context_interventions(question, interventions, comparators, outcomes)
    prevented = _prevented_conditions(question, matches, context)
    for m in matches:
        matched = question[m.start : m.end]
        if m.concept.facet == "population" and _NOT_PEOPLE_AFTER.match(question, m.end) and " " not in matched:
            # 'adult stem cells', 'adult-onset asthma': a modifier, not the people asked about; the
            # word stays a search word.
            covered -= set(range(m.first, m.last))
            continue
        if m.concept.facet == "design":
            other_from_design.append((m.start, m.concept.name))
            continue
        if _another_thing(question, m.concept.name, m.start, m.end):
            covered -= set(range(m.first, m.last))
            continue
        facet = (
            "comparison"
            if id(m) in comparators
            else "condition"
            if id(m) in context
            else "outcome"
            if id(m) in prevented
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

    # A concept named as the comparison is not also the intervention ('paracetamol or NSAIDs (NSAIDs)').
    compared = {t.concept for t in facets["comparison"]}
    kept = [t for t in facets["intervention"] if t.concept not in compared]
    if kept:
        facets["intervention"] = kept

    qtype, cues = classify(question, [m for m in matches if m.concept.facet != "design"])
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
    )


_INTERROGATIVES = frozenset(
    {"what", "which", "how", "does", "do", "did", "is", "are", "can", "could", "should", "when", "why"}
    | {"who", "whom", "whose", "will", "would", "was", "were", "has", "have"}
)


def is_question(text: str) -> bool:
    """A question (ends with '?' or opens with an interrogative) rather than a statement or claim."""
    stripped = text.strip()
    first = stripped.split(maxsplit=1)[0].lower() if stripped else ""
    return stripped.endswith("?") or first in _INTERROGATIVES


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
