"""The words around a concept's name that change the part it plays in a question.

A vocabulary match says what a phrase names; its neighbours say what the question does with it:
'placebo' after 'versus' is the comparison; dialysis in 'patients on dialysis' and knee
replacement in 'after knee replacement' say who is asked about, not what; stroke in 'to prevent
stroke' is the outcome when atrial fibrillation names the people; 'oxidative stress' is no
psychological stress, and 'adult' in 'adult stem cells' names no people. `search.facets` asks
these questions of each match; each returns indexes or ids of the matches it moves.
"""

from __future__ import annotations

import itertools
import re

from bedside.search.concepts import Concept, Match
from bedside.search.words import Token


def comparisons(question: str, tokens: list[Token], interventions: list[Match]) -> set[int]:
    """Indexes (into `interventions`) of the interventions that are comparators."""
    lowered = [t.text.casefold() for t in tokens]
    chosen: set[int] = set()
    cues: list[tuple[int, int, str]] = []
    for i, word in enumerate(lowered):
        nxt = lowered[i + 1] if i + 1 < len(lowered) else ""
        if word in {"vs", "versus", "v", "than"}:
            cues.append((i, i + 1, "vs"))
        elif word in {"compared", "comparison", "comparing"} and nxt in {"with", "to", "against"}:
            cues.append((i, i + 2, "compared"))
        elif word == "instead" and nxt == "of":
            cues.append((i, i + 2, "vs"))
        elif word == "or":
            cues.append((i, i + 1, "or"))
    for start, end, kind in cues:
        before = [n for n, m in enumerate(interventions) if m.last <= start]
        after = [n for n, m in enumerate(interventions) if m.first >= end]
        if not after:
            continue
        first_after = after[0]
        if kind == "or":
            if not before:
                continue
            gap_ok = interventions[before[-1]].last == start and all(
                w in {"a", "an", "the", "with"} for w in lowered[end : interventions[first_after].first]
            )
            if gap_ok:
                chosen.add(first_after)
        elif kind == "compared" and not before:
            if len(after) > 1:
                chosen.add(first_after)
        elif before:
            chosen.add(first_after)
    # Placebo and usual care compare, whenever the question names something else to test.
    others = [n for n, m in enumerate(interventions) if not m.concept.comparator]
    if others:
        chosen |= {n for n, m in enumerate(interventions) if m.concept.comparator}
    # Never leave the question without an intervention.
    if chosen and len(chosen) == len(interventions):
        chosen.discard(min(chosen))
    return chosen


# After a one-word population name ('adult', 'child'), words that make it describe something other
# than people: tissues, cells, animals, an age of onset.
_NOT_PEOPLE_AFTER = re.compile(
    r"[\s-]+(?:tissues?|stem|cells?|mice|mouse|rats?|animals?|neurogenesis|brains?|onset|hearts?|"
    r"hippocamp\w*|zebrafish|drosophila|organs?|ha?ematopoie\w*|neurons?|progenitors?|macrophages?|"
    r"flies|fly|worms?|fish|liver|muscles?|mammals?|rodents?|primates?)\b",
    re.IGNORECASE,
)


def another_thing(question: str, concept: Concept, start: int, end: int) -> bool:
    """Whether the words around a concept's name make it something else: a longer name in the
    concept's `not_within` ('oxidative stress' and 'stress fracture' are no psychological stress,
    'cell death' no mortality, 'hazard ratio' no hazard). The name then stays a plain search word.

    The vocabulary holds these names, so questions and records (`appraise.terms`) are held to the
    same ones; questions once had a list of their own for two concepts, and 'hazard ratio' in a
    question asked about adverse effects.
    """
    before, after = concept.guards()
    low = question.lower()
    # The guards are lookarounds: matched at the name's two ends, they fail where a longer name sits.
    return bool(before and not re.compile(before).match(low, start)) or bool(
        after and not re.compile(after).match(low, end)
    )


# 'adults without diabetes', 'women with no history of breast cancer': the people are those who
# do not have the condition, so it is no condition of the question.
_WITHOUT = re.compile(
    r"\b(?:without|free\s+of|no\s+(?:history\s+of|known|prior)|not\s+having|who\s+(?:do|did|does)\s+not\s+have|"
    r"non)[\s-]+(?:(?:a|an|any|known|prior|previous|pre-existing|established)\s+)?$",
    re.IGNORECASE,
)


def absent(question: str, start: int, end: int) -> bool:
    """Whether the condition named from `start` to `end` is one the people asked about do not have.

    'non' makes a word of people absent ('non-diabetic', 'non-smokers'), not a name of several words:
    "non-vertebral fractures" are fractures, and "non-small cell lung cancer" is a cancer.
    """
    lead = absence_start(question, start)
    if lead is None:
        return False
    return not (question[lead:start].lower().startswith("non") and len(question[start:end].split()) > 1)


# "What are the alternatives to statins?", "What can I take instead of ibuprofen?", "What can replace
# opioids for chronic pain?": the treatment named is the one the question asks to do without.
_INSTEAD_OF = re.compile(
    r"\b(?:alternatives?\s+to|instead\s+of|other\s+than|in\s+place\s+of|replace|substitutes?\s+for)\s+"
    r"(?:(?:a|an|the|my|your|taking|using)\s+)?$",
    re.IGNORECASE,
)


def absence_start(question: str, start: int) -> int | None:
    """Where the words saying the treatment named at `start` is not wanted begin ('without' of
    'without surgery', 'non' of 'non-surgical', 'instead of' of 'instead of ibuprofen'), or None."""
    found = _WITHOUT.search(question[:start]) or _INSTEAD_OF.search(question[:start])
    return found.start() if found else None


# 'patients on dialysis', 'women receiving chemotherapy', 'children undergoing surgery': a treatment
# the people already have is who they are, not what the question asks about.
_ALREADY_ON = re.compile(
    r"\b(?:patients?|people|persons?|individuals?|adults?|children|child|women|woman|men|man|those|anyone|"
    r"someone|survivors?|participants?)\s+(?:who\s+are\s+|who\s+were\s+)?(?:on|receiving|undergoing|"
    r"treated\s+with|taking)\s+(?:long[\s-]term\s+|regular\s+|maintenance\s+)?$",
    re.IGNORECASE,
)


# 'after hip fracture surgery', 'following knee replacement', 'post-tonsillectomy': a treatment
# the people have had is when the question is set, not what it asks about; so is one they are about
# to have ('Should aspirin be stopped before surgery?').
_AFTER = re.compile(
    r"\b(?:after|following|post|before|prior\s+to|ahead\s+of)[\s-]+"
    r"(?:(?:a|an|the|their|his|her|recent|elective|major|planned)\s+){0,2}"
    r"(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)


# 'blood loss in knee replacement', 'infection in caesarean section': a treatment named after 'in',
# once another treatment or an outcome is asked about, is the operation the people are having (a
# knee-arthroplasty technique paper had been direct evidence on tranexamic acid).
_IN = re.compile(r"\bin\s+(?:(?:a|an|the|total|primary|elective|major|planned)\s+){0,2}$", re.IGNORECASE)


# 'while breastfeeding', 'during chemotherapy', 'when on dialysis': what the people are doing or
# having done to them when the question is asked.
_WHILE = re.compile(
    r"\b(?:while|whilst|during|when)\s+(?:(?:i|you|she|they|we)\s+(?:am|are|is|'m|'re)\s+|"
    r"(?:on|taking|receiving|undergoing|having)\s+)?(?:(?:a|an|the|their|her|my|your)\s+)?$",
    re.IGNORECASE,
)


def setting_start(question: str, start: int, asking: bool = False) -> int | None:
    """Where the words begin that make the treatment named at `start` a setting ('patients on
    dialysis', 'after knee replacement', 'while breastfeeding'), or None; the overview's topic
    quotes them from there. 'in knee replacement' only in a question (`asking`): a title's "enrolled
    in a tai chi trial" names what was given."""
    before = question[:start]
    found = (
        _ALREADY_ON.search(before)
        or _AFTER.search(before)
        or _WHILE.search(before)
        or (_IN.search(before) if asking else None)
    )
    return found.start() if found else None


def context_interventions(
    question: str, interventions: list[Match], comparators: set[int], outcomes: bool, asking: bool = False
) -> set[int]:
    """ids of the interventions that describe the people asked about ('patients on dialysis',
    'after knee replacement').

    Only when the question keeps another intervention, or an outcome, to ask about: "Is dialysis
    safe for patients on warfarin?" keeps dialysis; "What helps itching in people on dialysis?"
    asks about itching in dialysis patients, not about dialysis. `asking`: the text is a question,
    where 'in knee replacement' names the setting too (`setting_start`).
    """
    context = {
        id(m)
        for m in interventions
        if id(m) not in comparators and setting_start(question, m.start, asking) is not None
    }
    return context if outcomes or len(context) < len(interventions) else set()


# 'varenicline for smoking cessation', 'exercise to aid weight loss': a treatment named right after
# another, as what that one is for, is the aim the first is judged on; so is what it helps people
# do ("Do e-cigarettes help people stop smoking?").
_FOR = re.compile(
    r"\s*(?:(?:used|given|prescribed|helps?|works?|effective|useful|helpful|good|beneficial|better|best)\s+)?"
    r"(?:for|to\s+(?:aid|help(?:\s+with)?|support|promote|achieve)|in\s+aid\s+of|"
    r"(?:help|aid|promote|support)s?(?:\s+(?:people|patients|smokers|adults|someone|you|me|them)(?:\s+to)?)?"
    r"(?:\s+with)?)\s+(?:(?:the|a|an)\s+)?",
    re.IGNORECASE,
)


def aims(question: str, interventions: list[Match], taken: set[int]) -> set[int]:
    """ids of the interventions named as what the one before them is for ('varenicline for smoking
    cessation', 'intermittent fasting help weight loss'): the aim is what the first treatment is
    judged on, not a second treatment asked about.

    A lung-cancer screening guideline that advises smoking cessation was direct evidence for "How
    effective is varenicline for smoking cessation?", and so were reviews of nicotine patches. Only
    right after another intervention that is not itself a comparator or a setting (`taken`), and
    only while one treatment is left to ask about.
    """
    out: set[int] = set()
    for before, m in itertools.pairwise(interventions):
        if id(before) in taken or id(m) in taken:
            continue
        between = question[before.end : m.start]
        if _FOR.fullmatch(between):
            out.add(id(m))
    left = [m for m in interventions if id(m) not in taken and id(m) not in out]
    return out if left else set()


# "Does walking help with depression?", "Is walking good for back pain?": what opens the question,
# before a verb of benefit, is what is asked about.
_OPENING = re.compile(
    r"^\s*(?:does|do|can|could|will|would|might|is|are)\s+(?:(?:regular|daily|more|enough|getting|a|an)\s+)?$",
    re.IGNORECASE,
)
_BENEFITS = re.compile(
    r"\s+(?:helps?|(?:good|better|bad|harmful)\s+for|"
    r"(?:improves?|reduces?|prevents?|lowers?|relieves?|eases?|boosts?|protects?|benefits?|works?)\b"
    r"(?!\s+(?:with|after|when|by|in\s+response)\b))",
    re.IGNORECASE,
)


def outcomes_asked_about(question: str, matches: list[Match]) -> set[int]:
    """ids of outcomes the question opens with, as what it asks about ("Does walking help with
    depression?"), when it names no treatment.

    Read as an outcome, walking made any record on gait and depression direct evidence (a cohort of
    depressive symptoms and physical decline); asked about, a record must study walking. Not when
    the verb is followed by what changes it ("Does balance improve with training?").
    """
    if any(m.concept.facet == "intervention" for m in matches):
        return set()
    return {
        id(m)
        for m in matches
        if m.concept.facet == "outcome" and _OPENING.match(question[: m.start]) and _BENEFITS.match(question[m.end :])
    }


# 'stop drinking alcohol', 'give up alcohol', 'cut down on drinking': an exposure the people are to give up.
_GIVEN_UP = re.compile(
    r"\b(?:stop|stops|stopping|quit|quits|quitting|give\s+up|gives\s+up|giving\s+up|"
    r"cut(?:s|ting)?\s+(?:down|back)(?:\s+on)?)\s+(?:(?:drinking|using|taking|their|my|your|on)\s+)?$",
    re.IGNORECASE,
)


def given_up(question: str, interventions: list[Match]) -> set[int]:
    """ids of the exposures the question wants given up ("What helps people stop drinking alcohol?").

    Giving up is what a treatment is judged on, so the exposure is an outcome: read as the exposure
    asked about, every study of what alcohol does (a Mendelian randomisation of alcohol and blood
    pressure, the global burden of alcohol use) was direct evidence on how to stop drinking.
    """
    return {
        id(m)
        for m in interventions
        if m.concept.hint == "etiology" and _GIVEN_UP.search(question[max(0, m.start - 40) : m.start])
    }


# 'to prevent stroke', 'reduce the risk of heart attack', 'protect against fractures': a condition
# the question wants to avoid is what it measures (an outcome), when another condition says who.
_PREVENTED = re.compile(
    r"\b(?:prevent\w*|prevention\s+of|(?:reduc\w*|lower\w*|decreas\w*|cut\w*)\s+(?:the\s+)?"
    r"(?:risk|rate|incidence|chance)s?\s+of|risk\s+of|protect\w*\s+(?:them\s+)?against|avoid\w*)"
    r"\s+(?:(?:a|an|the|further|recurrent|new|first|another|future|subsequent|later)\s+){0,2}$",
    re.IGNORECASE,
)
# 'reduce cancer risk', 'increase fracture incidence': the condition named as a risk, not a risk factor.
_RISK_AFTER = re.compile(r"\s+(?:risks?|incidence)\b(?!\s+factors?)", re.IGNORECASE)
# The same inside a name the vocabulary holds ('cardiovascular risk' is a name of cardiovascular disease).
_RISK_NAMED = re.compile(r"\s(?:risks?|incidence)$", re.IGNORECASE)


def prevented_conditions(question: str, matches: list[Match], context: set[int]) -> set[int]:
    """ids of the conditions the question wants prevented, when another condition names the people.

    "Should adults with atrial fibrillation take aspirin to prevent stroke?" (or "... to lower their
    stroke risk?") asks about people with atrial fibrillation, and stroke is what aspirin is judged
    on: a review of aspirin in atrial fibrillation that does not mention stroke is evidence on
    another outcome, not on other people.
    "Does aspirin prevent stroke?" has no other condition, so stroke stays its condition; nor does a
    question with no treatment to judge ("What is the risk of stroke in atrial fibrillation?"), which
    the appraisal can only hold to naming both conditions.
    """
    if not any(m.concept.facet == "intervention" and id(m) not in context for m in matches):
        return set()
    conditions = [m for m in matches if m.concept.facet == "condition" or id(m) in context]
    prevented = {
        id(m)
        for m in conditions
        if id(m) not in context
        and (
            _PREVENTED.search(question[: m.start])
            or _RISK_AFTER.match(question, m.end)
            or _RISK_NAMED.search(question, m.start, m.end)
        )
    }
    return prevented if len(prevented) < len(conditions) else set()


def modifies_people(question: str, end: int) -> bool:
    """Whether the words after a one-word population name ('adult stem cells') make it a modifier."""
    return _NOT_PEOPLE_AFTER.match(question, end) is not None
