"""Reading a BEIR-style benchmark folder: corpus.jsonl, queries.jsonl and qrels/{split}.tsv."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path


class BenchmarkError(Exception):
    """A benchmark folder that cannot be used, with the file and line at fault."""


@dataclass(frozen=True)
class Benchmark:
    """Queries (id -> text) and graded judgements (query id -> {doc id: grade}) of one split."""

    folder: Path
    queries: dict[str, str]
    qrels: dict[str, dict[str, int]]

    @property
    def corpus(self) -> Path:
        """The corpus file; it is ingested like any other JSONL input."""
        return self.folder / "corpus.jsonl"


def read_qrels(path: Path) -> dict[str, dict[str, int]]:
    """`query-id corpus-id score` lines (tab separated, optional header)."""
    qrels: dict[str, dict[str, int]] = defaultdict(dict)
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            parts = line.rstrip("\n").split("\t")
            if not line.strip():
                continue
            if len(parts) < 3:
                raise BenchmarkError(f"{path}: line {number}: expected 3 tab-separated fields")
            if number == 1 and not parts[2].strip().lstrip("-").isdigit():
                continue
            try:
                qrels[parts[0]][parts[1]] = int(parts[2])
            except ValueError as exc:
                raise BenchmarkError(f"{path}: line {number}: score {parts[2]!r} is not an integer") from exc
    return dict(qrels)


def read_queries(path: Path) -> dict[str, str]:
    """Query id -> text from a BEIR queries.jsonl."""
    queries: dict[str, str] = {}
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
                queries[str(obj["_id"])] = str(obj["text"])
            except (json.JSONDecodeError, KeyError, TypeError) as exc:
                raise BenchmarkError(f"{path}: line {number}: not a BEIR query ({exc})") from exc
    return queries


def load(folder: Path, split: str = "test") -> Benchmark:
    """The judged queries of `split`; queries without judgements are dropped (BEIR convention)."""
    for needed in ("corpus.jsonl", "queries.jsonl", f"qrels/{split}.tsv"):
        if not (folder / needed).is_file():
            raise BenchmarkError(f"{folder}: missing {needed}")
    qrels = read_qrels(folder / "qrels" / f"{split}.tsv")
    queries = {qid: text for qid, text in read_queries(folder / "queries.jsonl").items() if qid in qrels}
    missing = sorted(set(qrels) - set(queries))
    if missing:
        raise BenchmarkError(f"{folder}: qrels name queries that queries.jsonl lacks: {', '.join(missing[:5])}")
    return Benchmark(folder=folder, queries=queries, qrels=qrels)
