"""The citation checks every renderer relies on, and which links are safe to print."""

from __future__ import annotations

from bedside.render.citations import citation_problems, safe_link
from tests.render.sample import sample_overview


def test_sample_citations_resolve_and_problems_are_named() -> None:
    assert citation_problems(sample_overview()) == []
    broken = sample_overview()
    broken.references.append(broken.references[0].model_copy())
    broken.research[1].bullets[0].evidence[0].ref = 2
    problems = citation_problems(broken)
    assert "reference number 1 is used 2 times" in problems
    assert any("not among its bullet's citations" in p for p in problems)


def test_safe_link_keeps_only_plain_web_addresses() -> None:
    assert safe_link("https://pubmed.ncbi.nlm.nih.gov/1/") == "https://pubmed.ncbi.nlm.nih.gov/1/"
    for bad in ("javascript:alert(1)", "data:text/html,<script>", 'https://x.org/"onmouseover=', "ftp://x", ""):
        assert safe_link(bad) == ""
