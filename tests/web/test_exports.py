"""Exports from the article page and from `bedside export`: the same files, citations kept."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from bedside.cli import app as cli
from bedside.models import Record
from bedside.settings import Settings
from bedside.sources import medline
from tests.web.conftest import STROKE_QUESTION

pytestmark = [pytest.mark.shared, pytest.mark.slow]


def _article(client: TestClient) -> dict[str, Any]:
    response = client.post("/api/ask", json={"question": STROKE_QUESTION})
    assert response.status_code == 200
    data: dict[str, Any] = response.json()
    return data


def test_every_format_downloads_with_citations_kept(client: TestClient) -> None:
    data = _article(client)
    article_id, refs = data["article_id"], data["references"]
    assert isinstance(refs, list) and refs
    got = {}
    for name in ("markdown", "html", "pdf", "ris", "nbib", "bibtex"):
        response = client.get(f"/articles/{article_id}/export/{name}")
        assert response.status_code == 200, name
        assert f"bedside-{article_id}." in response.headers["content-disposition"]
        got[name] = response.content
    markdown = got["markdown"].decode()
    assert "## References" in markdown and "(#ref-1 " in markdown and '<a id="ref-1">' in markdown
    html = got["html"].decode()
    assert 'href="#ref-1"' in html and 'id="ref-1"' in html
    assert got["pdf"].startswith(b"%PDF")
    for ref in refs:
        assert ref["record_id"].encode() in got["ris"]
    assert got["bibtex"].count(b"@") == len(refs)
    csp = client.get(f"/articles/{article_id}/export/html").headers["content-security-policy"]
    assert csp.startswith("default-src 'none'; style-src 'sha256-")
    assert client.get(f"/articles/{article_id}/export/docx").status_code == 404


def test_nbib_export_reads_back_with_the_same_ids_titles_and_journals(client: TestClient) -> None:
    data = _article(client)
    text = client.get(f"/articles/{data['article_id']}/export/nbib").text
    items = list(medline.read(Path("export.nbib"), io.BytesIO(text.encode("utf-8"))))
    back = [i for i in items if isinstance(i, Record)]
    assert len(back) == len(items)
    refs = [r for r in data["references"] if r["record_id"].isdigit()]
    assert len(refs) >= 3
    assert [r.id for r in back] == [r["record_id"] for r in refs]
    for record, ref in zip(back, refs, strict=True):
        assert record.title == ref["title"]
        assert record.journal.title == ref["journal"]
        whole = client.get(f"/api/records/{ref['record_id']}").json()
        assert record.journal.title == whole["journal"]["title"] and record.year == whole["year"]


def test_cli_export_by_question_and_by_id(web_settings: Settings, tmp_path: Path, client: TestClient) -> None:
    runner = CliRunner()
    env = {"BEDSIDE_DB": str(web_settings.db), "BEDSIDE_CACHE": str(web_settings.cache)}
    result = runner.invoke(cli, ["export", STROKE_QUESTION, "--format", "markdown", "--no-fetch"], env=env)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"# {STROKE_QUESTION}") and "## References" in result.stdout
    article_id = result.stderr.strip().rsplit(" ", 1)[1]
    web = client.get(f"/articles/{article_id}/export/markdown", params={"audience": "clinician"}).text
    assert web == result.stdout  # the same file from the page and the command
    out = tmp_path / "refs.bib"
    result = runner.invoke(cli, ["export", article_id, "--format", "bibtex", "--output", str(out)], env=env)
    assert result.exit_code == 0, result.output
    assert out.read_text().startswith("@article{pmid")
    result = runner.invoke(cli, ["export", article_id, "--format", "pdf", "-o", str(tmp_path / "a.pdf")], env=env)
    assert result.exit_code == 0 and (tmp_path / "a.pdf").read_bytes().startswith(b"%PDF")
    bad = runner.invoke(cli, ["export", article_id, "--format", "docx"], env=env)
    assert bad.exit_code == 2 and "unknown format" in bad.stderr
    empty = runner.invoke(cli, ["export", " ", "--no-fetch"], env=env)
    assert empty.exit_code == 1 and "empty" in empty.stderr
