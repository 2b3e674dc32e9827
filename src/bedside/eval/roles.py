"""How well the sentence-role classifier recovers the labels of structured abstracts it never saw.

PubMedQA's labelled set (ori_pqal.json) keeps each abstract's structured sections with their
labels (CONTEXTS + LABELS) and gives the conclusion separately (LONG_ANSWER). Joining them
rebuilds the abstract; hiding the labels turns it into the unstructured text the classifier
meets in practice, and the labels become the answer key. Only the 500 PMIDs of the official test
split (test_ground_truth.json) are scored; the training script uses the other 500, so the figure
is honest. The QUESTION is left out: it is usually the title rewritten, not an abstract sentence.

Sentences under a label that names no role ('UNLABELLED') or several ('METHODS AND RESULTS')
are still given to the classifier, since they are part of the abstract, but are not scored.

    python -m bedside.eval.roles [path/to/pubmedqa]
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bedside.compose.labels import ROLES, label_roles
from bedside.compose.roles import classify
from bedside.models import Role
from bedside.text.sentences import split


@dataclass(frozen=True)
class LabelledAbstract:
    """One PubMedQA abstract as sentences, with the role its label gives each (None: not scored)."""

    pmid: str
    sentences: list[str]
    gold: list[Role | None]


def official_test_pmids(pubmedqa_dir: Path) -> set[str]:
    """PMIDs of PubMedQA's official 500-question test split."""
    return set(json.loads((pubmedqa_dir / "test_ground_truth.json").read_text(encoding="utf-8")))


def labelled_abstracts(pubmedqa_dir: Path, pmids: Iterable[str] | None = None) -> list[LabelledAbstract]:
    """The abstracts of ori_pqal.json (all, or those in `pmids`), split into sentences with gold roles.

    Each context is split on its own so a sentence never straddles two labelled sections; the
    LONG_ANSWER is the abstract's conclusion and is appended last with the conclusions role.
    """
    data: dict[str, dict[str, Any]] = json.loads((pubmedqa_dir / "ori_pqal.json").read_text(encoding="utf-8"))
    wanted = set(pmids) if pmids is not None else None
    out = []
    for pmid, entry in data.items():
        if wanted is not None and pmid not in wanted:
            continue
        parts: list[tuple[str, Role | None]] = []
        for text, label in zip(entry["CONTEXTS"], entry["LABELS"], strict=True):
            roles = label_roles(label)
            parts.append((text, roles[0] if len(roles) == 1 else None))
        parts.append((entry.get("LONG_ANSWER", ""), Role.CONCLUSIONS))
        sentences: list[str] = []
        gold: list[Role | None] = []
        for text, role in parts:
            for span in split(text):
                sentences.append(text[span.start : span.end])
                gold.append(role)
        out.append(LabelledAbstract(pmid=pmid, sentences=sentences, gold=gold))
    return out


def score(gold: list[Role | None], predicted: list[Role]) -> dict[str, Any]:
    """Accuracy, per-role precision/recall/F1, results+conclusions precision and a majority baseline.

    Results and conclusions are also scored as one group, because that is the decision that
    matters downstream: whether a sentence may become an answer bullet.
    """
    pairs = [(g, p) for g, p in zip(gold, predicted, strict=True) if g is not None]
    total = len(pairs)
    correct = sum(g == p for g, p in pairs)
    gold_counts = Counter(g for g, _ in pairs)
    pred_counts = Counter(p for _, p in pairs)
    per_role: dict[str, dict[str, float | int]] = {}
    for role in ROLES:
        hit = sum(g == p == role for g, p in pairs)
        precision = hit / pred_counts[role] if pred_counts[role] else 0.0
        recall = hit / gold_counts[role] if gold_counts[role] else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_role[role.value] = {
            "precision": round(precision, 4),
            "recall": round(recall, 4),
            "f1": round(f1, 4),
            "support": gold_counts[role],
            "predicted": pred_counts[role],
        }
    bullet = {Role.RESULTS, Role.CONCLUSIONS}
    pred_bullet = sum(p in bullet for _, p in pairs)
    gold_bullet = sum(g in bullet for g, _ in pairs)
    both = sum(g in bullet and p in bullet for g, p in pairs)
    majority, majority_n = gold_counts.most_common(1)[0] if pairs else (Role.RESULTS, 0)
    confusion = {g.value: {p.value: sum(1 for a, b in pairs if a == g and b == p) for p in ROLES} for g in ROLES}
    return {
        "sentences": total,
        "accuracy": round(correct / total, 4) if total else 0.0,
        "per_role": per_role,
        "results_or_conclusions": {
            "precision": round(both / pred_bullet, 4) if pred_bullet else 0.0,
            "recall": round(both / gold_bullet, 4) if gold_bullet else 0.0,
        },
        "majority_baseline": {
            "role": majority.value,
            "accuracy": round(majority_n / total, 4) if total else 0.0,
        },
        "confusion": confusion,
    }


def evaluate_roles(pubmedqa_dir: Path) -> dict[str, Any]:
    """Classify the 500 PubMedQA test abstracts with labels hidden and score against the labels."""
    abstracts = labelled_abstracts(pubmedqa_dir, official_test_pmids(pubmedqa_dir))
    gold: list[Role | None] = []
    predicted: list[Role] = []
    for abstract in abstracts:
        gold.extend(abstract.gold)
        predicted.extend(classify(abstract.sentences))
    result = score(gold, predicted)
    return {
        "abstracts": len(abstracts),
        "sentences_total": len(gold),
        "sentences_unscored": len(gold) - result["sentences"],
        **result,
    }


def main(argv: list[str] | None = None) -> None:
    """Print the evaluation as JSON (default data: $BEDSIDE_SHARED/data/pubmedqa, else ../shared beside the project)."""
    args = sys.argv[1:] if argv is None else argv
    shared = os.environ.get("BEDSIDE_SHARED", str(Path(__file__).resolve().parents[3].parent / "shared"))
    default = Path(shared) / "data/pubmedqa"
    print(json.dumps(evaluate_roles(Path(args[0]) if args else default), indent=2))


if __name__ == "__main__":
    main()
