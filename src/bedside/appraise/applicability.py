"""Does a record speak to the question asked? Direct, indirect (with a reason) or off-topic.

A record found by search can be about the right thing, about something next to it, or about
something else. Readers need to know which before they weigh a quoted sentence, so every record
gets a verdict, and every verdict short of *direct* says why in words a clinician can check.

Matching. Each facet term is searched for under all its names (concept, synonyms, MeSH name) in
the record's title, abstract, MeSH descriptors and author keywords: whole words only,
case-insensitive, the last word with simple plural folding (``trial``/``trials``,
``therapy``/``therapies``; a digit may follow, as glued footnotes do: "multiple sclerosis3").
Names of 2-4 capitals (``MS``, ``RCT``) are matched case-sensitively and never before a digit,
because ``MS``, ``Ms`` and ``ms`` are different words, and so are HER and HER2. Regexes are
compiled once per `Facets` (cached on their content), so scoring ~100 records for one question
costs only the searches; cheap substring cues gate the costlier family and age-group regexes.

Rules, in order:

1. No facet terms at all (only free words): *direct* when the words the record mentions carry
   more than half of the question's weight, else *off-topic*. A free word is matched by its
   Porter stem at the start of a word ('neurones' finds 'neurons', 'migrate' finds
   'migration'); its weight is its rarity in the library (inverse document frequency, from the
   caller) or 1 when none is given, so "cells" counts for less than "ubiquitin", and a word no
   record holds (a misspelling) counts for nothing. No words, or no weight, at all: *direct*,
   as nothing can be judged.
2. The *topic* is the condition terms plus the intervention, comparison and outcome terms
   (population terms when the question has nothing else). None of them mentioned ->
   *off-topic*: "does not mention multiple sclerosis or physical therapy".
3. The question names a condition, the record does not mention it but does mention an
   intervention or outcome -> *indirect*, naming what the record is about instead, read from
   the title ("children with cancer", "stroke patients") or else the main MeSH descriptor (major,
   with disease qualifiers such as therapy or rehabilitation; none is guessed from bare
   descriptor lists): "population: children with cancer, not multiple sclerosis", or
   "population: not multiple sclerosis" when nothing names it.
4. Population: the question states an age group and the record's age groups (MeSH check tags
   such as Child, Infant, Adolescent, Adult, Aged; else words such as children, paediatric,
   neonates, older adults, elderly in the title, or at least twice in the abstract) are all on
   the other side of the child/adult divide -> *indirect* "population: children, not older
   adults". A question about pregnancy and a record that never mentions it, or a record about
   pregnancy (title or major MeSH) for a question that is not -> *indirect*. With no age group in
   the question, age is not judged: most questions do not say, and guessing would hide evidence.
   A study of animals (MeSH 'Animals' without 'Humans'; unindexed: animals named in the title
   but no people, or twice in the abstract and no people at all) for a question that names no
   animal -> *indirect* "population: animal study (mice), not people". Questions without facets
   (rule 1, mostly laboratory claims) are not judged on species.
5. Intervention drift: the record matches the condition, the question names an intervention
   or outcome, and the record is about another intervention family (spasticity drugs,
   disease-modifying drugs, corticosteroids, ...; title, MeSH, keywords, or twice in the
   abstract) while not mentioning the question's intervention -> *indirect*
   "intervention: spasticity drugs, not coordination management". A family the question's own
   terms belong to is never drift, and a record of that family (exercise, for a physiotherapy
   question) counts as being on the question's intervention. A record on the condition that
   mentions none of the question's interventions or outcomes and no other family is
   *indirect* too ("intervention: not about coordination"): right patients, other subject.
6. Otherwise *direct*. Several reasons are joined with "; ".

`matched` and `missing` list the question's concepts (all facets, condition first) the record
does or does not mention; an age-group population term also counts as matched when the
record's detected age groups include it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from bedside.appraise.wordlists import (
    ABBREVIATION,
    ADULT_SIDE,
    AFTER,
    AFTER_WORD,
    ANIMAL_WORDS,
    BEFORE,
    CHECK_TAGS,
    CHILD_SIDE,
    DISEASE_QUALIFIERS,
    FAMILY_LIST,
    GROUP_ORDER,
    GROUP_RES,
    HUMAN_WORDS,
    INTERVENTION_QUALIFIERS,
    MESH_GROUPS,
    NOT_EPONYMS,
    PREGNANCY,
    TITLE_PATIENTS,
    TITLE_WITH,
    Family,
)
from bedside.library import lexical
from bedside.models import Applicability, Facets, FacetTerm, MeshHeading, Record, Verdict

# ----------------------------------------------------------------------------------------------
# Compiled question.
# ----------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Term:
    """One facet concept with the regexes that find any of its names."""

    concept: str
    folded: re.Pattern[str] | None  # ordinary names, searched in lower-cased text
    exact: re.Pattern[str] | None  # abbreviations (2-4 capitals), searched in the original text
    group: str  # age group or pregnancy this term denotes, '' when none

    def found(self, text: str, low: str) -> bool:
        """Whether any name of the concept occurs in `text` (`low` is its lower-cased copy)."""
        return bool(
            (self.folded is not None and self.folded.search(low))
            or (self.exact is not None and self.exact.search(text))
        )


@dataclass(frozen=True, slots=True)
class CompiledFacets:
    """A question's facets turned into regexes once, so each record costs only searches."""

    condition: tuple[_Term, ...]
    population: tuple[_Term, ...]
    action: tuple[_Term, ...]  # intervention + comparison + outcome
    intervention: tuple[_Term, ...]  # intervention + comparison
    outcome: tuple[_Term, ...]
    free: tuple[_Term, ...]
    free_weights: tuple[float, ...]  # rarity of each free word (1.0 when the caller gave none)
    order: tuple[str, ...]  # every concept, condition first, deduplicated
    groups: frozenset[str]  # age groups / pregnancy the question's population names
    about_animals: bool  # the question names an animal, so animal studies may be direct
    own_families: frozenset[str]  # intervention families the question itself names

    def assess(self, record: Record) -> Applicability:
        """Verdict for one record; see the module docstring for the rules."""
        return _assess(record, self)


def compile_facets(facets: Facets, rarity: Mapping[str, float] | None = None) -> CompiledFacets:
    """Compile (or fetch from the cache) the regexes for a question's facets.

    `rarity` weighs the free words (see rule 1); `lexical.rarity` gives it from the library.
    """
    weights = tuple(sorted((rarity or {}).items()))
    return _compile(_fingerprint(facets), weights)


def assess(record: Record, facets: Facets, rarity: Mapping[str, float] | None = None) -> Applicability:
    """Whether `record` speaks to the question behind `facets`: direct, indirect or off-topic."""
    return compile_facets(facets, rarity).assess(record)


_TermKey = tuple[str, str, tuple[str, ...], str]
_Key = tuple[
    tuple[_TermKey, ...], tuple[_TermKey, ...], tuple[_TermKey, ...], tuple[_TermKey, ...], tuple[str, ...], str
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
    )


@lru_cache(maxsize=64)
def _compile(key: _Key, rarity: tuple[tuple[str, float], ...]) -> CompiledFacets:
    condition_keys, population_keys, intervention_keys, outcome_keys, free_words, question = key
    about_animals = ANIMAL_WORDS.search(question.lower()) is not None
    weight = dict(rarity)
    free_list = [w for w in dict.fromkeys(w.strip() for w in free_words) if w]
    condition = tuple(_term(k) for k in condition_keys)
    population = tuple(_term(k, with_group=True) for k in population_keys)
    intervention = tuple(_term(k) for k in intervention_keys)
    outcome = tuple(_term(k) for k in outcome_keys)
    free = tuple(_stem_matcher(w) for w in free_list)
    order: list[str] = []
    for term in (*condition, *population, *intervention, *outcome):
        if term.concept not in order:
            order.append(term.concept)
    words = "\n".join(name for k in (*condition_keys, *intervention_keys, *outcome_keys) for name in _names(k))
    own = frozenset(f.name for f in FAMILY_LIST if f.count(words, words.lower(), enough=1))
    return CompiledFacets(
        condition=condition,
        population=population,
        action=(*intervention, *outcome),
        intervention=intervention,
        outcome=outcome,
        free=free,
        free_weights=tuple(max(weight.get(w, 1.0), 0.0) for w in free_list),
        order=tuple(order),
        groups=frozenset(t.group for t in population if t.group),
        about_animals=about_animals,
        own_families=own,
    )


def _names(key: _TermKey) -> list[str]:
    concept, _matched, synonyms, mesh = key
    return [n for n in (concept, *synonyms, mesh) if n.strip()]


def _term(key: _TermKey, *, with_group: bool = False) -> _Term:
    group = ""
    if with_group:
        concept, matched, synonyms, mesh = key
        group = MESH_GROUPS.get(mesh.strip().lower(), "")
        if not group:
            found = _groups_in(" ; ".join((concept, matched, *synonyms)).lower())
            group = next((g for g in (PREGNANCY, *reversed(GROUP_ORDER)) if g in found), "")
    return _matcher(key[0], _names(key), group)


def _matcher(concept: str, names: Sequence[str], group: str = "") -> _Term:
    """Regexes for all names of a concept: word-bounded, plural-folded, abbreviations exact."""
    exact: list[str] = []
    folded: list[str] = []
    for name in dict.fromkeys(n.strip() for n in names if n.strip()):
        if ABBREVIATION.match(name):
            exact.append(name)
        else:
            folded.append(name.lower())
    return _Term(
        concept, _bounded(folded, _fold, AFTER_WORD), _bounded(exact, lambda n: re.escape(n) + "s?", AFTER), group
    )


def _stem_matcher(word: str) -> _Term:
    """A free word found by its Porter stem at the start of a word, in any inflection.

    Phrases ('vitamin D') and stems under three letters keep the whole-word match of facet
    names: a stem is only a safe prefix for a single word of some length.
    """
    root = lexical.stem(word)
    if len(root) < 3 or not root.isalnum():
        return _matcher(word, [word])
    # Porter turns a final y into i ('therapy' -> 'therapi'): accept either spelling.
    body = re.escape(root[:-1]) + "[iy]" if root.endswith("i") and len(root) > 1 else re.escape(root)
    return _Term(word, re.compile(BEFORE + body) if root else None, None, "")


def _bounded(names: list[str], to_regex: Callable[[str], str], after: str) -> re.Pattern[str] | None:
    """Word-bounded alternation; a lookahead on the first letters lets the scan skip most positions."""
    if not names:
        return None
    first = "".join(sorted({re.escape(n[0]) for n in names}))
    alternatives = "|".join(to_regex(n) for n in names)
    return re.compile(f"(?=[{first}])" + BEFORE + "(?:" + alternatives + ")" + after)


def _fold(name: str) -> str:
    """Regex for a lower-cased name: words apart by any space or hyphen, last word singular or plural."""
    *head, last = re.split(r"[\s\-]+", name.strip())
    if len(last) > 3 and last.endswith("ies"):
        tail = re.escape(last[:-3]) + "(?:y|ies)"
    elif len(last) > 2 and last.endswith("y") and last[-2] not in "aeiou":
        tail = re.escape(last[:-1]) + "(?:y|ies)"
    elif len(last) > 3 and last.endswith("s") and not last.endswith(("ss", "is", "us", "ics")):
        tail = re.escape(last[:-1]) + "(?:s|es)?"
    elif last.endswith(("s", "x", "z", "ch", "sh")):
        tail = re.escape(last) + "(?:es)?"
    else:
        tail = re.escape(last) + "s?"
    return r"[\s\-]+".join([*(re.escape(w) for w in head), tail])


# ----------------------------------------------------------------------------------------------
# Assessment.
# ----------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _View:
    """The parts of a record that matching reads, each with a lower-cased copy, built once per record."""

    title: str
    abstract: str
    strong: str  # title, MeSH and keywords: where a mention says what the record is *about*
    everything: str
    title_low: str
    abstract_low: str
    strong_low: str
    everything_low: str

    @classmethod
    def of(cls, record: Record) -> _View:
        title, abstract = record.title, record.abstract
        strong = "\n".join((title, *(m.descriptor for m in record.mesh), *record.keywords))
        everything = f"{strong}\n{abstract}"
        low = everything.lower()
        if len(low) == len(everything):  # slice the one lower-cased copy when lengths allow
            title_low, strong_low, abstract_low = low[: len(title)], low[: len(strong)], low[len(strong) + 1 :]
        else:
            title_low, strong_low, abstract_low = title.lower(), strong.lower(), abstract.lower()
        return cls(title, abstract, strong, everything, title_low, abstract_low, strong_low, low)


def _assess(record: Record, q: CompiledFacets) -> Applicability:
    view = _View.of(record)

    if not q.order:
        return _free_words(view, q)

    hit: dict[str, bool] = {}
    for term in (*q.condition, *q.population, *q.action):
        if not hit.get(term.concept):
            hit[term.concept] = term.found(view.everything, view.everything_low)

    groups = _record_groups(record, view)
    for term in q.population:
        if term.group and term.group in groups:
            hit[term.concept] = True

    matched = [c for c in q.order if hit.get(c)]
    missing = [c for c in q.order if not hit.get(c)]

    condition_hit = any(hit[t.concept] for t in q.condition)
    action_hit = any(hit[t.concept] for t in q.action)
    topic = [*q.condition, *q.action] or list(q.population)
    if not any(hit[t.concept] for t in topic):
        reason = "does not mention " + _or([t.concept for t in topic])
        return Applicability(verdict=Verdict.OFF_TOPIC, reason=reason, matched=matched, missing=missing)

    reasons: list[str] = []
    if q.condition and not condition_hit:
        subject = _subject(record, view, groups, q)
        condition = _or([t.concept for t in q.condition])
        reasons.append(f"population: {subject}, not {condition}" if subject else f"population: not {condition}")
    else:
        population = _population_reason(record, view, groups, q)
        if population:
            reasons.append(population)
    if not q.about_animals:
        animal = _animal_study(record, view)
        if animal:
            reasons.append(f"population: animal study ({animal}), not people")
    if q.condition and condition_hit and q.action:
        drift = _drift_reason(view, q, hit, action_hit)
        if drift:
            reasons.append(drift)

    verdict = Verdict.INDIRECT if reasons else Verdict.DIRECT
    return Applicability(verdict=verdict, reason="; ".join(reasons), matched=matched, missing=missing)


def _free_words(view: _View, q: CompiledFacets) -> Applicability:
    """Rule 1: a question without facets is judged on its remaining content words."""
    if not q.free:
        return Applicability(verdict=Verdict.DIRECT)
    found = [t.found(view.everything, view.everything_low) for t in q.free]
    matched = [t.concept for t, hit in zip(q.free, found, strict=True) if hit]
    missing = [t.concept for t, hit in zip(q.free, found, strict=True) if not hit]
    weight = sum(w for w, hit in zip(q.free_weights, found, strict=True) if hit)
    total = sum(q.free_weights)
    if total <= 0 or 2 * weight > total:  # words in every record, or in none, cannot tell records apart
        return Applicability(verdict=Verdict.DIRECT, matched=matched, missing=missing)
    reason = f"mentions {len(matched)} of {len(q.free)} question words; not " + _or(missing)
    return Applicability(verdict=Verdict.OFF_TOPIC, reason=reason, matched=matched, missing=missing)


def _drift_reason(view: _View, q: CompiledFacets, hit: dict[str, bool], action_hit: bool) -> str:
    """Rule 5: the record is on the condition but about another intervention."""
    if any(hit[t.concept] for t in q.intervention):
        return ""
    if q.intervention and any(_family_present(view, f) for f in FAMILY_LIST if f.name in q.own_families):
        return ""  # other words for the question's own intervention family (exercise for physiotherapy)
    families = _families(view, q)
    if families:
        if q.intervention or not action_hit:
            return f"intervention: {' and '.join(families)}, not {_wanted(q)}"
        return ""
    if not action_hit:
        return f"intervention: not about {_or([t.concept for t in q.action])}"
    return ""


def _wanted(q: CompiledFacets) -> str:
    """What the question asks for, e.g. 'physical therapy for coordination', 'coordination management'."""
    interventions = _or([t.concept for t in q.intervention])
    outcomes = _or([t.concept for t in q.outcome])
    if interventions and outcomes:
        return f"{interventions} for {outcomes}"
    return interventions or f"{outcomes} management"


def _family_present(view: _View, family: Family) -> bool:
    """Named in the title, MeSH or keywords, or at least twice in the abstract."""
    return bool(family.count(view.strong, view.strong_low, enough=1)) or (
        family.count(view.abstract, view.abstract_low, enough=2) >= 2
    )


def _families(view: _View, q: CompiledFacets) -> list[str]:
    """Intervention families, other than the question's own, that the record is about."""
    found: list[str] = []
    for family in FAMILY_LIST:
        if family.name in q.own_families:
            continue
        if _family_present(view, family):
            found.append(family.name)
            if len(found) == 2:
                break
    return found


def _groups_in(low: str) -> dict[str, int]:
    """How often each age group / pregnancy is named in lower-cased text."""
    counts: dict[str, int] = {}
    for name, cues, pattern in GROUP_RES:
        if any(cue in low for cue in cues):
            count = len(pattern.findall(low))
            if count:
                counts[name] = count
    return counts


def _record_groups(record: Record, view: _View) -> frozenset[str]:
    """Age groups (and pregnancy) of the record: MeSH check tags when indexed, else its words."""
    tagged = {MESH_GROUPS[m.descriptor.lower()] for m in record.mesh if m.descriptor.lower() in MESH_GROUPS}
    words = _groups_in(view.title_low)
    if not tagged - {PREGNANCY}:
        for name, count in _groups_in(view.abstract_low).items():
            if count >= 2:
                words[name] = words.get(name, 0) + count
    return frozenset(tagged | set(words))


def _animal_study(record: Record, view: _View) -> str:
    """The animal a record studies ('mice'), or '' when it studies people or cannot be told.

    MeSH says it best (the 'Animals' check tag without 'Humans'); an unindexed record counts as
    an animal study when its title names animals and no people, or its abstract names animals
    twice and people never.
    """
    tags = {m.descriptor.lower() for m in record.mesh}
    if "animals" in tags or "humans" in tags:
        if "humans" in tags:
            return ""
        return _species(ANIMAL_WORDS.findall(view.everything_low)) or "animals"
    title = ANIMAL_WORDS.findall(view.title_low)
    if title and not HUMAN_WORDS.search(view.title_low):
        return _species(title)
    mentions = ANIMAL_WORDS.findall(view.abstract_low)
    if len(mentions) >= 2 and not HUMAN_WORDS.search(view.everything_low):
        return _species(mentions)
    return ""


def _species(mentions: Sequence[str]) -> str:
    """The first named species ('mice') rather than the generic 'animals', when there is one."""
    named = [m for m in mentions if not m.startswith("animal")]
    return str((named or list(mentions) or [""])[0])


def _pregnancy_focused(record: Record, view: _View) -> bool:
    """Pregnancy in the title or as a major MeSH topic: a tag alone is routine indexing."""
    if PREGNANCY in _groups_in(view.title_low):
        return True
    return any(m.major and MESH_GROUPS.get(m.descriptor.lower()) == PREGNANCY for m in record.mesh)


def _population_reason(record: Record, view: _View, groups: frozenset[str], q: CompiledFacets) -> str:
    """Rule 4: age group on the other side of the child/adult divide, or pregnancy one way only."""
    pop = [t for t in q.population if t.group]
    if PREGNANCY in q.groups and PREGNANCY not in groups:
        who = _describe(groups - {PREGNANCY}) or "people who are not pregnant"
        return f"population: {who}, not {_or([t.concept for t in pop if t.group == PREGNANCY])}"
    if PREGNANCY not in q.groups and _pregnancy_focused(record, view):
        asked = _or([t.concept for t in pop]) or "the question's population"
        return f"population: pregnant women, not {asked}"
    ages = q.groups - {PREGNANCY}
    present = groups - {PREGNANCY}
    if not ages or not present or ages & present:
        return ""
    asked_child = bool(ages & CHILD_SIDE)
    asked_adult = bool(ages & ADULT_SIDE)
    if asked_child and asked_adult:
        return ""
    other = CHILD_SIDE if asked_adult else ADULT_SIDE
    if present <= other:
        return f"population: {_describe(present)}, not {_or([t.concept for t in pop if t.group in ages])}"
    return ""


def _describe(groups: Iterable[str]) -> str:
    """Age groups in a fixed order, joined for a reason."""
    wanted = set(groups)
    return " and ".join(g for g in GROUP_ORDER if g in wanted)


def _subject(record: Record, view: _View, groups: frozenset[str], q: CompiledFacets) -> str:
    """What the record is about: 'children with cancer' from the title, else its main MeSH condition; '' if unsure."""
    found = TITLE_WITH.search(view.title)
    if found:
        return f"{found.group('who').lower()} with {_words(found.group('what'))}"
    found = TITLE_PATIENTS.search(view.title)
    if found and not _is_question_word(found.group("what"), q):
        return f"{_words(found.group('what'))} {found.group('who').lower()}"
    heading = _main_heading(record.mesh, q)
    only_children = bool(groups & CHILD_SIDE) and not groups & ADULT_SIDE
    if heading:
        name = _descriptor_words(heading.descriptor)
        return f"children with {name}" if only_children else name
    if only_children:
        return _describe(groups & CHILD_SIDE)
    return ""


def _is_question_word(text: str, q: CompiledFacets) -> bool:
    low = text.lower()
    return any(t.found(text, low) for t in (*q.condition, *q.action, *q.population))


def _main_heading(mesh: Sequence[MeshHeading], q: CompiledFacets) -> MeshHeading | None:
    """The descriptor most likely to be the record's condition: major, with disease-like qualifiers.

    Without major flags or qualifiers (some exports give bare descriptor names) no descriptor
    stands out, and naming an arbitrary one would mislead, so none is chosen.
    """
    best: tuple[int, int] | None = None
    chosen: MeshHeading | None = None
    for index, heading in enumerate(mesh):
        name = heading.descriptor.strip()
        low = name.lower()
        if not name or low in CHECK_TAGS or low.endswith("as topic") or _is_question_word(name, q):
            continue
        if any(f.count(name, low, enough=1) for f in FAMILY_LIST):
            continue
        qualifiers = {x.lower() for x in heading.qualifiers}
        score = (
            2 * heading.major
            + 3 * bool(qualifiers & DISEASE_QUALIFIERS)
            - 3 * bool(qualifiers & INTERVENTION_QUALIFIERS)
        )
        rank = (score, -index)
        if score > 0 and (best is None or rank > best):
            best, chosen = rank, heading
    return chosen


def _descriptor_words(descriptor: str) -> str:
    """'Diabetes Mellitus, Type 2' -> 'type 2 diabetes mellitus'; eponyms keep their capital."""
    head, sep, tail = descriptor.partition(", ")
    text = f"{tail} {head}" if sep and "," not in tail else descriptor
    return _words(text)


def _words(text: str) -> str:
    """Lower-case a phrase for a reason, keeping abbreviations and eponyms ('Parkinson disease')."""
    words = text.split()
    out: list[str] = []
    for i, word in enumerate(words):
        following = words[i + 1].lower() if i + 1 < len(words) else ""
        keep = (
            any(c.isdigit() for c in word)
            or (len(word) > 1 and word.isupper())
            or (following in ("disease", "syndrome") and word[:1].isupper() and word.lower() not in NOT_EPONYMS)
        )
        out.append(word if keep else word.lower())
    return " ".join(out).strip()


def _or(items: Sequence[str]) -> str:
    """'a', 'a or b', 'a, b or c'."""
    items = list(dict.fromkeys(i for i in items if i))
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]
