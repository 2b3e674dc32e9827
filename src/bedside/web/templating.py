"""Templates for the web pages: bedside.web's own, falling back to the render templates.

The article page extends render/templates/article.html, so the served article and the
standalone HTML export share one body; the loader looks in bedside.web first and then in
bedside.render. Autoescaping is always on and undefined names are errors, as in the renderer.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from typing import Any

from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined

from bedside import __version__
from bedside.render.html import STYLESHEET_PATH


@cache
def environment() -> Environment:
    """The web's Jinja environment (web templates first, then the render templates)."""
    return Environment(
        loader=ChoiceLoader([PackageLoader("bedside.web", "templates"), PackageLoader("bedside.render", "templates")]),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def base_context() -> dict[str, Any]:
    """What base.html needs on every served page: a linked stylesheet, no inline style."""
    return {"lang": "en", "standalone": False, "stylesheet_url": STYLESHEET_PATH, "version": __version__}


def render(name: str, **context: Any) -> str:
    """Render a web template with the base context underneath `context`."""
    return environment().get_template(name).render({**base_context(), **context})


@cache
def web_stylesheet() -> str:
    """The app's own CSS (forms, lists, tables), served as /static/web.css."""
    return resources.files("bedside.web").joinpath("static/web.css").read_text(encoding="utf-8")
