"""Ranking metrics against values computed by hand."""

from __future__ import annotations

import math

import pytest

from bedside.eval.metrics import mrr_at, ndcg_at, percentile, recall_at


def test_ndcg_by_hand() -> None:
    relevant = {"a": 1, "b": 2}
    # b at rank 1 (gain 2), a at rank 3 (gain 1); ideal: 2 then 1.
    dcg = 2 / math.log2(2) + 1 / math.log2(4)
    ideal = 2 / math.log2(2) + 1 / math.log2(3)
    assert ndcg_at(["b", "x", "a"], relevant, 10) == pytest.approx(dcg / ideal)
    assert ndcg_at(["b", "a"], relevant, 10) == pytest.approx(1.0)
    assert ndcg_at(["x", "y"], relevant, 10) == 0.0
    assert ndcg_at(["x", "b"], relevant, 1) == 0.0


def test_recall_and_mrr() -> None:
    relevant = {"a": 1, "b": 1, "c": 0}
    assert recall_at(["a", "c", "x"], relevant, 100) == 0.5
    assert recall_at(["x", "b", "a"], relevant, 2) == 0.5
    assert mrr_at(["x", "y", "b"], relevant, 10) == pytest.approx(1 / 3)
    assert mrr_at(["x", "y", "b"], relevant, 2) == 0.0
    assert recall_at(["a"], {}, 10) == 0.0


def test_percentile_matches_linear_interpolation() -> None:
    values = [10.0, 20.0, 30.0, 40.0]
    assert percentile(values, 50) == 25.0
    assert percentile(values, 95) == pytest.approx(38.5)
    assert percentile([], 50) == 0.0
