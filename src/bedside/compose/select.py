"""Which source sentences become bullets: relevance to the question, evidence level, diversity.

Only sentences that state findings can lead a bullet: results and conclusions of abstracts (by
their structured label, or by the role classifier), recommendation statements of guidelines,
and for trial registrations their own summary (shown as 'registered, no results'). A study's
background sentence may follow its lead only when it all but restates the question
(`BACKGROUND_FLOOR`), and the bullet then says it is background, not a finding. Relevance is
the cosine between the question and the sentence (the vectors stored at ingest) plus a bonus for
each question concept the sentence names; the score adds the record's evidence level and its rank
in the search (`SEARCH_RANK_WEIGHT`). Choosing is greedy by score with two brakes: at most
`per_source` bullets from one record and no sentence too close to one already chosen (cosine or
word overlap), so no two bullets say the same thing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from bedside.compose.roles import roles_of
from bedside.compose.sources import Source
from bedside.library import lexical
from bedside.models import Kind, QuestionType, Role
from bedside.search.matching import FacetMatcher

RECOMMENDATION = re.compile(
    r"\b(?:should|recommend(?:s|ed|ation)?|is advised|are advised|must|offer|grade [A-D1-3]|"
    r"(?:strong|weak|conditional) recommendation|level [A-C] evidence|is indicated|are indicated)\b",
    re.IGNORECASE,
)
CONSIDERATION = re.compile(
    r"\b(?:assess(?:ed|ment)?|evaluat\w+|screen\w*|caution|risk|contraindicat\w+|monitor\w*|consider\w*|"
    r"individuali[sz]\w+|tailor\w*|depend\w*|referr?\w*)\b",
    re.IGNORECASE,
)
RESULT_CLAIM = re.compile(
    r"\b(?:shows?|showed|shown|found|finds|demonstrated|was effective|were effective|improved|reduced|"
    r"significant(?:ly)?|results? (?:show|indicate|suggest)\w*)\b",
    re.IGNORECASE,
)
# How much the search's own ranking of the record counts (weight / sqrt(rank)): search weighs the
# whole record (words, whole-text and best-sentence similarity, facets), one sentence's cosine does
# not, and the best-ranked study gets the largest share of further sentences. SciFact train evidence
# recall (564 claims): 0.714 without; 0.05: 0.723; 0.2: 0.731; 0.5: 0.741; 1.0: 0.742; 3.0: 0.741.
SEARCH_RANK_WEIGHT = 0.5
_MIN_WORDS = 6
_MAX_CHARS = 600


# The role under which a study's background sentence is quoted: never as a bullet's lead, only as
# a supporting sentence of its own study at `BACKGROUND_FLOOR` (select.support), and the bullet
# says so (compose.overview). What the authors state as known before their study ("Amitriptyline
# is the medication of first choice in chronic tension-type headache") is often the sentence that
# answers a question best, but it is their reading of earlier work, not their finding.
BACKGROUND = "background"

# A study's aim, design or size is not what was known before it: "To evaluate ...", "In this
# study, we sought to identify ...", "Ten randomised trials, including 517 patients, evaluated ..."
# are background to the classifier or to a label (OBJECTIVE), and are never quoted as background.
OWN_STUDY = re.compile(
    r"\b(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty)"
    r"\s+(?:[a-z-]+\s+){0,2}(?:trials|studies|patients|participants|subjects|volunteers|women|men|children|cases)\b"
    r"|^(?:to\s+[a-z]+\b|(?:the\s+)?(?:main\s+|primary\s+)?(?:aims?|objectives?|purposes?|goals?)\b)"
    r"|\b(?:we|this\s+(?:study|review|paper|article|work|trial|report)|the\s+present\s+(?:study|work))\s+"
    r"(?:(?:have|has|had|also|now|first|therefore|here)\s+)?"
    r"(?:sought|aim\w*|set\s+out|investigat\w*|examin\w*|evaluat\w*|assess\w*|present\w*|report\w*|describ\w*|"
    r"review\w*|explor\w*|test\w*|compar\w*|propos\w*|hypothesi\w*|studi\w*|analy[sz]\w*|determin\w*)\b"
    r"|\bin\s+(?:this|the\s+present|the\s+current)\s+(?:study|review|paper|article|work|report)\b",
    re.IGNORECASE,
)
OWN_STUDY_LABEL = re.compile(r"objective|aim|purpose|goal|hypothes", re.IGNORECASE)

# How a trial was run, whatever role the classifier gave it: a Cochrane review's main results tell
# each included trial's design between the findings ("The trial randomised 126 women at risk of
# postpartum depression to three arms", "... were excluded from the study", "The primary outcome
# measure was the Beck Depression Inventory") and the first of them led an omega-3 bullet.
DESIGN = re.compile(
    r"\b(?:randomi[sz]ed|allocated|assigned)\s+(?:\d[\d,]*|[a-z-]+\s+hundred)\b|\bwere\s+excluded\s+from\b"
    r"|^(?:the\s+)?primary\s+(?:outcome|end\s*point)s?(?:\s+measures?)?\s+(?:was|were)\b"
    r"|^(?:the|one|another|a|this|each)\s+(?:other\s+|second\s+|third\s+)?(?:trial|study)\s+compared\b"
    r"|\bwere\s+included\s+in\s+the\s+(?:[\w-]+\s+){0,3}analys[ie]s\b"
    r"|\b(?:was|were)\s+lost\s+to\s+follow[\s-]?up\b"
    r"|\breceived\s+(?:[\w-]+\s+){1,4}or\s+(?:a\s+)?placebo\b"
    r"|^we\s+included\s+(?:\d+|[a-z]+)\s+(?:randomi[sz]ed\s+)?(?:controlled\s+)?(?:trials|studies)\b",
    re.IGNORECASE,
)

# What a harm question asks to hear about: a sentence that reports harms. "What are the risks of
# benzodiazepines in older adults?" was answered first by a response rate in panic disorder.
HARM_WORDS = re.compile(
    r"\b(?:adverse|side[\s-]+effects?|harms?|harmful|toxicit\w*|complications?|safety|safe|tolerab\w*|"
    r"risks?(?!\s+ratios?)|hazards?(?!\s+ratios?)|withdrawal|dependence|falls?|fractures?|bleeding|"
    r"overdoses?|discontinu\w*|deaths?|mortality|injur\w*)\b",
    re.IGNORECASE,
)
HARM_BONUS = 0.08  # as much as one more question concept named

_FIGURE = re.compile(r"\d+(?:[.,·]\d+)*")


def figures(text: str) -> frozenset[str]:
    """The numbers a sentence states ('36.6', '26', '95'): what makes two similar sentences two results."""
    return frozenset(_FIGURE.findall(text))


@dataclass
class Candidate:
    """A sentence that may become a bullet, with where it comes from and why it scored."""

    source: Source
    text: str
    section: str
    role: str
    relevance: float
    score: float
    vector: npt.NDArray[np.float32] | None
    words: frozenset[str] = frozenset()
    position: int = 0  # index of the sentence in the record, so a bullet keeps the record's order
    figures: frozenset[str] = frozenset()  # the numbers it states (see `figures`)
    cosine: float = 0.0  # similarity to the question alone, without the concept bonus of `relevance`


def _sentence_rows(source: Source) -> list[tuple[str, str, Role | None]]:
    """(sentence, section label, role) for every sentence of the record, in order."""
    rows: list[tuple[str, str, Role | None]] = []
    roles = roles_of(source.record)
    for section, section_roles in zip(source.record.sections, roles, strict=False):
        texts = section.sentence_texts()
        for i, text in enumerate(texts):
            rows.append((text, section.label, section_roles[i] if i < len(section_roles) else None))
    return rows


def _role_for_bullets(source: Source, text: str, role: Role | None, label: str, cosine: float) -> str | None:
    """The role under which the sentence may be quoted, or None when it must not be.

    `label` is the sentence's section label and `cosine` its similarity to the question: a
    background sentence is quotable only at `BACKGROUND_FLOOR` (checked before any regex, since
    most background sentences are far from the question) and never when it states the study's own
    aim, design or size.
    """
    kind = source.record.kind
    if kind is Kind.GUIDELINE:
        if RECOMMENDATION.search(text):
            return "recommendation"
        # How the guideline was made ("METHODS We updated prior literature reviews ...") is not guidance.
        return None if role is Role.METHODS else "guidance"
    if kind is Kind.TRIAL_REGISTRATION:
        # A registration is quoted for what it sets out to do, never for a result it claims.
        return None if RESULT_CLAIM.search(text) else "registration"
    if kind is Kind.PATIENT_INFORMATION:
        return "information"
    if role in (Role.RESULTS, Role.CONCLUSIONS):
        return None if DESIGN.search(text) else role.value
    if (
        role is Role.BACKGROUND
        and cosine >= BACKGROUND_FLOOR
        and not OWN_STUDY.search(text)
        and not OWN_STUDY_LABEL.search(label)
    ):
        return BACKGROUND  # never a lead; see `support`
    return None


def candidates(
    source: Source,
    question: npt.NDArray[np.float32] | None,
    sentence_vectors: npt.NDArray[np.float32],
    matcher: FacetMatcher,
    offset: int,
) -> list[Candidate]:
    """Quotable sentences of one source, scored. `offset` = index of its first sentence vector."""
    out: list[Candidate] = []
    concept_patterns = matcher.patterns
    level_bonus = 0.0 if source.level is None else 0.02 * (6 - int(source.level))
    rank_bonus = SEARCH_RANK_WEIGHT / math.sqrt(max(source.rank, 1))
    # A harm question that names no harm itself (no 'adverse effects' concept to count).
    harm_question = matcher.facets.question_type is QuestionType.HARM and not any(
        g == "outcome" for g, _, _ in concept_patterns
    )
    cosines = sentence_vectors @ question if question is not None else np.zeros(len(sentence_vectors))
    for i, (text, section, role) in enumerate(_sentence_rows(source)):
        at = offset + i
        vector = sentence_vectors[at] if 0 <= at < len(sentence_vectors) else None
        cosine = float(cosines[at]) if vector is not None else 0.0
        quoted_role = _role_for_bullets(source, text, role, section, cosine)
        if quoted_role is None or len(text) > _MAX_CHARS or len(text.split()) < _MIN_WORDS:
            continue
        if text.rstrip().endswith("?"):
            continue  # a question asserts nothing ("What are the signs and symptoms of multiple sclerosis?")
        named = sum(1 for _, _, pattern in concept_patterns if pattern.search(text))
        relevance = cosine + 0.08 * min(named, 3) + (HARM_BONUS if harm_question and HARM_WORDS.search(text) else 0.0)
        score = (
            relevance + level_bonus + rank_bonus + (0.03 if quoted_role in ("conclusions", "recommendation") else 0.0)
        )
        words = frozenset(lexical.content_words(text))
        out.append(
            Candidate(source, text, section, quoted_role, relevance, score, vector, words, i, figures(text), cosine)
        )
    return out


def _too_close(a: Candidate, b: Candidate, max_cosine: float, max_overlap: float, new_figures_pass: bool) -> bool:
    """Whether `a` would repeat `b`. With `new_figures_pass`, a sentence stating a figure `b` does not
    never repeats it: "At 26 weeks, 36.6% ..." and "At 52 weeks, 30.9% ..." are two results."""
    if new_figures_pass and a.figures - b.figures:
        return False
    if a.vector is not None and b.vector is not None and float(a.vector @ b.vector) > max_cosine:
        return True
    wa, wb = a.words, b.words
    return bool(wa and wb) and len(wa & wb) / min(len(wa), len(wb)) > max_overlap


def choose(
    pool: Sequence[Candidate],
    limit: int,
    per_source: int = 2,
    min_relevance: float = 0.25,
    max_cosine: float = 0.85,
    max_overlap: float = 0.7,
    taken: Sequence[Candidate] = (),
    new_figures_pass: bool = False,
    background_floor: float | None = None,
    admit: Callable[[Candidate], bool] | None = None,
) -> list[Candidate]:
    """Greedy pick by score, deterministic (ties broken by record id and text).

    `admit` is a last test, asked only of a sentence that would otherwise be chosen (so a costly
    one runs a few dozen times, not once per sentence of forty records).

    `new_figures_pass`: a sentence that states a number none of the chosen ones does is never
    held back as a repeat (for one study's own findings, see `support`). A background sentence is
    chosen only when `background_floor` is given, at that cosine or above, and only one.
    """
    chosen: list[Candidate] = []
    count: dict[str, int] = {}
    for cand in taken:
        count[cand.source.record.id] = count.get(cand.source.record.id, 0) + 1
    for cand in sorted(pool, key=lambda c: (-c.score, c.source.record.id, c.text)):
        if len(chosen) >= limit:
            break
        if cand.relevance < min_relevance or count.get(cand.source.record.id, 0) >= per_source:
            continue
        if cand.role == BACKGROUND and (
            background_floor is None or cand.cosine < background_floor or any(c.role == BACKGROUND for c in chosen)
        ):
            continue
        if any(_too_close(cand, other, max_cosine, max_overlap, new_figures_pass) for other in [*taken, *chosen]):
            continue
        if admit is not None and not admit(cand):
            continue
        chosen.append(cand)
        count[cand.source.record.id] = count.get(cand.source.record.id, 0) + 1
    return chosen


# Relevance floor of supporting sentences (leads: 0.25). SciFact train evidence recall 0.704 at
# 0.25, 0.714 at 0.15 (median research section 493 -> 504 words), 0.717 at 0.05 (520 words).
SUPPORT_FLOOR = 0.15
# A study's own sentences repeat one another only when nearly identical (bullets of different
# studies keep choose()'s 0.85 / 70%): results at 12, 26 and 52 weeks read alike (cosine 0.99).
# SciFact train evidence recall 0.748 with the bullets' brake, 0.780 with these and the figure rule.
SUPPORT_MAX_COSINE = 0.9
SUPPORT_MAX_OVERLAP = 0.8
# Cosine with the question a background sentence needs to support its lead (the concept bonus of
# `relevance` does not count: naming the condition does not make "Myelodysplastic syndromes comprise
# a heterogeneous group of disorders" an answer); one a study, never its aim, design or size
# (`OWN_STUDY`). SciFact train evidence recall 0.787 without (59 of 1,025 gold sentences are
# background); with: 0.813, precision 0.312 -> 0.331. Steps: relevance >= 0.7, any number a study:
# 0.806 (median research section 545 -> 558 words); one a study: 0.807 (547 words); cosine instead
# of relevance: 0.806 (on 50 clinical and BioASQ questions, 25 -> 7 bullets with background); aims
# and study sizes left out: 0.813 (4 of 325 bullets). Floor 0.6 with relevance: 0.807, precision 0.305.
BACKGROUND_FLOOR = 0.7
# A lead whose score is within `CLOSE_LEADS` of the first lead's is as close to the question and
# takes the first lead's share, if it is among the first `FULL_LEADS`: two studies that answer a
# question about equally well are both quoted in full, not the second by its place alone. Scores
# mix sentence cosine, named concepts, level and search rank (0.5 / sqrt(rank): ranks 1 and 2
# alone differ by 0.15). SciFact train evidence recall (564 claims) / median research section /
# mean research section over the 50 questions of bench/ask.py: without, 0.8185 / 547 / 438 words;
# closeness 0.4 and no limit: 0.8449 / 600 / 628 (the bench's questions find many reviews about
# equally close, up to 1,602 words); first 3 leads: 0.8293 / 572 / 471; first 5: 0.8410 / 599 / 527
# (closeness 0.3: 0.8322 / 573 / 503; 0.5: 0.8429 / 639 / 541). Fixed shares cost more words for
# less: 7/4/2/2 gave 0.821 for a 617-word median.
CLOSE_LEADS = 0.4
FULL_LEADS = 5


def support(
    leads: Sequence[Candidate],
    pool: Sequence[Candidate],
    shares: Sequence[int],
    close: float | None = None,
    admit: Callable[[Candidate], bool] | None = None,
) -> dict[tuple[str, int], list[Candidate]]:
    """Further sentences of the leads' own records, keyed by `key(lead)`, best first.

    A study's finding is rarely one sentence: the result that answers the question, its effect
    size and the authors' conclusion are often apart. Leads come best first; the i-th may add up
    to `shares[i]` sentences of its own record (the last share holds for the leads after it), so
    the study closest to the question is quoted in full and the tenth in a line or two: the
    overview's length stays bounded, and the studies closest to the question say the most.
    Supporting sentences pass a lower relevance floor than leads (`SUPPORT_FLOOR`: they are read
    with their lead, so "These effects did not last." need not name the question's subject) and
    never repeat their own study: only a near-repeat is held back (`SUPPORT_MAX_COSINE`,
    `SUPPORT_MAX_OVERLAP`), and a sentence stating a new figure is never one. Two studies that
    find the same thing are a replication, not a repetition, so other studies are not compared.
    One background sentence of the study, at most, may count towards its share, and only at
    `BACKGROUND_FLOOR`. With `close` (`CLOSE_LEADS` for direct research), a lead among the first
    `FULL_LEADS` whose score is within `close` of the first lead's takes the first share. `admit`
    is `choose`'s last test.
    """
    out: dict[tuple[str, int], list[Candidate]] = {key(lead): [] for lead in leads}
    lead_keys = set(out)
    best = leads[0].score if leads else 0.0
    for i, lead in enumerate(leads):
        share = shares[min(i, len(shares) - 1)] if shares else 0
        if shares and close is not None and i < FULL_LEADS and lead.score >= best - close:
            share = shares[0]  # as close to the question as the first study: quoted as fully
        if share <= 0:
            continue
        mine = [c for c in pool if c.source.record.id == lead.source.record.id and key(c) not in lead_keys]
        out[key(lead)] = choose(
            mine,
            share,
            per_source=share + 1,
            min_relevance=SUPPORT_FLOOR,
            max_cosine=SUPPORT_MAX_COSINE,
            max_overlap=SUPPORT_MAX_OVERLAP,
            taken=[lead],
            new_figures_pass=True,
            background_floor=BACKGROUND_FLOOR,
            admit=admit,
        )
    return out


def key(cand: Candidate) -> tuple[str, int]:
    """Which sentence of which record a candidate is."""
    return (cand.source.record.id, cand.position)
