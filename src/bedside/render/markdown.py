"""An overview as Markdown: for notes, e-mail, wikis and any viewer that renders CommonMark.

Every piece of record text is untrusted. Most Markdown renderers pass raw HTML through, so a
`<script>` in a title would run; every record string is therefore escaped (`\\<`, `\\[` ...)
before it is placed, and only bedside's own anchors (`<a id="ref-n"></a>`) are raw HTML.

The small plain-text helpers at the top (status steps, dates, control-character removal, the
library line) are shared with the terminal and HTML renderers, so the three say the same.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from bedside.models import Bullet, Overview, Reference
from bedside.render.citations import (
    applicability_text,
    check_citations,
    level_or_why_not,
    level_text,
    safe_link,
    source_text,
    study_text,
)

STATUS_STEPS: tuple[tuple[str, str], ...] = (
    ("submitted", "Submitted"),
    ("under_review", "Under Review"),
    ("approved", "Approved"),
)
NO_GUIDELINE = "No applicable guideline was found in the library for this question."
TRIALS_NOTE = (
    "These trials are registered: they show that a study exists or is under way, not what it found. "
    "No results are reported here and none of them is evidence of effect."
)
QUOTED_NOTE = "Every statement below is quoted unchanged, sentence by sentence, from the source cited after it."
# The References heading is always shown, so an answer that quotes nothing says so under it.
NO_REFERENCES = "None: nothing in the library was quoted for this question."

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|~&])")
_LINE_START = re.compile(r"^(\d+)([.)])|^([-+=])")


def clean_text(text: str) -> str:
    """Drop control characters: in a terminal they are escape sequences, in HTML and PDF they are invalid."""
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\t", " "))


def is_pending(overview: Overview) -> bool:
    """True until a reviewer has approved the overview; until then the caution is shown."""
    return overview.status != "approved"


def status_steps(overview: Overview) -> list[tuple[str, str, str]]:
    """(key, label, state) per review step; state is 'done', 'current' or 'todo'."""
    keys = [k for k, _ in STATUS_STEPS]
    current = keys.index(overview.status) if overview.status in keys else 0
    return [
        (key, label, "done" if i < current else "current" if i == current else "todo")
        for i, (key, label) in enumerate(STATUS_STEPS)
    ]


def parse_timestamp(value: str) -> datetime | None:
    """The generation time as an aware datetime (UTC when no zone is given), or None if unreadable."""
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def format_date(value: str) -> str:
    """'25 November 2026' from an ISO timestamp; the text as given when it cannot be read."""
    moment = parse_timestamp(value)
    return f"{moment.day} {moment:%B %Y}" if moment else value


def format_time(value: str) -> str:
    """'25 November 2026, 08:55 UTC' for the generation line."""
    moment = parse_timestamp(value)
    return f"{moment.day} {moment.astimezone(UTC):%B %Y, %H:%M} UTC" if moment else value


def title_of(overview: Overview) -> str:
    """The article title: the tidied title, else the question itself."""
    return overview.title.strip() or overview.question.strip()


def library_text(overview: Overview) -> str:
    """'Library: 1,234 records, newest 2025-03-01 (generation 7)'."""
    lib = overview.library
    text = f"Library: {lib.records:,} records"
    if lib.newest:
        text += f", newest {lib.newest}"
    if lib.generation:
        text += f" (generation {lib.generation})"
    return text


def generated_text(overview: Overview) -> str:
    """'Generated 25 November 2026, 08:55 UTC in 120 ms'."""
    text = f"Generated {format_time(overview.generated_at)}"
    if overview.took_ms:
        text += f" in {overview.took_ms:,.0f} ms"
    return text


def bullet_level(bullet: Bullet) -> str:
    """'Level 2 (systematic review / meta-analysis)' for the strongest cited source, or ''."""
    return level_text(bullet.level)


def facet_rows(overview: Overview) -> list[tuple[str, str]]:
    """(facet, 'concept (from "words")') rows showing how the question was read."""
    f = overview.facets
    rows: list[tuple[str, str]] = []
    for name, terms in (
        ("Condition", f.condition),
        ("Population", f.population),
        ("Intervention", f.intervention),
        ("Comparison", f.comparison),
        ("Outcome", f.outcome),
    ):
        if terms:
            shown = [
                t.concept if t.matched.lower() == t.concept.lower() else f'{t.concept} ("{t.matched}")' for t in terms
            ]
            rows.append((name, "; ".join(shown)))
    if f.ruled_out:
        rows.append(("Ruled out", "; ".join(f'{t.concept} ("{t.matched}")' for t in f.ruled_out)))
    if f.absent:
        rows.append(("People without", "; ".join(t.concept for t in f.absent)))
    rows.append(("Question type", f.question_type.value))
    return rows


# --------------------------------------------------------------------------------------------
# Markdown
# --------------------------------------------------------------------------------------------


def md_escape(text: str) -> str:
    """Record text as inert Markdown: one line, every character that could start markup escaped."""
    one_line = " ".join(clean_text(text).split())
    # Angle brackets become entities rather than '\<': the Markdown then holds no tag-like text at all,
    # even for a consumer that pastes it into HTML without a Markdown renderer.
    return _MD_SPECIAL.sub(r"\\\1", one_line).replace("<", "&lt;").replace(">", "&gt;")


def md_block(text: str) -> str:
    """Escaped record text that may start a line: a leading '1.' or '-' would otherwise begin a list."""
    return _LINE_START.sub(lambda m: f"{m[1]}\\{m[2]}" if m[1] else f"\\{m[3]}", md_escape(text), count=1)


def _title_attr(text: str) -> str:
    """Text for a link title ("..."): HTML-significant characters as entities, so the title can neither
    end early nor carry a tag, and backslashes doubled so they stay literal."""
    one_line = " ".join(clean_text(text).split()).replace("\\", "\\\\")
    return one_line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _cite(n: int, refs: dict[int, Reference]) -> str:
    ref = refs[n]
    return f'[\\[{n}\\]](#ref-{n} "{_title_attr(ref.title)}")'


def _bullet(bullet: Bullet, refs: dict[int, Reference]) -> list[str]:
    cites = " ".join(_cite(n, refs) for n in bullet.citations)
    line = f"- {md_escape(bullet.text)} {cites}"
    level = bullet_level(bullet)
    if level:
        line += f" · *{md_escape(level)}*"
    lines = [line]
    if bullet.applicability != "direct" or bullet.note:
        note = bullet.note or bullet.applicability
        label = f"{bullet.applicability.capitalize()} evidence" if bullet.applicability != "direct" else "Note"
        lines.append(f"  - *{md_escape(label)}: {md_escape(note)}*")
    return lines


def _bullets(bullets: list[Bullet], refs: dict[int, Reference]) -> list[str]:
    out: list[str] = []
    for bullet in bullets:
        out += _bullet(bullet, refs)
    return [*out, ""]


def _reference(ref: Reference) -> str:
    parts = [f'- <a id="ref-{ref.n}"></a>**\\[{ref.n}\\]** {md_escape(ref.label)}: *{md_escape(ref.title)}*']
    source = source_text(ref)
    if source:
        parts.append(md_escape(source))
    parts.append(md_escape(level_or_why_not(ref)))
    parts.append("applicability: " + md_escape(applicability_text(ref)))
    study = study_text(ref)
    if study:
        parts.append(md_escape(study))
    if ref.retracted:
        parts.append("**RETRACTED**")
    link = safe_link(ref.link)
    if link:
        parts.append(f"<{link}>")
    return " · ".join(parts)


def render_markdown(overview: Overview) -> str:
    """The overview as CommonMark, same sections and order as the HTML page.

    Raises ValueError when citations do not resolve (see `check_citations`).
    """
    check_citations(overview)
    refs = {r.n: r for r in overview.references}
    out: list[str] = [f"# {md_escape(title_of(overview))}", ""]
    if is_pending(overview):
        out += [
            f"> **{md_escape(overview.review_note)}**: educational use only; "
            "not yet approved by a reviewer. Exercise caution.",
            "",
        ]
    steps = []
    for _, label, state in status_steps(overview):
        steps.append(
            f"**{label}** (current)" if state == "current" else f"{label} (done)" if state == "done" else label
        )
    out += [
        "Review status: " + " → ".join(steps) + "  ",
        f"Last updated: {md_escape(format_date(overview.generated_at))} · Written for: {md_escape(overview.audience)}",
        "",
    ]
    if overview.statement:
        out += [f"**{md_escape(overview.statement)}**", ""]
    out += ["How the question was understood: " + "; ".join(f"{k}: {md_escape(v)}" for k, v in facet_rows(overview))]
    out += ["", f"*{QUOTED_NOTE}*", "", "## From the Guidelines", ""]
    g = overview.guidelines
    if g.found:
        out += _bullets(g.summary, refs)
        for heading, bullets in (
            ("Key Considerations", g.key_considerations),
            ("Management Strategies", g.management_strategies),
        ):
            if bullets:
                out += [f"### {heading}", "", *_bullets(bullets, refs)]
    else:
        out += [md_block(g.statement or NO_GUIDELINE), ""]
    out += ["## From the Research", ""]
    if overview.research:
        for theme in overview.research:
            out += [f"### {md_escape(theme.heading)}", "", *_bullets(theme.bullets, refs)]
    else:
        out += ["No research in the library answers this question.", ""]
    if overview.trials:
        out += ["## Registered trials (registered, no results)", "", f"*{TRIALS_NOTE}*", ""]
        out += _bullets(overview.trials, refs)
    out += ["## References", ""]
    out += [_reference(r) for r in sorted(overview.references, key=lambda r: r.n)] or [f"*{NO_REFERENCES}*"]
    out += [""]
    if overview.excluded:
        out += ["## Evidence not used", ""]
        out += [
            f"- *{md_escape(e.title)}* ({md_escape(e.record_id)}): {md_escape(e.reason)}" for e in overview.excluded
        ]
        out += [""]
    out += [f"**{md_escape(overview.certainty.line())}**", ""]
    out += ["## Professional disclaimer", "", md_block(overview.disclaimer), "", "---", ""]
    footer = [library_text(overview)]
    if overview.pubmed:
        footer.append(overview.pubmed)
    footer.append(generated_text(overview))
    out += [" · ".join(md_escape(p) for p in footer), ""]
    return "\n".join(out)
