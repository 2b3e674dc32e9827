"""Words as the vocabulary sees them: tokens with spans, one folded spelling, and the common words.

Questions, vocabulary phrases and records' text go through the same `tokenize` and `fold`, so a
question in British spelling or the plural finds a concept listed in American spelling or the
singular. `STOPWORDS` and `GENERIC_WORDS` are the words too common to be a facet or to rank by.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from bedside.library.lexical import STOPWORDS as _LEXICAL_STOPWORDS
from bedside.text import spelling


def word_set(text: str) -> frozenset[str]:
    """A word list written as text, one or more per line, so long lists stay readable."""
    return frozenset(text.split())


STOPWORDS: frozenset[str] = _LEXICAL_STOPWORDS | word_set(
    """
    a an the of in on at to for from by with without within into onto about among amongst between
    and or nor but if then than so as per via vs versus v
    is are was were be been being am do does did doing done have has had having can could may might
    must shall should will would ought
    i me my we our us you your he him his she her it its they them their this that these those there
    here what which who whom whose when where why how whether
    any all some each every either neither both few many much more most less least other others another
    such same own very too also just only even still yet again ever never not no
    up down out off over under above below after before during while until since because
    e g eg i e ie etc
    cannot can't won't don't doesn't didn't isn't aren't wasn't weren't shouldn't couldn't wouldn't
    """
)
"""Function words: never a facet, never an other term."""

GENERIC_WORDS: frozenset[str] = word_set(
    """
    patient patients people person persons individual individuals subject subjects participant participants
    population populations case cases someone somebody anyone those
    management manage managing managed strategy strategies specific address addressing addressed
    issue issues problem problems concern concerns difficulty difficulties
    what are is
    treat treats treated treating treatment treatments therapy therapies therapeutic therapeutics
    intervention interventions option options approach approaches method methods technique techniques
    modality modalities program programme programs programmes measure measures
    best better good effective effectiveness efficacy efficacious effect effects affect affects
    evidence role use uses using used useful benefit benefits beneficial help helps helpful
    improve improves improved improving improvement outcome outcomes result results
    recommended recommend recommendation current currently new newer latest common commonly different
    type types kind kinds way ways clinical practice work works working available possible potential
    condition conditions disease diseases disorder disorders syndrome illness illnesses symptom symptoms
    factor factors risk risks cause causes caused causing associated association associations link linked
    increase increases increased increasing reduce reduces reduced reducing decrease decreases decreased
    lower lowers lowering prevent prevents prevented preventing prevention
    diagnose diagnosed diagnosing diagnosis diagnostic test tests testing tested
    prognosis prognostic predict predicts predicted predicting prediction predictor predictors course
    compare compared comparing comparison safe safety
    adult-onset know known tell explain describe mean means people's
    year years old aged age month months week weeks day days
    get gets give given giving take takes taking make makes need needs needed
    first second line first-line
    long term short higher greater likely chance chances score scores level levels
    """
)
"""Words too common in clinical questions to rank by: 'patients', 'management', 'strategies' ...

A record that matches only these must never beat one that matches the condition and the
intervention, so they are not facets, not other terms and not search terms.
"""

# "How can I lower my blood pressure without medication?", "non-drug treatments", "naturally": a
# question that asks for anything but drugs (`facets.analyse` reads them into `Facets.ruled_out`).
DRUG_TREATMENT = "drug treatment"  # the concept a question's 'without medication' rules out
RULES_OUT_DRUGS = re.compile(
    r"\b(?:without\s+(?:(?:taking|using|any|a|the)\s+)*(?:medications?|medicines?|drugs?|pills?|tablets?)|"
    r"non[\s-]?(?:drug|pharmacolog\w*|medication|medicinal)|drug[\s-]+free|medication[\s-]+free|naturally)\b",
    re.IGNORECASE,
)


_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_SENTENCE_PUNCT = frozenset(',.;:?!()[]{}"“”')


@dataclass(frozen=True)
class Token:
    """A word of the question with its character span; `text` has any possessive "'s" removed."""

    text: str
    norm: str
    start: int
    end: int


def fold(word: str) -> str:
    """Lower case without accents or apostrophes, in American spelling, with a simple plural folded.

    ('therapies' -> 'therapy', 'haemorrhages' -> 'hemorrhage'.) The spelling is folded here, not
    only in the index, so that a question in British spelling finds the vocabulary's concept when
    the vocabulary lists only the American name, and the other way round. A word the spelling
    rules would split (a glued Greek letter: 'nfkappab') is left whole: a token stays one word.
    """
    word = unicodedata.normalize("NFKD", word.casefold())
    word = "".join(c for c in word if not unicodedata.combining(c))
    word = word.replace("’", "'")
    word = word.removesuffix("'s").replace("'", "")
    spelled = spelling.fold(word)
    if spelled != word and spelled.isalnum():
        word = spelled
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ss", "us", "is", "as", "ys")):
        return word
    if word.endswith("s"):
        return word[:-1]
    return word


def tokenize(text: str) -> list[Token]:
    """The words of a text with their spans; the same rules apply to vocabulary phrases and questions."""
    tokens = []
    for m in _TOKEN.finditer(text):
        raw = m.group().replace("’", "'")
        surface = raw[:-2] if raw.lower().endswith("'s") else raw
        tokens.append(Token(text=surface, norm=fold(raw), start=m.start(), end=m.end()))
    return tokens


# The same rule inside a regex, before an abbreviation (records are searched with regexes).
NOT_COMPOUND_TAIL = r"(?<![A-Z0-9]-)"
# ... nor its head: 'PSA' in 'PSA-NCAM' (polysialic acid) made a study of pancreatic beta cells
# evidence on PSA screening.
NOT_COMPOUND_HEAD = r"(?!-[A-Z]{2,}(?![a-z]))"


def in_compound(text: str, start: int) -> bool:
    """Whether the word at `start` ends a hyphenated name led by a capital or digit ('G-CSF', 'GM-CSF', '5-HT').

    Such a name is one word: its tail is not the abbreviation it spells alone (CSF, cerebrospinal
    fluid, in granulocyte colony-stimulating factor). A lower-case prefix stays a prefix: the TNF
    of 'anti-TNF' is still TNF.
    """
    return start >= 2 and text[start - 1] == "-" and (text[start - 2].isupper() or text[start - 2].isdigit())


def normalise_phrase(phrase: str) -> str:
    """The any-case key of a phrase: its folded tokens joined by spaces."""
    return " ".join(t.norm for t in tokenize(phrase))


def joinable(text: str, left: Token, right: Token) -> bool:
    """Whether two neighbouring tokens may belong to one phrase: nothing but spaces, hyphens, slashes or '&'
    between them, or the full stop of an initial ('H. pylori')."""
    gap = text[left.end : right.start]
    if len(gap) > 3:
        return False
    if "." in gap and len(left.text) == 1 and not any(c in _SENTENCE_PUNCT for c in gap.replace(".", "", 1)):
        return True
    return not any(c in _SENTENCE_PUNCT for c in gap)


def is_abbreviation_like(name: str) -> bool:
    """True for names written like abbreviations (two or more capitals, e.g. 'MS', 'SSRIs', 'HbA1c')."""
    return sum(c.isupper() for c in name) >= 2 or (name.isupper() and len(name) <= 5)


_FOLDED_COMMON = frozenset(fold(w) for w in STOPWORDS | GENERIC_WORDS)


def is_common(token: Token) -> bool:
    """True for a function word or a generic word, in any case or number ('Patients', 'does')."""
    lower = token.text.casefold()
    return lower in STOPWORDS or lower in GENERIC_WORDS or token.norm in _FOLDED_COMMON
