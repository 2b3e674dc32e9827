"""Search filters on their own: user words parsed, what narrows (the rows: test_store; the level: test_retrieve)."""

from __future__ import annotations

import pytest

from bedside.models import Kind
from bedside.search.filters import Filters


def test_user_words_are_parsed_into_kinds_and_an_unknown_kind_is_named() -> None:
    assert Filters.parse(kinds=["systematic review"]).kinds == [Kind.SYSTEMATIC_REVIEW]
    with pytest.raises(ValueError, match="'horoscope'"):
        Filters.parse(kinds=["horoscope"])


def test_only_kind_type_and_years_are_restrictive() -> None:
    assert not Filters().restrictive()
    assert not Filters(max_level=2, include_retracted=True).restrictive(), "not SQL: the retriever grades the records"
    assert Filters(year_to=2000).restrictive()
    assert Filters(publication_types=["Meta-Analysis"]).restrictive()
