"""Rule 7 of `appraise.applicability`: does a record report the kind of evidence the question asks for?

A diagnosis question needs accuracy, a prognosis question the course of the disease, a therapy
question that names no treatment some treatment of its condition, a question on what causes its
condition some cause, and one on its symptoms a symptom or sign of it. A record on the right
condition that reports none of these is on the condition but not on the question ("question:
reports nothing on prognosis").
"""

from __future__ import annotations

import re

from bedside.appraise.question import CompiledFacets, compile_term, is_therapy
from bedside.appraise.view import RecordView
from bedside.appraise.wordlists import (
    BURDEN_TITLE,
    CAUSE_WORDS,
    CRITERIA_TITLE,
    DIAGNOSIS_IN_TITLE,
    ETIOLOGY_WORDS,
    HARM_TITLE,
    NATURAL_COURSE,
    OBSERVATIONAL,
    PRACTICE_TITLE,
    QUESTION_TYPE_WEAK_WORDS,
    QUESTION_TYPE_WORDS,
    RISK_WORDS,
    SYMPTOM_WORDS,
    TREATMENT_WORDS_TITLE,
    TRIAL_REGISTERS,
    TRIALS,
)
from bedside.models import Kind
from bedside.search.facets import analyse_text
from bedside.text import sentences
from bedside.text.spelling import fold

# A therapy question naming no treatment: a trial or review using words of treatment this often is on
# treatment (Cochrane reviews of phototherapy for palmoplantar psoriasis: 6; a meta-analysis of
# vitamin D levels and pregnancy outcomes, data sources aside: 1).
THERAPY_WORDS = 3
_EVALUATES_TREATMENTS = frozenset({Kind.TRIAL_REPORT, Kind.SYSTEMATIC_REVIEW, Kind.GUIDELINE})
# How often a condition occurs in people, as a record on treatment would say it if it did.
_FREQUENCY = re.compile(r"\b(?:prevalen\w*|epidemiolog\w*|population-based)\b")
# ... and as any record says it: prevalence, incidence, cases per so many people, people affected.
_HOW_OFTEN = re.compile(
    r"\b(?:prevalen\w*|incidence|epidemiolog\w*|how\s+common|frequency\s+of|"
    r"per\s+(?:100|1,?000|10,?000|100,?000)\b|"
    r"(?:affects?|affecting|affected)\s+(?:about|around|approximately|an\s+estimated|over|more\s+than|\d)|"
    r"(?:number|proportion|percentage)\s+of\s+(?:people|persons|patients|cases|children|adults|women|men))"
)
# When or for how long a treatment is given, as a record on it says so: a duration or a course, a time
# of day, stopping it against going on, early against late. Not 'withdrawals', 'adverse effects
# requiring discontinuation of treatment', 'a mean treatment duration of 3.8 years', 'duration of
# follow-up' or '12 weeks of treatment', which every trial reports.
_STOPPED = r"(?:discontinu\w+|withdraw\w+|stopping|stopped|interrupt\w+|cessation)"
_WHEN_OR_HOW_LONG = re.compile(
    r"\b(?:timing|time\s+of\s+(?:the\s+)?day|(?:short|long|shorter|longer)[\s-]+(?:course|duration)|"
    r"(?<!mean\s)(?<!median\s)(?<!average\s)(?:optimal|treatment|therapy|course|total)\s+duration|"
    r"(?<!mean\s)(?<!median\s)(?<!average\s)duration\s+of\s+(?!follow|the\s+(?:study|trial)|disease|illness|symptoms)"
    r"(?:[\w-]+\s+){0,2}?(?:treatment|therapy|use|administration|antibiotic\w*|anticoagula\w*|course|prophylaxis)|"
    r"(?:short|long)(?:er)?[\s-]+term\s+(?:versus|vs\.?|or|compared)|"
    r"(?:\d+|one|two|three|four|five|six|seven|eight|ten|twelve)[\s-]+(?:day|week|month|year)s?\s+"
    r"(?:course|regimen|versus|vs\.?|compared)|"
    r"(?:\d+|two|three|four|five|six|seven|eight|ten|twelve)[\s-]+years?['’]?\s+(?:of\s+(?:treatment|therapy|use)|experience)|"
    r"early\s+(?:versus|vs\.?|or|compared\s+with)\s+(?:late|delayed|deferred)|(?:delayed|deferred|late)\s+(?:versus|vs\.?)\s+early|"
    r"morning|evening|bedtime|night-?time\s+(?:dosing|administration)|"
    r"time\s+to\s+(?:onset|response|effect|improvement|benefit|remission)|onset\s+of\s+(?:action|effect|response)|"
    + _STOPPED
    + r"\s+(?:versus|vs\.?|or|compared\s+with)\s+(?:continu\w+|maint\w+)|"
    r"continu\w+\s+(?:versus|vs\.?|or|compared\s+with)\s+" + _STOPPED + r"|"
    r"(?:after|following|before|prior\s+to)\s+" + _STOPPED + r"|"
    r"drug\s+holidays?|treatment\s+(?:breaks?|interruptions?|holidays?)|withh[oe]ld\w*|"
    r"extended[\s-]+(?:treatment|therapy|duration|course)|"
    r"(?:continued|continuing|maintained|extended|prolonged|given)\s+for\s+(?:\d+|one|two|three|four|five|six|twelve)\b|"
    r"introduc\w+[^.;]{0,40}?\b(?:months|weeks)\s+of\s+age|age\s+(?:at|of)\s+(?:introduction|starting|initiation)|"
    r"(?:before|prior\s+to)\s+(?:surgery|the\s+(?:procedure|operation)|elective|contrast))"
)
# Years of a treatment, as a record on it says so ("long-term", "prolonged", "for five years",
# "maintenance"); a question on long-term use is not answered by a two-week course.
_LONG_TERM = re.compile(
    r"\b(?:long[\s-]term|longer[\s-]term|prolonged|chronic\s+(?:use|users?|treatment|therapy|administration|exposure)|"
    r"maintenance|(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty)[\s-]+years?\b|"
    r"years\s+of\s+(?:use|treatment|therapy|exposure))"
)
# Screening, as a record on it says so; not a trial's "patients were screened for eligibility" nor a
# review's "two authors screened the records".
_SCREENING = re.compile(
    r"\bscreening\b(?!\s+(?:log|visits?|period|failures?|phase))|"
    r"\bscreened\s+(?:for|with|using)\s+(?!eligibility|inclusion|potential|possible|the\s+(?:study|trial))|"
    r"\bearly\s+detection\b|\bcase[\s-]finding\b"
)
# A title on how well a treatment works, whatever the vocabulary knows of it ("Safety, pharmacokinetics
# and efficacy of IMCgp100 ..."): a report on treatment, not on causes.
_EVALUATES_TREATMENT_TITLE = re.compile(r"\b(?:efficacy|pharmacokinetics|phase\s+(?:i{1,3}|[123])\b)", re.IGNORECASE)


def type_reason(view: RecordView, q: CompiledFacets, kind: Kind, *, judged: bool = False) -> str:
    """The rule 7 reason for a record, or ''.

    `judged`: the record is already indirect for another reason; the therapy check then only asks
    for a word of treatment anywhere, since its stricter reading is there to stop a wrong *direct*,
    and the cause check is left out.
    """
    words = QUESTION_TYPE_WORDS.get(q.question_type)
    weak = QUESTION_TYPE_WEAK_WORDS.get(q.question_type)
    # A subject word ('cabotegravir') already stands for the treatment the vocabulary did not know.
    # A claim's type is only a default ("... is reduced throughout normal pregnancy" is no therapy question).
    asks_any_treatment = q.is_question and q.question_type == "therapy" and not q.intervention and not q.subject
    # A diagnosis question's measure is the test asked about ("How accurate is the Mini-Mental State
    # Examination for dementia?"), not an outcome that excuses a record from reporting accuracy.
    tests_a_measure = q.is_question and q.question_type == "diagnosis"
    if (
        words is not None
        and (q.question_type != "therapy" or asks_any_treatment)
        # A question naming no treatment is held to treatment whatever outcome it names ("What helps
        # people stop drinking alcohol?": the global burden of alcohol use names the outcome).
        and (not q.outcome or tests_a_measure or asks_any_treatment)
        and not (
            _reports_therapy(view, q, words, kind)
            if asks_any_treatment and not judged
            else words.search(view.everything_low)
        )
        # A question asks for a test's accuracy; a claim's type is only a default, so for a claim
        # 'diagnosis' anywhere still counts ("LGE is a reference standard for the diagnosis of ...").
        and not (
            q.question_type == "diagnosis"
            and DIAGNOSIS_IN_TITLE.search(view.strong_low if q.is_question else view.everything_low)
        )
        and not (weak is not None and len(weak.findall(view.everything_low)) >= 2)
    ):
        return f"question: reports nothing on {q.question_type}"
    # "What is the prognosis of relapsing-remitting MS?": a trial of fingolimod reports relapses under
    # treatment, not the course of the disease, unless it speaks of prognosis or natural history.
    asks_course = q.is_question and q.question_type == "prognosis" and not (q.intervention or q.outcome)
    if asks_course and not judged and _tests_a_treatment(view, kind) and not NATURAL_COURSE.search(view.everything_low):
        return "question: reports on treatment, not on the course of the disease"
    # "How common is postnatal depression?", "How many people have multiple sclerosis?": a record must
    # say how often the condition occurs (the MS diagnostic criteria had been the guideline answer);
    # and a trial of omega-3 fatty acids, reporting depression under treatment, must speak of
    # prevalence or epidemiology outright.
    asks_how_often = q.asks_frequency and not (q.intervention or q.outcome)
    if asks_how_often and not judged:
        if not _HOW_OFTEN.search(view.everything_low):
            return "question: reports nothing on how common it is"
        if _tests_a_treatment(view, kind) and not _FREQUENCY.search(view.everything_low):
            return "question: reports on treatment, not on how common it is"
    # What the question asks of a treatment or condition, which a record must speak of: "How long should
    # antibiotics be given for community-acquired pneumonia?" (a review of whether antibiotics work says
    # nothing on how long), "Should everyone be screened for vitamin D deficiency?" (a survey of how
    # common the deficiency is says nothing on screening), "What are the risks of long-term steroid
    # use?" (reviews of two-week courses for sinusitis say nothing on years of use).
    if not judged:
        for asked, reported, what in (
            (q.asks_timing, _WHEN_OR_HOW_LONG, "when or for how long"),
            (q.asks_screening, _SCREENING, "screening"),
            (q.asks_long_term, _LONG_TERM, "long-term use or effects"),
        ):
            if asked and not reported.search(view.everything_low):
                return f"question: reports nothing on {what}"
    # "What causes preterm birth?" names no exposure: a record must speak of causes or associations,
    # and a trial of progesterone or cerclage, which reports effects ("associated with fewer preterm
    # births"), must name causes outright: it is about preventing preterm birth, not its causes.
    # A question naming its cause as a condition ("Can diabetes cause blindness?") holds only trials and
    # reviews of treatments to it (a review of laser treatment for diabetic retinopathy); an
    # observational record on both conditions is on the question.
    asks_any_cause = q.is_question and q.question_type == "etiology" and not (q.intervention or q.subject or q.outcome)
    if asks_any_cause and not judged:
        tests = _tests_a_treatment(view, kind)
        # Risk factors are weighed in people: a mechanism in cells or mice ('pathways', 'signalling')
        # is no risk factor, and a melanoma immunotherapy trial reports none.
        wanted = CAUSE_WORDS if tests else RISK_WORDS if q.asks_risk_factors else ETIOLOGY_WORDS
        if (q.asks_causes or tests) and not wanted.search(view.everything_low):
            return "question: reports nothing on causes"
        if q.asks_risk_factors and _EVALUATES_TREATMENT_TITLE.search(view.title_low):
            return "question: reports on treatment, not on causes"
    # "What is the best treatment for rheumatoid arthritis?": classification or diagnostic criteria
    # say how the disease is recognised, not treated, whatever treatments they mention.
    if asks_any_treatment and not judged and CRITERIA_TITLE.search(view.title_low):
        return "question: reports nothing on therapy"
    # "What is the best treatment for glaucoma?": how common a disease is, or what it costs, says
    # nothing of how to treat it, whatever treatments such a study mentions (a study of glaucoma's
    # prevalence and one of its economic impact had been direct answers).
    if (
        asks_any_treatment
        and not judged
        and BURDEN_TITLE.search(view.title_low)
        and not TREATMENT_WORDS_TITLE.search(view.title_low)
    ):
        return "question: reports how common it is, not how it is treated"
    if not judged:
        practice = _practice_reason(view, q, kind, asks_any_treatment=asks_any_treatment)
        if practice:
            return practice
    # "What are the symptoms of Lyme disease?" names no treatment or outcome: a record must speak of
    # symptoms, signs or how the disease presents (a review of tick ranges was a direct answer).
    if q.asks_symptoms and not (q.intervention or q.outcome) and not judged and not _reports_symptoms(view, q):
        return "question: reports nothing on symptoms"
    return ""


def _practice_reason(view: RecordView, q: CompiledFacets, kind: Kind, *, asks_any_treatment: bool) -> str:
    """How a treatment is prescribed is not what it does, nor what it harms, or ''.

    "Can antibiotics treat a sore throat?" asks what a treatment does: a study of how doctors
    prescribe it ("Characterisation of antibiotic prescriptions ... in general practice", an
    interview study on guidelines) reports practice, not effects. Not a trial or review of a
    prescribing strategy ("Delayed antibiotic prescribing: a randomised trial"), which does. So does
    "How should otitis media be treated?", which names no treatment, and "What are the metabolic side
    effects of olanzapine?" (antipsychotic prescribing patterns), unless the title names harms done
    ("... on Prescribing and Deaths").
    """
    if not q.is_question or not PRACTICE_TITLE.search(view.title_low):
        return ""
    if kind in (Kind.TRIAL_REPORT, Kind.SYSTEMATIC_REVIEW) or TRIALS.search(view.title_low):
        return ""
    therapy = q.question_type == "therapy" and (bool(q.intervention) or asks_any_treatment)
    harm = q.question_type == "harm" and bool(q.intervention) and not HARM_TITLE.search(view.title_low)
    if not (therapy or harm):
        return ""
    if q.intervention:
        return "question: reports how it is prescribed, not what it does"
    return "question: reports how treatments are prescribed, not what they do"


def _reports_symptoms(view: RecordView, q: CompiledFacets) -> bool:
    """Whether the record speaks of the condition's symptoms: a word of symptoms in its title, MeSH or
    keywords, or in a sentence naming the condition ("angiographic signs" in a thrombectomy trial, or
    the symptoms of another disease, say nothing of how the condition presents)."""
    if SYMPTOM_WORDS.search(view.strong_low):
        return True
    for start, end in sentences.spans(view.abstract):
        text = view.abstract[start:end]
        low = fold(text).lower()
        if SYMPTOM_WORDS.search(low) and (not q.condition or any(t.found(text, low) for t in q.condition)):
            return True
    return False


def _tests_a_treatment(view: RecordView, kind: Kind) -> bool:
    """A trial, a review of trials (not of observational studies: those weigh exposures), or a record
    whose title is on a treatment ("Oral fingolimod for relapsing multiple sclerosis")."""
    if kind is Kind.TRIAL_REPORT or _titled_treatment(view):
        return True
    low = TRIAL_REGISTERS.sub(" ", view.abstract_low)
    return kind is Kind.SYSTEMATIC_REVIEW and bool(TRIALS.search(low)) and not OBSERVATIONAL.search(low)


def _titled_treatment(view: RecordView) -> bool:
    """The title names a treatment of the vocabulary as given ("Metformin versus insulin ..."; not
    "Serum vitamin D levels and ...")."""
    named = analyse_text(view.title).intervention if view.title.strip() else []
    return any(is_therapy(t.concept) and compile_term(t, given=True).found(view.title, view.title_low) for t in named)


def _reports_therapy(view: RecordView, q: CompiledFacets, words: re.Pattern[str], kind: Kind) -> bool:
    """Whether a record reports on treating the question's condition, for a question naming no treatment.

    A word of treatment anywhere was too little: "the Cochrane Central Register of Controlled
    Trials" among a review's data sources, or "treating sleep apnea" in type 2 diabetes, made an
    association study of vitamin D and a review of sleep direct answers to "What is the best
    treatment for gestational diabetes?". The word must be in the title, MeSH or keywords (or the
    title name a treatment of the vocabulary, as given), or in a sentence that names the condition;
    names of trial registers and databases do not count. A trial or a review that uses such words
    at least `THERAPY_WORDS` times is on treatment too: a Cochrane abstract's results name the
    condition once and its treatments in other sentences.
    """
    if words.search(TRIAL_REGISTERS.sub(" ", view.strong_low)):
        return True
    if _titled_treatment(view):
        return True
    if (
        kind in _EVALUATES_TREATMENTS
        and len(words.findall(TRIAL_REGISTERS.sub(" ", view.abstract_low))) >= THERAPY_WORDS
    ):
        return True
    for start, end in sentences.spans(view.abstract):
        text = view.abstract[start:end]
        low = TRIAL_REGISTERS.sub(" ", fold(text).lower())
        if words.search(low) and (not q.condition or any(t.found(text, low) for t in q.condition)):
            return True
    return False
