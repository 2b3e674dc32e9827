"""Shared fixtures: where ../shared/data is, and fresh library files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("BEDSIDE_SHARED", ROOT.parent / "shared")).resolve()
SHARED_DATA = SHARED / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/data, or a skip naming what is missing (CI sets BEDSIDE_REQUIRE_SHARED=1 to fail instead)."""
    if not SHARED_DATA.is_dir():
        reason = f"shared data not found at {SHARED_DATA} (set BEDSIDE_SHARED to the folder holding data/)"
        if os.environ.get("BEDSIDE_REQUIRE_SHARED") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return SHARED_DATA
