"""Shared fixtures: where ../shared/data is, and fresh library files."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("BEDSIDE_SHARED", ROOT.parent / "shared")).resolve()
SHARED_DATA = SHARED / "data"


def pytest_configure(config: pytest.Config) -> None:
    """One model cache for the whole run (the embedding model is built once, ~3 s), and no
    embedding at ingest unless a test asks for it: search computes missing vectors on first use,
    so tests that search still exercise the real model."""
    cache = Path(tempfile.mkdtemp(prefix="bedside-test-cache-"))
    os.environ.setdefault("BEDSIDE_CACHE", str(cache))
    os.environ.setdefault("BEDSIDE_EMBED", "0")
    config.add_cleanup(lambda: shutil.rmtree(cache, ignore_errors=True))


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """../shared/data, or a skip naming what is missing (CI sets BEDSIDE_REQUIRE_SHARED=1 to fail instead)."""
    if not SHARED_DATA.is_dir():
        reason = f"shared data not found at {SHARED_DATA} (set BEDSIDE_SHARED to the folder holding data/)"
        if os.environ.get("BEDSIDE_REQUIRE_SHARED") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return SHARED_DATA
