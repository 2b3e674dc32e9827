"""An overview as PDF, printed by WeasyPrint from the standalone HTML page.

Using the same page (and its print stylesheet) means the PDF has exactly the web page's
content: citations stay links to their references, tooltips are dropped, references list
their addresses. WeasyPrint is only allowed `data:` URLs, so rendering never reaches the
network even if a future template or record slipped in a remote address.
"""

from __future__ import annotations

import logging
from typing import Any

from bedside.models import Overview
from bedside.render.html import render_html

INSTALL_HINT = (
    "PDF output needs WeasyPrint (pip install 'weasyprint==70.0') and the Pango library "
    "(Debian/Ubuntu: apt-get install libpango-1.0-0 libpangoft2-1.0-0)"
)


class _ScreenOnlyMediaFilter(logging.Filter):
    """Drop WeasyPrint's warnings about `@media screen and (...)` rules.

    Those rules (phone layout, reduced motion) are meant for screens only; WeasyPrint skipping
    them is the intended result, and a warning per rule on every PDF would hide real problems.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not (message.startswith("Expected a media type") or message.startswith("Invalid media type"))


def _weasyprint() -> Any:
    """Import WeasyPrint on first use: it is optional and needs system libraries that not every host has."""
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: the package is there but Pango is not
        raise RuntimeError(f"{INSTALL_HINT}: {exc}") from exc
    return weasyprint


def render_pdf(overview: Overview) -> bytes:
    """The overview as PDF bytes. Raises RuntimeError when WeasyPrint or Pango is missing."""
    weasyprint = _weasyprint()
    fetcher = weasyprint.urls.URLFetcher(allowed_protocols={"data"}, fail_on_errors=False)
    log = logging.getLogger("weasyprint")
    quiet = _ScreenOnlyMediaFilter()
    log.addFilter(quiet)
    try:
        html = weasyprint.HTML(string=render_html(overview, standalone=True), url_fetcher=fetcher, media_type="print")
        pdf = html.write_pdf()
    finally:
        log.removeFilter(quiet)
    if not isinstance(pdf, bytes):
        raise RuntimeError("WeasyPrint returned no PDF")
    return pdf
