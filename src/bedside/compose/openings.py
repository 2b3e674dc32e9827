"""Sentence openings and phrasings that say a sentence states a finding, whatever its position.

The role classifier (`compose.roles`) learnt from clinical abstracts, where findings come late;
laboratory and basic-science abstracts state them early ("Here we show that ...", "Treatment of 12
healthy women with CDCA resulted in increased BAT activity"), where position alone says
background or methods. An opening that states a finding limits the sentence's roles
(`finding_roles`); an observed effect only adds `EFFECT_BONUS` to results and conclusions
(`states_effect`), because a limit on an abstract's opening conclusion would drag every later
sentence into the results through the order constraint.
"""

from __future__ import annotations

import re

from bedside.compose.labels import without_label
from bedside.models import Role

# "Here we show that ...": the way laboratory and basic-science abstracts state their finding,
# often as the second sentence. Position makes the classifier call it background or methods
# (clinical abstracts, which it learnt from, put findings late), so an opening like this limits
# the sentence to results or conclusions; the order constraint then carries the rest along.
# The words with which authors say a result surprised them (see `SURPRISE_OPENING`).
_SURPRISE = r"unexpectedly|surprisingly|strikingly|remarkably|interestingly|intriguingly"
FINDING_OPENING = re.compile(
    r"^(?:(?:(?:here|herein|in this (?:study|work|paper|report)|together|collectively|taken together|thus|"
    rf"importantly|notably|{_SURPRISE})"
    r"(?:,\s*[^,.;]{1,150})?"
    # "Using neurons derived from stem cells, we demonstrated that ...": the means, then the finding.
    r"|(?:using|by|through|combining)\s+[^,.;]{1,150}),?\s+)?"
    r"we\s+(?:(?:now|further|also|here|first)\s+)?"
    # Not "we report the experience of", "we identified 102 infants": in clinical abstracts those
    # open the methods; nor "we previously showed", which is background.
    r"(?:show|shows|showed|demonstrate|demonstrated|found|find|identify|reveal|revealed|uncover|uncovered|"
    r"establish|established|provide\s+evidence|report\s+that)\b"
    # "We identified two variants at 6q21 associated with ...": a finding, unlike "we identified 102
    # infants" or "we identified 12 trials", which say whom or what a study took in.
    r"|(?:(?:using|by|through|combining)\s+[^,.;]{1,150},?\s+)?we\s+identified\s+"
    r"(?!(?:\S+\s+){0,4}?(?:patients?|infants?|children|adults|women|men|participants?|subjects?|individuals?|"
    r"cases?|cohorts?|studies|study|trials?|articles?|records?|reports?|papers?|publications?|citations?|"
    r"reviews?|famil(?:y|ies)|persons?|people|controls?|donors?|survivors?|residents?|users?|members?|"
    r"employees?|beneficiaries|enrollees?|veterans?|mothers?|pregnancies|births?|admissions?|visits?|episodes?|"
    r"charts?|claims?)\b)"
    # "Here we report a thermogenic mechanism": a finding, unlike "Here we report a case of".
    r"|^here,?\s+we\s+report\s+(?!(?:a|an|the|two|three|four|five|\d+)\s+(?:\S+\s+){0,2}"
    r"(?:cases?|patients?|famil(?:y|ies)|series|experience|results|outcomes?|\d+-(?:year|month|week|day)))",
    re.IGNORECASE,
)
# "Biochemical results indicate that ...", "These data suggest ...": this study's results speaking.
# Not "Previous findings suggest", "Recent data indicate": those are background.
FINDING_STATEMENT = re.compile(
    r"^(?:(?:our|these|the|present|current)\s+)?(?:(?!previous|prior|earlier|recent|published|existing)[a-z-]+\s+)?"
    r"(?:results|findings|data|observations)\s+"
    r"(?:indicate|suggest|show|demonstrate|reveal|support|establish|imply|identify|provide|point)\b"
    # "These studies demonstrated ...", "This study shows ...": only with a word that points at this
    # paper, since "Several studies have shown" is background.
    r"|^(?:these|our|this|the\s+present|the\s+current)\s+(?:studies|study|experiments|analyses)\s+"
    r"(?:indicate|suggest|show|demonstrate|reveal|establish|identify)\w*\b",
    re.IGNORECASE,
)


# "Unexpectedly, these mice showed decreased fat mass", "Interestingly, HER3 was as critical as
# HER2": what surprised the authors is an observation, never a description of what they did. Such a
# sentence may still be background ("Interestingly, several ncRNAs are dysregulated in cancer"), so
# the opening only rules out methods. Of the 215 SciFact corpus sentences that open so, the
# classifier had called 17 methods, 16 of them findings (now 13 results, 4 background); PubMedQA has
# one such sentence (conclusions), and its accuracy is unchanged (0.9231).
SURPRISE_OPENING = re.compile(rf"^(?:{_SURPRISE})\b", re.I)


# "Treatment of 12 healthy women with CDCA for 2 days resulted in increased BAT activity", "A strong
# association was found between ...", "The mutant mice were born normal but displayed splenomegaly":
# an effect this study observed, in the past tense. Basic-science abstracts put such sentences early,
# where position alone makes the classifier call them methods or background.
EFFECT_STATEMENT = re.compile(
    r"\b(?:resulted\s+in|led\s+to|conferred|abolished|attenuated|exacerbated|rescued|contributed\s+to|"
    r"did\s+not\s+(?:affect|alter|change|influence)|exhibited|displayed|"
    r"(?:association|correlation|relationship|difference|interaction)\s+(?:was|were)\s+(?:found|observed|seen|"
    r"detected))\b",
    re.IGNORECASE,
)
# ... unless the sentence says what was done, what was known before, or what would be done if.
NOT_AN_EFFECT = re.compile(
    r"^(?:if|when|whenever)\b|"
    r"\b(?:previous(?:ly)?|prior|earlier|has\s+been|have\s+been|(?:is|are)\s+known|studies|reported|literature|"
    r"(?:has|have|had)\s+(?:\w+\s+)?(?:resulted|led|conferred|abolished|attenuated|exacerbated|rescued|"
    r"contributed|exhibited|displayed)|"
    r"we\s+(?:used|measured|assessed|recruited|enrolled|performed|conducted|analy[sz]ed|compared|tested)|"
    r"(?:was|were)\s+(?:randomi[sz]ed|assigned|allocated|enrolled|recruited|included|measured|assessed|"
    r"defined|calculated|estimated)|statistic\w*|aim\w*|objective|purpose|"
    r"to\s+(?:determine|assess|evaluate|investigate|examine|test|estimate))\b",
    re.IGNORECASE,
)


def finding_roles(sentence: str) -> tuple[Role, ...] | None:
    """Results or conclusions when the sentence opens by stating a finding ('Here we show that');
    anything but methods when it opens with the authors' surprise ('Unexpectedly, ...')."""
    text = without_label(sentence.strip())
    if FINDING_OPENING.match(text) or FINDING_STATEMENT.match(text):
        return (Role.RESULTS, Role.CONCLUSIONS)
    if SURPRISE_OPENING.match(text):
        return (Role.BACKGROUND, Role.RESULTS, Role.CONCLUSIONS)
    return None


EFFECT_BONUS = 3.0
"""Log-score added to results and conclusions for a sentence that states an observed effect."""


def states_effect(sentence: str) -> bool:
    """Whether the sentence states an effect this study observed (`EFFECT_STATEMENT`).

    A hint, not a limit: held to results, the opening sentence of an abstract that starts with its
    conclusion ("High-throughput DNA sequencing significantly contributed to diagnosis ...") would
    drag every later sentence, methods included, into the results through the order constraint.
    """
    text = without_label(sentence.strip())
    return bool(EFFECT_STATEMENT.search(text)) and not NOT_AN_EFFECT.search(text)
