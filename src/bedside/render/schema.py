"""The JSON Schema of an overview, for clients of the JSON output (the web app's API, other tools).

The schema is generated from the `Overview` model at run time, so code never reads a stale
copy; `schemas/overview.schema.json` in the repository is written by `write_schema` for people
and tools that want a file, and a test fails when it no longer matches the model.

    python -m bedside.render.schema schemas/overview.schema.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from bedside.models import Overview

DIALECT = "https://json-schema.org/draft/2020-12/schema"
DEFAULT_PATH = Path("schemas/overview.schema.json")


def overview_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) of `Overview`, as pydantic generates it, with its dialect named."""
    return {"$schema": DIALECT, **Overview.model_json_schema()}


def schema_text() -> str:
    """The schema as the committed file holds it: two-space indent, keys in model order, final newline."""
    return json.dumps(overview_schema(), indent=2, ensure_ascii=False) + "\n"


def write_schema(path: Path = DEFAULT_PATH) -> Path:
    """Write the schema file (creating its folder); returns the path written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(schema_text(), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    """Write the schema to the path given (default schemas/overview.schema.json)."""
    args = sys.argv[1:] if argv is None else argv
    written = write_schema(Path(args[0]) if args else DEFAULT_PATH)
    print(written)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
