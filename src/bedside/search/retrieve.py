"""Hybrid retrieval: BM25 and dense candidates, fused by tuned score fusion, re-scored by facets.

The straight line for one question:
1. facets (`bedside.search.facets.analyse`): condition, intervention, outcome ... and synonyms;
2. candidates: BM25 over title/abstract/MeSH (FTS5) with the question's words, plus a second
   BM25 query of the facets' synonyms; and exact dense search over every record's whole-text
   vector and its best sentence;
3. fusion: each signal is standardised over the candidate pool (z-scores) and summed with
   weights tuned on SciFact's *train* claims (never the test queries, see `FUSION`);
4. facet-aware re-scoring: a record that mentions the question's condition and intervention
   beats one that only shares generic words ("patients", "management").
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

import numpy as np

from bedside.library import lexical, tokens, vectors
from bedside.library.store import Store
from bedside.models import Facets
from bedside.search import facets as facet_analysis
from bedside.search.facets import is_question
from bedside.search.filters import Filters
from bedside.search.matching import FacetMatcher, expansion_terms
from bedside.search.results import Hit, SearchOutcome
from bedside.settings import Settings

Mode = Literal["bm25", "dense", "hybrid"]
# Every record's level of evidence by rowid (1 strongest, None for none), e.g. `appraise.levels.LibraryLevels()`.
Levels = Callable[[Store], Mapping[int, int | None]]


class SearchError(Exception):
    """A search that cannot be run (empty library, empty question), in words a user can act on."""


@dataclass(frozen=True)
class Fusion:
    """Weights of the standardised signals; tuned on SciFact train claims (bench/tune_fusion.py)."""

    bm25: float = 1.25
    expansion: float = 0.3
    dense_doc: float = 1.0
    dense_sentence: float = 1.5
    # Late interaction over the head of the ranking (`bedside.library.tokens`), z-scored there.
    tokens: float = 1.0
    facets: float = 0.5
    concept_query: float = 1.0
    drop_generic: bool = True
    pool: int = 200
    # BM25 column weights (title, abstract, MeSH + keywords): a title match counts twice.
    columns: tuple[float, float, float] = (2.0, 1.0, 0.5)
    # BM25 scores are read this deep, so a record found by the dense side keeps its real BM25
    # score instead of the pool's floor (train claims: +0.003 nDCG@10).
    score_depth: int = 1000


FUSION = Fusion()
# Facet re-scoring reads the texts of this many of the best fused candidates (more only when k is larger).
HEAD = 100


def check_question(question: str, settings: Settings) -> str:
    """The question stripped, or SearchError when it is empty or longer than the settings allow."""
    question = question.strip()
    if not question:
        raise SearchError("the question is empty")
    if len(question) > settings.max_question_chars:
        raise SearchError(f"the question is longer than {settings.max_question_chars} characters")
    return question


def check_library(store: Store) -> None:
    """SearchError naming the library when it holds no records."""
    if store.count() == 0:
        raise SearchError(f"the library {store.path} holds no records: add some with `bedside library add PATH`")


def _concept_words(facets: Facets) -> list[str]:
    """Words of the canonical names of the question's condition, treatment and outcome concepts."""
    terms = [*facets.condition, *facets.intervention, *facets.comparison, *facets.outcome]
    return [w for t in terms if t.source != "pattern" for w in lexical.terms(t.concept)]


def _without(question: str, phrases: list[str]) -> str:
    """The question without the words that rule treatments out, for searching."""
    for phrase in phrases:
        question = question.replace(phrase, " ")
    return " ".join(question.split())


def _standardise(values: np.ndarray) -> np.ndarray:
    """z-scores over the candidate pool, so signals on different scales can be summed."""
    if len(values) < 2:
        return np.zeros_like(values)
    std = float(values.std())
    return (values - float(values.mean())) / std if std > 1e-9 else np.zeros_like(values)


class Retriever:
    """Searches one library. Cheap to create; the embedding model and vectors load on first use."""

    def __init__(self, store: Store, settings: Settings, fusion: Fusion = FUSION, levels: Levels | None = None) -> None:
        """`levels` reads every record's level of evidence, for the `max_level` filter.

        Levels are appraisal's (`appraise.levels.LibraryLevels`), a stage after search, so a face that
        offers the filter passes them in rather than search importing appraisal.
        """
        self.store = store
        self.levels = levels
        self.settings = settings
        self.fusion = fusion
        self._embedder: vectors.TextEmbedder | None = None
        self._retracted: tuple[int, set[int]] | None = None
        self._graded: tuple[int, Mapping[int, int | None]] | None = None  # rowid -> level of evidence
        self._asked: tuple[str, np.ndarray, np.ndarray, list[int]] | None = None

    # -- resources ---------------------------------------------------------------------------
    @property
    def embedder(self) -> vectors.TextEmbedder:
        """The embedding model (built into the cache folder on first use)."""
        if self._embedder is None:
            from bedside.library.embedder import load_embedder

            self._embedder = load_embedder(self.settings.cache / "models")
        return self._embedder

    def prepare(self) -> None:
        """Load the model and bring the vectors up to date (so that timings exclude it)."""
        vectors.index_for(self.store, self.embedder, self.settings.token_vectors)

    def embed_question(self, question: str) -> np.ndarray:
        """The question's own embedding, kept for the last question (search and compose both need it)."""
        return self._embedded(question)[1]

    def question_tokens(self, question: str) -> tuple[np.ndarray, list[int]]:
        """The question's token vectors (compressed as stored ones are) and token ids."""
        _, _, states, ids = self._embedded(question)
        return states, ids

    def _embedded(self, question: str) -> tuple[str, np.ndarray, np.ndarray, list[int]]:
        if self._asked is None or self._asked[0] != question:
            vectors_, states = self.embedder.embed_tokens([question])
            token_states, ids = states[0]
            self._asked = (question, vectors_[0], tokens.compress(token_states), ids)
        return self._asked

    def query_vector(self, question: str, facets: Facets | None = None) -> np.ndarray:
        """The question's embedding; for a clinical question, pulled towards its concepts.

        MiniLM matches surface words, so 'specific management strategies for patients' drags the
        raw question towards generic texts; adding the embedding of the concepts alone ('physical
        therapy coordination multiple sclerosis') keeps it on the question's subject.
        """
        vector = self.embed_question(question)
        if facets is not None and self.fusion.concept_query:
            concepts = " ".join(t.concept for t in facets.all_terms())
            if concepts:
                vector = vector + self.fusion.concept_query * self.embedder.embed([concepts])[0]
                vector = (vector / max(float(np.linalg.norm(vector)), 1e-9)).astype(np.float32)
        return vector

    # -- searching ---------------------------------------------------------------------------
    def search(
        self, question: str, k: int = 10, filters: Filters | None = None, mode: Mode = "hybrid"
    ) -> SearchOutcome:
        """The k records that best answer `question`, with its facets."""
        start = time.perf_counter()
        question = check_question(question, self.settings)
        check_library(self.store)
        if filters is not None and filters.max_level is not None and self.levels is None:
            raise SearchError("a level-of-evidence filter needs the retriever's levels (appraise.levels.LibraryLevels)")
        facets = facet_analysis.analyse(question)
        hits = self._ranked(question, facets, k, filters or Filters(), mode)
        return SearchOutcome(question, facets, hits, mode, (time.perf_counter() - start) * 1000)

    def rank(self, question: str, k: int = 100, mode: Mode = "hybrid") -> list[tuple[str, float]]:
        """(record id, score) best first: what the evaluation harness scores."""
        facets = facet_analysis.analyse(question)
        return [(h.record_id, h.score) for h in self._ranked(question, facets, k, Filters(), mode)]

    def _allowed(self, filters: Filters) -> tuple[set[int] | None, set[int]]:
        """(rowids a restrictive filter allows, or None for all; rowids always denied: retracted)."""
        denied: set[int] = set()
        if not filters.include_retracted:
            generation = self.store.generation()
            if self._retracted is None or self._retracted[0] != generation:
                self._retracted = (generation, self.store.retracted_rowids())
            denied = self._retracted[1]
        allowed: set[int] | None = None
        if filters.restrictive():
            allowed = self.store.rowids_where(
                [k.value for k in filters.kinds], filters.publication_types, filters.year_from, filters.year_to
            )
        if filters.max_level is not None and self.levels is not None:
            # Over the whole library, not the head of a ranking: asked for guidelines, every guideline competes.
            graded = {r for r, level in self._levels().items() if level is not None and level <= filters.max_level}
            allowed = graded if allowed is None else allowed & graded
        return allowed, denied

    def _levels(self) -> Mapping[int, int | None]:
        """Every record's level of evidence by rowid, read once per library generation."""
        generation = self.store.generation()
        if self._graded is None or self._graded[0] != generation:
            assert self.levels is not None
            self._graded = (generation, self.levels(self.store))
        return self._graded[1]

    def _ranked(self, question: str, facets: Facets, k: int, filters: Filters, mode: Mode) -> list[Hit]:
        allowed, denied = self._allowed(filters)
        pool = max(self.fusion.pool, k)
        signals: dict[int, dict[str, float]] = {}

        def admitted(rowid: int) -> bool:
            return (allowed is None or rowid in allowed) and rowid not in denied

        # Framing words ('what are the specific strategies') are noise in a question, while in a
        # statement such as a claim every word is content: measured on SciFact's train claims,
        # applying these two steps to statements cost 0.017 nDCG@10 (bench/tune_fusion.py).
        clinical = is_question(question) and bool(facets.condition or facets.intervention or facets.outcome)
        # "... without medication?": searched, 'medication' would find drug trials first (stop 25).
        searched = _without(question, [t.matched for t in facets.ruled_out])
        words = lexical.terms(searched)
        if clinical:
            # A question in lay words ('itching') is also asked in the concept's own name
            # ('pruritus'), at full weight: the synonyms' query alone (0.3) left the Cochrane review
            # of pruritus at rank 222 for "What treatments help itching in people on dialysis?".
            asked = set(words)
            words += list(dict.fromkeys(w for w in _concept_words(facets) if w not in asked))
        if clinical and self.fusion.drop_generic:
            # 'specific management strategies for patients' must not decide a clinical question.
            words = [w for w in words if w not in facet_analysis.generic_words] or words
        # 'GATA-1' is also searched as the phrase it is, not only as 'gata' and '1' (stop 25).
        words += [p for p in lexical.symbol_phrases(question) if p not in words]
        lexical_scores: dict[int, float] = {}
        if mode in ("bm25", "hybrid"):
            depth = 100_000 if allowed is not None else pool + len(denied)
            for name, query in (("bm25", words), ("expansion", expansion_terms(facets))):
                if not query:
                    continue
                taken = 0
                # Only the question's own words are read deep: synonyms count for their pool alone.
                limit = max(depth, self.fusion.score_depth) if name == "bm25" else depth
                for hit in lexical.search(self.store, query, limit=limit, weights=self.fusion.columns):
                    if name == "bm25":
                        lexical_scores[hit.rowid] = hit.score
                    if admitted(hit.rowid) and taken < pool:
                        signals.setdefault(hit.rowid, {})[name] = hit.score
                        taken += 1
            if mode == "bm25":
                signals = dict(sorted(signals.items(), key=lambda kv: -kv[1].get("bm25", 0.0))[:pool])

        if mode in ("dense", "hybrid"):
            index = vectors.index_for(self.store, self.embedder, self.settings.token_vectors)
            query_vec = self.query_vector(searched, facets if clinical else None)
            doc_scores, sentence_scores = index.scores(query_vec)
            mask = np.ones(len(index), dtype=bool)
            if allowed is not None:
                mask = np.isin(index.rowids, np.fromiter(allowed, dtype=np.int64, count=len(allowed)))
            if denied:
                mask &= ~np.isin(index.rowids, np.fromiter(denied, dtype=np.int64, count=len(denied)))
            for scores in (doc_scores, sentence_scores):
                masked = np.where(mask, scores, -np.inf)
                top = np.argpartition(-masked, pool)[:pool] if len(masked) > pool else np.arange(len(masked))
                for i in top:
                    if np.isfinite(masked[i]):
                        signals.setdefault(int(index.rowids[i]), {})
            position = index.position
            for rowid, sig in signals.items():
                i = position.get(rowid)
                if i is not None:
                    sig["dense_doc"] = float(doc_scores[i])
                    sig["dense_sentence"] = float(sentence_scores[i])
                if "bm25" not in sig and rowid in lexical_scores:
                    sig["bm25"] = lexical_scores[rowid]

        if not signals:
            return []
        rowids = list(signals)
        fused = self._fuse(rowids, signals, mode)
        order = np.argsort(-fused, kind="stable")
        # Facet re-scoring needs the texts of the head of the ranking.
        depth = max(k, HEAD)
        head = [rowids[i] for i in order[:depth]]
        texts = lexical.listed(self.store, head)
        matcher = FacetMatcher(facets)
        hits: list[Hit] = []
        for i in order[:depth]:
            rowid = rowids[i]
            row = texts.get(rowid)
            if row is None:
                continue
            rid, title, kind, year, retracted, text = row
            score = float(fused[i])
            matched = matcher.matched_in(text, folded=True)
            if mode == "hybrid" and matcher.groups:
                coverage = matcher.coverage(matched)
                signals[rowid]["facets"] = coverage
                score += self.fusion.facets * coverage
            hits.append(
                Hit(
                    rowid=rowid,
                    record_id=rid,
                    score=score,
                    title=title,
                    kind=kind,
                    year=year,
                    retracted=retracted,
                    signals=signals[rowid],
                    matched=matched,
                )
            )
        if mode == "hybrid" and self.fusion.tokens and self.settings.token_vectors:
            self._score_tokens(searched, hits, index)
        hits.sort(key=lambda h: (-h.score, h.record_id))
        return hits[:k]

    def _score_tokens(self, question: str, hits: list[Hit], index: vectors.VectorIndex) -> None:
        """Add late interaction (each question token's best match in the record) to the head's scores.

        Only the head: its token vectors are read per question, and re-scoring a deeper pool moved
        SciFact train nDCG@10 no further (0.7659 against 0.7654 for the top 100) at five times the reads.
        """
        query, ids = self.question_tokens(question)
        weights = index.token_weights(ids)
        found, packed, starts = vectors.token_blobs(self.store, index.model_id, [h.rowid for h in hits])
        scored = dict(zip(found, tokens.maxsim_packed(query, weights, packed, starts).tolist(), strict=True))
        raw = np.array([scored.get(h.rowid, np.nan) for h in hits])
        known = ~np.isnan(raw)
        if known.sum() < 2:
            return
        z = np.zeros(len(hits))
        z[known] = _standardise(raw[known])
        for hit, value, score in zip(hits, raw, z, strict=True):
            if not np.isnan(value):
                hit.signals["tokens"] = float(value)
            hit.score += self.fusion.tokens * float(score)

    def _fuse(self, rowids: list[int], signals: dict[int, dict[str, float]], mode: Mode) -> np.ndarray:
        def column(name: str, missing: float) -> np.ndarray:
            return np.array([signals[r].get(name, missing) for r in rowids], dtype=np.float64)

        if mode == "bm25":
            return column("bm25", 0.0)
        dense = self.fusion.dense_doc * _standardise(column("dense_doc", 0.0)) + self.fusion.dense_sentence * (
            _standardise(column("dense_sentence", 0.0))
        )
        if mode == "dense":
            return dense
        # A record BM25 did not score (read too deep, or no word matched) gets the lowest score read.
        seen = [signals[r]["bm25"] for r in rowids if "bm25" in signals[r]]
        bm25 = column("bm25", min(seen) if seen else 0.0)
        expansion = column("expansion", 0.0)
        return (
            dense
            + self.fusion.bm25 * _standardise(bm25)
            + (self.fusion.expansion * _standardise(expansion) if expansion.any() else 0.0)
        )
