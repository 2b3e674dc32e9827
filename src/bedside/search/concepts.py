"""A concept of the vocabulary and a match of one in text: the search stage's own domain types.

Kept apart from `vocabulary` (which loads and indexes concepts) so that the MeSH conversion
(`mesh_concepts`) can make concepts without importing the vocabulary that uses it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bedside.search.words import normalise_phrase


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
                    # From a word's start: 'ER stress' is not 'caregiver stress'.
                    before.append(r"(?<!\b" + r"[\s-]".join(re.escape(w) for w in head.split(" ")) + ")")
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
class Match:
    """A run of question tokens [first, last) that names `concept`, found at characters [start, end)."""

    concept: Concept
    first: int
    last: int
    start: int
    end: int
