"""Rule 5's head-to-head case: is the question's treatment what a record studied, or only what it was measured against?

"Does interferon beta reduce relapses?" asks whether interferon beta works. A review of
alemtuzumab *versus* interferon beta answers another question (is alemtuzumab better than
interferon beta?), and a trial of minocycline *as add-on to* interferon beta studies minocycline.
Both name interferon beta, in the title or often, so the other rules call them direct; quoted as
direct evidence, "compared with interferon beta 1a, alemtuzumab probably reduces the risk of
relapse" reads as if it were about interferon beta. This module finds those two roles:

- comparator: the title (or, untitled, at least two sentences of the abstract and never the other
  way round) puts the question's treatment after 'versus' / 'compared with' and another treatment
  of the vocabulary before it; the first-named arm is the one studied;
- harm treated: the title names the asked treatment as the cause of what another treats
  ("Treatment of antidepressant-associated sexual dysfunction with sildenafil");
- background: the title's first mention of the question's treatment follows 'as add-on to',
  'added to', 'adding ... to', 'in addition to' or 'on top of', or follows 'following', 'after' or
  'receiving' with another treatment named before it ("Aerobic exercise and flu-like symptoms
  following interferon beta 1a injections"), or names it as what a trial's people are on ("trial of
  diindolylmethane ... in patients taking tamoxifen").

A question that itself compares treatments is left to rule 5's comparison case, and another
treatment must be a rival, not a kind or class of the question's (a trial of strength training
versus aerobic exercise is still on exercise), nor a comparator such as placebo.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bedside.appraise.question import CompiledFacets, is_therapy
from bedside.appraise.terms import Term
from bedside.appraise.view import RecordView, join_or
from bedside.appraise.wordlists import TRIALS
from bedside.search.facets import analyse_text
from bedside.search.vocabulary import Vocabulary
from bedside.text import sentences
from bedside.text.spelling import fold

# Cues right before the question's treatment that make it what something else was added to.
_ADDED_TO = re.compile(
    r"(?:\badd-on to|\badded to|\badding\b[^.;:]{1,60}?\bto|\bin addition to|\bon top of|\bon a background of)"
    r"(?:\s+\S+){0,2}\s*$",
    re.IGNORECASE,
)
# Cues that make it the background only when another treatment is named before them.
_AFTER = re.compile(r"(?:\bfollowing|\bafter|\breceiving|\btreated with|\btaking)(?:\s+\S+){0,2}\s*$", re.IGNORECASE)
# A trial's title (`wordlists.TRIALS`), and the people it enrolled described by a treatment they are on, right before
# the asked treatment ("... in patients taking tamoxifen", "... in women receiving chemotherapy").
_PEOPLE_ON = re.compile(
    r"\b(?:in|among|for)\s+(?:\w+\s+){0,2}?(?:patients|women|men|people|adults|children|survivors|users|persons|"
    r"individuals|participants|subjects)\s+(?:taking|receiving|on|treated\s+with|using|undergoing)(?:\s+\S+){0,2}\s*$",
    re.IGNORECASE,
)
# What such a trial tested: "trial of diindolylmethane for ...".
_STUDIED = re.compile(
    r"\b(?:trial|study|evaluation)\s+of\s+(?P<what>[\w-]+(?:\s+[\w-]+)?)\s+(?:for|in|on|to|among)\b", re.IGNORECASE
)
# Right after the asked treatment: it caused the condition another treatment is for.
_CAUSED = re.compile(r"[\s-]+(?:associated|induced|related)\b", re.IGNORECASE)
_TREATING = re.compile(
    r"\b(?:treatment|management|treating|managing|reversal|prevention|preventing)\s+of\s*$", re.IGNORECASE
)
# Where the harm a treatment caused ends, in a title: "... weight loss | with cyproheptadine".
_HARM_ENDS = re.compile(r"\b(?:with|using|by|for|in)\b", re.IGNORECASE)
_COMPARISON_CUE = re.compile(r"\b(?:versus|vs|compared|comparison|against)\b")
# Untitled records (Cochrane abstracts) must set the treatment as the comparator this often.
UNTITLED_SENTENCES = 2


def role_reason(view: RecordView, q: CompiledFacets, asked: Sequence[Term]) -> str:
    """Why the record is indirect because the asked treatment is its comparator or background, or ''.

    `asked`: the question's treatments the record names.
    """
    if q.compared or not asked:
        return ""
    title = view.title.strip()
    if title:
        return _title_role(title, q, asked)
    return _abstract_role(view.abstract, q, asked)


def _title_role(title: str, q: CompiledFacets, asked: Sequence[Term]) -> str:
    facets = analyse_text(title)
    mine = _names(asked)
    others = rivals([t.concept for t in facets.intervention], q, asked)
    compared = any(_is_asked(t.concept, asked) for t in facets.comparison)
    if others and compared and not any(_is_asked(t.concept, asked) for t in facets.intervention):
        return f"intervention: {' and '.join(others[:2])}, with {mine} only as its comparator"
    # The first mention decides: a later one is mostly the name again ("interferon beta-1a [IFN beta-1a]").
    span = _first_mention(title, asked)
    if span is None:
        return ""
    start, end = span
    before = title[:start]
    after = title[end:]
    caused = _CAUSED.match(after)
    if caused and (others or _TREATING.search(before)) and not _asks_about_harm(title, after, q):
        # "Treatment of antidepressant-associated sexual dysfunction with sildenafil": the asked
        # treatment caused what another one treats. The harm itself is not that treatment
        # ("cyproheptadine for stimulant-induced weight loss": not weight loss).
        harm = _HARM_ENDS.split(after[caused.end() :], maxsplit=1)[0].lower()
        treating = [
            c for c in others if not any(t.concept == c and t.matched.lower() in harm for t in facets.intervention)
        ]
        if treating:
            return f"intervention: {' and '.join(treating[:2])} for a harm of {mine}, not {mine}"
        return f"intervention: the treatment of a harm of {mine}, not {mine}"
    if _ADDED_TO.search(before):
        added = " and ".join(others[:2])
        if added:
            return f"intervention: {added} added to {mine}, not {mine} alone"
        return f"intervention: {mine} only as the treatment something else was added to, not what was studied"
    named_first = rivals([t.concept for t in analyse_text(before).intervention], q, asked) if before.strip() else []
    if named_first and _AFTER.search(before):
        return f"intervention: {' and '.join(named_first[:2])}, with {mine} only as the background treatment"
    if TRIALS.search(before.lower()) and _PEOPLE_ON.search(before):
        # "A randomized, placebo-controlled trial of diindolylmethane ... in patients taking tamoxifen":
        # a trial whose people are on the asked treatment tests something else, even one the
        # vocabulary does not know ("Hot flashes in women taking tamoxifen", no trial, stays on it).
        studied = _STUDIED.search(before)
        what = studied.group("what") if studied and not _is_asked(studied.group("what"), asked) else ""
        return f"intervention: {what or 'another treatment'}, with {mine} only as the background treatment"
    return ""


def _abstract_role(abstract: str, q: CompiledFacets, asked: Sequence[Term]) -> str:
    """Untitled: the abstract sets the treatment as the comparator of a rival, twice, never the reverse."""
    forward: dict[str, None] = {}
    times = 0
    for start, end in sentences.spans(abstract):
        text = abstract[start:end]
        low = fold(text).lower()
        if not _COMPARISON_CUE.search(low) or not any(t.found(text, low) for t in asked):
            continue
        facets = analyse_text(text)
        compared = [t.concept for t in facets.comparison]
        studied = [t.concept for t in facets.intervention]
        if rivals(compared, q, asked) and any(_is_asked(c, asked) for c in studied):
            return ""  # the rival is this sentence's comparator: the record weighs both ways
        others = rivals(studied, q, asked)
        if others and any(_is_asked(c, asked) for c in compared) and not any(_is_asked(c, asked) for c in studied):
            times += 1
            forward.update(dict.fromkeys(others))
    if times < UNTITLED_SENTENCES:
        return ""
    return f"intervention: {' and '.join(list(forward)[:2])}, with {_names(asked)} only as its comparator"


def _asks_about_harm(title: str, after: str, q: CompiledFacets) -> bool:
    """Whether the question itself names the harm treated, or what treats it ("Sildenafil improves
    erectile function in men with sexual dysfunction from SSRIs"): then the record is on it."""
    harm = any(t.found(after, fold(after).lower()) for t in (*q.condition, *q.outcome))
    return harm or any(t.found(title, fold(title).lower()) for t in (*q.subject, *q.effect))


def _first_mention(text: str, asked: Sequence[Term]) -> tuple[int, int] | None:
    """Where the asked treatments are first named in `text` (start, end), if at all."""
    low = fold(text).lower()
    if len(low) != len(text):
        low = text.lower()
    found = [
        m.span()
        for term in asked
        for m in (
            term.folded.search(low) if term.folded is not None else None,
            term.exact.search(text) if term.exact is not None else None,
        )
        if m is not None
    ]
    return min(found, default=None)


def _is_asked(concept: str, asked: Sequence[Term]) -> bool:
    """Whether a concept's name (or a title's words naming a treatment) is one of the asked treatments."""
    return any(t.concept == concept or t.found(concept, concept.lower()) for t in asked)


def rivals(concepts: Sequence[str], q: CompiledFacets, asked: Sequence[Term]) -> list[str]:
    """The concepts that are another treatment than the question's: not a comparator, nor a kind or class of it."""
    vocabulary = Vocabulary.default()
    named = {t.concept for t in (*q.intervention, *q.outcome, *q.condition)}
    mine = [t.concept for t in asked]
    return list(
        dict.fromkeys(
            c
            for c in concepts
            if is_therapy(c)
            and c not in named
            and not _is_asked(c, asked)
            and not vocabulary.is_class_of(c, mine)
            and not any(vocabulary.is_class_of(m, [c]) for m in mine)
        )
    )


def _names(asked: Sequence[Term]) -> str:
    return join_or([t.concept for t in asked])
