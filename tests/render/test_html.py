"""The HTML page: citations resolve, record text is escaped, the page is accessible and CSP-ready."""

from __future__ import annotations

import base64
import hashlib
import re
from itertools import pairwise

import pytest
from jinja2 import ChoiceLoader, DictLoader

from bedside.render.html import article_context, environment, render_html, stylesheet
from tests.render.helpers import parse, visible_text
from tests.render.sample import NO_GUIDELINE_STATEMENT, Q4, XSS_TITLE, sample_overview


@pytest.fixture(scope="module")
def page() -> str:
    return render_html(sample_overview())


def test_every_citation_resolves_to_exactly_one_reference_and_every_reference_is_cited(page: str) -> None:
    doc = parse(page)
    cites = [e for e in doc.elements if e.tag == "a" and "cite" in e.attrs.get("class", "").split()]
    assert cites, "no citation links rendered"
    ids = [e.attrs["id"] for e in doc.elements if "id" in e.attrs]
    cited: set[int] = set()
    for cite in cites:
        match = re.fullmatch(r"#ref-(\d+)", cite.attrs["href"])
        assert match, cite.attrs["href"]
        assert ids.count(f"ref-{match[1]}") == 1
        assert cite.text.startswith(f"[{match[1]}]")
        cited.add(int(match[1]))
    anchors = {int(i.removeprefix("ref-")) for i in ids if re.fullmatch(r"ref-\d+", i)}
    assert anchors == cited == {r.n for r in sample_overview().references}


def test_ids_are_unique_and_every_citation_describes_itself_with_its_quote(page: str) -> None:
    doc = parse(page)
    ids = [e.attrs["id"] for e in doc.elements if "id" in e.attrs]
    assert len(ids) == len(set(ids))
    by_id = {e.attrs["id"]: e for e in doc.elements if "id" in e.attrs}
    for cite in (e for e in doc.elements if e.tag == "a" and e.attrs.get("class") == "cite"):
        tip = by_id[cite.attrs["aria-describedby"]]
        assert tip.attrs.get("role") == "tooltip"
        assert "a" in tip.ancestors  # inside the link, so :hover and :focus on the link show it
        assert tip.text  # the quoted source sentence
    tip_texts = [e.text for e in doc.elements if e.attrs.get("role") == "tooltip"]
    assert any(Q4 in t for t in tip_texts)  # "p < 0.05" survives escaping as text


def test_record_text_is_escaped_and_no_script_can_run(page: str) -> None:
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert XSS_TITLE in visible_text(page)  # shown to the reader as text
    doc = parse(page)
    for element in doc.elements:
        assert not any(name.startswith("on") for name in element.attrs), element
        assert "style" not in element.attrs  # inline styles would need 'unsafe-inline'
        for name in ("href", "src", "action"):
            value = element.attrs.get(name, "")
            assert not value.lower().startswith(("javascript:", "data:", "vbscript:")), value
    links = [e.attrs["href"] for e in doc.elements if e.tag == "a"]
    assert "javascript:alert(1)" not in links


def test_standalone_page_carries_its_css_allowed_by_a_csp_hash(page: str) -> None:
    doc = parse(page)
    styles = [e for e in doc.elements if e.tag == "style"]
    assert len(styles) == 1
    css = "".join(styles[0].inside)
    assert css == stylesheet()
    assert not [e for e in doc.elements if e.tag == "link" and e.attrs.get("rel") == "stylesheet"]
    csp = next(e.attrs["content"] for e in doc.elements if e.attrs.get("http-equiv") == "Content-Security-Policy")
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    assert "default-src 'none'" in csp
    assert f"style-src 'sha256-{digest}'" in csp
    assert "http://" not in page.split("<body", 1)[0] and "https://" not in page.split("<body", 1)[0]


def test_served_page_links_the_stylesheet_and_inlines_nothing() -> None:
    page = render_html(sample_overview(), standalone=False, base_url="/bedside/")
    doc = parse(page)
    assert not [e for e in doc.elements if e.tag == "style"]
    sheets = [e.attrs["href"] for e in doc.elements if e.tag == "link" and e.attrs.get("rel") == "stylesheet"]
    assert sheets == ["/bedside/static/bedside.css"]
    assert not [e for e in doc.elements if e.attrs.get("http-equiv") == "Content-Security-Policy"]
    default = parse(render_html(sample_overview(), standalone=False))
    assert [e.attrs["href"] for e in default.elements if e.tag == "link"] == ["/static/bedside.css"]


def test_landmarks_language_and_heading_order(page: str) -> None:
    doc = parse(page)
    tags = [e.tag for e in doc.elements]
    html = next(e for e in doc.elements if e.tag == "html")
    assert html.attrs.get("lang") == "en"
    for landmark in ("header", "nav", "main", "footer"):
        assert tags.count(landmark) == 1, landmark
    assert next(e for e in doc.elements if e.tag == "nav").attrs.get("aria-label")
    levels = [int(e.tag[1]) for e in doc.elements if re.fullmatch(r"h[1-6]", e.tag)]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b <= a + 1 for a, b in pairwise(levels)), levels
    assert next(e for e in doc.elements if e.tag == "h1").text == sample_overview().question
    viewport = [e for e in doc.elements if e.tag == "meta" and e.attrs.get("name") == "viewport"]
    assert viewport and "width=device-width" in viewport[0].attrs["content"]


def test_css_has_visible_focus_print_rules_and_no_remote_assets() -> None:
    css = stylesheet()
    assert ":focus" in css and "outline" in css
    assert "@media print" in css
    assert ".cite:hover .tip" in css and ".cite:focus .tip" in css
    assert "url(" not in css and "@import" not in css and "@font-face" not in css


def test_pending_caution_only_until_approved() -> None:
    for status in ("submitted", "under_review"):
        page = render_html(sample_overview(status))
        assert "Pending human review" in visible_text(page)
        steps = [e.text for e in parse(page).elements if e.attrs.get("aria-current") == "step"]
        assert len(steps) == 1
    approved = render_html(sample_overview("approved"))
    assert "pending human review" not in approved.lower()
    current = [e.text for e in parse(approved).elements if e.attrs.get("aria-current") == "step"]
    assert current == ["Approved"]


def test_page_shows_every_part_of_the_overview(page: str) -> None:
    text = visible_text(page)
    for part in (
        "From the Guidelines",
        NO_GUIDELINE_STATEMENT,
        "From the Research",
        "Balance and gait training",
        "Task-oriented and coordination exercise",
        "Registered trials (registered, no results)",
        "none of them is evidence of effect",
        "indirect (population: stroke, not multiple sclerosis)",
        "Indirect evidence: population: stroke, not multiple sclerosis",
        "Level 2 (systematic review / meta-analysis)",
        "12 studies, n = 456",
        "Trial registration",
        "No level: registered trial, no results",
        "Evidence not used",
        "retracted (Retracted Publication)",
        "Certainty: low (no guideline; small trials; one source indirect)",
        "Professional disclaimer",
        "12,345 records, newest 2026-10-30",
        "Last updated 25 November 2026",
        "Submitted",
        "Under Review",
        "Approved",
    ):
        assert part in text, part
    assert "Key Considerations" not in text  # no guideline: no empty guideline subsections


def test_guideline_sections_render_when_a_guideline_is_found() -> None:
    overview = sample_overview()
    first = overview.research[0].bullets[0]
    overview.guidelines.found = True
    overview.guidelines.statement = ""
    overview.guidelines.key_considerations = [first]
    overview.guidelines.management_strategies = [first]
    text = visible_text(render_html(overview))
    assert "Key Considerations" in text and "Management Strategies" in text
    assert NO_GUIDELINE_STATEMENT not in text


def test_unresolved_citation_is_refused() -> None:
    overview = sample_overview()
    overview.research[0].bullets[0].citations = [9]
    with pytest.raises(ValueError, match=r"\[9\] has no reference"):
        render_html(overview)
    uncited = sample_overview()
    uncited.trials = []
    with pytest.raises(ValueError, match="reference 5 is never cited"):
        render_html(uncited)


def test_web_app_can_wrap_the_same_article_with_its_own_blocks() -> None:
    base = environment()
    app = base.overlay(
        loader=ChoiceLoader(
            [
                DictLoader(
                    {
                        "page.html": '{% extends "article.html" %}'
                        '{% block audience %}<form class="audience" method="get"><fieldset>'
                        "<legend>Which best describes you?</legend></fieldset></form>{% endblock %}"
                        '{% block followup %}<form class="followup" method="post"><label for="q">'
                        'Follow-up question</label><input id="q" name="q"></form>{% endblock %}'
                    }
                ),
                base.loader,  # type: ignore[list-item]
            ]
        )
    )
    page = app.get_template("page.html").render(article_context(sample_overview(), standalone=False))
    doc = parse(page)
    forms = [e for e in doc.elements if e.tag == "form"]
    assert [f.attrs["class"] for f in forms] == ["audience", "followup"]
    assert all("main" in f.ancestors for f in forms)
    assert "&lt;script&gt;" in page and "<script" not in page.lower()
