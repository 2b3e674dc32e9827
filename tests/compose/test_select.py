"""Choosing sentences: leads, and the supporting sentences that make a bullet a study's findings."""

from __future__ import annotations

import itertools

import numpy as np

from bedside.compose.select import Candidate, key, support
from bedside.compose.sources import Source
from bedside.models import Applicability, Record, Verdict


def source(rid: str) -> Source:
    record = Record(id=rid, title=f"Study {rid}")
    return Source(record, rowid=1, rank=1, score=1.0, level=None, applicability=Applicability(verdict=Verdict.DIRECT))


_AXES = itertools.count(2)


def cand(src: Source, position: int, score: float, text: str = "", direction: int | None = None) -> Candidate:
    """A candidate whose vector is its own unit axis, so sentences are near-duplicates only when asked."""
    vector = np.zeros(256, dtype=np.float32)
    vector[direction if direction is not None else next(_AXES)] = 1.0
    words = frozenset(f"w{src.record.id}{position}x{i}" for i in range(8))
    text = text or f"Sentence {position} of {src.record.id}."
    return Candidate(src, text, "", "results", score, score, vector, words, position)


def test_support_is_shared_by_score_within_a_budget_and_a_cap_per_study() -> None:
    a, b, c = source("a"), source("b"), source("c")
    leads = [cand(a, 0, 0.9), cand(b, 0, 0.8)]
    pool = [
        *leads,
        *(cand(a, i, 0.7 - 0.01 * i) for i in range(1, 7)),  # six more of a, all better than b's
        cand(b, 3, 0.5),
        cand(c, 1, 0.95),  # not a lead's record: never support
        cand(a, 9, 0.1),  # below the relevance floor
    ]
    out = support(leads, pool, budget=5, per_lead=4)
    assert [x.position for x in out[key(leads[0])]] == [1, 2, 3, 4], "a's best four, then a is full"
    assert [x.position for x in out[key(leads[1])]] == [3], "the fifth place goes to b"
    assert sum(len(v) for v in out.values()) == 5
    assert support(leads, pool, budget=0) == {key(leads[0]): [], key(leads[1]): []}


def test_support_never_repeats_a_lead_or_a_near_duplicate() -> None:
    a = source("a")
    lead = cand(a, 0, 0.9, direction=0)
    twin = cand(a, 2, 0.8, direction=0)  # same vector as the lead: says the same thing
    other = cand(a, 3, 0.6, direction=1)
    out = support([lead], [lead, twin, other], budget=10, per_lead=4)
    assert [x.position for x in out[key(lead)]] == [3]
