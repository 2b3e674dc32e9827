"""Is a record about the question's condition, or does it only mention it?

`appraise.applicability` finds the question's condition in a record by name; these rules look at
how it is named (rules 3b to 3g of that module's docstring): once, as a covariate or an exclusion,
under a title on another condition; in an untitled abstract that names another condition twice as
often; for a question on what a treatment causes, only as a trait of the people studied, never
as something they developed; for a question on treating it, only as something prevented or
lowered, or once, in a list of outcomes or harms; for one on preventing it, only as who was
treated. Each returns the reason a clinician reads, or '' when the record is on the condition.
"""

from __future__ import annotations

import re

from bedside.appraise.question import CompiledFacets, compile_term, is_exposure, is_treatment
from bedside.appraise.terms import Term
from bedside.appraise.view import RecordView, join_or
from bedside.appraise.wordlists import PREVENTION_TITLE, TREATMENT_TITLE
from bedside.search.facets import analyse_text
from bedside.search.vocabulary import Vocabulary
from bedside.text import sentences
from bedside.text.spelling import fold

# A condition or treatment named as something adjusted for, recorded or excluded, not studied: "even
# after controlling for variables such as race, ... ischemic heart disease", "Patient characteristics
# including ... use of hormone replacement therapy", "Women with gestational diabetes were excluded",
# "Other risk factors include ... history of pulmonary fibrosis or chronic obstructive lung disease",
# "studies were broadly categorised by the primary intent of the study into ... (maternal
# neuroprotective - pre-eclampsia)".
_ASIDE_BEFORE = re.compile(
    r"\b(?:adjust\w*|control\w*|account\w*)\s+for\b|\bconfound|\bcovariat|\bsuch\s+as\b|\bcharacteristics\b"
    r"|\brisk\s+factors?\s+(?:include|are|were|such)\b|\b(?:categori[sz]ed|stratified|grouped)\s+(?:by|into|according)\b"
)
_ASIDE_ANYWHERE = re.compile(r"\bexclu(?:ded|sion|ding)\b")
# The narrower reading, for a record whose title names no condition to set against the question's:
# adjusted for or excluded. Not 'such as', which also opens examples and outcomes ("important
# outcomes such as pre-eclampsia, gestational diabetes").
_COVARIATE_BEFORE = re.compile(r"\b(?:adjust\w*|control\w*|account\w*)\s+for\b|\bconfound|\bcovariat")
# A verb between the marker and the mention ends the list of things adjusted for or recorded.
_CLAUSE = re.compile(r"\b(?:was|were|is|are|had|has|have|did|does|showed|found|predicted|remained|reduced|increased)\b")
# What opens a list of what the people studied developed: "the incidence of hyperglycaemia, ...
# or culture-proven sepsis", "adverse events (pancreatitis, cholangitis with septicaemia, ...)".
_OUTCOME_LIST = re.compile(
    r"\b(?:incidences?|rates?|risks?|occurrence|numbers?)\s+of\b|\badverse\s+(?:[a-z]+\s+){0,2}(?:events?|effects?|reactions?)\b"
    r"|\bcomplications?\b|\bside[\s-]+effects?\b|\b(?:primary|secondary)\s+outcomes?\b|\boutcomes?\s+(?:included|were)\b"
    r"|\boutcome\s+measures?\b|\b(?:increased|reduced|decreased|lowered)\s+the\s+need\s+for\b"
)
# After the name, a word that makes it the people's condition again: "the risk of urinary tract
# infection complications" is about people who have the infection.
_OWNER_AFTER = re.compile(r"[\s-]*(?:complications?|patients?|treatment|management|care|symptoms?|severity)\b")


def passing_condition(view: RecordView, q: CompiledFacets, hit: dict[str, bool]) -> str:
    """Rule 3b: the question's condition is named once, as an aside, outside the title, MeSH and keywords.

    "HMG-CoA reductase inhibitors and the risk of hip fractures in elderly patients" names
    ischaemic heart disease once, among the variables it controlled for: it is no evidence on
    statins for cardiovascular disease, whatever words it shares with the question. An aside is a
    covariate ('adjusted for', 'controlling for variables such as') or an exclusion. A single
    mention that reports a finding ("associated with increased risk of prostate cancer (HR 1.13)"
    in a cohort of cancers) stays direct, and so does a condition named in the title, MeSH or
    keywords, or twice in the abstract. A treatment the people are on ('women receiving
    chemotherapy') is not judged here.
    """
    if not view.title.strip():
        return ""
    asked = [t for t in q.condition if hit.get(t.concept) and not is_treatment(t.concept)]
    if not asked or any(t.found(view.strong, view.strong_low) for t in asked):
        return ""
    if not named_aside(view, asked):
        return ""
    names = {t.concept for t in q.condition}
    others = [c for c in dict.fromkeys(t.concept for t in analyse_text(view.title).condition) if c not in names]
    if others and all(is_treatment(c) for c in others):
        return ""
    if not others:
        # "Statin use and risk of gallstone disease" names a condition the vocabulary does not know,
        # and adjusts for stroke: still no evidence on statins after a stroke.
        if not named_aside(view, asked, covariate_only=True):
            return ""
        names_asked = join_or([t.concept for t in asked])
        return f"condition: {names_asked} named only as a covariate or an exclusion, not studied"
    return f"condition: {' and '.join(others[:2])}, not {join_or([t.concept for t in asked])}"


# Around a condition's name, the words that make it an effect someone developed, not a trait of the
# people studied: "risk of diabetes", "new-onset diabetes", "developed diabetes", "diabetes incidence".
_ONSET_BEFORE = re.compile(
    r"(?:incident|new[\s-]+onset|newly[\s-]+diagnosed|develop\w*|onset\s+of|incidences?\s+of|risks?\s+(?:of|for)|"
    r"cases?\s+of|induced?|caus\w*|lead\w*\s+to|odds\s+of|hazards?\s+of|progress\w*\s+to|"
    r"rates?\s+of|occurrence\s+of|(?:increase|rise|excess)\w*\s+in|"
    r"(?:more|less)\s+likely\s+to\s+(?:have\s+had|have|need|develop|undergo|require))\s+(?:[\w-]+\s+){0,3}$"
)
# A condition named as what a treatment lowered, or as caught in hospital or at a given age, is one the
# people developed too: "decreased late-onset sepsis", "CVCs do not appear to reduce clinically
# diagnosed sepsis", "the incidence of nosocomial sepsis"; not "fracture prevention in steroid-induced
# osteoporosis", where it names the people. Read only where every mention must be one.
_LOWERED_BEFORE = re.compile(
    r"(?:reduc\w*|decreas\w*|lower\w*|prevent\w*|avert\w*|(?:late|early)[\s-]+onset|nosocomial|"
    r"hospital[\s-]+acquired)\s+(?:(?!(?:in|with|among|for)\s)[\w-]+,?\s+){0,4}$"
)
# Used with .match(text, pos), which anchors at pos (a '^' would anchor at the text's start).
_ONSET_AFTER = re.compile(r"[\s-]*(?:incidence|risk|onset|development|developed|cases?|events?|episodes?|rates?)\b")


def effect_unreported(view: RecordView, q: CompiledFacets, hit: dict[str, bool]) -> str:
    """Rule 3d: a question on whether a treatment causes a condition, and a record that names the
    condition only as a trait of the people it studied.

    "Do statins cause diabetes?" was answered by statin trials in which 23% of people had diabetes,
    and by a cost-effectiveness model: none reports diabetes that anyone developed. A mention counts
    as an effect when the words around it say so ('risk of', 'new-onset', 'developed', 'incidence').
    """
    reasons = []
    for term in q.caused:
        if not hit.get(term.concept) or term.folded is None:
            continue
        low = view.everything_low
        if not any(
            _ONSET_BEFORE.search(low, max(0, m.start() - 60), m.start()) or _ONSET_AFTER.match(low, m.end())
            for m in term.folded.finditer(low)
        ):
            reasons.append(term.concept)
    if not reasons:
        return ""
    treatments = join_or([t.concept for t in q.intervention])
    return f"outcome: {join_or(reasons)} only as who was studied, not as an effect of {treatments}"


def louder_condition(view: RecordView, q: CompiledFacets) -> str:
    """Rule 3c: an untitled record is on the condition its abstract names most, when that is another.

    A Cochrane review of exercise during adjuvant treatment for breast cancer reports depression
    among its outcomes: it is evidence on women with breast cancer, not on people with depression.
    Another condition counts when named at least twice and at least twice as often as the
    question's own (their kinds included): a review of antibiotics to prevent respiratory infections
    in children with HIV or cystic fibrosis names HIV six times and the infections five, and is on
    the infections. One the question names anywhere, or a broader one ('diabetes' for a type 2
    diabetes question), never counts.
    """
    if view.title.strip() or not q.condition:
        return ""
    asked = [t for t in q.condition if not is_treatment(t.concept)]
    if not asked:
        return ""
    named = sum(t.count(view.abstract, view.abstract_low) for t in asked)
    if not q.about_prevention:
        # For a question on treating it, "fewer acute otitis media episodes" in children with glue
        # ear names the condition as something the people developed, not as who they are.
        named -= sum(_onsets(view.abstract_low, t) for t in asked)
    mine = set(q.order)
    louder = []
    for term in analyse_text(view.abstract).condition:
        if term.source != "vocabulary" or term.concept in mine or is_treatment(term.concept):
            continue  # a pattern's guess ('normal aminotransferases') names no condition
        if Vocabulary.default().is_class_of(term.concept, mine):
            continue
        count = compile_term(term).count(view.abstract, view.abstract_low)
        if count >= max(2, 2 * named):
            louder.append(term.concept)
    # The most specific name: 'breast cancer', not also 'cancer'; another kind of the question's
    # condition first ('otitis media with effusion' for acute otitis media, not the harms listed).
    louder = [c for c in dict.fromkeys(louder) if not Vocabulary.default().is_class_of(c, louder)]
    siblings = {t.concept for t in q.siblings}
    louder = ([c for c in louder if c in siblings] or louder)[:2]
    return f"population: {' and '.join(louder)}, not {join_or([t.concept for t in asked])}" if louder else ""


def listed_as_outcome(view: RecordView, q: CompiledFacets, hit: dict[str, bool]) -> str:
    """Rule 3f: a record that names the condition once, among what its people developed.

    "What is the role of steroids in sepsis?" had two direct Cochrane reviews on other people: inhaled
    against systemic corticosteroids for preterm infants with chronic lung disease, whose secondary
    outcomes included "the incidence of hyperglycaemia, ... or culture-proven sepsis", and
    hydrocortisone in primary sclerosing cholangitis, with "adverse events (pancreatitis,
    cholangitis with septicaemia, ...)". Named once, in such a list, the condition is an outcome of
    that study, not who was studied: no evidence on treating people who have it. Titled or not, as
    long as the title and MeSH do not name it. Questions on treatment or prognosis only ("What is
    the prognosis after out-of-hospital cardiac arrest?" is not answered by a coronary imaging study
    whose "major adverse cardiovascular events (death from cardiac causes, cardiac arrest, ...)"
    name it; one on preventing the condition wants exactly such mentions), not claims.
    """
    if not q.is_question or q.question_type not in ("therapy", "prognosis") or q.about_prevention:
        return ""
    # A treatment the people are on counts too: "increased the need for renal replacement therapy" in a
    # review of starch infusions is no study of people on dialysis.
    asked = [t for t in q.condition if hit.get(t.concept)]
    if not asked or any(t.found(view.strong, view.strong_low) for t in asked):
        return ""
    mention = _single_mention(view, asked)
    if mention is None:
        return ""
    low, found = mention
    markers = list(_OUTCOME_LIST.finditer(low, 0, found.start()))
    if not markers or _CLAUSE.search(low, markers[-1].end(), found.start()) or _OWNER_AFTER.match(low, found.end()):
        return ""
    return f"condition: {join_or([t.concept for t in asked])} named once, as an outcome or harm, not who was studied"


def only_as_onsets(low: str, term: Term, lowered: bool = False, least: int = 1) -> bool:
    """Whether the term is named in folded, lower-cased text at least `least` times, every time as
    something that happened to the people ('caesarean section rate', 'risk of caesarean delivery';
    `lowered`: or as something a treatment lowered)."""
    mentions = len(term.folded.findall(low)) if term.folded is not None else 0
    return mentions >= max(least, 1) and _onsets(low, term, lowered) == mentions


def _onsets(low: str, term: Term, lowered: bool = False) -> int:
    """How many of the term's mentions in folded, lower-cased text name it as something developed
    (`lowered`: or as something a treatment lowered, `_LOWERED_BEFORE`)."""
    if term.folded is None:
        return 0
    return sum(
        1
        for m in term.folded.finditer(low)
        if _ONSET_BEFORE.search(low, max(0, m.start() - 60), m.start())
        or _ONSET_AFTER.match(low, m.end())
        or (lowered and _LOWERED_BEFORE.search(low, max(0, m.start() - 80), m.start()))
    )


def named_aside(view: RecordView, terms: list[Term], *, covariate_only: bool = False) -> bool:
    """Whether the terms are named once in all the abstract, and that once as an aside (a covariate,
    a recorded characteristic, an exclusion). Shared with the treatment rule of `appraise.treatments`.

    `covariate_only`: only something adjusted for or excluded counts, not an example ('such as')."""
    mention = _single_mention(view, terms)
    if mention is None:
        return False
    low, found = mention
    at = found.start()
    if _ASIDE_ANYWHERE.search(low):
        return True
    # The list that follows the marker must reach the mention: "After adjustment for risk, the
    # impact of gender was not significant except for less aspirin" reports a finding.
    markers = list((_COVARIATE_BEFORE if covariate_only else _ASIDE_BEFORE).finditer(low, 0, at))
    return bool(markers) and not _CLAUSE.search(low, markers[-1].end(), at)


def _single_mention(view: RecordView, terms: list[Term]) -> tuple[str, re.Match[str]] | None:
    """When the terms are named once in all the abstract: that sentence, folded and lower-cased, and
    the name's match in it; else None (also when the one mention is an abbreviation)."""
    if sum(t.count(view.abstract, view.abstract_low) for t in terms) != 1:
        return None
    for start, end in sentences.spans(view.abstract):
        low = fold(view.abstract[start:end]).lower()
        for term in terms:
            found = term.folded.search(low) if term.folded is not None else None
            if found is not None:
                return low, found
    return None


# What makes a sentence a finding rather than a remark: a figure, or an effect reported as seen.
_REPORTED = re.compile(
    r"\d|\b(?:was|were)\s+(?:\w+\s+)?(?:associated|higher|lower|greater|smaller|effective|superior|inferior)\b"
    r"|\b(?:reduced|increased|improved|decreased|lowered|raised|prevented)\b"
)


def named_in_passing(view: RecordView, terms: list[Term]) -> bool:
    """Whether the terms are named once in all the abstract, in a sentence that reports nothing.

    "Besides inhibiting platelet function, antiplatelet therapy with aspirin may also decrease the
    plasma concentration of Lp(a)" is a remark; "The risk of breast cancer was higher in women who
    had used hormone replacement therapy (RR 1.66)" is a finding, and its study speaks to the
    treatment though it names it once.
    """
    mention = _single_mention(view, terms)
    return mention is not None and not _REPORTED.search(mention[0])


def prevention_only(view: RecordView, q: CompiledFacets) -> str:
    """Rule 3e: a record on preventing the condition, for a question on treating it.

    "What is the first-line treatment for hypertension in adults?" was answered from the
    library's only hypertension guideline, "Primary prevention of hypertension": advice for people
    who do not have it. A title on prevention of the question's condition (and not on its treatment
    or management too) is evidence on other people, for a therapy question that asks nothing about
    prevention or risk.
    """
    # What a question with an outcome prevents is that outcome: "Does metformin reduce cardiovascular
    # risk in type 2 diabetes?" asks about people who have diabetes, not about preventing it.
    if (q.about_prevention and not q.outcome) or not q.is_question or q.question_type != "therapy":
        return ""
    if not view.title.strip():
        named = _prevented_in_abstract(view, q)
    elif TREATMENT_TITLE.search(view.title):
        return ""
    elif PREVENTION_TITLE.search(view.title):
        named = [t.concept for t in q.condition if not is_treatment(t.concept) and t.found(view.title, view.title_low)]
    else:
        named = _risk_lowered_in_title(view, q)
    if not named:
        return ""
    return f"population: people without {join_or(named)} (prevention), not people with it"


# What a record on people who have had the disease reports when it is on preventing more of it.
_EVENTS = re.compile(r"\b(?:recurren\w*|(?<!adverse )(?<!serious adverse )events?|incidence|relapses?|new\s+cases)\b")


def treated_not_prevented(view: RecordView, q: CompiledFacets) -> str:
    """Rule 3g, rule 3e's mirror: a record on people who have the condition, for a question on preventing it.

    "Does physical activity reduce the risk of breast cancer?" was answered, as direct research, by
    reviews of exercise during adjuvant treatment for breast cancer and of rehabilitation after it:
    evidence on women who have the disease, not on preventing it. A record counts when it names the
    condition at least twice and never as something developed, lowered or at risk ('risk of breast
    cancer', 'incidence', 'developed': `_onsets`), and never speaks of prevention or prophylaxis at
    all (a magnesium trial in women with pre-eclampsia, for preventing eclampsia, does), nor of
    events, recurrence or relapse, which a study of people who have had the disease reports when it
    is on preventing more of it ("Statins after ischaemic stroke or TIA reduced major coronary
    events" answers "Do statins prevent cardiovascular disease?"), nor when the question prevents
    the next attack of the disease ("Does allopurinol prevent gout attacks?"). Questions
    whose condition is what they prevent (no separate outcome), on therapy, not claims.
    """
    # Preventing gout attacks is treating gout (`prevents_episodes`).
    if not q.is_question or not q.about_prevention or q.prevents_episodes or q.outcome or q.question_type != "therapy":
        return ""
    if PREVENTION_TITLE.search(view.everything) or _EVENTS.search(view.everything_low):
        return ""
    low = view.everything_low
    asked = [t for t in q.condition if not is_treatment(t.concept)]
    if not asked or not all(
        t.folded is not None and len(t.folded.findall(low)) >= 2 and _onsets(low, t, lowered=True) == 0 for t in asked
    ):
        return ""
    return f"population: people who have {join_or([t.concept for t in asked])}, not people at risk of it"


def _risk_lowered_in_title(view: RecordView, q: CompiledFacets) -> list[str]:
    """The question's conditions a title names only as a risk that a treatment it names may change.

    "Folic acid supplementation and dietary folate intake, and risk of preeclampsia" is on women
    without pre-eclampsia; it was direct research for "What is the management of hypertension in
    pregnancy?". A title on a risk factor that is no treatment ("Prepregnancy BMI and the risk of
    gestational diabetes") is left to rule 7, which asks whether the record reports any treatment.
    """
    named = _only_as_onsets(view.title_low, q)
    if not named:
        return []
    treatments = [t for t in analyse_text(view.title).intervention if not is_exposure(t.concept)]
    return named if treatments else []


def _prevented_in_abstract(view: RecordView, q: CompiledFacets) -> list[str]:
    """The question's conditions that an untitled record names only as something prevented.

    An untitled Cochrane review of antibiotic prophylaxis after vaginal birth reports "the risk
    of urinary tract infection" and "the incidence of urinary tract infections": evidence on women
    without the infection, not on treating it. Every mention must be an onset ('risk of',
    'incidence of', 'developed', or what a treatment lowered: 'decreased late-onset sepsis'), and
    the abstract must speak of prophylaxis or prevention twice, or name the condition at least
    twice: reviews of impregnated catheters and of lactoferrin for preterm infants never say
    'prevention' but report sepsis only as what fewer people developed, and were direct research
    for "How should septic shock be managed?".
    """
    prevention = len(PREVENTION_TITLE.findall(view.abstract)) >= 2
    return _only_as_onsets(view.abstract_low, q, lowered=True, least=1 if prevention else 2)


def _only_as_onsets(low: str, q: CompiledFacets, lowered: bool = False, least: int = 1) -> list[str]:
    """The question's conditions (not treatments) named in `low` at least `least` times, every time
    as an onset (`lowered`: or as something lowered)."""
    return [t.concept for t in q.condition if not is_treatment(t.concept) and only_as_onsets(low, t, lowered, least)]
