"""The HTML pages: server-rendered, no scripts, forms that work without JavaScript.

Each page has a JSON twin in `api.py` made from the same engine call. Asking is a POST that
answers with a redirect to the new article (so reloading the article does not ask again);
the audience choice is a GET form, remembered in a cookie, so an article address with
`?audience=patient` can be shared and bookmarked.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from bedside.compose import audience as audiences
from bedside.render.citations import level_text
from bedside.render.html import stylesheet
from bedside.search.retrieve import SearchError
from bedside.web import exports, views
from bedside.web.engine import Engine
from bedside.web.policy import SECTIONS, SUMMARY, TITLE
from bedside.web.search_filters import FilterQuery, filter_query
from bedside.web.templating import render, web_stylesheet

router = APIRouter(include_in_schema=False)
AUDIENCE_COOKIE = "bedside_audience"
COOKIE_AGE = 365 * 24 * 3600


def get_engine(request: Request) -> Engine:
    """The app's engine (one library, one retriever)."""
    engine = request.app.state.engine
    assert isinstance(engine, Engine)
    return engine


EngineDep = Annotated[Engine, Depends(get_engine)]


def page(html: str, status: int = 200) -> HTMLResponse:
    """An HTML response that is never cached by shared caches (articles change status)."""
    return HTMLResponse(html, status_code=status, headers={"cache-control": "no-store"})


def remembered_audience(request: Request) -> str:
    """The audience chosen earlier (cookie), or clinician."""
    try:
        return audiences.style(request.cookies.get(AUDIENCE_COOKIE, "clinician")).name
    except ValueError:
        return "clinician"


def remember(response: Response, audience: str) -> None:
    """Keep the reader's audience choice for a year."""
    response.set_cookie(AUDIENCE_COOKIE, audience, max_age=COOKIE_AGE, httponly=True, samesite="lax")


def _home(engine: Engine, request: Request, *, error: str = "", question: str = "", status: int = 200) -> Response:
    html = render(
        "home.html",
        error=error,
        question=question,
        audiences=views.audience_options(),
        audience=remembered_audience(request),
        max_chars=engine.settings.max_question_chars,
        library=views.library_summary(engine.library()),
        recent=[views.article_item(a) for a in engine.recent()],
        approved=[views.article_item(a) for a in engine.approved()],
    )
    return page(html, status)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, engine: EngineDep) -> Response:
    """Home: the ask box, approved and recent articles, library size and freshness."""
    return _home(engine, request)


@router.post("/ask")
def ask_form(
    request: Request,
    engine: EngineDep,
    question: Annotated[str, Form()] = "",
    audience: Annotated[str, Form()] = "clinician",
) -> Response:
    """Ask from the home page; answers with a redirect to the new article."""
    try:
        view = engine.ask(question, audience)
    except (SearchError, ValueError) as exc:
        return _home(engine, request, error=str(exc), question=question[:5000], status=400)
    response = RedirectResponse(f"/articles/{view.article.id}", status_code=303)
    remember(response, view.audience)
    return response


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article(
    request: Request, article_id: str, engine: EngineDep, audience: Annotated[str | None, Query()] = None
) -> Response:
    """The article for the chosen audience (query, then cookie, then the audience it was asked for)."""
    chosen = audience or request.cookies.get(AUDIENCE_COOKIE)
    try:
        name = audiences.style(chosen).name if chosen else None
    except ValueError as exc:
        if audience:
            return error_page("Unknown audience", str(exc), 400)
        name = None
    view = engine.article(article_id, name)
    response = page(render("article_page.html", **views.article_page(view, engine.settings.max_question_chars)))
    if audience:
        remember(response, view.audience)
    return response


@router.post("/articles/{article_id}/followup")
def followup(
    article_id: str,
    engine: EngineDep,
    question: Annotated[str, Form()] = "",
    audience: Annotated[str, Form()] = "clinician",
) -> Response:
    """A follow-up question: a new article linked to this one, answered with its condition in mind."""
    try:
        view = engine.ask(question, audience, parent_id=article_id)
    except (SearchError, ValueError) as exc:
        return error_page("Could not answer the follow-up question", str(exc), 400)
    return RedirectResponse(f"/articles/{view.article.id}", status_code=303)


@router.get("/articles/{article_id}/export/{name}")
def export(
    request: Request, article_id: str, name: str, engine: EngineDep, audience: Annotated[str | None, Query()] = None
) -> Response:
    """The article as Markdown, HTML or PDF, or its references as RIS, MEDLINE/nbib or BibTeX."""
    if name not in exports.FORMATS:
        return error_page("Unknown format", f"unknown format {name!r}; use one of: {', '.join(exports.FORMATS)}", 404)
    try:
        chosen = audiences.style(audience).name if audience else remembered_audience(request)
    except ValueError as exc:
        return error_page("Unknown audience", str(exc), 400)
    view = engine.article(article_id, chosen)
    try:
        body = exports.export(view.overview, name, engine.records_for(view.overview))
    except RuntimeError as exc:
        return error_page("PDF output is not available", str(exc), 503)
    fmt = exports.FORMATS[name]
    headers = {"content-disposition": f'attachment; filename="{exports.filename(article_id, name)}"'}
    if name == "html":
        # The standalone file inlines its stylesheet and allows it by hash; keep that policy.
        from bedside.render.html import style_hash

        headers["content-security-policy"] = (
            f"default-src 'none'; style-src '{style_hash()}'; img-src data:; base-uri 'none'; form-action 'none'"
        )
    return Response(body, media_type=fmt.media_type, headers=headers)


@router.get("/records/{record_id:path}", response_class=HTMLResponse)
def record(record_id: str, engine: EngineDep) -> Response:
    """One source: its sections, kind, level and the articles that cite it."""
    found, cited_in = engine.record(record_id)
    return page(render("record.html", **views.record_page(found, cited_in)))


@router.get("/search", response_class=HTMLResponse)
def search(
    engine: EngineDep, chosen: Annotated[FilterQuery, Depends(filter_query)], q: Annotated[str, Query()] = ""
) -> Response:
    """Search the library, filtered as the form asks; an empty query shows the form only."""
    context: dict[str, object] = {
        "query": q,
        "error": "",
        "results": [],
        "understood": "",
        "took": "",
        "max_chars": engine.settings.max_question_chars,
        "filters": chosen.form(),
    }
    status = 200
    if q.strip():
        try:
            outcome = engine.search(q, filters=chosen.filters())
        except (SearchError, ValueError) as exc:
            context["error"], status = str(exc), 400
        else:
            terms = [f"{t.concept}" for t in outcome.facets.all_terms()]
            context.update(
                {
                    "understood": ", ".join(terms) or "free text",
                    "took": f"{outcome.took_ms:,.0f} ms",
                    "results": [
                        {
                            "id": h.record_id,
                            "title": h.title or h.record_id,
                            "kind": views.kind_label(h.kind),
                            "year": h.year,
                            "retracted": h.retracted,
                            "level": level_text(h.level),
                            "score": f"{h.score:.2f}",
                        }
                        for h in outcome.results
                    ],
                }
            )
    return page(render("search.html", **context), status)


@router.get("/editorial-policy", response_class=HTMLResponse)
def editorial_policy() -> Response:
    """How articles are written and reviewed."""
    policy = {
        "title": TITLE,
        "summary": SUMMARY,
        "sections": [{"heading": h, "paragraphs": ps} for h, ps in SECTIONS],
    }
    return page(render("policy.html", policy=policy))


@router.get("/library", response_class=HTMLResponse)
def library(engine: EngineDep) -> Response:
    """What the library holds, by kind, and when it was last added to."""
    info = views.library_summary(engine.library())
    kinds = [(views.kind_label(kind), f"{n:,}") for kind, n in info["by_kind"].items()]
    return page(
        render(
            "library.html",
            library=info,
            records_text=info["records_text"],
            kinds=kinds,
            newest=info["newest"],
            last_ingest=info["last_ingest_time"],
        )
    )


@router.get("/static/bedside.css")
def bedside_css() -> Response:
    """The article stylesheet (the same file the standalone export inlines)."""
    return Response(stylesheet(), media_type="text/css", headers={"cache-control": "public, max-age=3600"})


@router.get("/static/web.css")
def web_css() -> Response:
    """The app's stylesheet."""
    return Response(web_stylesheet(), media_type="text/css", headers={"cache-control": "public, max-age=3600"})


def error_page(heading: str, message: str, status: int) -> Response:
    """An HTML error page with the message in plain words."""
    return page(render("error.html", heading=heading, message=message), status)
