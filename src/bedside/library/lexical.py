"""BM25 search over the FTS5 index that `Store` keeps in step with the records.

FTS5 was chosen over tantivy and bm25s because it lives in the same SQLite file and is written in
the same transaction as the record, so the index can never disagree with the store, even after a
killed ingest (see docs/design.md for the figures behind the choice).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import snowballstemmer

from bedside.library.store import Store
from bedside.text.spelling import fold

# Words that carry no topic. FTS5 has no stopword list; dropping these keeps OR-queries selective.
STOPWORDS = frozenset(
    [
        "a",
        "about",
        "above",
        "after",
        "again",
        "against",
        "all",
        "also",
        "am",
        "an",
        "and",
        "any",
        "are",
        "as",
        "at",
        "be",
        "because",
        "been",
        "before",
        "being",
        "below",
        "between",
        "both",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "doing",
        "down",
        "during",
        "each",
        "few",
        "for",
        "from",
        "further",
        "had",
        "has",
        "have",
        "having",
        "he",
        "her",
        "here",
        "hers",
        "him",
        "his",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "just",
        "me",
        "more",
        "most",
        "my",
        "no",
        "nor",
        "not",
        "of",
        "off",
        "on",
        "once",
        "only",
        "or",
        "other",
        "our",
        "out",
        "over",
        "own",
        "same",
        "she",
        "should",
        "so",
        "some",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "too",
        "under",
        "until",
        "up",
        "very",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
    ]
)

_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*", re.UNICODE)

# Column weights for bm25(): title, abstract, MeSH/keywords.
DEFAULT_WEIGHTS = (1.0, 1.0, 0.5)


@dataclass(frozen=True)
class Hit:
    """One lexical match: the record's rowid and a BM25 score (higher is better)."""

    rowid: int
    score: float


def terms(text: str) -> list[str]:
    """The query words worth searching for, lower-cased, stopwords removed, order kept, no repeats.

    Folded to the index's spelling first ('tumour' is searched as 'tumor', 'IFN-γ' as 'ifn gamma').
    """
    return content_words(fold(text))


def content_words(text: str) -> list[str]:
    """The content words of a text as written (`terms` without folding): lower-cased, no stopwords."""
    seen: dict[str, None] = {}
    for word in _WORD.findall(text.lower()):
        for part in word.replace("'", "-").split("-"):
            if part and part not in STOPWORDS and (len(part) > 1 or part.isdigit()):
                seen.setdefault(part, None)
    return list(seen)


_COMPOUND = re.compile(r"(?<![\w-])[^\W_]+(?:-[^\W_]+)+(?![\w-])")


def symbol_phrases(text: str) -> list[str]:
    """The hyphenated names of a text written as symbols ('IL-10', 'GATA-1', 'G-CSF'), each as a phrase.

    The index splits 'GATA-1' into 'gata' and '1', and '1' is in almost every record, so the words
    alone find GATA-4 as readily as GATA-1; the phrase finds the name. A compound with a lower-case
    word of four letters or more ('IL-10-treated', 'Sf1-expressing', 'long-term') is not a symbol.
    """
    phrases: dict[str, None] = {}
    for m in _COMPOUND.finditer(text):
        name = m.group()
        parts = name.split("-")
        if any(p.isalpha() and p.islower() and len(p) > 3 for p in parts):
            continue
        if any(c.isdigit() for c in name) or sum(c.isupper() for c in name) >= 2:
            phrases.setdefault(" ".join(fold(name).lower().replace("-", " ").split()), None)
    return list(phrases)


def match_expression(words: list[str]) -> str:
    """An FTS5 MATCH string that ORs the quoted words (quoting keeps FTS5 syntax out of user text)."""
    return " OR ".join('"' + w.replace('"', '""') + '"' for w in words)


def search(
    store: Store,
    query: str | list[str],
    limit: int = 100,
    weights: tuple[float, float, float] = DEFAULT_WEIGHTS,
) -> list[Hit]:
    """BM25-ranked records for a free-text query (or a list of words), best first."""
    words = terms(query) if isinstance(query, str) else query
    if not words:
        return []
    sql = "SELECT rowid, bm25(records_fts, ?, ?, ?) AS s FROM records_fts WHERE records_fts MATCH ? ORDER BY s LIMIT ?"
    rows = store.db.execute(sql, (*weights, match_expression(words), limit)).fetchall()
    return [Hit(rowid=int(r), score=-float(s)) for r, s in rows]


class Listed(NamedTuple):
    """A record as a ranking lists it, with the text its facets are matched in, read without parsing it."""

    id: str
    title: str
    kind: str
    year: int | None
    retracted: bool
    text: str  # the index's copy of title, abstract and MeSH + keywords, folded to one spelling


def listed(store: Store, rowids: Sequence[int]) -> dict[int, Listed]:
    """Listings of the given records by rowid (cheaper than `Store.get_many`: no JSON is parsed)."""
    sql = (
        "SELECT r.rowid, r.id, r.title, r.kind, r.year, r.retracted, f.title, f.abstract, f.mesh FROM records r"
        " JOIN records_fts f ON f.rowid = r.rowid WHERE r.rowid IN ({rowids})"
    )
    return {
        int(rowid): Listed(rid, title, kind, year, bool(retracted), "\n".join(indexed))
        for rowid, rid, title, kind, year, retracted, *indexed in store.rows_for(sql, rowids)
    }


# The original Porter algorithm, as FTS5's `porter` tokenizer applies it: the same word gives
# the same stem on both sides, so a stem can be looked up in the index's own vocabulary.
_PORTER = snowballstemmer.stemmer("porter")


def stem(word: str) -> str:
    """Porter stem of a lower-cased word ('neurones' -> 'neuron', 'ubiquitinated' -> 'ubiquitin')."""
    return str(_PORTER.stemWord(word.lower()))


def document_frequencies(store: Store, words: Iterable[str]) -> dict[str, int]:
    """How many records hold each word (in any inflection), read from FTS5's own counts.

    FTS5 already counts documents per stem; its `fts5vocab` view reads the count from the index
    instead of walking the word's posting list, so the cost does not grow with how common the word
    is (on 13,553 records, warm: 0.05 to 0.3 ms a word, about what a MATCH count costs there; a
    MATCH count of a common word grows with the library).
    """
    db = store.db
    db.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.records_vocab USING fts5vocab(main, records_fts, row)")
    out: dict[str, int] = {}
    for word in words:
        # The index holds folded text: 'tumour' is counted as 'tumor'. A word that folds into
        # several ('p110α' -> 'p110 alpha') is counted as that phrase: by its parts alone 'alpha'
        # would make p110α as common as any alpha.
        parts = content_words(fold(word))
        if len(parts) > 1:
            sql = "SELECT count(*) FROM records_fts WHERE records_fts MATCH ?"
            out[word] = int(db.execute(sql, ('"' + " ".join(parts).replace('"', "") + '"',)).fetchone()[0])
            continue
        row = db.execute("SELECT doc FROM temp.records_vocab WHERE term = ?", (stem(parts[0] if parts else word),))
        found = row.fetchone()
        out[word] = int(found[0]) if found else 0
    return out


# A word in at most this share of the library names something specific (a drug, a gene, a rare
# disease) rather than a way of speaking ("expressed", "marker", "mutations"); see WordCounts.specific.
SPECIFIC_SHARE = 0.03


@dataclass(frozen=True)
class WordCounts:
    """How many records hold each of a question's words, and how many records there are.

    Read once per question: the appraisal weighs the words by it (`rarity`), picks the ones that
    name a subject (`specific`), and the overview says which no record holds.
    """

    total: int
    frequencies: dict[str, int]

    def rarity(self) -> dict[str, float]:
        """Inverse document frequency of each word: log((N + 1) / (df + 1)), 0 when unseen.

        How much a question word says about a record depends on how rare it is here: "cells" is in
        a third of a biology library and "ubiquitin" in half a percent. A word no record holds (a
        misspelling such as "antinflammatory", a variant such as "OCT3/4" for "Oct4") cannot tell
        one record from another, so it weighs nothing rather than the most.
        """
        return {w: math.log((self.total + 1) / (df + 1)) if df else 0.0 for w, df in self.frequencies.items()}

    def specific(self, share: float = SPECIFIC_SHARE) -> frozenset[str]:
        """The words held by at most `share` of the records, unseen ones included.

        When a question asks about "cabotegravir" and the library never names it, no record can be
        direct evidence on it, and the appraisal must say so instead of letting the records on HIV
        stand in for it (`appraise.applicability`, the subject rule).
        """
        return frozenset(w for w, df in self.frequencies.items() if df <= share * self.total)

    def unseen(self, words: Iterable[str]) -> list[str]:
        """Those of `words` (in any case) that no record holds."""
        return [w for w in words if not self.frequencies.get(w.lower())]


def word_counts(store: Store, words: Iterable[str]) -> WordCounts:
    """The library's counts of `words` (see `document_frequencies`) and its size."""
    return WordCounts(store.count(), document_frequencies(store, words))


def rarity(store: Store, words: Iterable[str]) -> dict[str, float]:
    """Inverse document frequency of each word in this library (`WordCounts.rarity`)."""
    return word_counts(store, words).rarity()


def specific_words(store: Store, words: Iterable[str], share: float = SPECIFIC_SHARE) -> frozenset[str]:
    """The words held by at most `share` of the library's records (`WordCounts.specific`)."""
    return word_counts(store, words).specific(share)
