"""The JSON API against the real app on a library built from ../shared/data."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from bedside.models import Overview
from bedside.render.citations import citation_problems
from tests.web.conftest import MS_QUESTION, STROKE_QUESTION, XSS_ID, XSS_TITLE

pytestmark = [pytest.mark.shared, pytest.mark.slow]


def ask(client: TestClient, question: str, **extra: Any) -> dict[str, Any]:
    response = client.post("/api/ask", json={"question": question, **extra})
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    return data


def test_ask_returns_the_overview_and_an_article_id(client: TestClient) -> None:
    data = ask(client, MS_QUESTION)
    overview = Overview.model_validate(data)  # the overview JSON, as `bedside ask --format json`
    assert overview.title == MS_QUESTION
    assert data["status"] == "submitted" and data["parent_id"] is None
    assert data["article_url"] == f"/articles/{data['article_id']}"
    assert overview.evidence_found and overview.references
    assert citation_problems(overview) == []
    again = client.get(f"/api/articles/{data['article_id']}").json()
    assert again["references"] == data["references"] and again["article_id"] == data["article_id"]


def test_audience_recomposes_once_and_changes_the_text(client: TestClient) -> None:
    data = ask(client, MS_QUESTION)
    patient = client.get(f"/api/articles/{data['article_id']}", params={"audience": "patient"}).json()
    assert patient["audience"] == "patient" and patient["article_id"] == data["article_id"]
    headings = [t["heading"] for t in patient["research"]]
    assert "Information for patients" in headings
    assert patient["disclaimer"] != data["disclaimer"]
    second = client.get(f"/api/articles/{data['article_id']}", params={"audience": "patient"}).json()
    assert second["generated_at"] == patient["generated_at"]  # cached, not composed again
    bad = client.get(f"/api/articles/{data['article_id']}", params={"audience": "martian"})
    assert bad.status_code == 400 and "unknown audience" in bad.json()["detail"]


def test_follow_up_keeps_the_condition_and_links_both_ways(client: TestClient) -> None:
    parent = ask(client, MS_QUESTION)
    child = ask(client, "What about alemtuzumab?", parent_id=parent["article_id"])
    assert child["parent_id"] == parent["article_id"]
    assert child["title"] == "What about alemtuzumab?"
    assert child["searched_as"] == "What about alemtuzumab in multiple sclerosis?"
    assert [c["concept"] for c in child["facets"]["condition"]] == ["multiple sclerosis"]
    refreshed = client.get(f"/api/articles/{parent['article_id']}").json()
    assert {"article_id": child["article_id"], "question": "What about alemtuzumab?"} in refreshed["children"]
    own = ask(client, "Does aspirin prevent stroke?", parent_id=parent["article_id"])
    assert own["searched_as"] == "Does aspirin prevent stroke?"  # names its own condition
    missing = client.post("/api/ask", json={"question": "and then?", "parent_id": "000000000000"})
    assert missing.status_code == 404


@pytest.mark.parametrize(
    ("body", "status", "words"),
    [
        ({"question": ""}, 400, "empty"),
        ({"question": "   "}, 400, "empty"),
        ({"question": "x" * 1001}, 400, "longer than 1000"),
        ({"question": MS_QUESTION, "audience": "martian"}, 400, "unknown audience"),
        ({}, 422, "question"),
    ],
)
def test_ask_errors_are_json_with_the_right_status(
    client: TestClient, body: dict[str, Any], status: int, words: str
) -> None:
    response = client.post("/api/ask", json=body)
    assert response.status_code == status
    assert response.headers["content-type"].startswith("application/json")
    assert words in response.json()["detail"] and response.json()["status"] == status


def test_oversized_bodies_get_413(client: TestClient) -> None:
    big = '{"question": "' + "a" * 70_000 + '"}'
    response = client.post("/api/ask", content=big, headers={"content-type": "application/json"})
    assert response.status_code == 413 and "larger than" in response.json()["detail"]

    def chunks() -> Any:  # no Content-Length: the limit is enforced while reading
        yield b'{"question": "'
        for _ in range(100):
            yield b"a" * 1000
        yield b'"}'

    response = client.post("/api/ask", content=chunks(), headers={"content-type": "application/json"})
    assert response.status_code == 413


def test_unknown_ids_are_404_json(client: TestClient) -> None:
    for path in ("/api/articles/ffffffffffff", "/api/records/no-such-record"):
        response = client.get(path)
        assert response.status_code == 404
        assert "no " in response.json()["detail"]


def test_record_json_has_sections_level_and_citing_articles(client: TestClient) -> None:
    data = ask(client, STROKE_QUESTION)
    ref = data["references"][0]
    record = client.get(f"/api/records/{ref['record_id']}").json()
    assert record["id"] == ref["record_id"] and record["sections"] and record["sections"][0]["sentences"]
    assert record["level"] == ref["level"]
    assert {"article_id": data["article_id"], "reference": ref["n"]}.items() <= next(
        c for c in record["cited_in"] if c["article_id"] == data["article_id"]
    ).items()
    slashed = client.get("/api/records/10.1002/14651858.CD010968.pub2")  # DOIs hold slashes
    assert slashed.status_code in (200, 404)
    planted = client.get(f"/api/records/{XSS_ID}").json()
    assert planted["title"] == XSS_TITLE  # JSON keeps the text as it is; pages escape it


def test_search_twin_and_errors(client: TestClient) -> None:
    data = client.get("/api/search", params={"q": "balloon guide catheter thrombectomy"}).json()
    assert data["results"] and data["facets"]["question"] == "balloon guide catheter thrombectomy"
    assert client.get("/api/search", params={"q": ""}).status_code == 400
    assert client.get("/api/search", params={"q": "y" * 1001}).status_code == 400


def test_search_twin_filters_as_the_page_does(client: TestClient) -> None:
    q = "interferon multiple sclerosis"

    def kinds(params: object) -> set[str]:
        response = client.get("/api/search", params=params)  # type: ignore[arg-type]
        assert response.status_code == 200, response.text
        results = response.json()["results"]
        assert results, params
        return {r["kind"] for r in results}

    assert "systematic_review" not in kinds({"q": q}), "unfiltered, the registrations come first here"
    assert kinds({"q": q, "level": "2"}) <= {"guideline", "systematic_review"}
    graded = client.get("/api/search", params={"q": q, "level": "2"}).json()["results"]
    assert all(r["level"] in (1, 2) for r in graded), "the twin carries each result's level, as the page shows it"
    assert kinds([("q", q), ("kind", "trial_registration"), ("kind", "systematic_review")]) <= {
        "trial_registration",
        "systematic_review",
    }
    years = [
        r["year"] for r in client.get("/api/search", params={"q": q, "from": "2015", "to": "2017"}).json()["results"]
    ]
    assert years and all(2015 <= y <= 2017 for y in years)
    bad_year = client.get("/api/search", params={"q": q, "from": "20x5"})
    assert bad_year.status_code == 400 and "'from'" in bad_year.json()["detail"]
    bad_kind = client.get("/api/search", params={"q": q, "kind": "horoscope"})
    assert bad_kind.status_code == 400 and "horoscope" in bad_kind.json()["detail"]
    assert client.get("/api/search", params={"q": q, "level": "7"}).status_code == 400
    bad_flag = client.get("/api/search", params={"q": q, "retracted": "maybe"})
    assert bad_flag.status_code == 400 and "'retracted'" in bad_flag.json()["detail"]
    assert client.get("/api/search", params={"q": q, "retracted": "on"}).status_code == 200, "as a checkbox sends it"


def test_home_library_and_policy_twins(client: TestClient) -> None:
    ask(client, MS_QUESTION)
    home = client.get("/api/home").json()
    assert home["library"]["records"] > 300 and home["recent"] and home["approved"] == []
    assert [a["name"] for a in home["audiences"]] == ["clinician", "student", "patient"]
    library = client.get("/api/library").json()
    assert sum(library["by_kind"].values()) == library["records"] and library["last_ingest"]
    policy = client.get("/api/editorial-policy").json()
    assert policy["title"] == "Editorial policy" and any(s["heading"] == "Review status" for s in policy["sections"])


def test_openapi_and_docs_are_served_offline(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    for path in ("/api/ask", "/api/articles/{article_id}", "/api/records/{record_id}", "/api/search"):
        assert path in schema["paths"], path
    docs = client.get("/docs")
    assert docs.status_code == 200 and "/api/ask" in docs.text
    assert "cdn" not in docs.text.lower() and "<script" not in docs.text.lower()
