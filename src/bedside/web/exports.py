"""One overview in every export format, shared by the article page and `bedside export`.

The renderers already exist (Markdown, standalone HTML, PDF, RIS, MEDLINE/nbib, BibTeX); this
module only names the formats, their file extensions and media types, so the web download and
the command line produce byte-identical files for the same article and audience.
"""

from __future__ import annotations

from dataclasses import dataclass

from bedside.models import Overview, Record


@dataclass(frozen=True)
class Format:
    """An export format: its name, file extension, media type and what it holds."""

    name: str
    extension: str
    media_type: str
    label: str


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("markdown", "md", "text/markdown; charset=utf-8", "Markdown"),
        Format("html", "html", "text/html; charset=utf-8", "HTML (one file)"),
        Format("pdf", "pdf", "application/pdf", "PDF"),
        Format("ris", "ris", "application/x-research-info-systems; charset=utf-8", "References (RIS)"),
        Format("nbib", "nbib", "application/nbib; charset=utf-8", "References (MEDLINE/nbib)"),
        Format("bibtex", "bib", "application/x-bibtex; charset=utf-8", "References (BibTeX)"),
    )
}


def export(overview: Overview, name: str, records: dict[str, Record]) -> bytes:
    """The overview (markdown, html, pdf) or its references (ris, nbib, bibtex) as file content.

    Raises KeyError for an unknown format and RuntimeError when PDF output is not available.
    """
    if name not in FORMATS:
        raise KeyError(f"unknown format {name!r}; use one of: {', '.join(FORMATS)}")
    if name == "markdown":
        from bedside.render.markdown import render_markdown

        return render_markdown(overview).encode("utf-8")
    if name == "html":
        from bedside.render.html import render_html

        return render_html(overview, standalone=True).encode("utf-8")
    if name == "pdf":
        from bedside.render.pdf import render_pdf

        return render_pdf(overview)
    from bedside.render import reference_exports

    writer = {
        "ris": reference_exports.to_ris,
        "nbib": reference_exports.to_nbib,
        "bibtex": reference_exports.to_bibtex,
    }[name]
    return writer(overview.references, records).encode("utf-8")


def filename(article_id: str, name: str) -> str:
    """'bedside-<id>.<ext>': a download name that says where the file came from."""
    return f"bedside-{article_id}.{FORMATS[name].extension}"
