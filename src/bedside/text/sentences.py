"""Sentence splitting with character offsets.

Later stages quote source sentences verbatim, so sentences are kept as offsets into the
section text rather than as copies. syntok used to do the splitting (it made the fewest errors on
biomedical abbreviations among the offline splitters) but took 79% of ingest time, so this is a
single regex scan over candidate boundaries with syntok's useful exceptions written out:
abbreviations ("Fig.", "vs.", "e.g.", "et al."), initials, "No. 5", dotted tokens ("U.S."),
large numbers after a full stop. bench/split.py measures speed and agreement with syntok; the
rules that differ from syntok do so because review by eye found syntok wrong there.
"""

from __future__ import annotations

import itertools
import re

from bedside.models import Section, Sentence

# Candidate boundaries, in one scan: a full stop, "!" or "?" (runs such as "?!" or "..." included),
# optionally followed by closing quotes or brackets and a numbered citation ("...agrees.[3]") that
# still belong to the sentence, then whitespace (group 1); or a terminal with a capital straight
# after it. Some corpora (BEIR's SciFact among them) join an abstract's sentences with no space:
# "...functional disabilities.A line scan..." (see _glued). Written with the terminal class first
# and once: re then skips ahead to terminals, 4x faster than two alternatives.
_CANDIDATE = re.compile(
    r"[.!?\u2026](?:[.!?\u2026]*[\"'\u2019\u201d\u00bb)\]]*(?:\[\d[\d,\u2013 -]{0,20}\])?"
    r"[\u200b\u200c\u200d\ufeff]*(\s+)|(?=[A-Z]))"
)

# Line structure: a blank line always ends a sentence (paragraphs); a single newline does when the
# next line opens a list item or the line it ends is a heading (short, capitalised, no punctuation
# at its end: a colon announces what follows, a comma or hyphen a wrapped line).
_LIST_ITEM = re.compile(
    r"[ \t]*(?:[-*\u2022\u25cf\u25aa\u2013\u2014]|\(?\d{1,3}[.)]|\(?[a-zA-Z][.)]|\(?[ivx]{1,4}\))\s"
)
_HEADING_MAX = 60
_NOT_HEADING = frozenset(",;:-(.!?")

# The word before a full stop runs from the last space or opening bracket up to the stop
# (not an apostrophe: "the 1990's." is a word, not "s.").
_WORD_EDGES = frozenset('([{"\u201c\u2018')
# List bullets and markdown headings open a new item even without a capital after them.
_BULLETS = frozenset("#\u2022\u00b7\u25cf\u25aa\u25e6\u2023")
_DASHES = frozenset("-\u2013\u2014")

# Abbreviations that are (nearly) never the last word of a sentence: no split after them, whatever
# follows. Matched as written, lower-case or capitalised, never in capitals: "ART.", "ED.", "MS.",
# "NO." and "DR." are acronyms (therapy, department, sclerosis, nitric oxide, retinopathy) that do
# end sentences. "no"/"nos" only before a number (see _NUMBERED).
_NEVER_LAST = frozenset(
    [
        "fig",
        "figs",
        "vs",
        "cf",
        "dr",
        "mr",
        "mrs",
        "prof",
        "st",
        "jr",
        "sr",
        "vol",
        "vols",
        "pp",
        "ref",
        "refs",
        "eq",
        "eqs",
        "resp",
        "incl",
        "approx",
        "ca",
        "corp",
        "inc",
        "ltd",
        "dept",
        "univ",
        "tab",
        "suppl",
        "sect",
    ]
)
# Abbreviations that often do end a sentence ("... and so on, etc." / "Smith et al."): a boundary
# only when a clear sentence starter follows.
_SOMETIMES_LAST = frozenset(["etc", "al", "ff"])
_NUMBERED = frozenset(["no", "nos", "nr"])

# A structured abstract's section label opens a sentence even after an initial ("... and vitamin D.
# RESULTS A total of 944 ..." in text whose sections were run together).
_SECTION_LABELS = frozenset(
    [
        "BACKGROUND",
        "CONTEXT",
        "INTRODUCTION",
        "OBJECTIVE",
        "OBJECTIVES",
        "AIM",
        "AIMS",
        "PURPOSE",
        "DESIGN",
        "SETTING",
        "SETTINGS",
        "METHODS",
        "METHOD",
        "PATIENTS",
        "PARTICIPANTS",
        "INTERVENTION",
        "INTERVENTIONS",
        "MEASUREMENTS",
        "MAIN",
        "RESULTS",
        "RESULT",
        "FINDINGS",
        "CONCLUSION",
        "CONCLUSIONS",
        "INTERPRETATION",
        "DISCUSSION",
        "LIMITATIONS",
    ]
)

# Capitalised words that open sentences far more often than they follow an abbreviation; taken
# from syntok's list (its English part), which decided most of the old splits.
_STARTERS = frozenset(
    [
        "Above",
        "Accordingly",
        "Additionally",
        "Admittedly",
        "All",
        "Also",
        "Although",
        "Again",
        "And",
        "Are",
        "As",
        "Assuredly",
        "Because",
        "Besides",
        "Certainly",
        "Chiefly",
        "Comparatively",
        "Consequently",
        "Conversely",
        "Coupled",
        "Correspondingly",
        "Does",
        "Due",
        "Especially",
        "For",
        "Furthermore",
        "Granted",
        "Generally",
        "Hence",
        "How",
        "However",
        "Identically",
        "In",
        "Indeed",
        "Instead",
        "It",
        "Its",
        "Likewise",
        "Moreover",
        "Nevertheless",
        "No",
        "Obviously",
        "Of",
        "On",
        "Ordinarily",
        "Other",
        "Otherwise",
        "Outside",
        "Particularly",
        "Rather",
        "Similarly",
        "Since",
        "Singularly",
        "Still",
        "So",
        "Subsequently",
        "That",
        "The",
        "Therefore",
        "Thereupon",
        "This",
        "Thus",
        "Unquestionably",
        "Use",
        "Usually",
        "What",
        "Where",
        "Whereas",
        "Wherefore",
        "Why",
        "Yet",
        "A",
    ]
)
_MONTHS = frozenset(
    ["jan", "feb", "febr", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"]
)
_ROMAN = frozenset(
    [
        "I",
        "II",
        "III",
        "IV",
        "V",
        "VI",
        "VII",
        "VIII",
        "IX",
        "X",
        "XI",
        "XII",
        "XIII",
        "XIV",
        "XV",
        "XVI",
        "XVII",
        "XVIII",
        "XIX",
        "XX",
    ]
)
_OPENERS = "\"'\u201c\u2018\u00ab([{"
_FIRST_WORD = re.compile(r"[\w\u2019'-]*")


def _next_word(text: str, pos: int) -> str:
    """The word starting at `pos`, after any opening quotes or brackets."""
    while pos < len(text) and text[pos] in _OPENERS:
        pos += 1
    found = _FIRST_WORD.match(text, pos)
    return found.group() if found else ""


def _word_before(text: str, stop: int) -> str:
    """The word that a full stop at text[stop] ends, from the last space or opening bracket."""
    begin = stop
    while begin > 0 and not text[begin - 1].isspace() and text[begin - 1] not in _WORD_EDGES:
        begin -= 1
    return text[begin:stop]


def _ends_sentence(text: str, stop: int, after: int) -> bool:
    """Whether the terminal at text[stop] (next sentence would start at `after`) is a boundary.

    Mirrors the syntok decisions that matter on abstracts; what follows decides first (a
    lower-case or punctuation start means the sentence goes on), then the word before the stop.
    """
    nxt = text[after]
    if nxt in _OPENERS:
        if after + 1 >= len(text):
            return True
        nxt = text[after + 1]
    if not (nxt.isupper() or nxt.isdigit()):
        return nxt in _BULLETS or (nxt in _DASHES and text[after + 1 : after + 2] == " ")  # "- item"
    if text[stop] != "." or text[stop + 1 : stop + 2] == ".":
        return True  # "!" and "?" are never abbreviations; "..." ends what it ends
    before = _word_before(text, stop)
    if not before or not before[-1].isalnum():
        return True  # "[12]. The", "(p < 0.05). In", "%. The": punctuation is no abbreviation
    following = _next_word(text, after)
    # a starter, but not the "A" of initials running on ("and R. A. Spritz")
    starter = (following in _STARTERS or following in _SECTION_LABELS) and text[
        after + len(following) : after + len(following) + 1
    ] != "."
    low = before.lower()
    if before != low and before != before.capitalize():
        low = ""  # all-capital words are acronyms, not abbreviations
    if following.isdigit():
        if low in _NUMBERED or low in _MONTHS:
            return False  # "No. 5", "Jan. 2004"
        if len(following) > 2:
            return False  # "approx. 1200"; syntok never splits before a 3+ digit number either
    if low in _NEVER_LAST:
        return False
    if low in _SOMETIMES_LAST:
        return starter
    if "." in before:
        return starter  # "U.S.", "e.g.", "i.e.", "a.m." unless a sentence clearly starts
    if len(before) == 1 and before.isalpha():
        if before.islower():
            return not following.isdigit()  # units end sentences ("24 m."), "p. 12" is a page
        return starter  # initials "J. Smith"; "vitamin D. The" still splits
    if before in _ROMAN:
        return starter  # "phase II. Patients" (as syntok) but "type II. The"
    return True


def _named_after_word(text: str, stop: int, following: str, after: int) -> bool:
    """An acronym or gene name straight after a lower-case word's full stop ("nucleoids.GRSF1 binds",
    "containment.SPMs identified"): a new sentence, as "U.S.A." or "e.g.MRI" (dotted or short words) are not.
    `following` is the word after the stop and `after` the offset just past it."""
    # Two capitals (or a capital and a digit) open it: "GRSF1", "SPMs", "ROR-γ", "DD1α".
    if len(following) < 2 or not following[0].isupper() or not (following[1].isupper() or following[1].isdigit()):
        return False
    if text[after : after + 1] == "." and text[after + 1 : after + 2].islower():
        return False  # a web address: "www.NICE.org.uk"
    before = _word_before(text, stop)
    return len(before) >= 3 and before.isalpha() and before.islower() and before != "www" and before not in _NEVER_LAST


def _glued(text: str, stop: int) -> bool:
    """Whether a terminal with a capital straight after it ("disabilities.A line") ends a sentence.

    After a lower-case letter, digit, closing bracket, "%" or a space the next capitalised word
    starts a sentence ("U.S.Army" aside, capitals there are rare); so it does after an acronym
    of two or more letters without dots ("by RNAP.Genetic results", "after NAC.Low levels"),
    while after initials and dotted words ("U.S.Patients", "J.Smith") only a clear sentence
    starter does.
    """
    following = _next_word(text, stop + 1)
    after = stop + 1 + len(following)
    if _named_after_word(text, stop, following, after):
        return True
    if not (following[1:2].islower() or (following == "A" and text[after : after + 1].isspace())):
        return False  # "U.S.A.", "p.S", "Fig.S1": no capitalised word, no sentence
    prev = text[stop - 1] if stop else " "
    if prev.islower() or prev.isdigit() or prev in ")]%" or prev.isspace():
        return True
    before = _word_before(text, stop)
    if len(before) >= 2 and "." not in before and before.upper() == before and before.lower() not in _NEVER_LAST:
        return True
    return following in _STARTERS


def _cuts(text: str) -> list[int]:
    """Offsets where one sentence ends and the rest of the text is the next one's."""
    cuts: list[int] = []
    size = len(text)
    for found in _CANDIDATE.finditer(text):
        gap = found.start(1)
        if gap < 0:
            if _glued(text, found.start()):
                cuts.append(found.end())
        elif found.end() < size and _ends_sentence(text, found.start(), found.end()):
            cuts.append(gap)
    if "\n" in text:
        cuts += _line_cuts(text)
        cuts = sorted(set(cuts))
    return cuts


def _line_cuts(text: str) -> list[int]:
    """Newlines that end a sentence: blank lines, and single ones before list items or after headings."""
    cuts: list[int] = []
    lines = text.split("\n")
    offset = 0
    for line, following in itertools.pairwise(lines):
        offset += len(line) + 1  # just past the newline
        here = line.strip()
        nxt = following.lstrip()
        if not here:
            continue
        if (
            not nxt
            or _LIST_ITEM.match(following)
            or (len(here) <= _HEADING_MAX and here[0].isupper() and nxt[0].isupper() and here[-1] not in _NOT_HEADING)
        ):
            cuts.append(offset - 1)
    return cuts


def spans(text: str) -> list[tuple[int, int]]:
    """Sentence (start, end) offsets in `text`; whitespace between sentences belongs to none.

    Plain tuples, because ingest splits tens of sentences per record and builds the stored JSON
    straight from them; `split` wraps them as `Sentence`s for everyone else.
    """
    found: list[tuple[int, int]] = []
    start = 0
    for end in [*_cuts(text), len(text)]:
        piece = text[start:end]
        stripped = piece.strip()
        if stripped:
            a = start + (len(piece) - len(piece.lstrip()))
            found.append((a, a + len(stripped)))
        start = end
    return found


def split(text: str) -> list[Sentence]:
    """Split `text` into sentence spans; whitespace between sentences belongs to none."""
    return [Sentence(start=a, end=b) for a, b in spans(text)]


def with_sentences(section: Section) -> Section:
    """Return the section with its sentence spans filled in (unchanged if already split)."""
    if section.sentences or not section.text:
        return section
    return section.model_copy(update={"sentences": split(section.text)})
