"""A small real library for the overview tests, built once per session from ../shared/data.

Cochrane reviews on a few topics, MS trial registrations and patient pages, plus three planted
records that the checks need and the shared data lacks: a guideline about children with cancer
(the seed page's wrongly applied guideline), a retracted trial, and a case report competing with
a Cochrane review on the same question.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bedside.library import ingest
from bedside.library.store import Store
from bedside.models import Kind
from bedside.settings import Settings, load
from tests.corpora import subset_lines

CHILD_GUIDELINE = """# Rehabilitation of children with cancer

## Recommendations

Children with cancer should receive physical therapy early to prevent severe joint contractures.
Balance exercises and orthotics should be offered to children with cancer who have gait problems.
Assistive devices are recommended to prevent falls in children receiving chemotherapy.

## Assessment

Physical therapists should assess range of motion and strength before each treatment cycle.
"""

PLANTED = [
    {
        "_id": "retracted-ms-balance",
        "title": "Balance exercise cures coordination problems in multiple sclerosis: a randomized trial",
        "text": "Balance exercise cured all coordination problems in 40 people with multiple sclerosis. "
        "Physical therapy should replace all other treatment for coordination in multiple sclerosis.",
        "metadata": {"year": 2020, "kind": "trial-report", "retracted": True},
    },
    {
        "_id": "case-report-interferon-hcv",
        "title": "Interferon for chronic hepatitis C: a case report",
        "text": "We describe one patient with chronic hepatitis C treated with interferon. "
        "After 12 months of interferon the patient had a sustained virologic response. "
        "Interferon may achieve viral clearance in chronic hepatitis C.",
        "metadata": {"year": 2015, "kind": "case-report"},
    },
]


@pytest.fixture(scope="session")
def overview_library(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings over the session's overview test library (vectors computed on first use)."""
    folder = tmp_path_factory.mktemp("overview-library")
    lines = subset_lines(
        shared_data / "cochrane/corpus.jsonl", re.compile(r"hepatitis C|multiple sclerosis|stroke", re.I), 80
    )
    lines += subset_lines(
        shared_data / "ctgov-ms/corpus.jsonl", re.compile(r"balance|coordination|ataxia|exercise", re.I), 60
    )
    lines += subset_lines(shared_data / "medquad/corpus.jsonl", re.compile(r"multiple sclerosis|stroke", re.I), 40)
    lines += [json.dumps(r) + "\n" for r in PLANTED]
    (folder / "corpus.jsonl").write_text("".join(lines), encoding="utf-8")
    (folder / "children-cancer-rehabilitation.md").write_text(CHILD_GUIDELINE, encoding="utf-8")
    db = folder / "library.db"
    with Store.open(db) as store:
        summary = ingest.add_paths(store, [folder / "corpus.jsonl"])
        assert summary.rejected == 0, summary.rejections
        guideline = ingest.add_paths(
            store,
            [folder / "children-cancer-rehabilitation.md"],
            Kind.GUIDELINE,
            body="Example Paediatric Group",
            year=2019,
        )
        assert guideline.added == 1
    return load(db=db)
