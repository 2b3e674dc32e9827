"""Who a record is about, read directly (the verdicts built on it are in test_applicability)."""

from __future__ import annotations

from bedside.appraise.population import animal_study, describe_groups, record_groups
from bedside.appraise.view import RecordView, join_or
from bedside.models import MeshHeading, Record, Section


def _record(title: str, abstract: str, mesh: list[str] | None = None) -> Record:
    return Record(
        id="r", title=title, sections=[Section(text=abstract)], mesh=[MeshHeading(descriptor=m) for m in mesh or []]
    )


def test_age_groups_come_from_check_tags_else_from_words() -> None:
    tagged = _record("Balance training", "Adults trained.", ["Child", "Adolescent"])
    assert record_groups(tagged, RecordView.of(tagged)) == {"children", "adolescents"}
    worded = _record("Balance training in older adults", "Older adults trained twice a week.")
    assert "older adults" in record_groups(worded, RecordView.of(worded))


def test_an_animal_study_is_named_by_its_species() -> None:
    mice = _record("Exercise slows tumour growth in mice", "Mice ran on wheels.", ["Animals", "Mice"])
    assert animal_study(mice, RecordView.of(mice)) == "mice"
    people = _record("Exercise in people with cancer", "Patients walked.", ["Humans", "Neoplasms"])
    assert animal_study(people, RecordView.of(people)) == ""


def test_groups_and_alternatives_read_as_phrases() -> None:
    assert describe_groups({"older adults", "children"}) == "children and older adults"
    assert join_or(["cabotegravir"]) == "cabotegravir"
    assert join_or(["a", "b", "c", "b"]) == "a, b or c"
