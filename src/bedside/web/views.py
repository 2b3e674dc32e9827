"""Page contexts: engine results worded for templates, shared by the HTML pages.

Wording lives here (dates, kind names, counts) so templates hold no logic, and so the pages
read the same numbers their JSON twins return.
"""

from __future__ import annotations

from typing import Any

from bedside.appraise.levels import level_of
from bedside.compose import audience as audiences
from bedside.library.articles import Article
from bedside.models import Record
from bedside.render.citations import safe_link
from bedside.render.html import article_context
from bedside.render.markdown import STATUS_STEPS, format_date, format_time
from bedside.web.engine import ArticleView
from bedside.web.exports import FORMATS, filename

_STATUS_LABELS = dict(STATUS_STEPS)


def kind_label(kind: str) -> str:
    """'systematic_review' -> 'Systematic review'."""
    return kind.replace("_", " ").capitalize()


def audience_options() -> list[dict[str, str]]:
    """The audience radio buttons: name and label, in the order the compose stage defines."""
    return [{"name": name, "label": audiences.style(name).label} for name in audiences.names()]


def article_item(article: Article) -> dict[str, str]:
    """One line of an article list."""
    return {
        "id": article.id,
        "question": article.question,
        "status_label": _STATUS_LABELS.get(article.status, article.status),
        "date": format_date(article.created_at),
        "audience": audiences.style(article.audience).label.lower(),
    }


def library_summary(info: dict[str, Any]) -> dict[str, Any]:
    """Size and freshness as one line of words."""
    return {
        **info,
        "records_text": f"{info['records']:,} record(s)",
        "newest": info["newest_record_date"] or "unknown",
        "last_ingest_text": format_date(info["last_ingest"]) if info["last_ingest"] else "never",
        "last_ingest_time": format_time(info["last_ingest"]) if info["last_ingest"] else "never",
    }


def article_page(view: ArticleView, max_chars: int) -> dict[str, Any]:
    """The article template's context: the renderer's own, plus the thread, audience and downloads."""
    context = article_context(view.overview, standalone=False)
    context.update(
        {
            "article_id": view.article.id,
            "audiences": audience_options(),
            "audience_name": view.audience,
            "parent": article_item(view.parent) if view.parent else None,
            "children": [article_item(c) for c in view.children],
            "asked_as": view.article.question,
            "searched_as": view.article.search_text,
            "max_chars": max_chars,
            "formats": [
                {"name": f.name, "label": f.label, "filename": filename(view.article.id, f.name)}
                for f in FORMATS.values()
            ],
            "sources": [
                {"n": r.n, "record_id": r.record_id} for r in sorted(view.overview.references, key=lambda r: r.n)
            ],
        }
    )
    return context


def record_page(record: Record, cited_in: list[tuple[Article, int]]) -> dict[str, Any]:
    """The record template's context: metadata worded, sections as stored, citing articles."""
    level = level_of(record)
    journal = record.journal.title or record.publisher
    authors = ", ".join(a.display for a in record.authors[:6]) + (" et al." if len(record.authors) > 6 else "")
    rows = [
        ("Id", record.id),
        ("Kind", kind_label(record.kind.value)),
        ("Level of evidence", f"Level {int(level)} ({level.label})" if level is not None else "No level"),
        ("Journal or publisher", journal),
        ("Year", str(record.year or "")),
        ("Authors", authors),
        ("Publication types", "; ".join(record.publication_types)),
        ("PMID", record.pmid),
        ("DOI", record.doi),
    ]
    return {
        "title": record.title or record.id,
        "record_id": record.id,
        "retracted": record.retracted,
        "meta": [(name, value) for name, value in rows if value],
        "link": safe_link(record.url),
        "sections": [{"label": s.label, "text": s.text} for s in record.sections],
        "cited_in": cited_in,
    }
