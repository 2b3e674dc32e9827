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
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from bedside.search.concepts import Concept, Match
from bedside.search.mesh_concepts import mesh_concept
from bedside.search.words import Token, in_compound, joinable, tokenize
from bedside.sources import mesh as mesh_files

FACETS = ("condition", "intervention", "outcome", "population", "design")
"""Facets a concept may have. 'design' (study designs such as RCT) is matched but never a PICO facet."""

QUESTION_TYPE_HINTS = ("therapy", "diagnosis", "prognosis", "harm", "etiology")
# The vocabulary group of drugs, drug classes and supplements (`Vocabulary.is_single_drug`).
DRUGS = "drugs and drug classes"


@dataclass
class _Node:
    children: dict[str, _Node] = field(default_factory=dict)
    concept: Concept | None = None


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
