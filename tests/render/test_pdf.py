"""The PDF: made by WeasyPrint from the standalone page, with citations, links and references kept."""

from __future__ import annotations

import io

import pytest

from tests.render.sample import sample_overview

pytest.importorskip("weasyprint", reason="PDF output needs weasyprint (and Pango)")
pypdf = pytest.importorskip("pypdf")

from bedside.render.pdf import render_pdf  # noqa: E402 - only once weasyprint is known to import


@pytest.fixture(scope="module")
def pdf() -> bytes:
    return render_pdf(sample_overview())


def test_pdf_has_the_overview_text(pdf: bytes) -> None:
    assert pdf.startswith(b"%PDF")
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    assert "Balance and gait improved in patients with MS after physiotherapy" in text
    assert "Pending human review" in text
    assert "References" in text and "Evidence not used" in text
    assert "[2]" in text
    assert "<script>alert(1)</script>" in text  # shown as text, as on the page


def test_pdf_keeps_citation_and_reference_links(pdf: bytes) -> None:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    internal, external = 0, []
    for page in reader.pages:
        for annot in page.get("/Annots") or []:
            obj = annot.get_object()
            if obj.get("/Subtype") != "/Link":
                continue
            action = obj.get("/A")
            if action is not None and action.get("/URI"):
                external.append(str(action["/URI"]))
            elif obj.get("/Dest") is not None or (action is not None and action.get("/S") == "/GoTo"):
                internal += 1
    assert internal >= 7  # one per citation
    assert "https://pubmed.ncbi.nlm.nih.gov/99000001/" in external
    assert not any(uri.startswith("javascript") for uri in external)
