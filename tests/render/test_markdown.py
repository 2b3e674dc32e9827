"""The Markdown rendering: citations link to anchors, record text cannot become markup."""

from __future__ import annotations

import re

import pytest
from markdown_it import MarkdownIt

from bedside.render.markdown import facet_rows, render_markdown
from bedside.search.facets import analyse
from tests.render.helpers import parse, visible_text
from tests.render.sample import NO_GUIDELINE_STATEMENT, Q1, Q2, Q4, XSS_TITLE, sample_overview


@pytest.fixture(scope="module")
def markdown() -> str:
    return render_markdown(sample_overview())


@pytest.fixture(scope="module")
def rendered(markdown: str) -> str:
    """The Markdown as a CommonMark renderer with raw HTML enabled would show it (the unsafe case)."""
    return str(MarkdownIt("commonmark", {"html": True}).render(markdown))


def test_every_citation_resolves_to_exactly_one_anchor_and_every_reference_is_cited(markdown: str) -> None:
    cited = [int(n) for n in re.findall(r"\[\\\[(\d+)\\\]\]\(#ref-(?:\d+)", markdown)]
    targets = [int(n) for n in re.findall(r"\]\(#ref-(\d+)", markdown)]
    assert cited == targets and cited
    anchors = [int(n) for n in re.findall(r'<a id="ref-(\d+)"></a>', markdown)]
    assert len(anchors) == len(set(anchors))
    assert set(anchors) == set(cited) == {r.n for r in sample_overview().references}


def test_rendered_links_point_at_existing_anchors(rendered: str) -> None:
    doc = parse(rendered)
    ids = [e.attrs["id"] for e in doc.elements if "id" in e.attrs]
    hrefs = [e.attrs["href"] for e in doc.elements if e.tag == "a" and e.attrs.get("href", "").startswith("#")]
    assert hrefs
    for href in hrefs:
        assert ids.count(href[1:]) == 1, href
    assert all(e.text.startswith("[") for e in doc.elements if e.tag == "a" and e.attrs.get("href", "").startswith("#"))


def test_bullets_are_the_quoted_sentences(rendered: str) -> None:
    text = visible_text(rendered)
    for quote in (Q1, Q2, Q4):
        assert quote in text


def test_record_text_is_escaped(markdown: str, rendered: str) -> None:
    assert "<script" not in markdown.lower()
    assert "<script" not in rendered.lower()
    assert XSS_TITLE in visible_text(rendered)
    assert "javascript:" not in rendered


def test_pending_caution_only_until_approved(markdown: str) -> None:
    assert "Pending human review" in markdown
    assert "under_review" not in render_markdown(sample_overview("under_review"))
    assert "Pending human review" in render_markdown(sample_overview("under_review"))
    assert "pending human review" not in render_markdown(sample_overview("approved")).lower()


def test_sections_reasons_and_snapshot_are_shown(rendered: str) -> None:
    text = visible_text(rendered)
    for part in (
        NO_GUIDELINE_STATEMENT,
        "Registered trials (registered, no results)",
        "indirect (population: stroke, not multiple sclerosis)",
        "retracted (Retracted Publication)",
        "Certainty: low",
        "Professional disclaimer",
        "Library: 12,345 records, newest 2026-10-30",
        "Generated 25 November 2026, 08:55 UTC",
    ):
        assert part in text, part


def test_text_that_looks_like_markdown_stays_text() -> None:
    overview = sample_overview()
    overview.research[0].heading = "1. *Bold* [link](javascript:alert(1)) `code` & more"
    overview.disclaimer = "- not a list item"
    html = MarkdownIt("commonmark", {"html": True}).render(render_markdown(overview))
    text = visible_text(html)
    assert "1. *Bold* [link](javascript:alert(1)) `code` & more" in text
    assert "- not a list item" in text
    assert "<em>Bold</em>" not in html and "<code>" not in html and 'href="javascript' not in html


def test_the_words_that_rule_drugs_out_are_shown_with_how_the_question_was_read() -> None:
    overview = sample_overview().model_copy(
        update={"facets": analyse("How can I lower my blood pressure without medication?")}
    )
    assert ("Ruled out", 'drug treatment ("without medication")') in facet_rows(overview)
    assert 'Ruled out: drug treatment ("without medication")' in render_markdown(overview)
    assert all(name != "Ruled out" for name, _ in facet_rows(sample_overview()))


def test_a_condition_the_people_do_not_have_is_shown_apart() -> None:
    overview = sample_overview().model_copy(
        update={"facets": analyse("Is metformin effective for weight loss in adults without diabetes?")}
    )
    assert ("People without", "diabetes") in facet_rows(overview)
    assert all(name != "People without" for name, _ in facet_rows(sample_overview()))


def test_an_answer_quoting_nothing_says_so_under_its_references_heading() -> None:
    """The seed question's answer quotes nothing: its References heading had stood empty in every face."""
    import io

    from rich.console import Console

    from bedside.render.html import render_html
    from bedside.render.markdown import NO_REFERENCES
    from bedside.render.terminal import render_terminal

    overview = sample_overview().model_copy(update={"references": [], "research": [], "trials": []})
    overview.guidelines = overview.guidelines.model_copy(
        update={"summary": [], "key_considerations": [], "management_strategies": []}
    )
    markdown = render_markdown(overview)
    assert markdown.split("## References", 1)[1].lstrip().startswith(f"*{NO_REFERENCES}*")
    assert NO_REFERENCES in visible_text(render_html(overview))
    out = io.StringIO()
    render_terminal(overview, Console(file=out, width=120, force_terminal=False, color_system=None))
    assert NO_REFERENCES in out.getvalue().split("References", 1)[1]
    # With references, the line is not shown.
    assert NO_REFERENCES not in render_markdown(sample_overview())
