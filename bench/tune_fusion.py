"""Tune hybrid fusion on SciFact's *train* claims (never the test queries) and print the figures.

    .venv/bin/python bench/tune_fusion.py [--shared ../shared/data] [--db /tmp/scifact.db]

Builds (or reuses) a library of the SciFact corpus, then scores nDCG@10 / Recall@100 of the train
claims (gold: the evidence documents, or the cited documents for claims without evidence, as BEIR
does for its test split) for a grid of fusion weights through the real `Retriever`.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import tempfile
from dataclasses import replace
from pathlib import Path

from bedside.eval import metrics
from bedside.eval.retrieval import ensure_corpus
from bedside.library.store import Store
from bedside.search.retrieve import FUSION, Retriever
from bedside.settings import load

ROOT = Path(__file__).resolve().parents[1]


def train_claims(path: Path) -> tuple[dict[str, str], dict[str, dict[str, int]]]:
    """Claim text and gold documents of claims_train.csv."""
    claims: dict[str, str] = {}
    gold: dict[str, dict[str, int]] = {}
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    for row in rows:
        claims[row["id"]] = row["claim"]
        judged = gold.setdefault(row["id"], {})
        if row["evidence_doc_id"]:
            judged[row["evidence_doc_id"]] = 1
    for row in rows:
        if not gold[row["id"]]:
            for doc in row["cited_doc_ids"].strip("[]").split():
                gold[row["id"]][doc] = 1
    return claims, gold


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "bedside-scifact.db")
    parser.add_argument(
        "--config",
        action="append",
        default=[],
        help="bm25,doc,sentence,expansion,facets,concept_query,drop_generic[,title[,tokens]] (repeatable; default: a"
        " grid); title is the BM25 weight of a title match (abstract 1, MeSH 0.5), tokens the late-interaction weight",
    )
    args = parser.parse_args()
    settings = load(db=args.db)
    claims, gold = train_claims(args.shared / "scifact" / "claims_train.csv")
    with Store.open(args.db) as store:
        ensure_corpus(store, args.shared / "scifact" / "beir_scifact" / "corpus.jsonl")
        base = Retriever(store, settings)
        base.prepare()
        names = ("bm25", "doc", "sent", "exp", "facet", "cq", "drop", "title", "tok")
        print(" ".join(f"{name:>5}" for name in names), " nDCG@10  R@100")
        title_now = FUSION.columns[0]
        configs = [tuple(float(x) for x in c.split(",")) for c in args.config]
        defaults = (title_now, FUSION.tokens)
        grid = [(*c, *defaults[len(c) - 7 :]) if len(c) < 9 else c for c in configs] or list(
            itertools.product([1.0, 1.25], [0.75, 1.0], [1.5], [0.3], [0.5], [1.0], [1.0], [2.0], [0.0, 0.5, 1.0, 1.5])
        )
        for bm25, doc, sent, expansion, facets, concept, drop, title, tok in grid:
            fusion = replace(
                FUSION,
                bm25=bm25,
                dense_doc=doc,
                dense_sentence=sent,
                expansion=expansion,
                facets=facets,
                concept_query=concept,
                drop_generic=bool(drop),
                columns=(title, *FUSION.columns[1:]),
                tokens=tok,
            )
            retriever = Retriever(store, settings, fusion)
            retriever._embedder = base.embedder
            ndcg, recall = [], []
            for qid, text in claims.items():
                ranked = [rid for rid, _ in retriever.rank(text, k=100)]
                ndcg.append(metrics.ndcg_at(ranked, gold[qid]))
                recall.append(metrics.recall_at(ranked, gold[qid]))
            n = len(ndcg)
            figures = f"{sum(ndcg) / n:.4f}  {sum(recall) / n:.4f}"
            weights = (bm25, doc, sent, expansion, facets, concept, drop, title, tok)
            print(" ".join(f"{w:5.2f}" for w in weights), f" {figures}")


if __name__ == "__main__":
    main()
