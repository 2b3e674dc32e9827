"""Latency of `POST /api/ask` through a live uvicorn server: p50 and p95 over real questions.

Builds a library from ../shared/data (MS trial registrations and patient pages, Cochrane
reviews, the PubMed balloon-guide-catheter set; about 2,100 records) unless --db names one,
starts `bedside serve`'s app with uvicorn on a free local port, warms it up (model, vectors,
first query), then asks each question --rounds times over HTTP, as a client would, and prints
p50/p95/max in milliseconds and the server-side compose time. Every ask stores an article, as
in real use. Figures only; asserts nothing.

    python bench/ask_api.py [--db LIB.db] [--cache DIR] [--rounds 5] [--shared ../shared/data] [--json]
"""

from __future__ import annotations

import argparse
import json
import socket
import statistics
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import uvicorn

from bedside.library import ingest
from bedside.library.store import Store
from bedside.settings import Settings
from bedside.web.app import create_app

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = [
    "Does interferon beta reduce relapses in multiple sclerosis?",
    "Does a balloon guide catheter improve reperfusion in stroke thrombectomy?",
    "Which exercises improve coordination in multiple sclerosis?",
    "Is alemtuzumab effective for relapsing multiple sclerosis?",
    "Does natalizumab slow disability progression in MS?",
    "What are the symptoms of multiple sclerosis?",
    "Does aspiration thrombectomy work as well as stent retrievers in acute ischemic stroke?",
    "Does interferon treatment clear chronic hepatitis C?",
    "Does vitamin D help people with multiple sclerosis?",
    "What treatments help fatigue in multiple sclerosis?",
]


def build(shared: Path, folder: Path) -> Path:
    """A library of the shared MS, Cochrane and stroke sources (patient pages: the MS subset of MedQuAD)."""
    medquad = folder / "medquad-ms.jsonl"
    with (shared / "medquad/corpus.jsonl").open(encoding="utf-8") as handle:
        medquad.write_text("".join(line for line in handle if "multiple sclerosis" in line.lower()), encoding="utf-8")
    db = folder / "library.db"
    paths = [
        shared / "ctgov-ms/corpus.jsonl",
        shared / "cochrane/corpus.jsonl",
        medquad,
        shared / "pubmed/nbib/pubmed-balloongui-set.nbib",
        shared / "pubmed/nbib/single.nbib",
    ]
    with Store.open(db) as store:
        ingest.add_paths(store, paths)
    return db


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100)."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, help="An existing library (default: build one in a temporary folder).")
    parser.add_argument("--cache", type=Path, help="Model cache folder (default: the user's bedside cache).")
    parser.add_argument("--rounds", type=int, default=5, help="Times each question is asked.")
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared/data")
    parser.add_argument("--json", action="store_true", help="Print the figures as JSON.")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or build(args.shared, Path(tmp))
        settings = Settings(db=db, **({"cache": args.cache} if args.cache else {}))
        app = create_app(settings)
        started = time.perf_counter()
        app.state.engine.prepare()
        prepare_s = time.perf_counter() - started
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:
            time.sleep(0.05)
        wall: list[float] = []
        compose: list[float] = []
        statuses: dict[int, int] = {}
        try:
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=120) as client:
                client.post("/api/ask", json={"question": QUESTIONS[0]})  # warm-up
                for _ in range(args.rounds):
                    for question in QUESTIONS:
                        start = time.perf_counter()
                        response = client.post("/api/ask", json={"question": question})
                        wall.append((time.perf_counter() - start) * 1000)
                        statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                        if response.status_code == 200:
                            compose.append(float(response.json()["took_ms"]))
                library = client.get("/api/library").json()
        finally:
            server.should_exit = True
            thread.join(timeout=10)
            app.state.engine.close()

    report: dict[str, Any] = {
        "library_records": library["records"],
        "requests": len(wall),
        "statuses": statuses,
        "prepare_s": round(prepare_s, 1),
        "p50_ms": round(statistics.median(wall), 1),
        "p95_ms": round(percentile(wall, 95), 1),
        "max_ms": round(max(wall), 1),
        "compose_p50_ms": round(statistics.median(compose), 1) if compose else None,
    }
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"POST /api/ask over HTTP (uvicorn), {report['requests']} requests, {report['library_records']:,} records")
    print(f"  p50 {report['p50_ms']} ms   p95 {report['p95_ms']} ms   max {report['max_ms']} ms")
    print(
        f"  compose p50 {report['compose_p50_ms']} ms; statuses {statuses}; model + vectors ready in {prepare_s:.1f} s"
    )


if __name__ == "__main__":
    main()
