"""The type of a clinical question (therapy, diagnosis, prognosis, harm, etiology) from its cue words.

Why a type: it decides what evidence answers the question (a diagnosis question wants accuracy
figures, a prognosis question survival) and it is shown, with the words that decided it, in the
facets' JSON. Split from `search.facets`, which calls `classify` once its vocabulary matches are known.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bedside.models import QuestionType
from bedside.search.concepts import Match

_TIE_ORDER = (
    QuestionType.HARM,
    QuestionType.DIAGNOSIS,
    QuestionType.PROGNOSIS,
    QuestionType.ETIOLOGY,
    QuestionType.THERAPY,
)

_CUES: list[tuple[QuestionType, float, re.Pattern[str]]] = [
    (qt, weight, re.compile(pattern))
    for qt, weight, pattern in [
        (QuestionType.THERAPY, 1.0, r"\btreat\w*"),
        (QuestionType.THERAPY, 1.0, r"\bmanag\w*"),
        (QuestionType.THERAPY, 1.0, r"\bstrateg\w*"),
        (QuestionType.THERAPY, 1.0, r"\btherap\w*"),
        (QuestionType.THERAPY, 1.0, r"\binterventions?\b"),
        (QuestionType.THERAPY, 1.0, r"\bimprov\w*"),
        (QuestionType.THERAPY, 1.0, r"\breduc\w*"),
        (QuestionType.THERAPY, 1.0, r"\brehabilitat\w*"),
        (QuestionType.THERAPY, 1.0, r"\bbenefi\w*"),
        (QuestionType.THERAPY, 1.0, r"\bhelps?\b"),
        (QuestionType.THERAPY, 1.0, r"\b(?:relie\w*|alleviat\w*)"),
        # "Does cranberry prevent urinary tract infections?", "Does garlic lower blood pressure?": a
        # treatment the vocabulary does not know is still asked about as one.
        (
            QuestionType.THERAPY,
            1.0,
            r"\b(?:prevent|prevents|prevented|preventing|lower|lowers|lowered|lowering|shorten\w*|cure|cures)\b",
        ),
        # "Is there evidence for glucosamine in knee osteoarthritis?"
        (QuestionType.THERAPY, 1.0, r"\bevidence\s+(?:for|on|of)\b"),
        (QuestionType.THERAPY, 1.0, r"\boptions?\b"),
        # "How should fluids be given in septic shock?", "When should peanuts be introduced to babies?"
        # (the cue is the verb alone: a cue's words are no search words, and 'fluids' is one).
        (QuestionType.THERAPY, 2.0, r"\bbe (?:given|used|started|offered|prescribed|introduced)\b"),
        # "How is Helicobacter pylori eradicated?"
        (QuestionType.THERAPY, 1.0, r"\beradicat\w*"),
        # "How long should tuberculosis be treated?" asks for a treatment's duration, not a course.
        (
            QuestionType.THERAPY,
            3.0,
            # (lookaheads: the cue is 'how long' alone, and the words it reaches stay search words)
            # Not "How long does depression last without treatment?", which asks for the natural course.
            r"\bhow long(?= (?:should|must)\b)"
            r"|\bhow long(?=(?:(?!\b(?:without|no|untreated)\b)[^?])*\b(?:treat\w*|therap\w*|antibiotics?)\b)",
        ),
        # "Are crowns better than fillings for decayed baby teeth?" weighs one treatment against another.
        (QuestionType.THERAPY, 1.0, r"\b(?:better|superior)\s+than\b"),
        (QuestionType.THERAPY, 1.0, r"\bprescrib\w*"),
        # "What is the best first drug for type 2 diabetes?" asks which treatment to choose. The cue is
        # 'for' alone, so 'drug' stays a search word ("Medications to treat obesity ..." is a claim).
        (
            QuestionType.THERAPY,
            2.0,
            r"(?:(?<=\bdrug\s)|(?<=\bdrugs\s)|(?<=\bmedication\s)|(?<=\bmedications\s)|(?<=\bmedicine\s)"
            r"|(?<=\bmedicines\s))for\b",
        ),
        # "What helps people stop drinking alcohol?": giving up an exposure is what treatment aims at,
        # so 'drinking alcohol' is no cause asked about.
        (
            QuestionType.THERAPY,
            2.0,
            r"\b(?:stop|quit|give up|cut (?:down|back)(?: on)?)\s+(?:drinking|smoking|vaping|gambling|using|alcohol)\b",
        ),
        (QuestionType.THERAPY, 2.0, r"\beffective\w*|\befficac\w*"),
        (
            QuestionType.THERAPY,
            3.0,
            # "Does tight glucose control reduce complications?" asks for a benefit, not a harm.
            r"\b(?:reduc\w*|lower\w*|prevent\w*|decreas\w*|cut\w*) (?:the )?"
            r"(?:risk|rate|incidence|chance|complications)",
        ),
        (QuestionType.THERAPY, 3.0, r"\b(?:improv\w*|prolong\w*|increas\w*|extend\w*) (?:\w+ ){0,2}surviv\w*"),
        # Slowing a disease's course is treatment, not prognosis ("does X slow tumour progression?").
        (
            QuestionType.THERAPY,
            3.0,
            r"\b(?:slow\w*|delay\w*|halt\w*|arrest\w*|accelerat\w*|prevent\w*) (?:\w+ ){0,3}"
            r"(?:progress\w*|decline|deteriorat\w*|onset)",
        ),
        (QuestionType.THERAPY, 2.0, r"\bprotect\w* against\b"),
        # An ultrasound-guided block is a procedure, not a diagnostic test.
        (QuestionType.THERAPY, 2.0, r"\bguid(?:ed|ance)\b"),
        (QuestionType.DIAGNOSIS, 2.0, r"\bdiagnos\w*"),
        (QuestionType.DIAGNOSIS, 2.0, r"\btests?\b|\btesting\b"),
        (QuestionType.DIAGNOSIS, 2.0, r"\baccura\w*"),
        (QuestionType.DIAGNOSIS, 2.0, r"\bsensitiv\w*|\bspecificity\b"),
        (QuestionType.DIAGNOSIS, 2.0, r"\bscreen(?!\s+time)\w*"),  # not "screen time"
        (QuestionType.DIAGNOSIS, 2.0, r"\bdetect\w*"),
        (QuestionType.DIAGNOSIS, 2.0, r"\brule (?:in|out)\b|\bruling out\b"),
        (QuestionType.DIAGNOSIS, 3.0, r"\bpredictive value|\blikelihood ratio"),
        (QuestionType.PROGNOSIS, 2.0, r"\bprognos\w*"),
        # Not "survivors": "breast cancer survivors" are who is asked about, not what ("Does yoga
        # improve quality of life in breast cancer survivors?" is a therapy question).
        (QuestionType.PROGNOSIS, 2.0, r"\bsurviv(?!ors?\b)\w*"),
        (QuestionType.PROGNOSIS, 2.0, r"\bcourse\b"),
        (QuestionType.PROGNOSIS, 2.0, r"\bpredict\w*"),
        (QuestionType.PROGNOSIS, 2.0, r"\blife expectancy\b|\boutlook\b|\bhow long\b|\bwhat happens\b"),
        (QuestionType.PROGNOSIS, 2.0, r"\blong[- ]term outcomes?\b"),
        (QuestionType.PROGNOSIS, 2.0, r"\bchances? of\b|\blikely to\b"),
        (QuestionType.PROGNOSIS, 2.0, r"\bprogress\w*"),
        (QuestionType.HARM, 2.0, r"\bside[- ]effects?\b"),
        (QuestionType.HARM, 2.0, r"\badverse\b"),
        (QuestionType.HARM, 2.0, r"\bharm\w*"),
        (QuestionType.HARM, 2.0, r"\bsafe\w*"),
        (QuestionType.HARM, 2.0, r"\brisks? of\b"),
        (QuestionType.HARM, 2.0, r"\btoxic\w*"),
        (QuestionType.HARM, 2.0, r"\bcomplications?\b"),
        (QuestionType.HARM, 2.0, r"\bcontraindicat\w*"),
        (QuestionType.HARM, 2.0, r"\bdanger\w*"),
        (QuestionType.HARM, 2.0, r"\bstunt\w*"),
        (QuestionType.HARM, 3.0, r"\bcaus\w* (?:\w+ ){0,2}(?:side[- ]effects?|adverse|harm|complications?)"),
        (QuestionType.ETIOLOGY, 2.0, r"\bcaus\w*"),
        (QuestionType.ETIOLOGY, 2.0, r"\bassociat\w* with\b|\bassociation (?:between|of|with)\b"),
        (QuestionType.ETIOLOGY, 2.0, r"\blink(?:ed)? (?:to|with|between)\b"),
        (QuestionType.ETIOLOGY, 2.0, r"\bleads? to\b|\bcontribut\w* to\b|\bpredispos\w*|\btrigger\w*"),
        (QuestionType.ETIOLOGY, 2.0, r"\ba?etiolog\w*|\bwhy do\b|\bexposure to\b"),
        (QuestionType.ETIOLOGY, 3.0, r"\brisk factors?\b"),
        (QuestionType.ETIOLOGY, 2.0, r"\bsusceptib\w*"),
    ]
]


@dataclass(frozen=True)
class Cue:
    """A word or phrase of the question that pointed at a question type."""

    question_type: QuestionType
    text: str
    weight: float
    start: int
    end: int


def classify(question: str, matches: list[Match] | None = None) -> tuple[QuestionType, list[Cue]]:
    """The question type and the cues that decided it.

    Cue words score their type; a cue inside a vocabulary phrase only counts when that concept
    carries a type hint (so 'test' in 'Timed Up and Go test' is no diagnosis cue, but 'side
    effects' is a harm cue). Each concept with a hint adds 1 to its type (MRI -> diagnosis, smoking
    -> etiology) and each other intervention adds 1 to therapy, which decides questions without
    cue words ('exercise for fatigue in MS'). Ties go to the more specific type. A harm question
    with no treatment in it (only exposures or conditions) is an etiology question, and an etiology
    question about a treatment ('do GLP-1 agonists cause pancreatitis?') is a harm question.
    """
    matches = matches or []
    lower = question.lower()
    cues: list[Cue] = []
    for qt, weight, pattern in _CUES:
        for m in pattern.finditer(lower):
            inside = next((x for x in matches if x.start <= m.start() and m.end() <= x.end), None)
            if inside is not None and not inside.concept.hint:
                continue
            if qt is QuestionType.DIAGNOSIS and _names_a_measure(question, m.start(), matches):
                continue
            cues.append(Cue(qt, question[m.start() : m.end()], weight, m.start(), m.end()))
    scores = dict.fromkeys(QuestionType, 0.0)
    for cue in cues:
        scores[cue.question_type] += cue.weight
    treatments = 0
    for x in matches:
        if x.concept.hint:
            scores[QuestionType(x.concept.hint)] += 1.0
        elif x.concept.facet == "intervention" and not x.concept.comparator:
            scores[QuestionType.THERAPY] += 1.0
            treatments += 1
    if not treatments and _unknown_treatment(question, matches):
        scores[QuestionType.THERAPY] += 1.0
        treatments = 1
    best = max(_TIE_ORDER, key=lambda qt: (scores[qt], -_TIE_ORDER.index(qt)))
    if scores[best] == 0:
        return QuestionType.OTHER, cues
    if best is QuestionType.HARM and treatments == 0:
        best = QuestionType.ETIOLOGY
    elif best is QuestionType.ETIOLOGY and treatments > 0:
        best = QuestionType.HARM
    return best, cues


# "the side effects of isotretinoin", "Is isotretinoin safe?": what the harm is of, even when the
# vocabulary does not know it, is a treatment (so the question is on harm, not on etiology).
_HARM_OF = re.compile(
    r"\b(?:side[- ]effects?|adverse\s+(?:effects?|events?|reactions?)|harms?|safety|toxicity)\s+of\s+"
    r"(?:(?:long-term|short-term|high-dose|low-dose|oral|topical|taking|using)\s+)?(?P<what>[a-z][\w-]+)"
    r"|^\s*(?:is|are)\s+(?P<safe>[a-z][\w-]+)\s+(?:safe|harmful|dangerous)\b",
    re.IGNORECASE,
)
_NOT_A_TREATMENT = frozenset({"the", "a", "an", "this", "these", "it", "that", "treatment", "treatments", "drugs"})


def _unknown_treatment(question: str, matches: list[Match]) -> bool:
    """Whether a harm cue names what it is of, in a word the vocabulary does not know."""
    for m in _HARM_OF.finditer(question):
        name = "what" if m.group("what") else "safe"
        start, end = m.span(name)
        if m.group(name).lower() in _NOT_A_TREATMENT:
            continue
        if not any(x.start < end and start < x.end for x in matches):
            return True
    return False


def _names_a_measure(question: str, start: int, matches: list[Match]) -> bool:
    """True when a cue such as 'test' follows an outcome measure ('TUG test'), so it names the measure."""
    return any(x.concept.facet == "outcome" and not question[x.end : start].strip() for x in matches if x.end <= start)


# "What are the symptoms of Lyme disease?", "What are the early signs of Parkinson's disease?", "How
# does appendicitis present in children?": the question asks how its condition shows itself. The
# type list has no such type (it is part of diagnosis in the EBM sense, but no test is asked about),
# so the type stays as classified and appraisal and the overview's topic ask this directly.
_ASKS_SYMPTOMS = re.compile(
    r"\b(?:symptoms?|signs?|manifestations?|presentations?|clinical\s+(?:features?|picture))"
    r"(?:\s+and\s+symptoms?)?\s+(?:of|in)\b"
    r"|\bhow\s+(?:does|do|is|are|can|might)\b[^?]{0,60}?\bpresent(?:s|ed)?\b"
    r"|\bwhat\s+does\b[^?]{0,60}?\bfeel\s+like\b",
    re.IGNORECASE,
)


def asks_symptoms(question: str) -> bool:
    """Whether the question asks for the symptoms or signs of something (its presentation)."""
    return _ASKS_SYMPTOMS.search(question) is not None


# "How common is postnatal depression?", "What is the prevalence of autism?", "How many people have
# MS?": the question asks how often its condition occurs, a kind of question the type list has no
# name for either.
_ASKS_FREQUENCY = re.compile(
    r"^\s*how\s+(?:common|rare|frequent|prevalent|widespread)\b"
    r"|^\s*what\s+(?:is|are)\s+the\s+(?:prevalence|incidence|frequency|rates?)\s+of\b"
    r"|^\s*how\s+many\s+(?:people|patients|persons|children|adults|women|men|babies|infants)\b",
    re.IGNORECASE,
)


def asks_frequency(question: str) -> bool:
    """Whether the question asks how common its condition is (prevalence or incidence)."""
    return _ASKS_FREQUENCY.search(question) is not None


# "How long should antibiotics be given for pneumonia?", "When should aspirin be stopped before
# surgery?", "What is the best time of day to take blood pressure tablets?": the question asks when,
# or for how long, a treatment is given, not whether it works.
_ASKS_TIMING = re.compile(
    r"^\s*how\s+(?:long|soon)\s+(?:should|must|can|after|before)\b"
    r"|^\s*how\s+long\s+(?:does|do)\s+(?:it\s+take\s+for\s+)?[\w\s-]+?\s+(?:to\s+)?(?:work|act|help|take\s+effect|kick\s+in)\b"
    r"|^\s*when\s+(?:should|can|do|does|must)\b.*\b(?:start\w*|stop\w*|begin|resum\w*|withdrawn|discontinu\w*|"
    r"restart\w*|taper\w*|introduc\w*|switch\w*)\b"
    r"|\b(?:right|best|optimal|ideal|recommended|appropriate|usual)\s+(?:duration|timing|length)\s+of\b"
    r"|^\s*what\s+is\s+the\s+(?:duration|timing|length)\s+of\b"
    r"|\bbest\s+time\s+(?:of\s+(?:the\s+)?day\s+)?(?:to|for)\b"
    r"|\b(?:continued|stopped|withheld|held|paused)\s+(?:on\s+the\s+day\s+of|before|after)\b"
    r"|\b(?:taken|given|used)\s+(?:at\s+night|at\s+bedtime|in\s+the\s+(?:morning|evening))\b",
    re.IGNORECASE,
)


def asks_timing(question: str) -> bool:
    """Whether the question asks when, or for how long, a treatment is given."""
    return _ASKS_TIMING.search(question) is not None


# "What are the risks of long-term steroid use?", "Does long-term use of inhalers harm children's
# growth?": the question asks what years of a treatment do, not a course of it.
_ASKS_LONG_TERM = re.compile(
    r"\blong[\s-]term\s+(?:[\w-]+\s+)?(?:use|users?|effects?|risks?|treatment|therapy|safety|consequences|"
    r"outcomes|exposure)\b|\b(?:prolonged|chronic)\s+(?:[\w-]+\s+)?use\b|\bused?\s+(?:for\s+)?(?:a\s+)?long\s+time\b|"
    r"\bfor\s+(?:many\s+)?years\b",
    re.IGNORECASE,
)


def asks_long_term(question: str) -> bool:
    """Whether the question asks about a treatment taken for a long time (long-term use or effects)."""
    return _ASKS_LONG_TERM.search(question) is not None


# "Should newborns be screened for hearing loss?", "Does screening for depression in primary care
# improve outcomes?": the question asks about looking for a condition in people without symptoms.
# Not 'screen time' or 'sunscreen'.
_ASKS_SCREENING = re.compile(r"\bscreen(?:ed|ing)\b|\bscreen\s+(?:for|everyone|all)\b", re.IGNORECASE)


def asks_screening(question: str) -> bool:
    """Whether the question asks about screening for its condition."""
    return _ASKS_SCREENING.search(question) is not None


# "What causes preterm birth?", "Why do people get migraines?": the question asks what the causes
# are; "Can stress cause hair loss?" names the one it asks about.
_ASKS_WHAT = re.compile(r"\s*(?:what|why|which|how\s+come)\b", re.IGNORECASE)


def asks_for_causes(question: str) -> bool:
    """Whether the question asks what causes something, rather than whether a cause it names does."""
    return _ASKS_WHAT.match(question) is not None


_RISK_FACTORS = re.compile(r"\brisk\s+factors?\b", re.IGNORECASE)


def asks_for_risk_factors(question: str) -> bool:
    """Whether the question asks for risk factors ("What are the risk factors for melanoma?"): causes
    as epidemiology weighs them, not the biology of how a disease works."""
    return asks_for_causes(question) and _RISK_FACTORS.search(question) is not None
