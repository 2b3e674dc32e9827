"""The search page's filters, read from its query string: one parser for the page and its JSON twin.

`/search` and `/api/search` take the same parameters (`q`, `kind`, `from`, `to`, `level`,
`retracted`), so a filtered search can be shared as an address and its JSON fetched by changing
only the path. Values come in as text and are checked here rather than by FastAPI's type coercion,
so a bad year on the HTML page reads as a sentence naming the field, not as a JSON validation dump.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Query

from bedside.appraise.levels import Level
from bedside.models import Kind
from bedside.search.filters import Filters
from bedside.web.views import kind_label

YEAR_RANGE = (1800, 2200)  # a typo guard, not a claim about the library


@dataclass(frozen=True)
class FilterQuery:
    """The filter parameters exactly as the query string gave them (empty when absent)."""

    kinds: tuple[str, ...] = ()
    year_from: str = ""
    year_to: str = ""
    level: str = ""
    retracted: str = ""

    def filters(self) -> Filters:
        """The search filters; ValueError naming the parameter when one is not understood."""
        return Filters.parse(
            kinds=[k for k in self.kinds if k],
            year_from=_number("from", self.year_from, YEAR_RANGE),
            year_to=_number("to", self.year_to, YEAR_RANGE),
            max_level=_number("level", self.level, (1, len(Level))),
            include_retracted=_yes("retracted", self.retracted),
        )

    def form(self) -> dict[str, object]:
        """What the search form shows: every choice, with the ones asked for selected."""
        return {
            "kinds": [
                {"value": k.value, "label": kind_label(k.value), "selected": k.value in self.kinds} for k in Kind
            ],
            "levels": [
                {
                    "value": str(int(level)),
                    "label": f"{int(level)} · {level.label}",
                    "selected": self.level == str(int(level)),
                }
                for level in Level
            ],
            "year_from": self.year_from,
            "year_to": self.year_to,
            "retracted": self.retracted.strip().lower() in _YES,
            "active": bool(any(self.kinds) or self.year_from or self.year_to or self.level or self.retracted),
        }


def _number(name: str, text: str, bounds: tuple[int, int]) -> int | None:
    """An integer parameter within bounds, None when empty."""
    text = text.strip()
    if not text:
        return None
    low, high = bounds
    if not text.isdigit() or not low <= int(text) <= high:
        raise ValueError(f"'{name}' must be a whole number from {low} to {high}, not {text!r}")
    return int(text)


_YES = frozenset({"true", "on", "1", "yes"})
_NO = frozenset({"", "false", "off", "0", "no"})


def _yes(name: str, text: str) -> bool:
    """A yes/no parameter as a checkbox or a script sends it."""
    value = text.strip().lower()
    if value not in _YES | _NO:
        raise ValueError(f"'{name}' must be true or false, not {text!r}")
    return value in _YES


def filter_query(
    kind: Annotated[
        list[str] | None, Query(description="Only this kind of source (repeatable), e.g. systematic_review.")
    ] = None,
    year_from: Annotated[str, Query(alias="from", description="Published in or after this year.")] = "",
    year_to: Annotated[str, Query(alias="to", description="Published in or before this year.")] = "",
    level: Annotated[str, Query(description="Only evidence at this level or stronger (1 guideline ... 6).")] = "",
    retracted: Annotated[str, Query(description="true: keep retracted records (left out by default).")] = "",
) -> FilterQuery:
    """The filter parameters of `/search` and `/api/search` (a FastAPI dependency)."""
    return FilterQuery(tuple(kind or ()), year_from, year_to, level, retracted)
