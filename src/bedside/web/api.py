"""The JSON API: a twin of every page, made from the same engine calls.

`POST /api/ask` returns the overview JSON (the schema `bedside ask --format json` prints) plus
the stored article's id and thread, so a client can link to `/articles/{article_id}`. Errors
are JSON `{"detail": ..., "status": ...}` with the status a client can act on (see app.py).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query
from pydantic import BaseModel, Field

from bedside.compose import audience as audiences
from bedside.models import Overview
from bedside.search.retrieve import SearchError
from bedside.web import policy, views
from bedside.web.engine import ArticleView, record_json
from bedside.web.pages import EngineDep
from bedside.web.search_filters import FilterQuery, filter_query

router = APIRouter(prefix="/api", tags=["api"])


class AskRequest(BaseModel):
    """A question to answer."""

    question: str = Field(description="The clinical question, in your own words (at most 1000 characters).")
    audience: str = Field("clinician", description=f"Who is reading: {', '.join(audiences.names())}.")
    parent_id: str | None = Field(
        None, description="Ask as a follow-up of this article: its condition is kept when the question names none."
    )


class ThreadLink(BaseModel):
    """A follow-up article."""

    article_id: str = Field(description="Id of the follow-up article.")
    question: str = Field(description="Its question.")


class ArticleOut(Overview):
    """The overview JSON plus the stored article's id, status and follow-up thread."""

    article_id: str = Field(description="Id of the stored article; its page is /articles/{article_id}.")
    article_url: str = Field(description="Address of the article page.")
    asked_as: str = Field(description="The question as typed.")
    searched_as: str = Field(description="What was searched (a follow-up gains the thread's condition).")
    created_at: str = Field(description="When the article was first asked (UTC).")
    parent_id: str | None = Field(None, description="The article this one follows up, if any.")
    children: list[ThreadLink] = Field(default_factory=list, description="Follow-up articles asked from this one.")


def _article_out(view: ArticleView) -> ArticleOut:
    return ArticleOut.model_validate(view.as_json())


def _audience(name: str | None) -> str | None:
    if name is None:
        return None
    try:
        return audiences.style(name).name
    except ValueError as exc:
        raise HTTPException(400, str(exc)) from exc


@router.post("/ask", response_model=ArticleOut, summary="Answer a question and store it as an article")
def ask(body: AskRequest, engine: EngineDep) -> ArticleOut:
    """Compose the overview for a question (400 when empty or over-long; 404 for an unknown parent_id)."""
    audience = _audience(body.audience) or "clinician"
    try:
        view = engine.ask(body.question, audience, parent_id=body.parent_id)
    except SearchError as exc:
        raise HTTPException(400, str(exc)) from exc
    return _article_out(view)


@router.get("/articles/{article_id}", response_model=ArticleOut, summary="An article (twin of /articles/{id})")
def article(
    article_id: str,
    engine: EngineDep,
    audience: Annotated[str | None, Query(description="Show it for this audience.")] = None,
) -> ArticleOut:
    """The stored article, re-composed once for another audience when asked."""
    return _article_out(engine.article(article_id, _audience(audience)))


@router.get("/records/{record_id:path}", summary="A record (twin of /records/{id})")
def record(record_id: str, engine: EngineDep) -> dict[str, Any]:
    """The whole record with its sentences, level and the articles that cite it."""
    found, cited_in = engine.record(record_id)
    return record_json(found, cited_in)


@router.get("/search", summary="Search the library (twin of /search?q=)")
def search(
    engine: EngineDep,
    chosen: Annotated[FilterQuery, Depends(filter_query)],
    q: Annotated[str, Query(description="What to search for (at most 1000 characters).")] = "",
) -> dict[str, Any]:
    """The records that best answer the query, with the facets understood (as `bedside search --json`).

    Filters as on the page: `kind` (repeatable), `from`, `to`, `level`, `retracted`.
    """
    try:
        return engine.search(q, filters=chosen.filters()).as_json()
    except (SearchError, ValueError) as exc:
        raise HTTPException(400, str(exc)) from exc


@router.get("/home", summary="Home page data (twin of /)")
def home(engine: EngineDep) -> dict[str, Any]:
    """Library size and freshness, approved and recent articles, and the audiences to choose from."""
    return {
        "library": engine.library(),
        "approved": [views.article_item(a) for a in engine.approved()],
        "recent": [views.article_item(a) for a in engine.recent()],
        "audiences": views.audience_options(),
    }


@router.get("/library", summary="Library counts (twin of /library)")
def library(engine: EngineDep) -> dict[str, Any]:
    """Records by kind, newest source date, last ingest and generation."""
    return engine.library()


@router.get("/editorial-policy", summary="The editorial policy (twin of /editorial-policy)")
def editorial_policy() -> dict[str, Any]:
    """How articles are written and reviewed."""
    return policy.as_json()
