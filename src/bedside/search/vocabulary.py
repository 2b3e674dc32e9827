"""The vocabulary that turns question words into concepts: bedside's own list, optionally widened by MeSH.

Why a vocabulary of our own: clinicians ask in abbreviations and house words ("PT for MS"), and a
search on those words alone misses records that say "physiotherapy" and "multiple sclerosis". The
packaged list (`bedside/data/vocabulary.json`, described in docs/vocabulary.md) names each concept,
its facet and the other ways it is written. MeSH, when the user supplies its files, adds thousands
of descriptors; the packaged entries win wherever the two name the same thing, because they were
chosen for questions and MeSH was not.

Matching is a longest-match walk over tokens through two tries:

- names and synonyms match in any case, after normalising each token (lower case, accents
  removed, possessive "'s" dropped, American spelling: "paediatric" -> "pediatric", a simple
  plural folded: "strategies" -> "strategy");
- abbreviations match only in the case written in the vocabulary (plus a plural "s"), because
  many are ordinary words in lower case: "MS" is multiple sclerosis, "ms" is milliseconds.

A phrase never runs across sentence punctuation (",", ".", "?" ...), so "MS, PT" is two matches.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from bedside.library.lexical import STOPWORDS as _LEXICAL_STOPWORDS
from bedside.sources import mesh as mesh_files
from bedside.text import spelling

FACETS = ("condition", "intervention", "outcome", "population", "design")
"""Facets a concept may have. 'design' (study designs such as RCT) is matched but never a PICO facet."""

QUESTION_TYPE_HINTS = ("therapy", "diagnosis", "prognosis", "harm", "etiology")
# The vocabulary group of drugs, drug classes and supplements (`Vocabulary.is_single_drug`).
DRUGS = "drugs and drug classes"


def word_set(text: str) -> frozenset[str]:
    """A word list written as text, one or more per line, so long lists stay readable."""
    return frozenset(text.split())


STOPWORDS: frozenset[str] = _LEXICAL_STOPWORDS | word_set(
    """
    a an the of in on at to for from by with without within into onto about among amongst between
    and or nor but if then than so as per via vs versus v
    is are was were be been being am do does did doing done have has had having can could may might
    must shall should will would ought
    i me my we our us you your he him his she her it its they them their this that these those there
    here what which who whom whose when where why how whether
    any all some each every either neither both few many much more most less least other others another
    such same own very too also just only even still yet again ever never not no
    up down out off over under above below after before during while until since because
    e g eg i e ie etc
    cannot can't won't don't doesn't didn't isn't aren't wasn't weren't shouldn't couldn't wouldn't
    """
)
"""Function words: never a facet, never an other term."""

GENERIC_WORDS: frozenset[str] = word_set(
    """
    patient patients people person persons individual individuals subject subjects participant participants
    population populations case cases someone somebody anyone those
    management manage managing managed strategy strategies specific address addressing addressed
    issue issues problem problems concern concerns difficulty difficulties
    what are is
    treat treats treated treating treatment treatments therapy therapies therapeutic therapeutics
    intervention interventions option options approach approaches method methods technique techniques
    modality modalities program programme programs programmes measure measures
    best better good effective effectiveness efficacy efficacious effect effects affect affects
    evidence role use uses using used useful benefit benefits beneficial help helps helpful
    improve improves improved improving improvement outcome outcomes result results
    recommended recommend recommendation current currently new newer latest common commonly different
    type types kind kinds way ways clinical practice work works working available possible potential
    condition conditions disease diseases disorder disorders syndrome illness illnesses symptom symptoms
    factor factors risk risks cause causes caused causing associated association associations link linked
    increase increases increased increasing reduce reduces reduced reducing decrease decreases decreased
    lower lowers lowering prevent prevents prevented preventing prevention
    diagnose diagnosed diagnosing diagnosis diagnostic test tests testing tested
    prognosis prognostic predict predicts predicted predicting prediction predictor predictors course
    compare compared comparing comparison safe safety
    adult-onset know known tell explain describe mean means people's
    year years old aged age month months week weeks day days
    get gets give given giving take takes taking make makes need needs needed
    first second line first-line
    long term short higher greater likely chance chances score scores level levels
    """
)
"""Words too common in clinical questions to rank by: 'patients', 'management', 'strategies' ...

A record that matches only these must never beat one that matches the condition and the
intervention, so they are not facets, not other terms and not search terms.
"""

# Single-word MeSH names that are ordinary English in a question ("does X lead to Y") or name a
# measure rather than a topic ("prevalence"); found by running the shared BioASQ and PubMedQA
# questions through the MeSH-widened vocabulary.
_MESH_BLOCKED = word_set(
    """
    lead magic gold tin ice steam pulse proxy water time control role work light dust soil salt oil fat
    acid gas ion coal coke silk amber tea soot smoke cold heat prevalence incidence morbidity emergency
    element solution
    """
)
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_SENTENCE_PUNCT = frozenset(',.;:?!()[]{}"“”')


@dataclass(frozen=True)
class Concept:
    """One concept: its preferred name, its facet and every other way it is written."""

    name: str
    facet: str
    synonyms: tuple[str, ...] = ()
    abbreviations: tuple[str, ...] = ()
    related: tuple[str, ...] = ()
    narrower: tuple[str, ...] = ()
    mesh: str = ""
    source: str = "vocabulary"
    hint: str = ""
    comparator: bool = False
    group: str = ""
    # Longer names in which one of this concept's names names something else: 'whooping cough' is
    # pertussis, not a cough; 'oxidative stress' is no psychological stress (see `guards`).
    not_within: tuple[str, ...] = ()

    def guards(self) -> tuple[str, str]:
        """(lookbehinds, lookaheads) that keep the concept's names from matching inside `not_within`.

        Each longer name is cut around the concept's name it holds: the words before become a
        fixed-width lookbehind ('whooping ' before 'cough'), the words after a lookahead ('capacity'
        after 'exercise'). Lower-case, for lower-cased text; separators match a space or a hyphen.
        """
        own = sorted({n.lower() for n in (self.name, *self.synonyms)}, key=len, reverse=True)
        before: list[str] = []
        after: list[str] = []
        for phrase in self.not_within:
            low = " ".join(re.split(r"[\s-]+", phrase.lower().strip()))
            for name in own:
                key = " ".join(re.split(r"[\s-]+", name))
                found = re.search(rf"(?<![\w]){re.escape(key)}(?![\w])", low)
                if found is None:
                    continue
                head, tail = low[: found.start()], low[found.end() :].strip()
                if head:
                    before.append("(?<!" + r"[\s-]".join(re.escape(w) for w in head.split(" ")) + ")")
                if tail:
                    after.append(r"(?![\s-]+" + r"[\s-]+".join(re.escape(w) for w in tail.split(" ")) + r"\b)")
                break
        return "".join(dict.fromkeys(before)), "".join(dict.fromkeys(after))

    def search_names(self) -> list[str]:
        """Other names to search for: synonyms, abbreviations, related concepts, the MeSH name; no repeats."""
        seen: dict[str, str] = {normalise_phrase(self.name): self.name}
        for name in (*self.synonyms, *self.abbreviations, *self.related, self.mesh):
            key = name if name in self.abbreviations else normalise_phrase(name)
            if name and key not in seen:
                seen[key] = name
        return list(seen.values())[1:]


@dataclass(frozen=True)
class Token:
    """A word of the question with its character span; `text` has any possessive "'s" removed."""

    text: str
    norm: str
    start: int
    end: int


@dataclass(frozen=True)
class Match:
    """A run of question tokens [first, last) that names `concept`, found at characters [start, end)."""

    concept: Concept
    first: int
    last: int
    start: int
    end: int


@dataclass
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    concept: Concept | None = None


def fold(word: str) -> str:
    """Lower case without accents or apostrophes, in American spelling, with a simple plural folded.

    ('therapies' -> 'therapy', 'haemorrhages' -> 'hemorrhage'.) The spelling is folded here, not
    only in the index, so that a question in British spelling finds the vocabulary's concept when
    the vocabulary lists only the American name, and the other way round. A word the spelling
    rules would split (a glued Greek letter: 'nfkappab') is left whole: a token stays one word.
    """
    word = unicodedata.normalize("NFKD", word.casefold())
    word = "".join(c for c in word if not unicodedata.combining(c))
    word = word.replace("’", "'")
    word = word.removesuffix("'s").replace("'", "")
    spelled = spelling.fold(word)
    if spelled != word and spelled.isalnum():
        word = spelled
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ss", "us", "is", "as", "ys")):
        return word
    if word.endswith("s"):
        return word[:-1]
    return word


def tokenize(text: str) -> list[Token]:
    """The words of a text with their spans; the same rules apply to vocabulary phrases and questions."""
    tokens = []
    for m in _TOKEN.finditer(text):
        raw = m.group().replace("’", "'")
        surface = raw[:-2] if raw.lower().endswith("'s") else raw
        tokens.append(Token(text=surface, norm=fold(raw), start=m.start(), end=m.end()))
    return tokens


# The same rule inside a regex, before an abbreviation (records are searched with regexes).
NOT_COMPOUND_TAIL = r"(?<![A-Z0-9]-)"


def in_compound(text: str, start: int) -> bool:
    """Whether the word at `start` ends a hyphenated name led by a capital or digit ('G-CSF', 'GM-CSF', '5-HT').

    Such a name is one word: its tail is not the abbreviation it spells alone (CSF, cerebrospinal
    fluid, in granulocyte colony-stimulating factor). A lower-case prefix stays a prefix: the TNF
    of 'anti-TNF' is still TNF.
    """
    return start >= 2 and text[start - 1] == "-" and (text[start - 2].isupper() or text[start - 2].isdigit())


def normalise_phrase(phrase: str) -> str:
    """The any-case key of a phrase: its folded tokens joined by spaces."""
    return " ".join(t.norm for t in tokenize(phrase))


def joinable(text: str, left: Token, right: Token) -> bool:
    """Whether two neighbouring tokens may belong to one phrase: nothing but spaces, hyphens, slashes or '&'
    between them, or the full stop of an initial ('H. pylori')."""
    gap = text[left.end : right.start]
    if len(gap) > 3:
        return False
    if "." in gap and len(left.text) == 1 and not any(c in _SENTENCE_PUNCT for c in gap.replace(".", "", 1)):
        return True
    return not any(c in _SENTENCE_PUNCT for c in gap)


def is_abbreviation_like(name: str) -> bool:
    """True for names written like abbreviations (two or more capitals, e.g. 'MS', 'SSRIs', 'HbA1c')."""
    return sum(c.isupper() for c in name) >= 2 or (name.isupper() and len(name) <= 5)


class VocabularyError(ValueError):
    """A vocabulary file that cannot be used; the message names the file and the concept."""


class Vocabulary:
    """Concepts and the tries that find them in text; immutable once built."""

    def __init__(self, concepts: Iterable[Concept], *, strict: bool = True) -> None:
        """Index `concepts` in order. A phrase already taken by an earlier concept is an error when both
        come from the vocabulary file (`strict`), and is otherwise left with the earlier concept, which is
        how packaged entries take precedence over MeSH ones."""
        self._any = _Node()
        self._exact = _Node()
        self._owners: dict[tuple[bool, str], Concept] = {}
        kept: list[Concept] = []
        for concept in concepts:
            added = False
            # A MeSH concept's name may be one of its unusable forms ('Aged, 80 and over'); its usable
            # forms are all in its synonyms and abbreviations.
            names = (concept.name, *concept.synonyms) if concept.source == "vocabulary" else concept.synonyms
            for phrase in names:
                added |= self._add(concept, phrase, exact=False, strict=strict)
            for phrase in concept.abbreviations:
                added |= self._add(concept, phrase, exact=True, strict=strict)
            if added:
                kept.append(concept)
        self._concepts = tuple(kept)
        self._by_name = {c.name.casefold(): c for c in reversed(kept)}
        self._kinds: dict[str, tuple[Concept, ...]] = {}  # kinds_of, per name: the appraisal asks per record
        self._broader: dict[str, tuple[Concept, ...]] | None = None  # broader_of, built on first use

    def _add(self, concept: Concept, phrase: str, *, exact: bool, strict: bool) -> bool:
        tokens = tokenize(phrase)
        if not tokens:
            return False
        keys = [t.text for t in tokens] if exact else [t.norm for t in tokens]
        owner = self._owners.get((exact, " ".join(keys)))
        if owner is not None:
            if owner is not concept and strict and owner.source == concept.source == "vocabulary":
                raise VocabularyError(
                    f"{'abbreviation' if exact else 'phrase'} {phrase!r} of {concept.name!r} is already "
                    f"used by {owner.name!r}"
                )
            return False
        node = self._exact if exact else self._any
        for key in keys:
            node = node.children.setdefault(key, _Node())
        node.concept = concept
        self._owners[(exact, " ".join(keys))] = concept
        return True

    # --- construction -------------------------------------------------------------------------

    @classmethod
    def load(cls, path: Path | None = None) -> Vocabulary:
        """The vocabulary in a JSON file (docs/vocabulary.md), or the packaged one when `path` is None."""
        if path is None:
            source = resources.files("bedside").joinpath("data/vocabulary.json")
            where = "bedside/data/vocabulary.json"
            text = source.read_text(encoding="utf-8")
        else:
            where = str(path)
            text = path.read_text(encoding="utf-8")
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise VocabularyError(f"{where}: line {exc.lineno}: not JSON: {exc.msg}") from exc
        return cls(_parse(data, where))

    @staticmethod
    def default() -> Vocabulary:
        """The packaged vocabulary, read once per process."""
        return _default()

    def with_mesh(self, paths: Iterable[Path]) -> Vocabulary:
        """This vocabulary plus the MeSH descriptors in the given tree/descriptor files (or folders).

        Each descriptor's facet comes from its tree branch: C (diseases) and F03 (mental disorders)
        give a condition, E (techniques) and D (chemicals and drugs) an intervention, M01 (persons) a
        population; other branches are left out. A descriptor is also left out when one of this
        vocabulary's concepts names it as its MeSH descriptor, and any MeSH name this vocabulary
        already uses stays with the vocabulary concept.
        """
        descriptors = mesh_files.load(paths)
        claimed = {c.mesh.casefold() for c in self._concepts if c.mesh}
        added = [
            concept
            for ui in sorted(descriptors)
            if not any(name.casefold() in claimed for name in descriptors[ui].names)
            and (concept := mesh_concept(descriptors[ui])) is not None
        ]
        return Vocabulary([*self._concepts, *added], strict=False)

    # --- lookup ----------------------------------------------------------------------------------

    @property
    def concepts(self) -> tuple[Concept, ...]:
        """Every concept that can be matched, vocabulary entries first."""
        return self._concepts

    def __len__(self) -> int:
        return len(self._concepts)

    def get(self, name: str) -> Concept | None:
        """The concept with this preferred name (any case), if any."""
        return self._by_name.get(name.casefold())

    def guards(self, name: str) -> tuple[str, str]:
        """`Concept.guards` of the concept called `name`; none for a name the vocabulary does not know."""
        concept = self.get(name)
        return concept.guards() if concept is not None else ("", "")

    def kinds_of(self, name: str) -> tuple[Concept, ...]:
        """The concepts that are kinds of this one, at any depth ('cardiovascular disease': stroke,
        ischaemic stroke, myocardial infarction ...), in vocabulary order; none for an unknown name.

        Why: a record on ischaemic stroke is evidence on cardiovascular disease, and the appraisal
        would otherwise call it "population: not cardiovascular disease" because it never uses the
        broader name. Only the vocabulary's own `narrower` lists are followed, never MeSH trees,
        whose branches mix kinds with parts and causes.
        """
        if name not in self._kinds:
            self._kinds[name] = self._find_kinds(name)
        return self._kinds[name]

    def is_single_drug(self, name: str) -> bool:
        """Whether the concept is one drug (aspirin, oxytocin, selenium), not a class or a kind of therapy.

        Why: a sentence naming only another single drug is about that drug, while a class name
        ("antiviral therapy", "chemotherapy") may well stand for the very drug a question asks
        about, which the vocabulary does not list among its kinds. A concept of the drugs group
        is a class when it lists kinds, is named in the plural ('statins'), or names a therapy.
        """
        concept = self.get(name)
        if concept is None or concept.group != DRUGS or concept.narrower:
            return False
        last = concept.name.split()[-1].lower()
        return not last.endswith(("s", "therapy", "medication", "care"))

    def broader_of(self, name: str) -> tuple[Concept, ...]:
        """The concepts that list this one among their own kinds, in vocabulary order ('community-acquired
        pneumonia': pneumonia); one step up only, as 'infection' would take in every infection.

        Why: a review of pneumonia in general is indirect evidence on community-acquired pneumonia,
        not off-topic, and the appraisal says so instead of dropping it.
        """
        if self._broader is None:
            found: dict[str, dict[str, Concept]] = {}
            for concept in self._concepts:
                for kind in concept.narrower:
                    found.setdefault(kind.casefold(), {})[concept.name] = concept
            self._broader = {kind: tuple(classes.values()) for kind, classes in found.items()}
        return self._broader.get(name.casefold(), ())

    def is_class_of(self, name: str, kinds: Iterable[str]) -> bool:
        """Whether the concept lists any of `kinds` among its kinds, at any depth ('antiplatelet drugs'
        of aspirin): a class the asked treatment or condition belongs to, not another thing."""
        wanted = set(kinds)
        return any(kind.name in wanted for kind in self.kinds_of(name))

    def _find_kinds(self, name: str) -> tuple[Concept, ...]:
        found: dict[str, Concept] = {}
        todo = [name]
        while todo:
            concept = self.get(todo.pop())
            if concept is None:
                continue
            for narrower in concept.narrower:
                kind = self.get(narrower)
                if kind is not None and kind.name not in found and kind.name != name:
                    found[kind.name] = kind
                    todo.append(kind.name)
        return tuple(c for c in self._concepts if found.get(c.name) is c)  # in vocabulary order

    def lookup(self, phrase: str) -> Concept | None:
        """The concept a whole phrase names, by its any-case name or synonym or its exact abbreviation."""
        tokens = tokenize(phrase)
        for m in self.find(phrase, tokens):
            if m.first == 0 and m.last == len(tokens):
                return m.concept
        return None

    def find(self, text: str, tokens: list[Token] | None = None) -> list[Match]:
        """Longest matches, left to right, that do not overlap."""
        tokens = tokenize(text) if tokens is None else tokens
        found: list[Match] = []
        i = 0
        while i < len(tokens):
            best = self._longest(text, tokens, i)
            if best is None:
                i += 1
                continue
            end, concept = best
            found.append(Match(concept, i, end, tokens[i].start, tokens[end - 1].end))
            i = end
        return found

    def _longest(self, text: str, tokens: list[Token], i: int) -> tuple[int, Concept] | None:
        best: tuple[int, Concept] | None = None
        for exact in (False, True):
            if exact and in_compound(text, tokens[i].start):
                continue  # the CSF of "G-CSF" is no abbreviation of its own
            node: _Node | None = self._exact if exact else self._any
            j = i
            while node is not None and j < len(tokens):
                if j > i and not joinable(text, tokens[j - 1], tokens[j]):
                    break
                token = tokens[j]
                if exact:
                    child = node.children.get(token.text)
                    if child is None and token.text.endswith("s") and len(token.text) > 2:
                        child = node.children.get(token.text[:-1])
                else:
                    child = node.children.get(token.norm)
                node = child
                j += 1
                if node is not None and node.concept is not None and (best is None or j >= best[0]):
                    best = (j, node.concept)
        return best


_FIELDS = frozenset(
    {"name", "facet", "synonyms", "abbreviations", "related", "narrower", "mesh", "hint", "comparator", "not_within"}
)


def _parse(data: Any, where: str) -> Iterator[Concept]:
    """Concepts from the vocabulary JSON, checked field by field."""
    if not isinstance(data, dict) or not isinstance(data.get("groups"), list):
        raise VocabularyError(f"{where}: expected an object with a 'groups' list")
    for g, group in enumerate(data["groups"]):
        if not isinstance(group, dict) or not isinstance(group.get("concepts"), list):
            raise VocabularyError(f"{where}: group {g + 1}: expected an object with a 'concepts' list")
        label = str(group.get("group", f"group {g + 1}"))
        for c, item in enumerate(group["concepts"]):
            at = f"{where}: group {label!r}, concept {c + 1}"
            if not isinstance(item, dict):
                raise VocabularyError(f"{at}: expected an object")
            unknown = set(item) - _FIELDS
            if unknown:
                raise VocabularyError(f"{at}: unknown field(s) {sorted(unknown)}")
            name = item.get("name")
            if not isinstance(name, str) or not name.strip():
                raise VocabularyError(f"{at}: 'name' must be a non-empty string")
            at = f"{at} ({name!r})"
            facet = item.get("facet")
            if facet not in FACETS:
                raise VocabularyError(f"{at}: 'facet' must be one of {', '.join(FACETS)}, not {facet!r}")
            lists = {}
            for key in ("synonyms", "abbreviations", "related", "narrower", "not_within"):
                value = item.get(key, [])
                if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                    raise VocabularyError(f"{at}: {key!r} must be a list of non-empty strings")
                lists[key] = tuple(value)
            hint = item.get("hint", "")
            if hint and hint not in QUESTION_TYPE_HINTS:
                raise VocabularyError(f"{at}: 'hint' must be one of {', '.join(QUESTION_TYPE_HINTS)}")
            yield Concept(
                name=name,
                facet=facet,
                synonyms=_with_lost_letters(lists["synonyms"], name),
                abbreviations=lists["abbreviations"],
                related=lists["related"],
                narrower=lists["narrower"],
                mesh=str(item.get("mesh", "")),
                hint=hint,
                comparator=bool(item.get("comparator", False)),
                group=label,
                not_within=lists["not_within"],
            )


def _lost_letters(name: str) -> str:
    """The name with its accented Latin letters dropped, as a lossy conversion writes it.

    Some sources lose every non-ASCII letter: MedQuAD's NINDS and GARD pages say 'Guillain-Barr
    syndrome', 'Mnire's disease', 'Sjgren'. Greek letters are not dropped ('IFN-α' stays).
    """
    return "".join(ch for ch in name if ch.isascii() or not unicodedata.normalize("NFKD", ch)[0].isascii())


def _with_lost_letters(synonyms: tuple[str, ...], name: str) -> tuple[str, ...]:
    """The synonyms plus, for each name with accented letters, its form with them dropped."""
    lost = [v for n in (name, *synonyms) if (v := _lost_letters(n)) != n]
    return tuple(dict.fromkeys((*synonyms, *lost)))


@cache
def _default() -> Vocabulary:
    return Vocabulary.load()


def mesh_facet(tree_numbers: Iterable[str]) -> str | None:
    """The facet a descriptor's tree positions give: condition before intervention before population."""
    facets = set()
    for number in tree_numbers:
        if number.startswith("C") or number.startswith("F03"):
            facets.add("condition")
        elif number.startswith(("D", "E")):
            facets.add("intervention")
        elif number.startswith("M01"):
            facets.add("population")
    for facet in ("condition", "intervention", "population"):
        if facet in facets:
            return facet
    return None


def _mesh_variants(name: str) -> list[str]:
    """A MeSH name and its natural-order form: 'Arthritis, Juvenile' -> 'Juvenile Arthritis'."""
    base = re.sub(r"\s*\([^)]*\)", "", name).strip()
    variants = [base] if base else []
    parts = [p.strip() for p in base.split(",")]
    if len(parts) > 1 and all(parts):
        variants.append(" ".join(reversed(parts)))
    return variants


def _mesh_name_usable(name: str) -> bool:
    """False for names that would turn ordinary question words into facets ('Patients', 'Risk', 'Lead')."""
    tokens = tokenize(name)
    if not tokens:
        return False
    if all(is_common(t) for t in tokens):
        return False
    return not (len(tokens) == 1 and (len(tokens[0].text) <= 2 or tokens[0].norm in _FOLDED_BLOCKED))


def mesh_concept(descriptor: mesh_files.MeshDescriptor) -> Concept | None:
    """A concept for a MeSH descriptor, or None when its branch or its names do not suit questions."""
    facet = mesh_facet(descriptor.tree_numbers)
    if facet is None or not descriptor.names:
        return None
    synonyms: list[str] = []
    abbreviations: list[str] = []
    for name in descriptor.names:
        for variant in _mesh_variants(name):
            if not _mesh_name_usable(variant):
                continue
            target = abbreviations if not any(c.islower() for c in variant) else synonyms
            if variant not in target:
                target.append(variant)
    if not synonyms and not abbreviations:
        return None
    return Concept(
        name=descriptor.name,
        facet=facet,
        synonyms=tuple(synonyms),
        abbreviations=tuple(abbreviations),
        mesh=descriptor.name,
        source="mesh",
        group=f"MeSH {descriptor.ui}",
    )


_FOLDED_COMMON = frozenset(fold(w) for w in STOPWORDS | GENERIC_WORDS)
_FOLDED_BLOCKED = frozenset(fold(w) for w in _MESH_BLOCKED)


def is_common(token: Token) -> bool:
    """True for a function word or a generic word, in any case or number ('Patients', 'does')."""
    lower = token.text.casefold()
    return lower in STOPWORDS or lower in GENERIC_WORDS or token.norm in _FOLDED_COMMON
