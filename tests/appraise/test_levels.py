"""Levels of evidence: one record's, and every record's of a library, kept in step as it changes."""

from __future__ import annotations

from pathlib import Path

import pytest

from bedside.appraise.levels import Level, LibraryLevels, level_of
from bedside.library.store import Store
from bedside.models import Kind, Record, Section
from tests.library.test_store import make


def _trial(record_id: str, types: list[str], text: str = "Balance improved after training.") -> Record:
    return make(record_id, publication_types=types, sections=[Section(label="RESULTS", text=text)])


@pytest.mark.parametrize(
    ("kind", "types", "text", "level"),
    [
        (Kind.TRIAL_REPORT, ["Randomized Controlled Trial"], "Balance improved.", Level.RANDOMISED_TRIAL),
        (Kind.TRIAL_REPORT, ["Clinical Trial"], "Balance improved.", Level.OBSERVATIONAL),
        (Kind.TRIAL_REPORT, ["Clinical Trial"], "Participants were randomised to training.", Level.RANDOMISED_TRIAL),
        (Kind.GUIDELINE, [], "", Level.GUIDELINE),
        (Kind.OTHER, [], "", Level.NARRATIVE),
        (Kind.TRIAL_REGISTRATION, [], "", None),
        (Kind.PATIENT_INFORMATION, [], "", None),
    ],
)
def test_a_records_level_comes_from_what_it_is(kind: Kind, types: list[str], text: str, level: Level | None) -> None:
    record = make("r", kind=kind, publication_types=types, sections=[Section(label="", text=text or "Text.")])
    assert level_of(record) == level


def test_library_levels_equal_each_records_level_and_follow_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with Store.open(tmp_path / "lib.db") as store:
        read: list[list[int]] = []
        real = store.get_many

        def get_many(rowids: list[int]) -> dict[int, Record]:
            read.append(sorted(rowids))
            return real(rowids)

        monkeypatch.setattr(store, "get_many", get_many)
        store.put_batch(
            [
                _trial("rct", ["Randomized Controlled Trial"]),
                _trial("cct", ["Clinical Trial"]),
                make("guide", kind=Kind.GUIDELINE),
                make("reg", kind=Kind.TRIAL_REGISTRATION),
            ]
        )
        levels = LibraryLevels()
        table = levels(store)
        assert table == {rowid: level_of(record) for rowid, record in store.iter_records()}
        assert sorted(v for v in table.values() if v is not None) == [1, 3, 4]
        assert [len(r) for r in read] == [2], "only the two trial reports are parsed"
        # The non-randomised trial is reported again as randomised: its level follows its new text.
        store.put_batch([_trial("cct", ["Clinical Trial"], "Participants were randomised to training.")])
        store.put_batch([make("review", kind=Kind.SYSTEMATIC_REVIEW)])
        again = levels(store)
        assert again == {rowid: level_of(record) for rowid, record in store.iter_records()}
        assert sorted(v for v in again.values() if v is not None) == [1, 2, 3, 3]
        assert [len(r) for r in read] == [2, 1], "only the changed trial report is parsed again"
