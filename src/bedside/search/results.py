"""What a search returns: the records found, best first, each with the signals behind its score.

`as_json` gives the exact shape `bedside search --json` prints and the JSON API serves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bedside.models import Facets


@dataclass
class Hit:
    """One record found for a question, with the signals behind its score."""

    rowid: int
    record_id: str
    score: float
    title: str = ""
    kind: str = ""
    year: int | None = None
    retracted: bool = False  # shown when retracted records are asked for (never evidence)
    level: int | None = None  # level of evidence (1 strongest), set by `appraise.levels.grade`; None: none or ungraded
    signals: dict[str, float] = field(default_factory=dict)
    matched: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        """The `results` item of `bedside search --json`."""
        return {
            "id": self.record_id,
            "score": round(self.score, 6),
            "title": self.title,
            "kind": self.kind,
            "year": self.year,
            "retracted": self.retracted,
            "level": self.level,
            "matched": self.matched,
            "signals": {k: round(v, 4) for k, v in self.signals.items()},
        }


@dataclass
class SearchOutcome:
    """What `search` returns: the facets it understood and the records, best first."""

    query: str
    facets: Facets
    results: list[Hit]
    mode: str
    took_ms: float

    def as_json(self) -> dict[str, Any]:
        """The JSON of `bedside search --json`."""
        return {
            "query": self.query,
            "facets": self.facets.model_dump(mode="json"),
            "mode": self.mode,
            "took_ms": round(self.took_ms, 1),
            "results": [hit.as_json() for hit in self.results],
        }
