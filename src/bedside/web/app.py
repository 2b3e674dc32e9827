"""`create_app(settings)`: the web app over one library, as `bedside serve` runs it.

Everything is served from this process: pages, stylesheets, the OpenAPI description and a
self-contained API page at /docs (FastAPI's default /docs loads Swagger UI from a CDN, which
would break offline and widen the Content-Security-Policy, so it is replaced). Errors come
back as JSON under /api and as a readable page elsewhere, with the same status either way.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from bedside import __version__
from bedside.settings import Settings
from bedside.settings import load as load_settings
from bedside.web import api, pages
from bedside.web.engine import Engine, NotFound
from bedside.web.security import MAX_BODY, SecurityMiddleware
from bedside.web.templating import render

_HEADINGS = {400: "Bad request", 404: "Not found", 413: "Request too large", 422: "Bad request"}
DESCRIPTION = (
    "Answers clinical questions with extractive, cited topic overviews from a local evidence library. "
    "Every page has a JSON twin under /api."
)


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def _error(request: Request, status: int, message: str) -> Response:
    if _wants_json(request):
        return JSONResponse({"detail": message, "status": status}, status_code=status)
    return pages.error_page(_HEADINGS.get(status, "Error"), message, status)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors():
        where = ".".join(str(p) for p in error.get("loc", ()) if p != "body") or "body"
        parts.append(f"{where}: {error.get('msg', 'invalid')}")
    return "invalid request: " + "; ".join(parts)


def _operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The OpenAPI paths as rows for the self-contained docs page."""
    rows = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            body: list[tuple[str, str]] = []
            ref = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
            name = str(ref.get("$ref", "")).rsplit("/", 1)[-1]
            for field, spec in (
                schema.get("components", {}).get("schemas", {}).get(name, {}).get("properties", {}).items()
            ):
                body.append((field, spec.get("description", "")))
            rows.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "parameters": [
                        {"name": p["name"], "where": p["in"], "description": p.get("description", "")}
                        for p in op.get("parameters", [])
                    ],
                    "body": body,
                }
            )
    return rows


def create_app(settings: Settings | None = None, *, fetch: bool | None = False, max_body: int = MAX_BODY) -> FastAPI:
    """The app over `settings.db`. fetch: whether asking may search PubMed (default never: offline)."""
    settings = settings or load_settings()
    engine = Engine(settings, fetch=fetch)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        yield
        engine.close()

    app = FastAPI(
        title="bedside",
        version=__version__,
        description=DESCRIPTION,
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.engine = engine
    app.state.max_body = max_body
    app.add_middleware(SecurityMiddleware, max_body=max_body)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return _error(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        return _error(request, 422 if _wants_json(request) else 400, _validation_message(exc))

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        return _error(request, 404, str(exc))

    @app.get("/docs", include_in_schema=False, response_class=HTMLResponse)
    def docs() -> Response:
        schema = app.openapi()
        html = render(
            "docs.html",
            operations=_operations(schema),
            openapi_version=schema.get("openapi", ""),
            max_body=f"{max_body:,}",
        )
        return pages.page(html)

    app.include_router(api.router)
    app.include_router(pages.router)
    return app
