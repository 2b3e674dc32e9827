"""`bedside library fetch` end to end against the recorded E-utilities responses on loopback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.sources.eutils_replay import ReplayServer


def test_fetch_stores_what_pubmed_returned(tmp_path: Path, shared_data: Path) -> None:
    db = tmp_path / "lib.db"
    with ReplayServer.start(shared_data) as server:
        env = {**os.environ, "BEDSIDE_EUTILS_URL": server.url}
        env.pop("NCBI_API_KEY", None)
        cmd = [sys.executable, "-m", "bedside.cli", "--db", str(db), "library", "fetch"]
        done = subprocess.run(
            [*cmd, "--query", "all[sb]", "--max", "8", "--batch", "3"],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        assert len(server.calls("esearch")) == 1
        assert len(server.calls("efetch")) == 3  # 8 records in batches of 3
    stats = subprocess.run(
        [sys.executable, "-m", "bedside.cli", "--db", str(db), "library", "stats", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert json.loads(stats.stdout)["records"] == 8
    shown = subprocess.run(
        [sys.executable, "-m", "bedside.cli", "--db", str(db), "library", "show", "27797938", "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert shown.returncode == 0 and json.loads(shown.stdout)["id"] == "27797938"
