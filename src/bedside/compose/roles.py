"""Rhetorical role of every abstract sentence: background, methods, results or conclusions.

Answer bullets are built only from results and conclusions sentences, so every sentence needs a
role. A structured abstract states it in its labels ("METHODS:", NlmCategory="RESULTS"), and a
label is more reliable than any guess, so labels win. Unstructured text (about half of PubMed,
and every guideline paragraph without a recognisable heading) goes to a small classifier:

* a multinomial logistic regression over hashed word and bigram features, sentence-initial
  words, lexical cues (p-values, confidence intervals, percentages, "we conclude", modal
  verbs, tense), the cues of the neighbouring sentences and the relative position in the
  abstract. Weights are learnt by `bench/train_roles.py` from labelled abstracts that are not
  in the PubMedQA test split and shipped as `bedside/data/roles_model.json`;
* a Viterbi pass over the whole abstract, because abstracts run background -> methods ->
  results -> conclusions: going back to an earlier role is penalised so heavily that it only
  happens when labels force it. Sentence-by-sentence guesses would otherwise scatter a
  "results" sentence into the methods, or a "conclusions" one into the results.

Everything here is pure Python plus numpy and reads only the packaged model file, so it works
offline and gives the same answer on every machine (features are hashed with CRC-32, not
Python's per-process salted `hash`).
"""

from __future__ import annotations

import base64
import itertools
import json
import math
import re
import zlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

import numpy as np
import numpy.typing as npt

from bedside.compose import openings
from bedside.compose.labels import ROLES, inline_label, label_roles
from bedside.compose.openings import finding_roles, states_effect
from bedside.models import Record, Role

MODEL_RESOURCE = "data/roles_model.json"
"""Where the learnt weights live inside the `bedside` package."""

# --------------------------------------------------------------------------------------------
# Features
# --------------------------------------------------------------------------------------------

_TOKEN = re.compile(r"[a-z]+(?:'[a-z]+)?|\d+(?:[.,]\d+)*|[%<>=±≤≥?]")


def _any_of(*alternatives: str) -> re.Pattern[str]:
    """Case-insensitive pattern matching any of the alternatives as whole words."""
    return re.compile(r"\b(?:" + "|".join(alternatives) + r")\b", re.I)


_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("pvalue", re.compile(r"\b[pP]\s*(?:[<>=≤≥]|value)|\bP\s*\(|\bsignifican", re.I)),
    ("ci", re.compile(r"\b(?:9[059]\s?%|CI\b|confidence interval)", re.I)),
    ("percent", re.compile(r"%|\bper ?cent\b")),
    ("n_eq", re.compile(r"\b[nN]\s*=\s*\d")),
    ("ratio", re.compile(r"\b(?:OR|RR|HR|AUC|ROC|aOR|IRR|SMD|WMD|MD)\b|odds ratio|hazard ratio|relative risk")),
    ("mean_sd", re.compile(r"±|\+/-|\bmean\b|\bmedian\b|\bSD\b|\brange\b", re.I)),
    ("conclude", _any_of("in conclusion", "we conclude", r"conclu\w*", "in summary", "taken together", "overall")),
    ("suggest", re.compile(r"\b(?:suggest|indicat|support|demonstrat|confirm|highlight|underline)\w*", re.I)),
    ("these", re.compile(r"\b(?:these|our|the present) (?:findings|results|data|observations)\b", re.I)),
    ("modal", _any_of("may", "might", "could", "should", "can", "must", "need to", r"warrant\w*", r"recommend\w*")),
    ("future", re.compile(r"\b(?:further|future|larger|prospective) (?:studies|research|trials|investigation)", re.I)),
    ("aim", _any_of(r"aim\w*", "objective", "purpose", "goal")),
    (
        "to_verb",
        _any_of(*(f"to {v}" for v in ("determine", "assess", "evaluate", "investigate", "examine", "compare"))),
    ),
    (
        "we_did",
        _any_of(
            *(
                f"we {v}"
                for v in (
                    "studied",
                    "reviewed",
                    r"analy[sz]ed",
                    "enrolled",
                    "recruited",
                    "included",
                    "performed",
                    "conducted",
                    "used",
                    "measured",
                    "compared",
                    "assessed",
                    "evaluated",
                    "examined",
                    "identified",
                    "retrospectively",
                    "prospectively",
                )
            )
        ),
    ),
    (
        "design",
        _any_of(
            r"randomi[sz]ed",
            r"retrospective\w*",
            r"prospective\w*",
            "cohort",
            "cross-sectional",
            "case-control",
            "questionnaire",
            "inclusion",
            "exclusion",
            "criteria",
        ),
    ),
    (
        "were_done",
        re.compile(
            r"\b(?:were|was) (?:randomi[sz]ed|assigned|allocated|enrolled|recruited|included|divided|treated)\b",
            re.I,
        ),
    ),
    (
        "unknown",
        _any_of(
            "unknown", "unclear", "controversial", "little is known", "remains? to be", "debated", "poorly understood"
        ),
    ),
    ("is_are", _any_of("is", "are", "has been", "have been")),
    ("was_were", _any_of("was", "were", "had")),
    ("compared", re.compile(r"\b(?:compared (?:with|to)|versus|vs\.?|than)\b", re.I)),
    ("change", re.compile(r"\b(?:increas|decreas|reduc|higher|lower|improv|associat|correlat|differ)\w*", re.I)),
    ("question", re.compile(r"\?\s*$")),
    (
        "effect",
        _any_of(
            r"result(?:s|ed) in",
            r"led to",
            r"leads? to",
            r"caus(?:es|ed)",
            r"display(?:s|ed)",
            r"exhibit(?:s|ed)",
            r"abolish(?:es|ed)",
            r"attenuat(?:es|ed)",
            r"exacerbat(?:es|ed)",
            r"impair(?:s|ed)",
            r"enhanc(?:es|ed)",
            r"fail(?:s|ed) to",
            r"prevent(?:s|ed)",
            r"rescu(?:es|ed)",
            r"restor(?:es|ed)",
            r"block(?:s|ed)",
            r"inhibit(?:s|ed)",
            r"promot(?:es|ed)",
            r"accelerat(?:es|ed)",
            r"protect(?:s|ed)",
        ),
    ),
)
_PAST = re.compile(r"\b[a-z]{3,}ed\b")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def _cues(sentence: str) -> list[str]:
    """Names of the lexical cues a sentence shows, plus coarse counts of numbers and past tense."""
    names = [name for name, pattern in _CUES if pattern.search(sentence)]
    numbers = len(_NUMBER.findall(sentence))
    names.append(f"nums{numbers if numbers < 3 else ('3-5' if numbers < 6 else '6+')}")
    names.append(f"past{min(len(_PAST.findall(sentence.lower())), 3)}")
    return names


def _tokens(sentence: str) -> list[str]:
    """Lower-cased word tokens with every number folded to one of two shapes (integer, decimal)."""
    out = []
    for tok in _TOKEN.findall(sentence.lower()):
        if tok[0].isdigit():
            out.append("<dec>" if ("." in tok or "," in tok) else "<int>")
        else:
            out.append(tok)
    return out


def sentence_features(sentences: Sequence[str]) -> list[list[tuple[str, float]]]:
    """Named features of every sentence of one abstract, in order (shared with the training script).

    Position matters as much as wording (the last sentences are conclusions far more often than
    any cue says), so each sentence gets its relative position, coarse bins of it, and the
    cues of its neighbours, and cues are also crossed with the third of the abstract they fall in.
    """
    n = len(sentences)
    cues = [_cues(s) for s in sentences]
    out: list[list[tuple[str, float]]] = []
    for i, sentence in enumerate(sentences):
        rel = i / (n - 1) if n > 1 else 0.5
        third = min(int(rel * 3), 2)
        feats: list[tuple[str, float]] = [("bias", 1.0), ("relpos", rel), ("relpos2", rel * rel)]
        feats.append((f"pos{min(int(rel * 10), 9)}", 1.0))
        if i == 0:
            feats.append(("first", 1.0))
        if i == 1:
            feats.append(("second", 1.0))
        if i == n - 1:
            feats.append(("last", 1.0))
        if i == n - 2:
            feats.append(("penult", 1.0))
        feats.append((f"len{min(n, 12)}", 1.0))
        feats.append((f"from_end{min(n - 1 - i, 5)}", 1.0))
        toks = _tokens(sentence)
        grams = set(toks) | {f"{a} {b}" for a, b in itertools.pairwise(toks)}
        feats.extend((f"w:{g}", 1.0) for g in sorted(grams))
        if toks:
            feats.append((f"s1:{toks[0]}", 1.0))
            feats.append((f"s2:{' '.join(toks[:2])}", 1.0))
        feats.extend((f"c:{c}", 1.0) for c in cues[i])
        feats.extend((f"t{third}:{c}", 1.0) for c in cues[i])
        if i > 0:
            feats.extend((f"p:{c}", 1.0) for c in cues[i - 1])
        else:
            feats.append(("p:none", 1.0))
        if i < n - 1:
            feats.extend((f"n:{c}", 1.0) for c in cues[i + 1])
        else:
            feats.append(("n:none", 1.0))
        out.append(feats)
    return out


def feature_index(name: str, dim: int) -> int:
    """Bucket of a feature name: CRC-32, stable across processes and platforms."""
    return zlib.crc32(name.encode("utf-8")) % dim


# --------------------------------------------------------------------------------------------
# Model
# --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RoleModel:
    """Learnt weights: per-bucket class weights, transition and start log-scores for Viterbi."""

    weights: npt.NDArray[np.float32]
    """(dim, 4) logistic-regression weights, one column per role in `ROLES` order."""
    transitions: npt.NDArray[np.float64]
    """(4, 4) log-score of role j following role i; backwards moves carry a heavy penalty."""
    start: npt.NDArray[np.float64]
    """(4,) log-score of the first sentence's role."""

    @property
    def dim(self) -> int:
        """Number of hash buckets."""
        return int(self.weights.shape[0])

    def log_probs(self, sentences: Sequence[str]) -> npt.NDArray[np.float64]:
        """(n, 4) log-probabilities of each role for each sentence, before sequence decoding."""
        feats = sentence_features(sentences)
        scores = np.zeros((len(sentences), len(ROLES)), dtype=np.float64)
        for i, row in enumerate(feats):
            idx = np.fromiter((feature_index(f, self.dim) for f, _ in row), dtype=np.int64, count=len(row))
            val = np.fromiter((v for _, v in row), dtype=np.float64, count=len(row))
            scores[i] = val @ self.weights[idx].astype(np.float64)
        scores -= scores.max(axis=1, keepdims=True)
        norm: npt.NDArray[np.float64] = np.log(np.exp(scores).sum(axis=1, keepdims=True))
        return scores - norm

    def to_json(self, meta: dict[str, object]) -> str:
        """Serialise as JSON with float16 weights in base64, small enough to ship in the wheel."""
        payload = {
            "format": 1,
            "roles": [r.value for r in ROLES],
            "dim": self.dim,
            "weights_f16": base64.b64encode(self.weights.astype("<f2").tobytes()).decode("ascii"),
            "transitions": [[round(float(x), 4) for x in row] for row in self.transitions],
            "start": [round(float(x), 4) for x in self.start],
            "meta": meta,
        }
        return json.dumps(payload, indent=1)

    @classmethod
    def from_json(cls, text: str) -> RoleModel:
        """Read what `to_json` wrote; refuses a file whose role order differs from `ROLES`."""
        payload = json.loads(text)
        if payload.get("format") != 1 or payload.get("roles") != [r.value for r in ROLES]:
            raise ValueError("roles model file has an unknown format or role order")
        dim = int(payload["dim"])
        raw = np.frombuffer(base64.b64decode(payload["weights_f16"]), dtype="<f2")
        weights = raw.astype(np.float32).reshape(dim, len(ROLES))
        return cls(
            weights=weights,
            transitions=np.asarray(payload["transitions"], dtype=np.float64),
            start=np.asarray(payload["start"], dtype=np.float64),
        )


@cache
def load_model() -> RoleModel:
    """The packaged model, read once per process."""
    text = resources.files("bedside").joinpath(MODEL_RESOURCE).read_text(encoding="utf-8")
    return RoleModel.from_json(text)


def viterbi(
    log_probs: npt.NDArray[np.float64],
    transitions: npt.NDArray[np.float64],
    start: npt.NDArray[np.float64],
    allowed: Sequence[Iterable[Role] | None] | None = None,
) -> list[Role]:
    """Best role sequence given per-sentence scores; `allowed[i]` restricts sentence i (labels).

    Restrictions are hard (-inf); the order penalty is finite, so a sequence always exists even
    when labelled sections come in an unusual order.
    """
    n = log_probs.shape[0]
    if n == 0:
        return []
    emit = log_probs.copy()
    if allowed is not None:
        for i, roles in enumerate(allowed):
            if roles is None:
                continue
            keep = {ROLES.index(r) for r in roles}
            if keep:
                for j in range(len(ROLES)):
                    if j not in keep:
                        emit[i, j] = -math.inf
    score = start + emit[0]
    back = np.zeros((n, len(ROLES)), dtype=np.int64)
    for i in range(1, n):
        cand = score[:, None] + transitions
        back[i] = cand.argmax(axis=0)
        score = cand.max(axis=0) + emit[i]
    path = [int(score.argmax())]
    for i in range(n - 1, 0, -1):
        path.append(int(back[i, path[-1]]))
    return [ROLES[j] for j in reversed(path)]


def _narrowed(label: Iterable[Role] | None, finding: tuple[Role, ...] | None) -> Iterable[Role] | None:
    """A label's roles, narrowed by a finding opening where they share one.

    "METHODS AND RESULTS We showed that ..." is a result; a sentence under a one-role label keeps
    that role whatever it opens with.
    """
    if label is None:
        return finding
    shared = tuple(r for r in label if finding is not None and r in finding)
    return shared or label


def _decode(sentences: Sequence[str], allowed: Sequence[Iterable[Role] | None] | None = None) -> list[Role]:
    """Classify then decode one abstract's sentences with the packaged model.

    Unlabelled sentences that open by stating a finding are held to results or conclusions.
    """
    if not sentences:
        return []
    given = list(allowed) if allowed is not None else [None] * len(sentences)
    limits = [_narrowed(limit, finding_roles(text)) for limit, text in zip(given, sentences, strict=True)]
    model = load_model()
    scores = model.log_probs(sentences)
    for i, text in enumerate(sentences):
        if states_effect(text):
            scores[i, [ROLES.index(Role.RESULTS), ROLES.index(Role.CONCLUSIONS)]] += openings.EFFECT_BONUS
    return viterbi(scores, model.transitions, model.start, limits)


def classify(sentences: Sequence[str]) -> list[Role]:
    """Roles of the sentences of one unstructured abstract, in order.

    Pass the whole abstract, not a fragment: position in the abstract is one of the strongest
    signals, and the sequence step assumes it sees the abstract from its first sentence.
    """
    return _decode(sentences)


def roles_of(record: Record) -> list[list[Role]]:
    """Per section, per sentence (`Section.sentences`): the role of every sentence of a record.

    Sections whose label or category names one role take it; in an unlabelled section, a label
    left at the head of a sentence ("RESULTS A total of ...", `labels.inline_label`) holds that
    sentence. The remaining sentences (no
    label, an unknown label such as 'UNLABELLED', or a label spanning several roles such as
    'METHODS AND RESULTS') are classified in one pass over the whole record, in order, so that
    position and the labelled neighbours count: labelled sentences are fixed to their role, a
    combined label restricts its sentences to the roles it names, and the order constraint then
    keeps an unlabelled paragraph between METHODS and CONCLUSIONS from being called background.
    """
    fixed = [label_roles(section.label, section.category) for section in record.sections]
    if all(len(r) == 1 for r in fixed):
        return [[r[0]] * len(s.sentences) for r, s in zip(fixed, record.sections, strict=True)]
    texts: list[str] = []
    allowed: list[tuple[Role, ...] | None] = []
    for roles, section in zip(fixed, record.sections, strict=True):
        for text in section.sentence_texts():
            # An inline label holds its own sentence only: carried on to the next label, one missed
            # ('Methods and Results- We examined ...') would lock the results into the background.
            # The order constraint carries it far enough: after 'RESULTS' nothing is methods.
            inline = inline_label(text) if not roles else None
            texts.append(text)
            allowed.append(roles or (inline[1] if inline else None))
    decoded = iter(_decoded(tuple(texts), tuple(allowed)))
    return [[next(decoded) for _ in section.sentences] for section in record.sections]


@lru_cache(maxsize=8192)
def _decoded(texts: tuple[str, ...], allowed: tuple[tuple[Role, ...] | None, ...]) -> tuple[Role, ...]:
    """`_decode`, remembered: the same records come back question after question, and their
    roles take a third of the time of `ask` (the text itself is the key, so an edited record is
    classified afresh)."""
    return tuple(_decode(texts, allowed))
