"""Guideline documents: Markdown, HTML, plain text and PDF each become one headed Record."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest

from bedside.models import Kind, Record, Rejection
from bedside.sources import documents
from bedside.sources.base import Item
from tests.sources.minimal_pdf import make_pdf

MARKDOWN = """---
title: front matter is not text
---
# Multiple Sclerosis in Adults: Management

This guideline covers *diagnosing* and managing [MS](https://example.org) in adults.

## 1.5 Exercise

- Encourage people with MS to **exercise** regularly.
- Consider supervised balance
  training.

| Programme | Sessions |
|---|---|
| Balance | 12 |

### Notes

## Research recommendations
What is the effect of yoga?
"""

HTML = """<!DOCTYPE html><html><head><title>MS guideline | Body</title>
<style>p { color: red }</style><script>var tracking = 1;</script></head>
<body><nav><a href="/">Home</a> <a href="/a">Guidance</a></nav><!-- hidden -->
<h1>Multiple sclerosis: <em>management</em></h1>
<p>Offer exercise.<br>Review yearly.</p>
<h2>Fatigue</h2><ul><li>Assess sleep</li><li>Consider amantadine</li></ul>
<table><tr><th>Drug</th><th>Dose</th></tr><tr><td>Amantadine</td><td>100 mg</td></tr></table>
<script>more();</script></body></html>"""

TEXT = """MULTIPLE SCLEROSIS IN ADULTS

This guideline covers care for adults with MS.
It is written for staff in
Primary Care Settings
and for people with MS.

1 Recommendations
1.1 Exercise
Offer an exercise programme.

Fatigue and Sleep
Ask about sleep problems.
"""


def read(data: bytes, name: str, kind: Kind | None = None, **kw: object) -> list[Item]:
    return list(documents.read(Path(name), io.BytesIO(data), kind, **kw))  # type: ignore[arg-type]


def one(data: bytes, name: str, kind: Kind | None = None, **kw: object) -> Record:
    (item,) = read(data, name, kind, **kw)
    assert isinstance(item, Record), item
    return item


def labelled(record: Record) -> list[tuple[str, str]]:
    return [(s.label, s.text) for s in record.sections]


def test_markdown_headings_become_sections() -> None:
    record = one(MARKDOWN.encode(), "ms.md", body="NICE", year=2022)
    assert record.title == "Multiple Sclerosis in Adults: Management"
    assert labelled(record) == [
        ("Multiple Sclerosis in Adults: Management", "This guideline covers diagnosing and managing MS in adults."),
        (
            "1.5 Exercise",
            "- Encourage people with MS to exercise regularly.\n\n- Consider supervised balance\ntraining."
            "\n\nProgramme | Sessions\n\nBalance | 12",
        ),
        ("Research recommendations", "What is the effect of yoga?"),
    ]
    assert (record.kind, record.source, record.publisher, record.year, record.pub_date) == (
        Kind.GUIDELINE,
        "document",
        "NICE",
        2022,
        "2022",
    )
    assert record.extra == {"format": "markdown", "file": "ms.md"}


def test_id_is_stable_and_follows_the_bytes() -> None:
    data = MARKDOWN.encode()
    record = one(data, "a.md")
    assert record.id == "doc:" + hashlib.sha256(data).hexdigest()[:16]
    assert one(data, "renamed.md").id == record.id
    assert one(data + b"\nMore text.\n", "a.md").id != record.id
    assert one(data, "a.md", record_id="nice-ng220").id == "nice-ng220"


def test_kind_argument_overrides_guideline_default() -> None:
    assert one(MARKDOWN.encode(), "a.md", Kind.PATIENT_INFORMATION).kind is Kind.PATIENT_INFORMATION


def test_html_drops_scripts_styles_and_navigation() -> None:
    record = one(HTML.encode(), "ms.html")
    assert record.title == "Multiple sclerosis: management"
    assert labelled(record) == [
        ("Multiple sclerosis: management", "Offer exercise.\n\nReview yearly."),
        ("Fatigue", "- Assess sleep\n\n- Consider amantadine\n\nDrug | Dose\n\nAmantadine | 100 mg"),
    ]
    text = record.abstract
    assert "tracking" not in text and "Home" not in text and "color" not in text and "hidden" not in text


def test_html_without_headings_takes_the_page_title() -> None:
    record = one(b"<html><head><title>Fatigue advice</title></head><body><p>Rest often.</p></body></html>", "f.htm")
    assert record.title == "Fatigue advice"
    assert labelled(record) == [("Fatigue advice", "Rest often.")]


def test_html_in_a_declared_legacy_encoding() -> None:
    page = (
        '<html><head><meta charset="windows-1252"></head><body><h1>Caf\xe9</h1><p>Na\xefve \u2013 ok.</p></body></html>'
    )
    record = one(page.encode("cp1252"), "legacy.html")
    assert labelled(record) == [("Café", "Naïve – ok.")]


def test_plain_text_headings_are_guessed_from_line_shape() -> None:
    record = one(TEXT.encode(), "ms.txt")
    assert record.title == "MULTIPLE SCLEROSIS IN ADULTS"
    assert labelled(record) == [
        (
            "MULTIPLE SCLEROSIS IN ADULTS",
            "This guideline covers care for adults with MS.\nIt is written for staff in\nPrimary Care Settings\n"
            "and for people with MS.",
        ),
        ("1.1 Exercise", "Offer an exercise programme."),
        ("Fatigue and Sleep", "Ask about sleep problems."),
    ]


def test_plain_text_without_headings_is_titled_by_the_file_stem() -> None:
    record = one(b"just a paragraph of advice, all lower case.\nsecond line of it.\n", "advice-2021.txt")
    assert record.title == "advice-2021"
    assert labelled(record) == [("", "just a paragraph of advice, all lower case.\nsecond line of it.")]


def test_windows_1252_text_is_decoded_and_noted() -> None:
    record = one("Fatigue \u2013 advice for caf\xe9 staff.\n".encode("cp1252"), "old.txt")
    assert record.sections[0].text == "Fatigue – advice for café staff."
    assert record.extra["encoding"] == "cp1252"


@pytest.mark.parametrize(
    ("line", "level"),
    [
        ("RECOMMENDATIONS", 2),
        ("Summary of the Evidence", 2),
        ("1.2 Balance training", 3),
        ("3 Research", 2),
        ("Recommendations:", 2),
        ("Offer exercise to everyone.", 0),
        ("the rest of a wrapped sentence", 0),
        ("1.2.3 offer exercise", 0),
        ("42", 0),
        ("A Very Long Title Case Line That Goes On And On With Far Too Many Words To Be Heading", 0),
    ],
)
def test_heading_level(line: str, level: int) -> None:
    assert documents.heading_level(line) == level


def test_pdf_text_with_headings_and_page_numbers_dropped() -> None:
    pdf = make_pdf(
        [
            ["MULTIPLE SCLEROSIS GUIDELINE", "This guideline covers adults (18 and over).", "1 Exercise"],
            ["2", "Offer exercise to people with MS.", "Balance Training", "Consider balance training.", "Page 2 of 2"],
        ]
    )
    record = one(pdf, "ms.pdf", body="NICE", year=2022)
    assert record.title == "MULTIPLE SCLEROSIS GUIDELINE"
    assert labelled(record) == [
        ("MULTIPLE SCLEROSIS GUIDELINE", "This guideline covers adults (18 and over)."),
        ("1 Exercise", "Offer exercise to people with MS."),
        ("Balance Training", "Consider balance training."),
    ]
    assert record.extra["format"] == "pdf"
    assert record.publisher == "NICE"


def test_pdf_is_recognised_by_content_without_a_suffix() -> None:
    record = one(make_pdf([["Fatigue", "Rest often."]]), "download")
    assert record.extra["format"] == "pdf"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"%PDF-1.4\nthis is not really a pdf", "cannot read PDF: "),
        (b"plain bytes named as a pdf", "cannot read PDF: "),
        (make_pdf([[]]), "PDF has no extractable text"),
    ],
)
def test_unreadable_pdf_is_rejected_with_reason(data: bytes, reason: str) -> None:
    (item,) = read(data, "broken.pdf")
    assert isinstance(item, Rejection)
    assert (item.path, item.where) == ("broken.pdf", "file")
    assert item.reason.startswith(reason)


@pytest.mark.parametrize(
    ("data", "name"),
    [(b"", "e.md"), (b"  \n\n", "e.txt"), (b"# Only a heading\n", "h.md"), (b"<html><body></body></html>", "e.html")],
)
def test_empty_document_is_rejected(data: bytes, name: str) -> None:
    (item,) = read(data, name)
    assert isinstance(item, Rejection)
    assert item.path == name and item.reason.startswith("empty document")


def test_numbers_only_text_is_not_a_document() -> None:
    (item,) = read(b"25821185\n25362434\n", "pmids.txt")
    assert isinstance(item, Rejection) and "no text found" in item.reason
