"""One small library for the web tests, built once per session from ../shared/data.

About 420 records: the MS trial registrations and patient pages, a slice of Cochrane reviews,
the PubMed balloon-guide-catheter set (records with PMIDs, for the nbib round trip) and one
planted record whose title and abstract carry an XSS payload. Embeddings are computed on the
first search (about 25 records/s here), and the model cache is shared by every test.
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient

from bedside.library import ingest
from bedside.library.store import Store
from bedside.settings import Settings
from bedside.web.app import create_app
from tests.corpora import subset_lines

MS_QUESTION = "Does interferon beta reduce relapses in multiple sclerosis?"
STROKE_QUESTION = "Does a balloon guide catheter improve reperfusion in stroke thrombectomy?"
XSS_ID = "planted-xss-1"
XSS_TITLE = 'Balloon guide catheter <script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">'
XSS_TEXT = (
    "Balloon guide catheter thrombectomy improved reperfusion <script>window.__xss = 3</script> in stroke. "
    'A second sentence <img src=x onerror="window.__xss = 4"> about reperfusion and balloon guide catheters.'
)


def build_library(data: Path, folder: Path) -> Path:
    """Write the test corpus into `folder` and ingest it; returns the library file."""
    folder.mkdir(parents=True, exist_ok=True)
    parts = {
        "ctgov.jsonl": ("ctgov-ms/corpus.jsonl", r"interferon|relaps|alemtuzumab", 250),
        "cochrane.jsonl": ("cochrane/corpus.jsonl", r"sclerosis|interferon|stroke", 150),
        "medquad.jsonl": ("medquad/corpus.jsonl", r"multiple sclerosis", 60),
    }
    for name, (source, pattern, limit) in parts.items():
        lines = subset_lines(data / source, re.compile(pattern, re.I), limit)
        (folder / name).write_text("".join(lines), encoding="utf-8")
    planted = {
        "_id": XSS_ID,
        "title": XSS_TITLE,
        "text": XSS_TEXT,
        "metadata": {"journal": "Journal of <b>Bold</b> Claims", "year": 2020, "url": "javascript:alert(1)"},
    }
    (folder / "planted.jsonl").write_text(json.dumps(planted) + "\n", encoding="utf-8")
    paths = [
        folder / "ctgov.jsonl",
        folder / "cochrane.jsonl",
        folder / "medquad.jsonl",
        folder / "planted.jsonl",
        data / "pubmed/nbib/pubmed-balloongui-set.nbib",
        data / "pubmed/nbib/single.nbib",
    ]
    db = folder / "library.db"
    with Store.open(db) as store:
        summary = ingest.add_paths(store, paths)
    assert summary.rejected == 0, summary.rejections
    return db


@pytest.fixture(scope="session")
def web_settings(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings over the session's test library, with a session-wide model cache."""
    folder = tmp_path_factory.mktemp("web-library")
    db = build_library(shared_data, folder)
    return Settings(db=db, cache=tmp_path_factory.mktemp("web-cache"))


@pytest.fixture(scope="session")
def web_app(web_settings: Settings) -> Iterator[FastAPI]:
    """The real app over the test library, with model and vectors ready."""
    app = create_app(web_settings)
    app.state.engine.prepare()
    yield app
    app.state.engine.close()


@pytest.fixture(scope="session")
def client(web_app: FastAPI) -> TestClient:
    """An HTTP client speaking to the app in-process (the real app, no server)."""
    return TestClient(web_app)


@pytest.fixture(scope="session")
def live_server(web_app: FastAPI) -> Iterator[str]:
    """The same app served by uvicorn on a free local port; yields its base address."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(web_app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
