"""Does a record mention the question's concepts? Word-boundary matching of facet terms.

Used for facet-aware ranking (a record naming the condition *and* the intervention beats one
sharing only generic words) and for the query expansion sent to BM25.
"""

from __future__ import annotations

import re
from functools import cached_property

from bedside.library import lexical
from bedside.models import Facets, FacetTerm, Record
from bedside.search.vocabulary import Vocabulary
from bedside.search.words import NOT_COMPOUND_TAIL
from bedside.text.spelling import fold

_ABBREVIATION = re.compile(r"^[A-Z0-9]{2,5}s?$")


def _pattern(names: list[str], guards: tuple[str, str] = ("", "")) -> re.Pattern[str] | None:
    """One regex for a concept's names; abbreviations match case-sensitively, words with plurals.

    `guards` (`Concept.guards`) keep the words from matching inside longer names of other things.
    """
    exact: list[str] = []
    folded: list[str] = []
    # Each name also in its folded spelling ('brain tumour' and 'brain tumor'): the text searched
    # may be folded (the lexical index's copy) or as written, in either spelling.
    spelled = {s for n in names if n.strip() for s in (n.strip(), fold(n).strip())}
    for name in sorted(spelled, key=len, reverse=True):
        if _ABBREVIATION.match(name):
            exact.append(re.escape(name))
        else:
            folded.append(re.escape(name).replace(r"\ ", r"[\s-]+") + r"(?:s|es)?")
    parts = []
    if folded:
        parts.append(r"(?i:\b" + guards[0] + "(?:" + "|".join(folded) + r")\b" + guards[1] + ")")
    if exact:
        parts.append(NOT_COMPOUND_TAIL + r"\b(?:" + "|".join(exact) + r")\b")
    return re.compile("|".join(parts)) if parts else None


def names_of(term: FacetTerm) -> list[str]:
    """Every name a concept goes by: preferred name, synonyms, MeSH heading."""
    return [term.concept, *term.synonyms, *([term.mesh] if term.mesh else [])]


class FacetMatcher:
    """Matches the concepts of one question against records."""

    def __init__(self, facets: Facets) -> None:
        self.facets = facets

    @cached_property
    def _patterns(self) -> list[tuple[str, str, re.Pattern[str]]]:
        out = []
        for group in ("condition", "intervention", "outcome", "population", "comparison"):
            for term in getattr(self.facets, group):
                pattern = _pattern(names_of(term), Vocabulary.default().guards(term.concept))
                if pattern is not None:
                    out.append((group, term.concept, pattern))
        return out

    @property
    def patterns(self) -> list[tuple[str, str, re.Pattern[str]]]:
        """(facet group, concept, compiled pattern) for every concept of the question."""
        return self._patterns

    @property
    def groups(self) -> list[str]:
        """Facet groups the question has (condition, intervention, outcome); population is a detail."""
        return sorted({g for g, _, _ in self._patterns if g in ("condition", "intervention", "outcome")})

    def matched(self, record: Record) -> list[str]:
        """The question's concepts that the record's title, abstract or MeSH mention."""
        return self.matched_in(
            "\n".join([record.title, record.abstract, *(m.descriptor for m in record.mesh), *record.keywords])
        )

    def matched_in(self, text: str, *, folded: bool = False) -> list[str]:
        """The question's concepts that a text mentions, in either spelling.

        The text is folded first (`text.spelling`) unless it already is (`folded`: the lexical
        index's copy, which search reads for the head of its ranking).
        """
        text = text if folded else fold(text)
        return [concept for _, concept, pattern in self._patterns if pattern.search(text)]

    def coverage(self, matched: list[str]) -> float:
        """Share of the question's facet groups (condition, intervention, outcome) the record covers."""
        groups = self.groups
        if not groups:
            return 0.0
        hit = {g for g, concept, _ in self._patterns if concept in matched}
        return sum(1 for g in groups if g in hit) / len(groups)


def expansion_terms(facets: Facets) -> list[str]:
    """Words of the facets' synonyms that the question itself does not contain (for a second BM25 query)."""
    asked = set(lexical.terms(facets.question))
    words: dict[str, None] = {}
    for term in facets.all_terms():
        for name in names_of(term):
            for word in lexical.terms(name):
                if word not in asked:
                    words.setdefault(word, None)
    return list(words)
