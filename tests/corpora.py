"""Helpers for building small test libraries from the shared corpora."""

from __future__ import annotations

import re
from pathlib import Path


def subset_lines(source: Path, keep: re.Pattern[str], limit: int) -> list[str]:
    """The first `limit` lines of a JSONL file that match `keep` (records stay whole and verbatim)."""
    lines: list[str] = []
    with source.open(encoding="utf-8") as handle:
        for line in handle:
            if keep.search(line):
                lines.append(line)
                if len(lines) >= limit:
                    break
    return lines
