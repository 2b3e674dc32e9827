"""An overview in the terminal, with rich: headings, quoted bullets with [n] citations, a references table.

Record text is never passed through rich's markup parser: a title like '[bold]...' or a quote
with '[1]' in it would be read as markup (or raise). Everything is built from `Text` objects,
which print their content literally, and control characters are removed first so a record
cannot send escape sequences to the user's terminal.
"""

from __future__ import annotations

from rich.console import Console, Group
from rich.padding import Padding
from rich.panel import Panel
from rich.rule import Rule
from rich.style import Style
from rich.table import Table
from rich.text import Text

from bedside.models import Bullet, Overview, Reference
from bedside.render.citations import (
    applicability_text,
    check_citations,
    level_or_why_not,
    safe_link,
    source_text,
    study_text,
)
from bedside.render.markdown import (
    NO_GUIDELINE,
    NO_REFERENCES,
    QUOTED_NOTE,
    TRIALS_NOTE,
    bullet_level,
    clean_text,
    facet_rows,
    format_date,
    generated_text,
    is_pending,
    library_text,
    status_steps,
    title_of,
)

_CITE = Style(color="cyan", bold=True)
_MUTED = Style(dim=True)
_INDIRECT = Style(color="yellow", italic=True)


def _t(text: str, style: Style | str = "") -> Text:
    """Record text as a literal rich Text (no markup, no emoji codes), control characters removed."""
    return Text(clean_text(text), style=style)


def _heading(console: Console, text: str, level: int = 2) -> None:
    console.print()
    if level == 2:
        console.print(Rule(_t(text, "bold"), align="left"))
    else:
        console.print(_t(text, "bold underline"))


def _item(content: Text | Group) -> Padding:
    """A list item with a hanging indent, so wrapped lines line up under the text, not the bullet."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(width=1, no_wrap=True)
    grid.add_column(ratio=1)
    grid.add_row("•", content)
    return Padding(grid, (0, 0, 0, 2))


def _bullet(bullet: Bullet) -> Padding:
    line = _t(bullet.text)
    for n in bullet.citations:
        line.append(" ")
        line.append(f"[{n}]", style=_CITE)
    level = bullet_level(bullet)
    if level:
        line.append(f"  {level}", style=_MUTED)
    if bullet.applicability == "direct" and not bullet.note:
        return _item(line)
    label = f"{bullet.applicability.capitalize()} evidence" if bullet.applicability != "direct" else "Note"
    return _item(Group(line, _t(f"{label}: {bullet.note or bullet.applicability}", _INDIRECT)))


def _bullets(console: Console, bullets: list[Bullet]) -> None:
    for bullet in bullets:
        console.print(_bullet(bullet))


def _source(ref: Reference) -> Text:
    """Title, journal and year, link: the 'Source' cell, or the body of a list entry."""
    source = _t(ref.title, "bold")
    where = source_text(ref)
    if where:
        source.append("\n")
        source.append_text(_t(where, _MUTED))
    link = safe_link(ref.link)
    if link:
        source.append("\n")
        source.append(link, style=Style(color="blue", link=link))
    if ref.retracted:
        source.append("\nRETRACTED", style="bold red")
    return source


def _applies(ref: Reference) -> Text:
    return _t(applicability_text(ref), _INDIRECT if ref.applicability != "direct" else "")


def _references_table(overview: Overview) -> Table:
    """References as a table: number, type, source, level, applicability, study size."""
    table = Table(show_lines=True, expand=True, header_style="bold")
    table.add_column("#", justify="right", no_wrap=True)
    table.add_column("Type", min_width=12, overflow="fold")
    table.add_column("Source", ratio=5, overflow="fold")
    table.add_column("Level", ratio=2)
    table.add_column("Applicability", ratio=2)
    table.add_column("Study", ratio=2)
    for ref in sorted(overview.references, key=lambda r: r.n):
        table.add_row(
            f"[{ref.n}]", _t(ref.label), _source(ref), _t(level_or_why_not(ref)), _applies(ref), _t(study_text(ref))
        )
    return table


def _references_list(overview: Overview) -> Group:
    """References as a list, for terminals too narrow for six readable columns (phones, split panes)."""
    entries: list[Text] = []
    for ref in sorted(overview.references, key=lambda r: r.n):
        entry = Text(f"[{ref.n}] ", style=_CITE)
        entry.append_text(_t(ref.label, "italic"))
        entry.append("\n")
        entry.append_text(_source(ref))
        entry.append("\n")
        entry.append_text(_t(level_or_why_not(ref)))
        entry.append(" · ")
        entry.append_text(_applies(ref))
        study = study_text(ref)
        if study:
            entry.append_text(_t(f" · {study}"))
        entry.append("\n")
        entries.append(entry)
    return Group(*entries)


def render_terminal(overview: Overview, console: Console) -> None:
    """Print the overview to `console`, section by section in the same order as the page.

    Raises ValueError when citations do not resolve (see `check_citations`).
    """
    check_citations(overview)
    console.print(_t(title_of(overview), "bold"))
    if is_pending(overview):
        caution = _t(overview.review_note, "bold")
        caution.append(": educational use only; not yet approved by a reviewer. Exercise caution.", style="")
        console.print(Panel(caution, border_style="yellow", expand=False))
    steps = Text("Review status: ")
    for i, (_, label, state) in enumerate(status_steps(overview)):
        if i:
            steps.append(" → ", style=_MUTED)
        mark = {"done": "✓ ", "current": "● ", "todo": "○ "}[state]
        steps.append(mark + label, style="bold" if state == "current" else _MUTED if state == "todo" else "green")
    console.print(steps)
    meta = Text(f"Last updated {format_date(overview.generated_at)} · Written for: ", style=_MUTED)
    meta.append_text(_t(overview.audience, _MUTED))
    console.print(meta)
    if overview.statement:
        console.print()
        console.print(_t(overview.statement, "bold"))
    console.print()
    for name, value in facet_rows(overview):
        row = Text(f"{name}: ", style=_MUTED)
        row.append_text(_t(value))
        console.print(row)
    console.print(Text(QUOTED_NOTE, style="italic"))

    _heading(console, "From the Guidelines")
    g = overview.guidelines
    if g.found:
        _bullets(console, g.summary)
        for heading, bullets in (
            ("Key Considerations", g.key_considerations),
            ("Management Strategies", g.management_strategies),
        ):
            if bullets:
                _heading(console, heading, 3)
                _bullets(console, bullets)
    else:
        console.print(_t(g.statement or NO_GUIDELINE))

    _heading(console, "From the Research")
    if not overview.research:
        console.print(Text("No research in the library answers this question."))
    for theme in overview.research:
        _heading(console, theme.heading, 3)
        _bullets(console, theme.bullets)

    if overview.trials:
        _heading(console, "Registered trials (registered, no results)")
        console.print(Text(TRIALS_NOTE, style="italic"))
        _bullets(console, overview.trials)

    _heading(console, "References")
    if not overview.references:
        console.print(Text(NO_REFERENCES, style="italic"))
    else:
        console.print(_references_table(overview) if console.width >= 90 else _references_list(overview))

    if overview.excluded:
        _heading(console, "Evidence not used")
        for e in overview.excluded:
            line = _t(e.title, "italic")
            line.append_text(_t(f" ({e.record_id}): {e.reason}"))
            console.print(_item(line))

    console.print()
    console.print(_t(overview.certainty.line(), "bold"))
    _heading(console, "Professional disclaimer")
    console.print(_t(overview.disclaimer))
    console.print()
    footer = [library_text(overview)]
    if overview.pubmed:
        footer.append(overview.pubmed)
    footer.append(generated_text(overview))
    console.print(_t(" · ".join(footer), _MUTED))
