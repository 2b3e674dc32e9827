"""Themed subsections of 'From the Research', found from the evidence itself.

A source's theme is the intervention (or exposure) its title names, read with the same
vocabulary that analyses questions; failing that, the one its quoted sentence names; failing
that, the question's outcome. Themes are ordered by the strongest evidence they hold, bullets
inside a theme by level of evidence then relevance. Small themes are folded into 'Other
findings' so a reader sees a few meaningful headings rather than a dozen single bullets.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence

from bedside.appraise.view import foreign_abbreviations
from bedside.compose.select import Candidate
from bedside.models import Facets
from bedside.search.vocabulary import Vocabulary
from bedside.text import abbreviations

OTHER = "Other findings"
MAX_THEMES = 5


def heading(name: str) -> str:
    """'physical therapy' -> 'Physical therapy' (keeps abbreviations' capitals)."""
    return name[:1].upper() + name[1:] if name else OTHER


def theme_of(candidate: Candidate, analyse: Callable[[str], Facets]) -> str:
    """The intervention family a bullet belongs to.

    Comparators (placebo, sham, usual care) name no family: a trial "compared with placebo" is
    about what was compared with it, so a theme is never headed "Placebo".
    """
    vocabulary = Vocabulary.default()
    record = candidate.source.record
    defined = foreign_abbreviations(record)  # 'dance movement therapy (DMT)': DMT is no drug class here
    for text in (record.title, candidate.text):
        text = abbreviations.spell_out(text, defined)
        if text:
            for term in analyse(text).intervention:
                concept = vocabulary.get(term.concept)
                if concept is None or not concept.comparator:
                    return heading(term.concept)
    return OTHER


def group(
    chosen: Sequence[Candidate], analyse: Callable[[str], Facets], max_themes: int = MAX_THEMES
) -> list[tuple[str, list[Candidate]]]:
    """Bullets grouped into at most `max_themes` themes (plus 'Other findings'), strongest first."""
    themes: dict[str, list[Candidate]] = defaultdict(list)
    for cand in chosen:
        themes[theme_of(cand, analyse)].append(cand)

    def strength(item: tuple[str, list[Candidate]]) -> tuple[int, int, float, str]:
        name, cands = item
        best = min((int(c.source.level) if c.source.level is not None else 9) for c in cands)
        return (best, -len(cands), -max(c.score for c in cands), name)

    ordered = sorted(((n, c) for n, c in themes.items() if n != OTHER), key=strength)
    kept = [(n, c) for n, c in ordered if len(c) > 1 or len(ordered) <= max_themes][:max_themes]
    kept_names = {n for n, _ in kept}
    other = [c for n, cs in themes.items() if n not in kept_names for c in cs]
    if other:
        kept.append((OTHER, other))
    for _, cands in kept:
        cands.sort(key=lambda c: (int(c.source.level) if c.source.level is not None else 9, -c.score, c.text))
    return kept
