"""What the web app does, apart from HTTP: the CLI's core functions behind one lock.

The pages and the JSON API both call this module, so an HTML page and its JSON twin can never
disagree. There is one Store (one SQLite connection) and one Retriever (one embedding model
and vector index) per app; web handlers run in a thread pool, and neither the connection's
transactions nor the retriever's lazily built caches are safe to share between threads at
once, so every call takes the engine's lock. Asking takes about half a second, which makes a
single lock an honest fit for a library-sized, single-machine service.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from bedside.appraise.levels import LibraryLevels, grade, level_of
from bedside.compose import audience as audiences
from bedside.compose.ask import ask
from bedside.library import articles
from bedside.library.articles import Article
from bedside.library.store import Store
from bedside.models import Overview, Record
from bedside.search import facets as facet_analysis
from bedside.search.filters import Filters
from bedside.search.results import SearchOutcome
from bedside.search.retrieve import Retriever, SearchError
from bedside.settings import Settings


class NotFound(LookupError):
    """An article or record id the library does not hold."""


@dataclass(frozen=True)
class ArticleView:
    """An article as shown to one audience, with its place in the follow-up thread."""

    article: Article
    overview: Overview
    audience: str
    parent: Article | None
    children: list[Article]

    def as_json(self) -> dict[str, Any]:
        """The overview JSON plus the article's id, status and thread: the API's article shape."""
        data = self.overview.model_dump(mode="json")
        data.update(
            {
                "article_id": self.article.id,
                "article_url": f"/articles/{self.article.id}",
                "status": self.article.status,
                "asked_as": self.article.question,
                "searched_as": self.article.search_text,
                "created_at": self.article.created_at,
                "parent_id": self.article.parent_id,
                "children": [{"article_id": c.id, "question": c.question} for c in self.children],
            }
        )
        return data


def followup_search_text(followup: str, parent: Overview) -> str:
    """What to search for a follow-up: its own words, plus the thread's condition when it names none.

    "And alemtuzumab?" asked under a question about multiple sclerosis means alemtuzumab *in
    multiple sclerosis*; searching the bare words would answer for any disease. A follow-up
    that names its own condition is taken as it is.
    """
    text = followup.strip()
    if not parent.facets.condition or facet_analysis.analyse(text).condition:
        return text
    condition = " and ".join(term.concept for term in parent.facets.condition)
    return f"{text.rstrip(' ?.!')} in {condition}?"


class Engine:
    """The library, the retriever and the lock that serialises them."""

    def __init__(self, settings: Settings, *, fetch: bool | None = False) -> None:
        self.settings = settings
        self.fetch = fetch
        self.store = Store.open(settings.db)
        self.retriever = Retriever(self.store, settings, levels=LibraryLevels())
        self.lock = threading.Lock()

    def close(self) -> None:
        """Close the library file."""
        with self.lock:
            self.store.close()

    def prepare(self) -> None:
        """Load the model and bring vectors up to date before the first request, when the library has records."""
        with self.lock:
            if self.store.count():
                self.retriever.prepare()

    # -- articles ------------------------------------------------------------------------------
    def ask(self, question: str, audience: str = "clinician", parent_id: str | None = None) -> ArticleView:
        """Answer a question (a follow-up when `parent_id` is given) and store it as a new article.

        Raises SearchError for an empty or over-long question or an empty library, ValueError for
        an unknown audience and NotFound for an unknown parent.
        """
        name = audiences.style(audience).name
        question = question.strip()
        with self.lock:
            parent = articles.get(self.store, parent_id) if parent_id else None
            if parent_id and parent is None:
                raise NotFound(f"no article with id {parent_id!r}")
            search_text = followup_search_text(question, parent.overview) if parent and question else question
            overview = ask(search_text, self.store, self.settings, audience=name, fetch=self.fetch)
            overview = overview.model_copy(update={"title": question})
            article = articles.save(
                self.store,
                overview,
                question=question,
                audience=name,
                search_text=search_text,
                parent_id=parent.id if parent else None,
            )
            return self._view(article, name)

    def article(self, article_id: str, audience: str | None = None) -> ArticleView:
        """An article for `audience` (its own audience when None), composing that version once."""
        with self.lock:
            article = articles.get(self.store, article_id)
            if article is None:
                raise NotFound(f"no article with id {article_id!r}")
            name = audiences.style(audience).name if audience else article.audience
            return self._view(article, name)

    def _view(self, article: Article, audience: str) -> ArticleView:
        if audience == article.audience:
            overview = article.overview
        else:
            cached = articles.get_version(self.store, article.id, audience)
            if cached is None:
                cached = ask(article.search_text, self.store, self.settings, audience=audience, fetch=False)
                cached = cached.model_copy(update={"title": article.question})
                articles.save_version(self.store, article.id, audience, cached)
            overview = cached
        overview = overview.model_copy(update={"status": article.status})
        parent = articles.get(self.store, article.parent_id) if article.parent_id else None
        return ArticleView(article, overview, audience, parent, articles.children(self.store, article.id))

    def recent(self, limit: int = 10) -> list[Article]:
        """The newest articles."""
        with self.lock:
            return articles.list_recent(self.store, limit)

    def approved(self, limit: int = 10) -> list[Article]:
        """The newest approved articles."""
        with self.lock:
            return articles.list_approved(self.store, limit)

    def records_for(self, overview: Overview) -> dict[str, Record]:
        """The full records behind an overview's references (exports need authors, DOIs, pages)."""
        with self.lock:
            found = {ref.record_id: self.store.get(ref.record_id) for ref in overview.references}
        return {key: record for key, record in found.items() if record is not None}

    # -- records, search, library -----------------------------------------------------------
    def record(self, record_id: str) -> tuple[Record, list[tuple[Article, int]]]:
        """A record and the articles that cite it (with its reference number in each)."""
        with self.lock:
            record = self.store.get(record_id)
            if record is None:
                raise NotFound(f"no record with id {record_id!r}")
            return record, articles.citing(self.store, record_id)

    def search(self, query: str, k: int = 20, filters: Filters | None = None) -> SearchOutcome:
        """The records that best answer `query` (SearchError for an empty or over-long one)."""
        with self.lock:
            outcome = self.retriever.search(query, k=k, filters=filters)
            grade(self.store, outcome.results)
            return outcome

    def library(self) -> dict[str, Any]:
        """Size and freshness of the library: what the home and library pages report."""
        with self.lock:
            return {
                "library": self.store.path.name,
                "records": self.store.count(),
                "by_kind": self.store.counts_by_kind(),
                "newest_record_date": self.store.newest_date(),
                "last_ingest": self.store.last_ingest(),
                "generation": self.store.generation(),
                "articles": articles.count(self.store),
            }


def record_json(record: Record, cited_in: list[tuple[Article, int]]) -> dict[str, Any]:
    """The record as `bedside library show --json` prints it, plus its level and where it is cited."""
    data = record.model_dump(mode="json")
    data["sections"] = [
        {"label": s.label, "category": s.category, "text": s.text, "sentences": s.sentence_texts()}
        for s in record.sections
    ]
    level = level_of(record)
    data["level"] = int(level) if level is not None else None
    data["level_label"] = level.label if level is not None else ""
    data["cited_in"] = [
        {"article_id": a.id, "question": a.question, "reference": n, "article_url": f"/articles/{a.id}"}
        for a, n in cited_in
    ]
    return data


__all__ = ["ArticleView", "Engine", "NotFound", "SearchError", "followup_search_text", "record_json"]
