"""Dense vectors of every record, stored beside it and kept in step with the store.

Each record gets one vector for the whole text (title + abstract, as far as the model reads)
and one per sentence (the title counts as one). Claims and questions often match a single
sentence of an abstract, so search scores a record by its best sentence as well as by its
whole text, and by its token vectors (`bedside.library.tokens`: the whole-text run's token
states, kept for late interaction). Vectors are stored as float16 blobs in the `vectors` table
of the library file: half the size of float32 at no measurable loss in ranking (cosines move by
< 1e-3); token vectors in 4 bits a dimension, with their token ids.

Keeping in step: `put_batch` deletes a replaced record's vectors and deleting a record deletes
its vectors, in the same transaction; `update` then embeds whatever has none (or was embedded
by another model). Ingest calls it after storing, search calls it before loading, so an ingest
killed between the two steps heals on the next run.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Protocol

import numpy as np
import numpy.typing as npt

from bedside.library import tokens
from bedside.library.quantized import QuantizedMatrix
from bedside.library.store import Store
from bedside.models import Record

FloatArray = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int64]

# Long documents (guidelines, patient pages) can hold hundreds of sentences; beyond this many
# only the whole-text vector and lexical search find them, which bounds memory and query time.
MAX_SENTENCES = 48


class TextEmbedder(Protocol):
    """What this module needs from an embedding model (see bedside.library.embedder)."""

    model_id: str
    dim: int

    def embed(self, texts: Sequence[str]) -> FloatArray:
        """L2-normalised float32 vectors, one row per text."""
        ...

    def embed_tokens(self, texts: Sequence[str]) -> tuple[FloatArray, list[tuple[FloatArray, list[int]]]]:
        """`embed`'s vectors plus each text's token states and token ids (special tokens left out)."""
        ...


def document_text(record: Record) -> str:
    """The text embedded as the record's whole-text vector."""
    title = record.title.strip()
    abstract = record.abstract.strip()
    if title and abstract:
        return f"{title}. {abstract}" if title[-1] not in ".?!" else f"{title} {abstract}"
    return title or abstract


def sentence_texts(record: Record) -> list[str]:
    """The texts embedded one by one: the title, then the sentences in order (capped)."""
    texts = [record.title.strip()] if record.title.strip() else []
    texts.extend(t for t in record.sentences() if t.strip())
    return texts[:MAX_SENTENCES]


def count(store: Store) -> int:
    """How many records have vectors (under any model)."""
    return int(store.db.execute("SELECT count(*) FROM vectors").fetchone()[0])


def missing(store: Store, model_id: str, with_tokens: bool = True) -> list[int]:
    """Rowids of records with no vectors from this model (or, `with_tokens`, none of its token vectors).

    Without token vectors (`Settings.token_vectors` off) a record's vectors are complete without them.
    """
    tokens_needed = " AND v.tokens IS NOT NULL" if with_tokens else ""
    rows = store.db.execute(
        "SELECT r.rowid FROM records r LEFT JOIN vectors v ON v.rowid = r.rowid AND v.model = ?"
        f"{tokens_needed} WHERE v.rowid IS NULL ORDER BY r.rowid",
        (model_id,),
    )
    return [int(r[0]) for r in rows]


# Texts embedded lately in one `update`, kept by text so a repeat is not embedded again: boilerplate
# sentences (eight MedlinePlus/GARD sentences recur 2,243 times each in the shared library, where
# 15% of all sentences repeat one embedded before) and the title of a record without an abstract,
# whose one sentence is its whole text. Each text runs alone, so a repeat's vector is the same.
RECENT_TEXTS = 5_000  # at most 7.5 MiB of vectors


class _Recent:
    """The vectors of the last RECENT_TEXTS texts embedded, by text (least recently used dropped)."""

    def __init__(self, size: int = RECENT_TEXTS) -> None:
        self.size = size
        self._vectors: OrderedDict[str, FloatArray] = OrderedDict()

    def get(self, text: str) -> FloatArray | None:
        vector = self._vectors.get(text)
        if vector is not None:
            self._vectors.move_to_end(text)
        return vector

    def put(self, text: str, vector: FloatArray) -> None:
        self._vectors[text] = vector.copy()  # a row of a batch's array would keep all of it alive
        self._vectors.move_to_end(text)
        if len(self._vectors) > self.size:
            self._vectors.popitem(last=False)


def _embed_once(embedder: TextEmbedder, texts: Sequence[str], recent: _Recent) -> FloatArray:
    """`embedder.embed(texts)`, embedding each distinct text not seen lately only once."""
    out = np.empty((len(texts), embedder.dim), np.float32)
    todo: dict[str, list[int]] = {}
    for i, text in enumerate(texts):
        known = recent.get(text)
        if known is not None:
            out[i] = known
        else:
            todo.setdefault(text, []).append(i)
    if todo:
        for (text, rows), vector in zip(todo.items(), embedder.embed(list(todo)), strict=True):
            out[rows] = vector
            recent.put(text, vector)
    return out


def update(
    store: Store,
    embedder: TextEmbedder,
    batch_size: int = 128,
    progress: Callable[[int, int], None] | None = None,
    with_tokens: bool = True,
) -> int:
    """Embed every record that lacks vectors; returns how many were embedded.

    Works in batches, each committed on its own, so a killed run keeps what it finished.
    `progress(done, total)` is called after each batch. `with_tokens`: store token vectors too
    (about 10 KiB a record; `Settings.token_vectors`).
    """
    todo = missing(store, embedder.model_id, with_tokens)
    done = 0
    recent = _Recent()
    for start in range(0, len(todo), batch_size):
        chunk = todo[start : start + batch_size]
        records = store.get_many(chunk)
        rowids = [r for r in chunk if r in records]
        documents = [document_text(records[r]) for r in rowids]
        packed: list[tuple[bytes | None, bytes | None]] = [(None, None)] * len(rowids)
        if with_tokens:
            docs, states = embedder.embed_tokens(documents)
            packed = [tokens.pack(*kept) for kept in states]
        else:
            docs = embedder.embed(documents)
        per_record = [sentence_texts(records[r]) for r in rowids]
        for texts, text, vector in zip(per_record, documents, docs, strict=True):
            if texts == [text]:  # a bare title (or a lone sentence): its one sentence is its whole text
                recent.put(text, vector)
        flat = [t for texts in per_record for t in texts]
        sentence_vectors = _embed_once(embedder, flat, recent)
        rows = []
        offset = 0
        for i, rowid in enumerate(rowids):
            n = len(per_record[i])
            rows.append(
                (
                    rowid,
                    embedder.model_id,
                    docs[i].astype(np.float16).tobytes(),
                    sentence_vectors[offset : offset + n].astype(np.float16).tobytes(),
                    n,
                    *packed[i],
                )
            )
            offset += n
        with store.transaction():
            # Only for records still present: a concurrent delete must not leave orphan vectors.
            store.db.executemany(
                "INSERT OR REPLACE INTO vectors(rowid, model, digest, doc, sentences, n_sentences, tokens, token_ids)"
                " SELECT ?, ?, digest, ?, ?, ?, ?, ? FROM records WHERE rowid = ?",
                [(*row, row[0]) for row in rows],
            )
        done += len(rowids)
        if progress:
            progress(done, len(todo))
    return done


@dataclass(frozen=True)
class VectorIndex:
    """All vectors of a library in memory, for brute-force cosine search.

    Whole texts are scanned exactly in float32 (13,549 x 384 in the shared library, well under a
    millisecond). Sentences, ten or so a record, are held as int8 codes (`library.quantized`): a
    quarter of the memory and less than half the time of float32 for a cosine within about 0.003.
    Where a record's sentences are weighed one by one (the overview), `sentence_vectors` reads the
    stored vectors themselves.
    """

    model_id: str
    generation: int
    rowids: IntArray
    docs: FloatArray
    sentences: QuantizedMatrix
    sentence_start: IntArray
    token_frequencies: IntArray  # how many records hold each token id (IDF of a question's tokens)

    def sentence_vectors(self, store: Store, rowids: Sequence[int]) -> dict[int, FloatArray]:
        """These records' sentence vectors, exact as stored, in `sentence_texts(record)` order (title first).

        Read from the library for the few records whose sentences are weighed one by one; the
        in-memory index keeps only their int8 codes.
        """
        dim = self.docs.shape[1]
        return {
            rowid: np.frombuffer(blob or b"", dtype=np.float16).reshape(-1, dim).astype(np.float32)
            for rowid, blob in _blobs(store, self.model_id, "sentences", rowids)
        }

    @classmethod
    def load(cls, store: Store, model_id: str, dim: int) -> VectorIndex:
        """Read every vector of `model_id` from the library."""
        generation = store.generation()
        rowids: list[int] = []
        docs: list[bytes] = []
        sentence_blobs: list[bytes] = []
        counts: list[int] = []
        id_blobs: list[bytes] = []
        for rowid, doc, sents, n, token_ids in store.db.execute(
            "SELECT rowid, doc, sentences, n_sentences, token_ids FROM vectors WHERE model = ? ORDER BY rowid",
            (model_id,),
        ):
            rowids.append(rowid)
            docs.append(doc)
            sentence_blobs.append(sents)
            counts.append(n)
            id_blobs.append(token_ids or b"")
        doc_matrix = np.frombuffer(b"".join(docs), dtype=np.float16).reshape(-1, dim).astype(np.float32)
        sent_matrix = QuantizedMatrix.of(np.frombuffer(b"".join(sentence_blobs), dtype=np.float16), dim)
        return cls(
            model_id=model_id,
            generation=generation,
            rowids=np.array(rowids, dtype=np.int64),
            docs=doc_matrix,
            sentences=sent_matrix,
            sentence_start=np.concatenate([[0], np.cumsum(counts, dtype=np.int64)]).astype(np.int64),
            token_frequencies=tokens.document_frequencies(id_blobs),
        )

    def __len__(self) -> int:
        return len(self.rowids)

    @cached_property
    def position(self) -> dict[int, int]:
        """Row of each record in the matrices, by rowid."""
        return {int(r): i for i, r in enumerate(self.rowids)}

    def scores(self, query: FloatArray) -> tuple[FloatArray, FloatArray]:
        """Cosine of the query with every record's whole text, and with its best sentence."""
        doc_scores = self.docs @ query
        best = np.full(len(self.rowids), -1.0, dtype=np.float32)
        if len(self.sentences):
            # Sentences are stored grouped by record, so each record's best is a segment maximum.
            has = self.sentence_start[1:] > self.sentence_start[:-1]
            best[has] = np.maximum.reduceat(self.sentences.dot(query), self.sentence_start[:-1][has])
        return doc_scores.astype(np.float32), best

    def token_weights(self, token_ids: Sequence[int]) -> FloatArray:
        """IDF squared over this library of each of a question's tokens (see `tokens.weights`)."""
        return tokens.weights(token_ids, self.token_frequencies, len(self.rowids))


def _blobs(store: Store, model_id: str, column: str, rowids: Sequence[int]) -> list[tuple[int, bytes | None]]:
    """(rowid, `column` of the vectors table) of those of these records that have vectors of `model_id`."""
    sql = f"SELECT rowid, {column} FROM vectors WHERE model = ? AND rowid IN ({{rowids}})"
    return [(int(rowid), blob) for rowid, blob in store.rows_for(sql, rowids, (model_id,))]


def token_blobs(store: Store, model_id: str, rowids: Sequence[int]) -> tuple[list[int], bytes, IntArray]:
    """(rowids that have token vectors, their stored bytes one after another, where each one's tokens start).

    For `tokens.maxsim_packed`, which scores them without unpacking; the starts end with the total.
    """
    found = [(rowid, blob) for rowid, blob in _blobs(store, model_id, "tokens", rowids) if blob is not None]
    sizes = [len(blob) // (tokens.TOKEN_DIM // 2) for _, blob in found]
    starts = np.concatenate([[0], np.cumsum(sizes, dtype=np.int64)]).astype(np.int64)
    return [rowid for rowid, _ in found], b"".join(blob for _, blob in found), starts


def token_vectors(store: Store, model_id: str, rowids: Sequence[int]) -> dict[int, FloatArray]:
    """The stored token vectors of these records, unpacked (search scores `token_blobs` without unpacking).

    Unpacked in one piece and cut into views: per record, numpy's call overhead was a third of the cost.
    """
    found, packed, starts = token_blobs(store, model_id, rowids)
    every = tokens.unpack(packed)
    return {rowid: every[starts[i] : starts[i + 1]] for i, rowid in enumerate(found)}


_cache: dict[tuple[str, str, bool], VectorIndex] = {}
_lock = threading.Lock()


def index_for(store: Store, embedder: TextEmbedder, with_tokens: bool = True) -> VectorIndex:
    """The in-memory index of this library, brought up to date and reloaded when the store changed."""
    key = (str(store.path.resolve()), embedder.model_id, with_tokens)
    with _lock:
        cached = _cache.get(key)
        generation = store.generation()
        # Vectors can only go missing when records change, which bumps the generation.
        if cached is not None and cached.generation == generation:
            return cached
        update(store, embedder, with_tokens=with_tokens)
        index = VectorIndex.load(store, embedder.model_id, embedder.dim)
        _cache[key] = index
        return index
