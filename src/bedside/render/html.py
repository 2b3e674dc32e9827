"""An overview as an HTML page: standalone (one file, printable, phone-readable) or inside the web app.

Record text is untrusted, so templates are rendered with autoescaping on and links from
records are kept only when they are plain http(s) addresses. The page has no scripts at all:
citations show their quoted source sentence on hover and on keyboard focus with CSS alone, so a
strict Content-Security-Policy (`default-src 'none'`, the stylesheet allowed by hash) works.

The templates are split so the web app can reuse the same article body: `article.html`
extends `base.html`, and base leaves blocks (`nav`, `audience`, `followup`, `head`, `footer`)
for the app to fill. `environment()` and `article_context()` are public for that reason.
"""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from bedside.models import Bullet, Overview, Reference
from bedside.render.citations import (
    applicability_text,
    check_citations,
    level_or_why_not,
    safe_link,
    source_text,
    study_text,
)
from bedside.render.markdown import (
    NO_GUIDELINE,
    NO_REFERENCES,
    QUOTED_NOTE,
    TRIALS_NOTE,
    bullet_level,
    clean_text,
    facet_rows,
    format_date,
    format_time,
    is_pending,
    library_text,
    status_steps,
    title_of,
)

STYLESHEET_PATH = "/static/bedside.css"
_SLUG = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class QuoteView:
    """One quoted source sentence shown in a citation's tooltip."""

    quote: str
    section: str


@dataclass(frozen=True)
class CiteView:
    """A citation link: its number, the id of its tooltip, and what the tooltip says."""

    n: int
    tip_id: str
    quotes: tuple[QuoteView, ...]
    source: str


@dataclass(frozen=True)
class BulletView:
    """A bullet ready for the template: text, citations, level and any caution."""

    text: str
    cites: tuple[CiteView, ...]
    level: str
    indirect: bool
    note_label: str
    note: str


@dataclass(frozen=True)
class ReferenceView:
    """A reference with every field already worded, so templates hold no logic about levels or links."""

    n: int
    label: str
    label_class: str
    title: str
    source: str
    level: str
    applicability: str
    indirect: bool
    study: str
    link: str
    retracted: bool


@cache
def environment() -> Environment:
    """The Jinja environment for bedside's templates: autoescape always on, undefined names are errors."""
    return Environment(
        loader=PackageLoader("bedside.render", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


@cache
def stylesheet() -> str:
    """The page's CSS, read from package data (the same file the web app serves as /static/bedside.css)."""
    return resources.files("bedside.render").joinpath("static/bedside.css").read_text(encoding="utf-8")


def style_hash(css: str | None = None) -> str:
    """CSP source for the inline stylesheet ('sha256-...'), so `style-src` need not allow 'unsafe-inline'."""
    digest = hashlib.sha256((stylesheet() if css is None else css).encode("utf-8")).digest()
    return "sha256-" + base64.b64encode(digest).decode("ascii")


class _Tips:
    """Hands out unique tooltip ids: the same reference is cited from many bullets."""

    def __init__(self) -> None:
        self.count = 0

    def next(self, n: int) -> str:
        self.count += 1
        return f"tip-{self.count}-{n}"


def _source_line(ref: Reference) -> str:
    """'Research: Title (Journal, 2006)' for the bottom of a tooltip."""
    source = source_text(ref)
    return f"{ref.label}: {clean_text(ref.title)}" + (f" ({clean_text(source)})" if source else "")


def _bullet_view(bullet: Bullet, refs: dict[int, Reference], tips: _Tips) -> BulletView:
    cites = []
    for n in bullet.citations:
        quotes = tuple(
            QuoteView(quote=clean_text(ev.quote), section=clean_text(ev.section))
            for ev in bullet.evidence
            if ev.ref == n
        )
        cites.append(CiteView(n=n, tip_id=tips.next(n), quotes=quotes, source=_source_line(refs[n])))
    indirect = bullet.applicability != "direct"
    note = bullet.note or (bullet.applicability if indirect else "")
    label = f"{bullet.applicability.capitalize()} evidence" if indirect else "Note"
    return BulletView(
        text=clean_text(bullet.text),
        cites=tuple(cites),
        level=bullet_level(bullet),
        indirect=indirect,
        note_label=label,
        note=clean_text(note),
    )


def _reference_view(ref: Reference) -> ReferenceView:
    return ReferenceView(
        n=ref.n,
        label=clean_text(ref.label),
        label_class=_SLUG.sub("-", ref.label.lower()).strip("-"),
        title=clean_text(ref.title),
        source=clean_text(source_text(ref)),
        level=level_or_why_not(ref),
        applicability=clean_text(applicability_text(ref)),
        indirect=ref.applicability != "direct",
        study=clean_text(study_text(ref)),
        link=safe_link(ref.link),
        retracted=ref.retracted,
    )


def article_context(overview: Overview, *, standalone: bool = True, base_url: str = "") -> dict[str, Any]:
    """Everything `article.html` needs, worded and checked; a web app passes it on with its own additions.

    Raises ValueError when citations do not resolve (see `check_citations`).
    """
    check_citations(overview)
    refs = {r.n: r for r in overview.references}
    tips = _Tips()

    def views(bullets: list[Bullet]) -> list[BulletView]:
        return [_bullet_view(b, refs, tips) for b in bullets]

    g = overview.guidelines
    css = stylesheet()
    return {
        "lang": "en",
        "standalone": standalone,
        "css": Markup(css),  # bedside's own file, never record text; escaping would break '>' selectors
        "style_hash": style_hash(css),
        "stylesheet_url": base_url.rstrip("/") + STYLESHEET_PATH,
        "title": clean_text(title_of(overview)),
        "pending": is_pending(overview),
        "review_note": clean_text(overview.review_note),
        "steps": status_steps(overview),
        "generated_at": overview.generated_at,
        "updated": format_date(overview.generated_at),
        "generated": format_time(overview.generated_at),
        "took": f"{overview.took_ms:,.0f} ms" if overview.took_ms else "",
        "audience": clean_text(overview.audience),
        "statement": clean_text(overview.statement),
        "facets": [(k, clean_text(v)) for k, v in facet_rows(overview)],
        "quoted_note": QUOTED_NOTE,
        "guidelines": {
            "found": g.found,
            "statement": clean_text(g.statement or NO_GUIDELINE),
            "summary": views(g.summary),
            "key_considerations": views(g.key_considerations),
            "management_strategies": views(g.management_strategies),
        },
        "research": [{"heading": clean_text(t.heading), "bullets": views(t.bullets)} for t in overview.research],
        "trials": views(overview.trials),
        "trials_note": TRIALS_NOTE,
        "no_references": NO_REFERENCES,
        "references": [_reference_view(r) for r in sorted(overview.references, key=lambda r: r.n)],
        "excluded": [
            {"title": clean_text(e.title), "record_id": clean_text(e.record_id), "reason": clean_text(e.reason)}
            for e in overview.excluded
        ],
        "certainty": clean_text(overview.certainty.line()),
        "disclaimer": clean_text(overview.disclaimer),
        "library": library_text(overview),
        "pubmed": clean_text(overview.pubmed),
    }


def render_html(overview: Overview, *, standalone: bool = True, base_url: str = "") -> str:
    """The overview as a complete HTML document.

    standalone: CSS inlined in one <style> block (allowed by a CSP meta tag carrying its hash),
    so the file opens, prints and converts to PDF with nothing fetched. Otherwise the page links
    `{base_url}/static/bedside.css` and the server sets the CSP header itself.
    """
    template = environment().get_template("article.html")
    return template.render(article_context(overview, standalone=standalone, base_url=base_url))
