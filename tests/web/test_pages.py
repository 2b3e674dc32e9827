"""The HTML pages: structure, escaping, security headers and no resource from another host."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests.render.helpers import parse, visible_text
from tests.web.conftest import MS_QUESTION, STROKE_QUESTION, XSS_ID

pytestmark = [pytest.mark.shared, pytest.mark.slow]

_EVENT_ATTR = re.compile(r"<[^>]*\son[a-z]+\s*=", re.I)


def ask_page(client: TestClient, question: str, audience: str = "clinician") -> tuple[str, str]:
    """Ask from the home form; returns (article id, article HTML)."""
    response = client.post("/ask", data={"question": question, "audience": audience}, follow_redirects=False)
    assert response.status_code == 303, response.text
    location = response.headers["location"]
    article_id = location.rsplit("/", 1)[1]
    page = client.get(location)
    assert page.status_code == 200
    return article_id, page.text


def assert_safe_page(html: str) -> None:
    """No script at all, no inline handlers, and nothing loaded from another host."""
    assert "<script" not in html.lower()
    assert not _EVENT_ATTR.search(html)
    for element in parse(html).elements:
        for attr in ("src", "srcset", "poster", "data"):
            value = element.attrs.get(attr, "")
            assert not value.startswith(("http:", "https:", "//")), (element.tag, value)
        if element.tag == "link":
            assert element.attrs["href"].startswith("/"), element.attrs
        if element.tag == "form":
            assert element.attrs["action"].startswith("/"), element.attrs


@pytest.mark.parametrize("path", ["/", "/search", "/search?q=interferon", "/library", "/editorial-policy", "/docs"])
def test_every_page_has_landmarks_csp_and_no_foreign_resources(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    csp = response.headers["content-security-policy"]
    assert "default-src 'self'" in csp and "script-src 'none'" in csp
    assert response.headers["x-content-type-options"] == "nosniff"
    doc = parse(response.text)
    tags = [e.tag for e in doc.elements]
    assert {"header", "main", "footer", "nav", "h1"} <= set(tags)
    assert parse(response.text).elements[0].attrs.get("lang") == "en"
    assert_safe_page(response.text)
    ids = {e.attrs["id"] for e in doc.elements if "id" in e.attrs}
    for label in (e for e in doc.elements if e.tag == "label" and "for" in e.attrs):
        assert label.attrs["for"] in ids  # every labelled control exists


def test_home_shows_the_ask_box_library_and_articles(client: TestClient) -> None:
    ask_page(client, MS_QUESTION)
    html = client.get("/").text
    doc = parse(html)
    form = next(e for e in doc.elements if e.tag == "form" and e.attrs.get("action") == "/ask")
    assert form.attrs["method"] == "post"
    text = visible_text(html)
    assert "Your question" in text and "Which best describes you?" in text
    assert "record(s)" in text and "newest source" in text and "last added" in text
    assert "Approved articles" in text and "None yet" in text
    assert MS_QUESTION in text  # recent articles


def test_article_page_has_the_seed_layout(client: TestClient) -> None:
    article_id, html = ask_page(client, MS_QUESTION)
    doc = parse(html)
    assert next(e for e in doc.elements if e.tag == "h1").text == MS_QUESTION
    text = visible_text(html)
    steps = [e.text for e in doc.elements if e.tag == "li" and "step" in e.attrs.get("class", "")]
    assert [s.replace("Completed: ", "") for s in steps] == ["Submitted", "Under Review", "Approved"]
    assert "Pending human review" in text and "Last updated" in text
    assert any(
        e.tag == "a" and e.attrs.get("href") == "/editorial-policy" and "editorial policy" in e.text
        for e in doc.elements
    )
    assert "Which best describes you?" in text
    headings = [e.text for e in doc.elements if e.tag == "h2"]
    for heading in ("From the Guidelines", "From the Research", "References", "Professional disclaimer"):
        assert heading in headings, headings
    assert any(h.startswith("Registered trials") for h in headings)
    assert "Certainty:" in text and "Ask a follow-up question" in text
    labels = {e.text for e in doc.elements if "ref-label" in e.attrs.get("class", "")}
    assert {"Research", "Trial registration"} <= labels
    cites = [e for e in doc.elements if e.tag == "a" and "cite" in e.attrs.get("class", "").split()]
    assert cites
    ids = {e.attrs["id"] for e in doc.elements if "id" in e.attrs}
    for cite in cites:
        assert cite.attrs["href"].lstrip("#") in ids and cite.attrs["aria-describedby"] in ids
    assert f"/articles/{article_id}/export/pdf" in html
    assert_safe_page(html)


def test_audience_choice_is_remembered_in_a_cookie(client: TestClient) -> None:
    article_id, _ = ask_page(client, MS_QUESTION)
    patient = client.get(f"/articles/{article_id}", params={"audience": "patient"})
    assert patient.cookies.get("bedside_audience") == "patient" or client.cookies.get("bedside_audience") == "patient"
    assert "Information for patients" in visible_text(patient.text)
    again = client.get(f"/articles/{article_id}")  # no parameter: the cookie decides
    assert "Information for patients" in visible_text(again.text)
    client.get(f"/articles/{article_id}", params={"audience": "clinician"})
    assert "Information for patients" not in visible_text(client.get(f"/articles/{article_id}").text)
    assert client.get(f"/articles/{article_id}", params={"audience": "martian"}).status_code == 400


def test_follow_up_form_opens_a_linked_article(client: TestClient) -> None:
    parent_id, _ = ask_page(client, MS_QUESTION)
    response = client.post(f"/articles/{parent_id}/followup", data={"question": "What about alemtuzumab?"})
    assert response.status_code == 200 and str(response.url).rsplit("/", 1)[1] != parent_id
    child_id = str(response.url).rsplit("/", 1)[1]
    assert f'href="/articles/{parent_id}"' in response.text
    assert f'href="/articles/{child_id}"' in client.get(f"/articles/{parent_id}").text
    empty = client.post(f"/articles/{parent_id}/followup", data={"question": " "})
    assert empty.status_code == 400 and "empty" in visible_text(empty.text)


def test_ask_form_errors_re_show_the_form(client: TestClient) -> None:
    response = client.post("/ask", data={"question": "q" * 1001})
    assert response.status_code == 400
    assert "longer than 1000" in visible_text(response.text)
    assert any(e.tag == "form" for e in parse(response.text).elements)


def test_planted_script_shows_as_text(client: TestClient) -> None:
    response = client.get(f"/records/{XSS_ID}")
    assert response.status_code == 200
    html = response.text
    assert_safe_page(html)
    assert "&lt;script&gt;window.__xss = 1&lt;/script&gt;" in html
    text = visible_text(html)
    assert "<script>window.__xss = 3</script>" in text and 'onerror="window.__xss = 4"' in text
    assert "javascript:" not in html  # an unsafe record link is not linked
    search = client.get("/search", params={"q": "balloon guide catheter reperfusion"}).text
    assert_safe_page(search)
    if f"/records/{XSS_ID}" in search:
        assert "&lt;script&gt;" in search


def test_search_page_filters_keep_their_choices_and_name_a_bad_one(client: TestClient) -> None:
    q = "interferon multiple sclerosis"
    unfiltered = client.get("/search", params={"q": q}).text
    assert '<details class="filters">' in unfiltered, "closed while no filter is set"
    filtered = client.get("/search", params={"q": q, "level": "2", "from": "1990"})
    assert filtered.status_code == 200
    html = filtered.text
    assert '<option value="2" selected>' in html and 'value="1990"' in html
    assert '<details class="filters" open>' in html, "open while a filter is set"

    def listed(page: str) -> str:
        return visible_text(page.split('<ol class="results">', 1)[1].split("</ol>", 1)[0])

    assert "Systematic review" in listed(html) and "Trial registration" not in listed(html)
    assert "Level 2 (systematic review / meta-analysis)" in listed(html), "each result shows its level"
    assert "Trial registration" in listed(unfiltered)
    bad = client.get("/search", params={"q": q, "to": "1066ad"})
    assert bad.status_code == 400
    assert "'to' must be a whole number" in visible_text(bad.text).replace("&#39;", "'")


def test_record_page_shows_sections_kind_level_and_citations(client: TestClient) -> None:
    article_id, html = ask_page(client, STROKE_QUESTION)
    link = next(e for e in parse(html).elements if e.tag == "a" and e.attrs.get("href", "").startswith("/records/"))
    page = client.get(link.attrs["href"])
    assert page.status_code == 200
    text = visible_text(page.text)
    assert "Kind" in text and "Level of evidence" in text and "Where it is cited" in text
    assert f"/articles/{article_id}#ref-" in page.text


def test_unknown_pages_are_404_pages(client: TestClient) -> None:
    for path in ("/articles/ffffffffffff", "/records/nope", "/nowhere"):
        response = client.get(path)
        assert response.status_code == 404
        assert response.headers["content-type"].startswith("text/html")
        assert "Not found" in visible_text(response.text)


def test_stylesheets_are_served(client: TestClient) -> None:
    for path in ("/static/bedside.css", "/static/web.css"):
        response = client.get(path)
        assert response.status_code == 200 and response.headers["content-type"].startswith("text/css")
        assert "@media print" in response.text
