"""Study design and size as the abstract states them ("randomised controlled trial, n = 42").

A reader weighs a quoted finding by how many people and studies stand behind it, so the
reference list shows the figures beside each source. They are read, never guessed: a figure is
taken only from words that say it (``n = 42``, ``a total of 120 patients``, ``42 patients were
randomised``, ``12 trials involving 1,020 participants``), and `quote` keeps those words verbatim
so anyone can check them against the abstract.

Rules:

* Participants: ``n = 42`` / ``N=1,234``; a total, sample or cohort of N people; N people (up to
  four describing words between, e.g. "42 ambulatory adults with MS") followed in the same
  clause by were/was randomised, enrolled, included, recruited, studied, analysed, ...; N people
  after enrolled/recruited/randomised/included/involving/including/comprising/with; "N were
  randomised". Counts of people screened, assessed for eligibility, invited or excluded are not
  participants. Numbers may be digits (thousands with commas) or words up to ninety-nine
  ("Fifty-four trials"). When several are stated the largest wins: subgroups and arms are
  smaller than the total, and reviews state their pooled total.
* Studies (reviews, guidelines and records whose design is a review or meta-analysis only, as
  elsewhere "two trials" are background): N trials / studies / RCTs, with describing words
  between, not in a clause saying they were screened, excluded, ongoing or awaiting assessment;
  the largest wins.
* Years (1900-2099 after in/since/from/between/...), ages ("aged 65 years"), percentages,
  decimals, doses and p-values never match: every pattern needs a people or study noun, or
  ``n =``, right after the number.
* Design: the first stated design, title before abstract, background sections last, singular
  forms only (a review's "randomised controlled trials" are its included studies, not its
  design), and when the record's kind is known, designs that agree with it first.
* `quote` covers the participant and study figures (with their lead-in and verb: "A total of
  120 women were enrolled") when they lie within 300 characters of each other; otherwise it
  holds the participant figure's words, or the study figure's for a review, as `StudySize` has
  one quote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bedside.models import Kind, Record, StudySize

_UNITS = [
    *("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"),
    *("thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"),
]
_TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_WORD_VALUES: dict[str, int] = {w: i + 1 for i, w in enumerate(_UNITS)} | {w: 20 + 10 * i for i, w in enumerate(_TENS)}

_NUMBER_WORD = (
    rf"(?:(?:{'|'.join(_TENS)})(?:[\s-](?:{'|'.join(_UNITS[:9])}))?|{'|'.join(sorted(_UNITS, key=len, reverse=True))})"
)
_POOLED = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?![.,]\d|\d)"
# The lookaheads first: they fail at once on most characters, which keeps the scan cheap.
_NUMBER = re.compile(
    r"(?=\d)(?<![\d.,/])(?:\d{1,3}(?:,\d{3})+|\d+)(?![.,]\d|\d|\s*%|\s*-\s*(?:year|month|week|day))"
    rf"|(?=[otfsenOTFSEN])(?<![\w-]){_NUMBER_WORD}(?![\w-])",
    re.I,
)

_STOPWORDS = (
    r"of|and|to|in|with|from|per|at|by|for|on|years?|months?|weeks?|days?|hours?|times|who|were|was|had|have|"
    r"the|mg|kg|ml|g|mmol|µg|mcg|iu|units?|doses?|cycles?|sessions?|points?|items?|questions?|centres|centers|sites|"
    r"countries|hospitals|groups?|arms?|studies|trials|RCTs?|cohorts?|involving|including|enrolling|comprising|"
    r"enrolled|included|recruited|studied|analy[sz]ed|evaluated|allocated|assigned|examined|treated"
)
_DESCRIBING = rf"(?:(?!(?:{_STOPWORDS})\b)[A-Za-z][\w'’/-]*,?\s+){{0,4}}?"
_PEOPLE = (
    r"patients|participants|subjects|adults|children|women|men|individuals|people|persons|volunteers|infants|"
    r"neonates|newborns|adolescents|students|residents|respondents|survivors|athletes|smokers|veterans|mothers|"
    r"girls|boys|couples|families|caregivers|carers|outpatients|inpatients|nurses|physicians|cases"
)
_STUDIES = r"studies|trials|RCTs|cohorts|study|trial|RCT"
_INCLUDED = (
    r"randomi[sz]ed|enrolled|included|recruited|studied|analy[sz]ed|evaluated|allocated|assigned|followed(?:\s+up)?|"
    r"examined|treated|investigated|surveyed|interviewed|tested|observed|registered"
)

# Patterns anchored right after a number (used with .match(text, end_of_number)).
_PEOPLE_TAIL = re.compile(rf"\s+{_DESCRIBING}(?:{_PEOPLE})\b", re.I)
_BARE_TAIL = re.compile(rf"\s+(?:were|was)\s+(?:\w+\s+)?(?:{_INCLUDED})\b", re.I)
_STUDIES_TAIL = re.compile(
    rf"\s+{_DESCRIBING}(?P<noun>{_STUDIES})(?![\w-])(?:\s*\((?:[nN]\s*=\s*(?P<pooled>{_POOLED})|"
    rf"(?P<pooled_people>{_POOLED})\s+(?:{_PEOPLE})\b)[^()]{{0,60}}\))?",
    re.I,
)
_N_EQUALS_BEFORE = re.compile(r"(?<![\w])[nN]\s*=\s*$")
_INCLUSION_AFTER = re.compile(
    rf"(?:\([^()]{{0,100}}\)|[^.;\d()]){{0,160}}?\b(?:(?:were|was|had\s+been|have\s+been)\s+(?:\w+\s+){{0,2}}?"
    rf"(?:{_INCLUDED}|located)|participated|took\s+part|underwent|completed\s+(?:the\s+)?(?:study|trial))\b",
    re.I,
)
_BEFORE_TRIGGER = re.compile(
    r"(?:\b(?:a\s+)?total\s+of|\b(?:study|analysis|review|survey|evaluation|trial)\s+of|\bsample\s+of|\bcohort\s+of|\bpopulation\s+of|\bseries\s+of|\bgroup\s+of|"
    rf"\b(?:{_INCLUDED})|\benrolling|\brecruiting|\brandomi[sz]ing|\bincluding|\binvolving|\bcomprising|"
    r"\btotalling|\btotaling|\bwith|\bamong|\bin)\s+(?:(?:all|the|only|these|a)\s+)?$",
    re.I,
)
_SCREENING = re.compile(
    r"\b(?:screened|screening|assessed\s+for\s+eligibility|eligibility|approached|invited|contacted|excluded|"
    r"potentially|retrieved|full[\s-]text|ongoing|awaiting|declined|refused|withdr[ae]w\w*|lost\s+to|dropped)\b",
    re.I,
)
_CLAUSE_END = re.compile(r"[,;.](?!\d)")
_SENTENCE_END = re.compile(r"[;.](?!\d)")
_YEAR_BEFORE = re.compile(
    r"\b(?:in|since|from|between|and|to|until|till|during|through|year|by|of|before|after)\s+$", re.I
)
_YEAR = re.compile(r"(?:19|20)\d\d")

# Designs in priority order: the first that a text states is the design of the record.
_DESIGNS: list[tuple[str, set[Kind], tuple[str, ...], str]] = [
    (
        "systematic review and meta-analysis",
        {Kind.SYSTEMATIC_REVIEW},
        ("systematic",),
        r"systematic\s+(?:literature\s+)?review\s+and\s+(?:network\s+)?meta-?\s?analysis",
    ),
    (
        "meta-analysis",
        {Kind.SYSTEMATIC_REVIEW},
        ("meta",),
        r"(?:network\s+|individual[\s-]+patient[\s-]+data\s+|cumulative\s+)?meta-?\s?analysis",
    ),
    ("systematic review", {Kind.SYSTEMATIC_REVIEW}, ("systematic",), r"systematic\s+(?:literature\s+)?review"),
    (
        "crossover trial",
        {Kind.TRIAL_REPORT},
        ("cross",),
        r"(?:(?:randomi[sz]ed|(?:double|single|triple)-blind(?:ed)?|placebo-controlled|open-label),?\s+)*"
        r"cross-?over\s+(?:clinical\s+)?(?:trial|study)",
    ),
    (
        "randomised controlled trial",
        {Kind.TRIAL_REPORT},
        ("randomi", "RCT"),
        r"(?:(?:pilot|feasibility|pragmatic|multi-?cen(?:tre|ter)|(?:double|single|triple)-blind(?:ed)?|"
        r"placebo-controlled|prospective|open-label),?\s+)*randomi[sz]ed,?\s+(?:(?:(?:double|single|triple)-blind(?:ed)?|"
        r"placebo-controlled|sham-controlled|multi-?cen(?:tre|ter)|open-label|parallel(?:-group)?|pragmatic),?\s+)*"
        r"(?:controlled\s+)?(?:clinical\s+)?(?:trial|study)|(?-i:RCT)",
    ),
    (
        "pilot study",
        {Kind.TRIAL_REPORT, Kind.OBSERVATIONAL_STUDY},
        ("pilot", "feasibility"),
        r"(?:pilot|feasibility)\s+(?:study|trial)",
    ),
    (
        "cohort study",
        {Kind.OBSERVATIONAL_STUDY},
        ("cohort",),
        r"(?:(?:prospective|retrospective|population-based|longitudinal|multicen(?:tre|ter))\s+)*cohort\s+study",
    ),
    ("case-control study", {Kind.OBSERVATIONAL_STUDY}, ("control",), r"(?:nested\s+)?case-?\s?control\s+study"),
    (
        "cross-sectional study",
        {Kind.OBSERVATIONAL_STUDY},
        ("section",),
        r"cross-?\s?sectional\s+(?:study|survey|analysis|design)",
    ),
    ("case series", {Kind.CASE_REPORT, Kind.OBSERVATIONAL_STUDY}, ("series",), r"case\s+series"),
    (
        "case report",
        {Kind.CASE_REPORT},
        ("case",),
        r"case\s+report|we\s+(?:report|describe|present)\s+(?:a|the|an)\s+case",
    ),
]
_DESIGN_RES = [
    (name, kinds, cues, re.compile(r"(?<![\w-])(?:" + words + r")(?![\w-])", re.I))
    for name, kinds, cues, words in _DESIGNS
]
_DESIGN_KINDS = frozenset(kind for _, kinds, _, _ in _DESIGNS for kind in kinds)
_REVIEW_DESIGNS = frozenset({"systematic review and meta-analysis", "meta-analysis", "systematic review"})
_QUOTE_SPAN = 300


@dataclass(frozen=True, slots=True)
class _Figure:
    """One count found in the abstract, with where its words are."""

    value: int
    start: int
    end: int


def study_size(record: Record) -> StudySize:
    """Design, participants and included studies as the record's abstract states them."""
    text = record.abstract
    design = _design(record)
    review = record.kind in (Kind.SYSTEMATIC_REVIEW, Kind.GUIDELINE) or design.lower() in _REVIEW_DESIGNS
    people_found, studies_found = _figures(text)
    studies = _largest(studies_found) if review else None
    if studies:
        # A review's participants are at least its studies; smaller n's count studies per subgroup.
        people_found = [p for p in people_found if p.value >= studies.value]
    people = _largest(people_found)
    return StudySize(
        design=design,
        participants=people.value if people else None,
        studies=studies.value if studies else None,
        quote=_quote(text, people, studies, review),
    )


def number_value(words: str) -> int | None:
    """'1,234' -> 1234, 'Twenty-three' -> 23; None when it is not a number this module reads."""
    token = words.strip().lower()
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+|\d+", token):
        return int(token.replace(",", ""))
    parts = re.split(r"[\s-]+", token)
    if not parts or any(p not in _WORD_VALUES for p in parts) or len(parts) > 2:
        return None
    if len(parts) == 2 and (parts[0] not in _TENS or _WORD_VALUES[parts[1]] > 9):
        return None
    return sum(_WORD_VALUES[p] for p in parts)


def _figures(text: str) -> tuple[list[_Figure], list[_Figure]]:
    """Participant and study counts: one scan for numbers, then anchored checks after each."""
    people: list[_Figure] = []
    studies: list[_Figure] = []
    for number in _NUMBER.finditer(text):
        start, end = number.span()
        value = number_value(number.group(0))
        if not value or _is_year(text, number):
            continue
        before = text[max(0, start - 40) : start]
        if n_equals := _N_EQUALS_BEFORE.search(text, max(0, start - 8), start):
            people.append(_Figure(value, n_equals.start(), end))
            continue
        if tail := _PEOPLE_TAIL.match(text, end):
            _person(people, text, value, start, tail.end(), before)
        elif tail := _BARE_TAIL.match(text, end):
            people.append(_Figure(value, start, tail.end()))
        elif tail := _STUDIES_TAIL.match(text, end):
            _study(people, studies, text, value, start, tail, before)
    return people, studies


def _person(found: list[_Figure], text: str, value: int, start: int, end: int, before: str) -> None:
    """'42 patients' counts when the clause says they took part, not that they were screened."""
    after = text[end : end + 300]
    clause = _CLAUSE_END.split(after, maxsplit=1)[0]
    if _SCREENING.search(clause):
        return
    inclusion = _INCLUSION_AFTER.match(after)
    if inclusion and _SCREENING.search(inclusion.group(0)):
        inclusion = None
    trigger = _BEFORE_TRIGGER.search(before)
    if inclusion or trigger:
        first = start - len(before) + trigger.start() if trigger else start
        found.append(_Figure(value, first, end + inclusion.end() if inclusion else end))


def _study(
    people: list[_Figure],
    studies: list[_Figure],
    text: str,
    value: int,
    start: int,
    tail: re.Match[str],
    before: str,
) -> None:
    """'12 trials (n = 1,020)' gives a study count and, in brackets, a pooled participant count."""
    end = tail.end()
    clause = _CLAUSE_END.split(text[end : end + 160], maxsplit=1)[0]
    lead = _CLAUSE_END.split(before)[-1]
    if _SCREENING.search(clause) or _SCREENING.search(lead) or _SCREENING.search(tail.group(0)):
        return
    pooled = tail.group("pooled") or tail.group("pooled_people")
    if pooled:
        people.append(_Figure(int(pooled.replace(",", "")), start, end))
    noun = tail.group("noun").lower()
    if noun in ("study", "trial", "rct") and value != 1:
        return
    studies.append(_Figure(value, start, end))


def _is_year(text: str, number: re.Match[str]) -> bool:
    """A bare four-digit 1900-2099 after 'in', 'since', 'between ... and' is a year, not a count."""
    if not _YEAR.fullmatch(number.group(0)):
        return False
    return _YEAR_BEFORE.search(text[max(0, number.start() - 20) : number.start()]) is not None


def _largest(figures: list[_Figure]) -> _Figure | None:
    """The largest count (the total, not an arm or subgroup); the earliest among equals."""
    if not figures:
        return None
    return max(figures, key=lambda f: (f.value, -f.start))


def _quote(text: str, people: _Figure | None, studies: _Figure | None, review: bool) -> str:
    """Verbatim words the figures came from: one span covering both when they are close."""
    if people and studies:
        start, end = min(people.start, studies.start), max(people.end, studies.end)
        if end - start <= _QUOTE_SPAN:
            return text[start:end].strip()
        chosen = studies if review else people
        return text[chosen.start : chosen.end].strip()
    figure = people or studies
    return text[figure.start : figure.end].strip() if figure else ""


def _design(record: Record) -> str:
    """The design a text states, title first, background last, agreeing with the kind when possible."""
    main = [s.text for s in record.sections if s.category != "BACKGROUND"]
    background = [s.text for s in record.sections if s.category == "BACKGROUND"]
    for index, text in enumerate((record.title, *main, *background)):
        if not text:
            continue
        low = text.lower()
        stated = [
            (name, kinds, match)
            for name, kinds, cues, pattern in _DESIGN_RES
            if any(cue in low for cue in cues) or ("RCT" in cues and "RCT" in text)
            for match in [pattern.search(text)]
            if match
        ]
        if index and record.kind in _DESIGN_KINDS:
            # An abstract naming another design is describing other studies (a review's trials).
            stated = [s for s in stated if record.kind in s[1]]
        if not stated:
            continue
        agreeing = [s for s in stated if record.kind in s[1]]
        name, _kinds, match = (agreeing or stated)[0]
        words = " ".join(match.group(0).split())
        if words.isupper():
            return words
        # "We report a case of ..." states a case report without the words; name it then.
        return name if name == "case report" and "case report" not in words.lower() else words.lower()
    return ""
