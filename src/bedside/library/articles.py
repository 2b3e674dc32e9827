"""Articles: asked questions kept with their overview, review status and follow-up thread.

An overview is a snapshot of what the library said when the question was asked, so it is
stored whole (JSON) rather than recomposed on every view: a reader who comes back, or a
reviewer who approves it later, sees the same text and the same numbered references.
Re-renderings for another audience are cached beside it (`article_versions`), keyed by
article and audience, so switching "Which best describes you?" back and forth is instant
and stable. The editorial workflow (reviewers, approval) is a later step: only 'submitted'
articles are created here, but every reader of an article takes the status from its row.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass

from bedside.library.store import Store, now
from bedside.models import Overview

STATUSES = ("submitted", "under_review", "approved")
ID_LENGTH = 12


@dataclass(frozen=True)
class Article:
    """One stored article: the overview as first composed, and where it sits in a thread."""

    id: str
    question: str
    search_text: str
    audience: str
    status: str
    overview: Overview
    parent_id: str | None
    created_at: str
    updated_at: str


_COLUMNS = "id, question, search_text, audience, status, overview, parent_id, created_at, updated_at"


def _row_to_article(row: tuple[str, str, str, str, str, str, str | None, str, str]) -> Article:
    return Article(
        id=row[0],
        question=row[1],
        search_text=row[2],
        audience=row[3],
        status=row[4],
        overview=Overview.model_validate_json(row[5]),
        parent_id=row[6],
        created_at=row[7],
        updated_at=row[8],
    )


def new_id(question: str, audience: str) -> str:
    """A short id that is stable once made and unguessable enough that ids are not enumerated by counting."""
    seed = f"{question}\0{audience}\0{time.time_ns()}\0{os.urandom(8).hex()}"
    return hashlib.sha256(seed.encode("utf-8")).hexdigest()[:ID_LENGTH]


def looks_like_id(text: str) -> bool:
    """True when `text` has the shape of an article id (12 lowercase hex digits)."""
    return len(text) == ID_LENGTH and all(c in "0123456789abcdef" for c in text)


def save(
    store: Store,
    overview: Overview,
    *,
    question: str,
    audience: str,
    search_text: str = "",
    parent_id: str | None = None,
) -> Article:
    """Store a newly composed overview as a 'submitted' article and return it."""
    stamp = now()
    article_id = new_id(question, audience)
    store.db.execute(
        f"INSERT INTO articles({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?)",
        (
            article_id,
            question,
            search_text or question,
            audience,
            "submitted",
            overview.model_dump_json(),
            parent_id,
            stamp,
            stamp,
        ),
    )
    found = get(store, article_id)
    assert found is not None
    return found


def get(store: Store, article_id: str) -> Article | None:
    """The article with this id, or None."""
    row = store.db.execute(f"SELECT {_COLUMNS} FROM articles WHERE id = ?", (article_id,)).fetchone()
    return _row_to_article(row) if row else None


def _listing(store: Store, where: str, params: tuple[object, ...], limit: int) -> list[Article]:
    rows = store.db.execute(
        f"SELECT {_COLUMNS} FROM articles WHERE {where} ORDER BY created_at DESC, rowid DESC LIMIT ?",
        (*params, limit),
    ).fetchall()
    return [_row_to_article(row) for row in rows]


def list_recent(store: Store, limit: int = 10) -> list[Article]:
    """The newest articles first, whatever their status."""
    return _listing(store, "1", (), limit)


def list_approved(store: Store, limit: int = 10) -> list[Article]:
    """The newest approved articles first: the ones a reviewer has signed off."""
    return _listing(store, "status = 'approved'", (), limit)


def children(store: Store, article_id: str) -> list[Article]:
    """Follow-up articles asked from this one, oldest first (the order of the conversation)."""
    rows = store.db.execute(
        f"SELECT {_COLUMNS} FROM articles WHERE parent_id = ? ORDER BY created_at, rowid", (article_id,)
    ).fetchall()
    return [_row_to_article(row) for row in rows]


def count(store: Store) -> int:
    """Number of stored articles."""
    return int(store.db.execute("SELECT count(*) FROM articles").fetchone()[0])


def set_status(store: Store, article_id: str, status: str) -> None:
    """Move an article along the review steps (the reviewer workflow will call this)."""
    if status not in STATUSES:
        raise ValueError(f"unknown status {status!r}; use one of: {', '.join(STATUSES)}")
    store.db.execute("UPDATE articles SET status = ?, updated_at = ? WHERE id = ?", (status, now(), article_id))


def get_version(store: Store, article_id: str, audience: str) -> Overview | None:
    """The article re-composed for `audience`, when it has been before."""
    row = store.db.execute(
        "SELECT overview FROM article_versions WHERE article_id = ? AND audience = ?", (article_id, audience)
    ).fetchone()
    return Overview.model_validate_json(row[0]) if row else None


def save_version(store: Store, article_id: str, audience: str, overview: Overview) -> None:
    """Keep the article's overview for another audience, so the next switch shows the same text."""
    store.db.execute(
        "INSERT OR REPLACE INTO article_versions(article_id, audience, overview, created_at) VALUES (?,?,?,?)",
        (article_id, audience, overview.model_dump_json(), now()),
    )


def citing(store: Store, record_id: str, limit: int = 50) -> list[tuple[Article, int]]:
    """Articles whose references include `record_id`, with the reference number it has there."""
    rows = store.db.execute(
        f"SELECT {', '.join('a.' + c.strip() for c in _COLUMNS.split(','))}, json_extract(r.value, '$.n')"
        " FROM articles a, json_each(a.overview, '$.references') r"
        " WHERE json_extract(r.value, '$.record_id') = ? ORDER BY a.created_at DESC LIMIT ?",
        (record_id, limit),
    ).fetchall()
    return [(_row_to_article(row[:9]), int(row[9])) for row in rows]
