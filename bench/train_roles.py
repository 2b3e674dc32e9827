"""Train the sentence-role model shipped as src/bedside/data/roles_model.json.

Training data, all with labels that name one role per sentence:

* the 500 PubMedQA labelled abstracts (ori_pqal.json) that are NOT in the official test split
  (test_ground_truth.json): the test split is what `bedside.eval.roles` scores, so it is never
  read here beyond its list of PMIDs, which are excluded;
* the structured abstracts of the MEDLINE and PubMed XML files under ../shared/data/pubmed
  (records whose abstract starts with a label), again minus any test PMID.

Model: multinomial logistic regression (L2, full-batch Adam, numpy only) over the hashed
features of `bedside.compose.roles.sentence_features`; transitions for the Viterbi pass are
counted from the training sequences, with moving back to an earlier role heavily penalised.
With --dev, a fifth of the PubMedQA training abstracts is held out and the dev accuracy for a
few regularisation strengths is printed (that is how the defaults were chosen); without it,
the model is trained on everything and written out.

    .venv/bin/python bench/train_roles.py [--shared ../shared] [--dev] [--out src/bedside/data/roles_model.json]
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
import zlib
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import numpy.typing as npt

from bedside.compose.labels import ROLES, label_roles
from bedside.compose.roles import RoleModel, feature_index, sentence_features, viterbi
from bedside.eval.roles import LabelledAbstract, labelled_abstracts, official_test_pmids, score
from bedside.models import Record, Role
from bedside.sources import medline, pubmed_xml
from bedside.text.sentences import split

ROOT = Path(__file__).resolve().parents[1]
DIM = 1 << 16
BACKWARD = -20.0  # log-score of stepping back to an earlier role: only labels can force it
L2 = 3e-4
EPOCHS = 300
LEARNING_RATE = 0.05


def structured(record: Record) -> LabelledAbstract | None:
    """A record whose abstract is fully labelled, as sentences with gold roles; else None."""
    if not record.sections or not all(s.label or s.category for s in record.sections):
        return None
    sentences: list[str] = []
    gold: list[Role | None] = []
    for section in record.sections:
        roles = label_roles(section.label, section.category)
        for span in split(section.text):
            sentences.append(section.text[span.start : span.end])
            gold.append(roles[0] if len(roles) == 1 else None)
    if not any(g is not None for g in gold):
        return None
    return LabelledAbstract(pmid=record.pmid or record.id, sentences=sentences, gold=gold)


def pubmed_abstracts(data: Path, exclude: set[str]) -> Iterator[LabelledAbstract]:
    """Structured abstracts of the shared MEDLINE and PubMed XML files, minus excluded PMIDs."""
    medline_files = [data / "pubmed/jzsh2000_mesh-papers.medline.txt", *sorted((data / "pubmed/nbib").glob("*.nbib"))]
    xml_files = [*sorted((data / "pubmed/biopython_entrez").glob("pubmed*.xml")), *sorted(data.glob("pubmed/*/*.xml"))]
    seen: set[str] = set()
    jobs = [(p, medline.read) for p in medline_files] + [(p, pubmed_xml.read) for p in dict.fromkeys(xml_files)]
    for path, reader in jobs:
        with path.open("rb") as stream:
            for item in reader(path, stream):
                if not isinstance(item, Record) or item.pmid in exclude or item.id in seen:
                    continue
                seen.add(item.id)
                abstract = structured(item)
                if abstract is not None:
                    yield abstract


def design(
    abstracts: list[LabelledAbstract],
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64], npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """Sparse design matrix as (bucket, value, row) triplets plus the gold class of each row (-1: none)."""
    idx: list[int] = []
    val: list[float] = []
    row: list[int] = []
    y: list[int] = []
    for abstract in abstracts:
        for feats, gold in zip(sentence_features(abstract.sentences), abstract.gold, strict=True):
            r = len(y)
            for name, value in feats:
                idx.append(feature_index(name, DIM))
                val.append(value)
                row.append(r)
            y.append(ROLES.index(gold) if gold is not None else -1)
    return np.array(idx), np.array(val), np.array(row), np.array(y)


def train(abstracts: list[LabelledAbstract], l2: float = L2, epochs: int = EPOCHS) -> npt.NDArray[np.float32]:
    """Weights of an L2-regularised multinomial logistic regression, by full-batch Adam."""
    idx, val, row, y = design(abstracts)
    keep = y[row] >= 0
    idx, val, row = idx[keep], val[keep], row[keep]
    labelled = np.flatnonzero(y >= 0)
    remap = np.full(len(y), -1)
    remap[labelled] = np.arange(len(labelled))
    row = remap[row]
    y = y[labelled]
    n, k = len(y), len(ROLES)
    onehot = np.eye(k)[y]
    w = np.zeros((DIM, k))
    m = np.zeros_like(w)
    v = np.zeros_like(w)
    used = np.unique(idx)
    for step in range(1, epochs + 1):
        contrib = w[idx] * val[:, None]
        logits: npt.NDArray[np.float64] = np.stack(
            [np.bincount(row, weights=contrib[:, c], minlength=n) for c in range(k)], axis=1
        ).astype(np.float64)
        logits -= logits.max(axis=1, keepdims=True)
        prob = np.exp(logits)
        prob /= prob.sum(axis=1, keepdims=True)
        delta = (prob - onehot) / n
        per_entry = delta[row] * val[:, None]
        grad: npt.NDArray[np.float64] = np.stack(
            [np.bincount(idx, weights=per_entry[:, c], minlength=DIM) for c in range(k)], axis=1
        ).astype(np.float64)
        grad[used] += l2 * w[used]
        m = 0.9 * m + 0.1 * grad
        v = 0.999 * v + 0.001 * grad * grad
        w -= LEARNING_RATE * (m / (1 - 0.9**step)) / (np.sqrt(v / (1 - 0.999**step)) + 1e-8)
        if step % 100 == 0:
            loss = -np.log(prob[np.arange(n), y] + 1e-12).mean()
            print(f"  step {step}: loss {loss:.4f}", file=sys.stderr)
    return w.astype(np.float32)


def transitions(abstracts: list[LabelledAbstract]) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Log transition and start scores counted from the gold sequences (forward moves only, add-one)."""
    k = len(ROLES)
    counts = np.ones((k, k))
    starts = np.ones(k)
    for abstract in abstracts:
        gold = abstract.gold
        if gold and gold[0] is not None:
            starts[ROLES.index(gold[0])] += 1
        for a, b in itertools.pairwise(gold):
            if a is not None and b is not None:
                counts[ROLES.index(a), ROLES.index(b)] += 1
    trans = np.log(counts / counts.sum(axis=1, keepdims=True))
    trans[np.tril_indices(k, -1)] = BACKWARD
    return trans, np.log(starts / starts.sum())


def evaluate(model: RoleModel, abstracts: list[LabelledAbstract]) -> dict[str, object]:
    """Score a model on held-out abstracts, with and without the Viterbi pass."""
    gold: list[Role | None] = []
    greedy: list[Role] = []
    decoded: list[Role] = []
    for abstract in abstracts:
        lp = model.log_probs(abstract.sentences)
        gold.extend(abstract.gold)
        greedy.extend(ROLES[int(j)] for j in lp.argmax(axis=1))
        decoded.extend(viterbi(lp, model.transitions, model.start))
    return {"greedy": score(gold, greedy)["accuracy"], "viterbi": score(gold, decoded)}


def main() -> None:
    """Train (and with --dev, tune on a held-out fifth) and write the model file."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    parser.add_argument("--out", type=Path, default=ROOT / "src/bedside/data/roles_model.json")
    parser.add_argument(
        "--dev", action="store_true", help="hold out a fifth of PubMedQA-train and report, write nothing"
    )
    args = parser.parse_args()
    data = args.shared / "data"
    qa_dir = data / "pubmedqa"
    test = official_test_pmids(qa_dir)
    qa_train = [a for a in labelled_abstracts(qa_dir) if a.pmid not in test]
    extra = list(pubmed_abstracts(data, test))
    assert not {a.pmid for a in qa_train + extra} & test, "test PMIDs leaked into training data"
    print(f"PubMedQA train abstracts: {len(qa_train)}; other structured abstracts: {len(extra)}", file=sys.stderr)
    if args.dev:
        dev = [a for a in qa_train if zlib.crc32(a.pmid.encode()) % 5 == 0]
        fit = [a for a in qa_train if zlib.crc32(a.pmid.encode()) % 5 != 0] + extra
        trans, start = transitions(fit)
        for l2 in (1e-4, 3e-4, 1e-3, 3e-3):
            t0 = time.time()
            model = RoleModel(weights=train(fit, l2=l2), transitions=trans, start=start)
            result = evaluate(model, dev)
            viterbi_scores = result["viterbi"]
            assert isinstance(viterbi_scores, dict)
            print(
                f"l2={l2:g}: dev greedy {result['greedy']} viterbi {viterbi_scores['accuracy']} "
                f"R+C precision {viterbi_scores['results_or_conclusions']} ({time.time() - t0:.0f}s)"
            )
        return
    everything = qa_train + extra
    trans, start = transitions(everything)
    model = RoleModel(weights=train(everything), transitions=trans, start=start)
    meta: dict[str, object] = {
        "trained_by": "bench/train_roles.py",
        "pubmedqa_train_abstracts": len(qa_train),
        "other_structured_abstracts": len(extra),
        "sentences": sum(len(a.sentences) for a in everything),
        "l2": L2,
        "epochs": EPOCHS,
        "excluded": "the 500 PMIDs of pubmedqa/test_ground_truth.json",
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(model.to_json(meta) + "\n", encoding="utf-8")
    print(f"wrote {args.out} ({args.out.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main()
