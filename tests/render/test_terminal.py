"""The terminal rendering: all sections, [n] citations, a references table, record text printed literally."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from bedside.render.terminal import render_terminal
from tests.render.sample import NO_GUIDELINE_STATEMENT, sample_overview


def _render(status: str = "submitted", width: int = 200, **changes: object) -> str:
    overview = sample_overview(status)
    for name, value in changes.items():
        setattr(overview, name, value)
    out = io.StringIO()
    render_terminal(overview, Console(file=out, width=width, force_terminal=False, color_system=None))
    return out.getvalue()


def test_sections_bullets_and_citations() -> None:
    text = _render()
    for part in (
        "From the Guidelines",
        NO_GUIDELINE_STATEMENT,
        "From the Research",
        "Balance and gait training",
        "Registered trials (registered, no results)",
        "References",
        "Evidence not used",
        "retracted (Retracted Publication)",
        "Certainty: low",
        "Professional disclaimer",
        "Library: 12,345 records, newest 2026-10-30",
    ):
        assert part in text, part
    for n in range(1, 6):
        assert f"[{n}]" in text
    assert "Indirect evidence: population: stroke, not multiple sclerosis" in text
    assert "┃ Source" in text  # the references table


def test_pending_caution_only_until_approved() -> None:
    assert "Pending human review" in _render("submitted")
    assert "pending human review" not in _render("approved").lower()


def test_record_text_is_literal_not_rich_markup() -> None:
    overview = sample_overview()
    overview.research[0].heading = "[bold red]Not markup[/bold red] :warning:"
    overview.research[0].bullets[0].text = "Tone improved\x1b[2J after training [/]"
    out = io.StringIO()
    render_terminal(overview, Console(file=out, width=200, force_terminal=True, color_system="standard"))
    text = out.getvalue()
    assert "[bold red]Not markup[/bold red] :warning:" in text
    assert "\x1b[2J" not in text
    assert "Tone improved[2J after training [/]" in text  # the escape character removed, the rest literal
    assert "<script>alert(1)</script>" in _render()


def test_narrow_terminal_lists_references_instead_of_a_table() -> None:
    text = _render(width=60)
    assert "┃ Source" not in text
    assert "[5] Trial registration" in text


def test_unresolved_citation_is_refused() -> None:
    overview = sample_overview()
    overview.trials[0].citations = [7]
    with pytest.raises(ValueError, match="citations do not resolve"):
        render_terminal(overview, Console(file=io.StringIO()))
