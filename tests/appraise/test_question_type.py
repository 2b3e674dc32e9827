"""Rule 7: a record must report the kind of evidence the question asks for (`appraise.question_type`)."""

from __future__ import annotations

import pytest

from bedside.appraise.applicability import assess
from bedside.models import Kind, Verdict
from bedside.search.facets import analyse
from tests.appraise.test_applicability import record

GDM_Q = "What is the best treatment for gestational diabetes?"


@pytest.mark.parametrize(
    ("title", "abstract", "kind"),
    [
        # A register among the data sources is not a report of treatment.
        (
            "Maternal serum vitamin D levels and pregnancy outcomes: a meta-analysis",
            "DATA SOURCES Medline, Embase and the Cochrane Central Register of Controlled Trials. Low vitamin D "
            "was associated with gestational diabetes.",
            Kind.SYSTEMATIC_REVIEW,
        ),
        # Treatment words about something else than the question's condition.
        (
            "Sleep, circadian function and glucose metabolism",
            "Whether treating sleep apnea improves glycaemic control in type 2 diabetes is unclear. Short sleep in "
            "pregnancy was linked to gestational diabetes.",
            Kind.OBSERVATIONAL_STUDY,
        ),
    ],
)
def test_a_therapy_question_naming_no_treatment_needs_treatment_of_its_condition(
    title: str, abstract: str, kind: Kind
) -> None:
    result = assess(record(title, abstract, kind=kind), analyse(GDM_Q))
    assert (result.verdict, result.reason) == (Verdict.INDIRECT, "question: reports nothing on therapy")


def test_a_review_of_treatments_naming_the_condition_once_still_reports_therapy() -> None:
    """A Cochrane abstract's results name the condition once and its treatments in other sentences."""
    abstract = (
        "We included 13 trials of women with gestational diabetes. Metformin was compared with insulin in five "
        "randomised trials. Treatment with metformin lowered neonatal hypoglycaemia."
    )
    assert assess(record("", abstract, kind=Kind.SYSTEMATIC_REVIEW), analyse(GDM_Q)).verdict is Verdict.DIRECT
    # The same words in a narrative piece are not enough without the condition beside them.
    narrative = "Metformin was compared with insulin in five randomised trials. Treatment lowered hypoglycaemia."
    other = record("Diabetes care", narrative + " Gestational diabetes is common.", kind=Kind.OTHER)
    assert assess(other, analyse(GDM_Q)).reason == "question: reports nothing on therapy"


def test_a_question_naming_no_treatment_but_an_outcome_still_needs_treatment() -> None:
    """ "What helps people stop drinking alcohol?" names drinking as what is to change: the global burden
    of alcohol use names it too, and reports no treatment (stop 28: it was direct)."""
    question = analyse("What helps people stop drinking alcohol?")
    burden = record(
        "Alcohol use and burden for 195 countries",
        "Alcohol use was a leading risk factor for death. Alcohol consumption rose in many countries.",
        kind=Kind.OBSERVATIONAL_STUDY,
    )
    assert assess(burden, question).reason == "question: reports nothing on therapy"
    review = record(
        "",
        "We included 57 RCTs of digital interventions. Participants drank 23 g less alcohol a week (RCTs: 41). "
        "Alcohol consumption fell more with the digital intervention than with no intervention (RCTs: 19).",
        kind=Kind.SYSTEMATIC_REVIEW,
    )
    assert assess(review, question).verdict is Verdict.DIRECT


def test_rcts_count_as_words_of_treatment() -> None:
    """A Cochrane abstract of results may say 'RCTs' where others say 'trials' (blood-pressure-lowering
    drugs after stroke: "8 RCTs; 35,110 participants")."""
    abstract = (
        "We included 11 studies: eight compared BPLDs with placebo or no treatment, three blood pressure targets. "
        "The pooled risk ratio of BPLDs "
        "for recurrent stroke was 0.81 (8 RCTs), for vascular events 0.90 (4 RCTs) and dementia 0.88 (2 RCTs). "
        "Our results support BPLDs in people with stroke."
    )
    question = analyse("Should blood pressure be lowered quickly after an acute stroke?")
    assert assess(record("", abstract, kind=Kind.SYSTEMATIC_REVIEW), question).verdict is Verdict.DIRECT


def test_how_common_a_disease_is_says_nothing_of_treating_it() -> None:
    """A study of glaucoma's prevalence and one of its economic impact answered "What is the best
    treatment for glaucoma?" (stop 28); a title on reducing the incidence of something is on treatment."""
    question = analyse("What is the best treatment for glaucoma?")
    prevalence = record(
        "Global prevalence of glaucoma and projections of glaucoma burden through 2040",
        "Glaucoma affected 64 million people. Treatment of glaucoma is often delayed in Africa.",
    )
    judged = assess(prevalence, question)
    assert (judged.verdict, judged.reason) == (
        Verdict.INDIRECT,
        "question: reports how common it is, not how it is treated",
    )
    reducing = record(
        "Laser trabeculoplasty reducing the incidence of glaucoma progression",
        "Laser treatment of glaucoma lowered pressure in glaucoma.",
    )
    assert assess(reducing, question).verdict is Verdict.DIRECT


CAUSES_Q = "What causes preterm birth?"


@pytest.mark.parametrize(
    ("title", "abstract", "kind", "verdict"),
    [
        # A trial reports effects, not causes, though it says 'associated with'.
        (
            "Vaginal progesterone to prevent preterm birth: a randomised trial",
            "Progesterone was associated with fewer preterm births than placebo.",
            Kind.TRIAL_REPORT,
            Verdict.INDIRECT,
        ),
        # A review of trials likewise, unless it names causes outright.
        (
            "",
            "Nine randomised trials of heparin were included. Heparin reduced preterm birth (RR 0.77).",
            Kind.SYSTEMATIC_REVIEW,
            Verdict.INDIRECT,
        ),
        (
            "",
            "Nine randomised trials were included. Women had different risk factors for preterm birth.",
            Kind.SYSTEMATIC_REVIEW,
            Verdict.DIRECT,
        ),
        # An observational study of an exposure is on causes.
        (
            "Depression during pregnancy and preterm birth: a cohort study",
            "Depression was associated with preterm birth (OR 1.4).",
            Kind.OBSERVATIONAL_STUDY,
            Verdict.DIRECT,
        ),
        # A prevalence count says nothing of causes.
        (
            "Preterm birth in one region, 2010 to 2015",
            "Preterm birth occurred in 8% of births.",
            Kind.OTHER,
            Verdict.INDIRECT,
        ),
    ],
)
def test_a_question_on_what_causes_a_condition_needs_a_record_on_causes(
    title: str, abstract: str, kind: Kind, verdict: Verdict
) -> None:
    result = assess(record(title, abstract, kind=kind), analyse(CAUSES_Q))
    assert result.verdict is verdict
    if verdict is Verdict.INDIRECT:
        assert result.reason == "question: reports nothing on causes"


DIAGNOSIS_Q = "What is the best test for diagnosing celiac disease?"


@pytest.mark.parametrize(
    ("title", "abstract", "verdict"),
    [
        # Who was diagnosed, and when, is not how well a test finds the disease.
        (
            "Overweight in celiac disease: prevalence and effect of a gluten-free diet",
            "Of 371 celiac disease patients diagnosed over ten years, few were underweight at diagnosis.",
            Verdict.INDIRECT,
        ),
        (
            "Serological tests for celiac disease",
            "Tissue transglutaminase antibodies had a sensitivity of 93% for celiac disease.",
            Verdict.DIRECT,
        ),
        (
            "Biopsy in the diagnosis of celiac disease",
            "Biopsies were taken from 200 adults with celiac disease.",
            Verdict.DIRECT,
        ),
    ],
)
def test_a_diagnosis_question_needs_accuracy_or_diagnosis_as_the_subject(
    title: str, abstract: str, verdict: Verdict
) -> None:
    result = assess(record(title, abstract), analyse(DIAGNOSIS_Q))
    assert result.verdict is verdict
    if verdict is Verdict.INDIRECT:
        assert result.reason == "question: reports nothing on diagnosis"


def test_a_question_on_the_course_of_a_disease_is_not_answered_by_a_treatment_paper() -> None:
    question = analyse("What is the prognosis of relapsing-remitting multiple sclerosis?")
    trial = record(
        "Oral fingolimod for relapsing-remitting multiple sclerosis",
        "Relapses fell by half with fingolimod compared with the placebo group over two years.",
    )
    result = assess(trial, question)
    assert (result.verdict, result.reason) == (
        Verdict.INDIRECT,
        "question: reports on treatment, not on the course of the disease",
    )
    cohort = record(
        "The natural history of relapsing-remitting multiple sclerosis",
        "Half of 1,000 untreated people reached disability after 20 years; relapses became rarer.",
    )
    assert assess(cohort, question).verdict is Verdict.DIRECT
    # Asked about the treatment, the trial answers.
    on_treatment = analyse("Does fingolimod reduce relapses in relapsing-remitting multiple sclerosis?")
    assert assess(trial, on_treatment).verdict is Verdict.DIRECT


LYME_Q = "What are the symptoms of Lyme disease?"


@pytest.mark.parametrize(
    ("title", "abstract", "verdict"),
    [
        # On the condition, silent on how it shows itself: the review of tick ranges that was direct.
        (
            "Changing geographic ranges of ticks and tick-borne pathogens",
            "Lyme disease is spreading north as ticks move with warmer winters.",
            Verdict.INDIRECT,
        ),
        # Symptoms of another disease, beside the condition, do not count.
        (
            "Ticks in the garden",
            "Lyme disease is spreading north. Influenza symptoms peak in winter.",
            Verdict.INDIRECT,
        ),
        # Symptoms in a sentence naming the condition, or in the title.
        (
            "Early Lyme disease in a rural practice",
            "Erythema migrans and fever were the presenting symptoms of Lyme disease in most patients.",
            Verdict.DIRECT,
        ),
        ("Clinical manifestations of Lyme disease", "Patients were seen over ten years.", Verdict.DIRECT),
    ],
)
def test_a_question_on_symptoms_needs_a_record_on_them(title: str, abstract: str, verdict: Verdict) -> None:
    result = assess(record(title, abstract), analyse(LYME_Q))
    assert result.verdict is verdict
    if verdict is Verdict.INDIRECT:
        assert result.reason == "question: reports nothing on symptoms"


def test_a_question_on_symptoms_a_treatment_relieves_is_a_therapy_question() -> None:
    """With a treatment named, the rule does not apply: its trial reports effects, not the symptoms."""
    trial = record(
        "Yoga for anxiety: a randomised trial",
        "Adults with anxiety practised yoga; anxiety scores fell.",
        kind=Kind.TRIAL_REPORT,
    )
    assert (
        assess(trial, analyse("Does yoga relieve symptoms of anxiety?")).reason
        != "question: reports nothing on symptoms"
    )


def test_morning_sickness_is_nausea_in_pregnancy_not_any_nausea() -> None:
    """ "What helps with morning sickness?" took ondansetron after children's tonsillectomy as direct research."""
    question = analyse("What helps with morning sickness?")
    assert [t.concept for t in question.condition] == ["nausea and vomiting in pregnancy"]
    children = record(
        "Ondansetron reduces nausea and vomiting after paediatric adenotonsillectomy",
        "Children undergoing tonsillectomy were randomised to ondansetron or placebo; fewer vomited.",
        kind=Kind.TRIAL_REPORT,
    )
    assert assess(children, question).verdict is Verdict.INDIRECT
    pregnant = record(
        "Ginger for nausea and vomiting in pregnancy: a randomised trial",
        "Pregnant women with nausea and vomiting in the first trimester took ginger or placebo; nausea eased.",
        kind=Kind.TRIAL_REPORT,
    )
    assert assess(pregnant, question).verdict is Verdict.DIRECT


def test_a_question_naming_its_cause_holds_only_treatment_trials_to_causes() -> None:
    """ "Can diabetes cause blindness?" names its cause: a cohort on both is on it, a laser trial is not."""
    question = analyse("Can diabetes cause blindness?")
    laser = record(
        "",
        "Five randomised trials compared laser photocoagulation with no treatment in people with diabetic "
        "retinopathy; laser reduced severe visual loss and blindness in people with diabetes.",
        kind=Kind.SYSTEMATIC_REVIEW,
    )
    assert assess(laser, question).reason == "question: reports nothing on causes"
    cohort = record(
        "Complications of diabetes",
        "Over 20 years, blindness was more common in people with diabetes than in people without it.",
        kind=Kind.OBSERVATIONAL_STUDY,
    )
    assert assess(cohort, question).verdict is Verdict.DIRECT


def test_a_loss_is_a_symptom_and_a_model_s_deficits_are_not() -> None:
    glaucoma = analyse("What are the symptoms of glaucoma?")
    fields = record("Fear of falling and visual field loss from glaucoma", "People with glaucoma were followed.")
    assert assess(fields, glaucoma).verdict is Verdict.DIRECT
    flies = record(
        "Microtubule acetylation rescues locomotor deficits in a model of Parkinson's disease",
        "Mutations linked to Parkinson's disease impair axonal transport.",
    )
    assert assess(flies, analyse("What are the early signs of Parkinson's disease?")).reason == (
        "question: reports nothing on symptoms"
    )


SORE_THROAT = (
    "Can antibiotics treat a sore throat?",
    "Antibiotics were given to adults with sore throat; symptoms resolved a day sooner with antibiotics.",
)
OLANZAPINE = "Olanzapine was given to adults with schizophrenia; adverse effects such as weight gain were recorded."


@pytest.mark.parametrize(
    ("question", "abstract", "title", "kind", "verdict"),
    [
        # How doctors prescribe a treatment is practice, not its effect.
        (
            *SORE_THROAT,
            "Characterisation of antibiotic prescriptions for sore throat in general practice",
            Kind.OBSERVATIONAL_STUDY,
            Verdict.INDIRECT,
        ),
        (
            *SORE_THROAT,
            "Management of sore throat in relation to guidelines: an interview study",
            Kind.OTHER,
            Verdict.INDIRECT,
        ),
        # A trial of a prescribing strategy reports effects.
        (
            *SORE_THROAT,
            "Delayed antibiotic prescribing for sore throat: a randomised trial",
            Kind.TRIAL_REPORT,
            Verdict.DIRECT,
        ),
        (*SORE_THROAT, "Antibiotics for sore throat", Kind.SYSTEMATIC_REVIEW, Verdict.DIRECT),
        # Prescribing patterns report neither what a drug does nor what it harms.
        (
            "What are the metabolic side effects of olanzapine?",
            OLANZAPINE,
            "Olanzapine prescribing patterns in Germany",
            Kind.OBSERVATIONAL_STUDY,
            Verdict.INDIRECT,
        ),
        # A title that names the harms counted reports them.
        (
            "What are the metabolic side effects of olanzapine?",
            OLANZAPINE,
            "Olanzapine prescribing and deaths: a time-series study",
            Kind.OBSERVATIONAL_STUDY,
            Verdict.DIRECT,
        ),
        # Waiting times and travel distances are how care is reached, not what it does.
        (
            "Does olanzapine help schizophrenia?",
            OLANZAPINE,
            "Waiting times and travel distance for olanzapine in schizophrenia",
            Kind.OBSERVATIONAL_STUDY,
            Verdict.INDIRECT,
        ),
    ],
)
def test_how_a_treatment_is_prescribed_or_reached_answers_neither_its_effects_nor_its_harms(
    question: str, abstract: str, title: str, kind: Kind, verdict: Verdict
) -> None:
    found = assess(record(title, abstract, kind=kind), analyse(question))
    assert found.verdict is verdict
    if verdict is Verdict.INDIRECT:
        assert found.reason == "question: reports how it is prescribed, not what it does"


@pytest.mark.parametrize(
    ("title", "abstract", "reason"),
    [
        # A mechanism is no risk factor: risk factors are weighed in people.
        (
            "Checkpoint blockade activates immune pathways in melanoma",
            "Signalling pathways and immune mechanisms of melanoma were traced in tumours.",
            "question: reports nothing on causes",
        ),
        # A trial of a treatment reports none, even one the vocabulary does not know.
        (
            "Safety, pharmacokinetics and efficacy of IMCgp100 in melanoma",
            "The risk of adverse events was low in patients with melanoma.",
            "question: reports on treatment, not on causes",
        ),
        (
            "Sun exposure and melanoma: a case-control study",
            "Sunburn was associated with melanoma (odds ratio 2.1).",
            "",
        ),
    ],
)
def test_a_question_on_risk_factors_needs_risks_weighed_in_people(title: str, abstract: str, reason: str) -> None:
    found = assess(record(title, abstract), analyse("What are the risk factors for melanoma?"))
    assert (found.verdict, found.reason) == (Verdict.INDIRECT if reason else Verdict.DIRECT, reason)


@pytest.mark.parametrize(
    ("title", "abstract", "kind", "reason"),
    [
        # The MS diagnostic criteria had been the guideline answer to "How many people have MS?".
        (
            "Recommended diagnostic criteria for multiple sclerosis",
            "The panel presents revised diagnostic criteria for multiple sclerosis.",
            Kind.GUIDELINE,
            "question: reports nothing on how common it is",
        ),
        # A trial reports the condition under treatment, not how often it occurs.
        (
            "Omega-3 fatty acids for postnatal depression: a randomised trial",
            "Women with postnatal depression took omega-3 fatty acids; the incidence of depression at eight weeks"
            " did not differ.",
            Kind.TRIAL_REPORT,
            "question: reports on treatment, not on how common it is",
        ),
        (
            "Prevalence of postnatal depression in a national cohort",
            "The prevalence of postnatal depression was 11% in 20,000 women.",
            Kind.OBSERVATIONAL_STUDY,
            "",
        ),
    ],
)
def test_a_question_on_how_common_a_condition_is_needs_its_frequency(
    title: str, abstract: str, kind: Kind, reason: str
) -> None:
    question = "How common is postnatal depression?" if "postnatal" in title else "How many people have MS?"
    assert assess(record(title, abstract, kind=kind), analyse(question)).reason == reason
