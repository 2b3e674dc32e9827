"""Search filters on their own: user words parsed, the SQL they narrow by (the level: test_retrieve)."""

from __future__ import annotations

import sqlite3

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


def test_the_where_clause_selects_the_rows_it_says() -> None:
    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE records (id TEXT, kind TEXT, year INTEGER, publication_types TEXT)")
    db.executemany(
        "INSERT INTO records VALUES (?, ?, ?, ?)",
        [
            ("a", "trial_report", 2015, '["Randomized Controlled Trial"]'),
            ("b", "trial_report", 2005, '["Randomized Controlled Trial"]'),
            ("c", "systematic_review", 2018, '["Meta-Analysis", "Review"]'),
            ("d", "guideline", None, '["Practice Guideline"]'),
        ],
    )

    def ids(filters: Filters) -> list[str]:
        where, params = filters.sql()
        return [r[0] for r in db.execute(f"SELECT id FROM records WHERE {where} ORDER BY id", params)]

    assert ids(Filters()) == ["a", "b", "c", "d"]
    assert ids(Filters(year_from=2010)) == ["a", "c"], "a record without a year is outside any range"
    assert ids(Filters(year_from=2000, year_to=2010)) == ["b"]
    assert ids(Filters(kinds=[Kind.TRIAL_REPORT, Kind.GUIDELINE])) == ["a", "b", "d"]
    assert ids(Filters(publication_types=["meta-analysis"])) == ["c"], "types are matched whole, any case"
    assert ids(Filters(publication_types=["Review"])) == ["c"]
