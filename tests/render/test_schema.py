"""The overview's JSON Schema: the committed file matches the model, and overviews validate against it."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from bedside.render.schema import overview_schema, schema_text, write_schema
from tests.render.sample import sample_overview

COMMITTED = Path(__file__).resolve().parents[2] / "schemas" / "overview.schema.json"


def test_committed_schema_matches_the_model() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == schema_text(), (
        "schemas/overview.schema.json is stale: run `python -m bedside.render.schema schemas/overview.schema.json`"
    )


def test_sample_overview_validates() -> None:
    schema = json.loads(COMMITTED.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    for status in ("submitted", "approved"):
        jsonschema.validate(json.loads(sample_overview(status).model_dump_json()), schema)


def test_schema_rejects_a_broken_overview() -> None:
    data = json.loads(sample_overview().model_dump_json())
    del data["certainty"]
    data["references"][0]["n"] = "one"
    errors = list(jsonschema.Draft202012Validator(overview_schema()).iter_errors(data))
    messages = " ".join(e.message for e in errors)
    assert "'certainty' is a required property" in messages
    assert "'one' is not of type 'integer'" in messages


def test_write_schema_creates_the_file(tmp_path: Path) -> None:
    path = write_schema(tmp_path / "nested" / "overview.schema.json")
    assert json.loads(path.read_text(encoding="utf-8")) == overview_schema()


def test_schema_is_generated_not_read_from_disk(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.chdir(tmp_path)  # no schemas/ folder here
    assert overview_schema()["title"] == "Overview"
