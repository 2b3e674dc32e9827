"""How the question's condition is named in a record (`appraise.conditions`): as an aside, less
often than another condition, only as a trait of the people studied, only as something prevented,
or once among a study's outcomes or harms."""

from __future__ import annotations

import pytest

from bedside.appraise.question import compile_facets
from bedside.models import Verdict
from bedside.search.facets import analyse
from tests.appraise.test_applicability import assess, record

STATINS_CVD = "Do statins prevent cardiovascular disease?"
EXERCISE_DEPRESSION = "Does exercise improve depression in older adults?"
STATINS_DIABETES = "Do statins cause diabetes?"
FRACTURE = "condition: hip fracture, not cardiovascular disease"
TRAIT = "outcome: diabetes only as who was studied, not as an effect of statins"
UTI = "What antibiotics treat urinary tract infection in women?"
SEPTIC_SHOCK = "How should septic shock be managed?"
STEROIDS_SEPSIS = "What is the role of steroids in sepsis?"
ACTIVITY_BREAST_CANCER = "Does physical activity reduce the risk of breast cancer?"
ENROLLED = "Ten trials enrolled 70 388 people, of whom 23% had diabetes. Statins reduced all-cause mortality."

CASES = [
    # Rule 3b: named once, as a covariate or an exclusion, under a title on another condition.
    (
        STATINS_CVD,
        "Statins and the risk of hip fracture in older people",
        "Statin use was associated with a lower risk of hip fracture, even after controlling for variables "
        "such as age, ischaemic heart disease and diabetes. Hip fracture rates fell by a third.",
        FRACTURE,
    ),
    (
        STATINS_CVD,
        "Statins and hip fracture",
        "People with cardiovascular disease were excluded. Statins lowered fractures.",
        FRACTURE,
    ),
    # A subgroup it was sorted into: magnesium for fetal neuroprotection is no pre-eclampsia evidence.
    (
        "Is magnesium sulfate effective for preventing eclampsia?",
        "Magnesium sulphate for women at risk of preterm birth for neuroprotection of the fetus",
        "Magnesium sulphate reduced cerebral palsy (RR 0.68). Studies were categorised by intent into "
        "neuroprotective or maternal (pre-eclampsia).",
        "condition: preterm birth, not pre-eclampsia",
    ),
    # One of a list of risk factors: a lung cancer screening guideline is no COPD evidence.
    (
        "Does smoking cessation improve lung function in COPD?",
        "Screening for lung cancer: recommendation statement",
        "Smoking cessation lowers the risk of lung cancer. Other risk factors include radon exposure and "
        "chronic obstructive lung disease. Screening with low-dose CT is recommended after smoking cessation.",
        "condition: lung cancer, not chronic obstructive pulmonary disease",
    ),
    # A single mention that reports a finding is evidence, not an aside; named twice, it is the subject.
    (
        STATINS_CVD,
        "Statins and the risk of hip fracture in older people",
        "Statin use lowered the risk of hip fracture (OR 0.5) and of cardiovascular disease (OR 0.7).",
        "",
    ),
    (
        STATINS_CVD,
        "Statins and hip fracture",
        "We adjusted for cardiovascular disease. Statins lowered cardiovascular disease and fractures.",
        "",
    ),
    # Rule 3c: an untitled record naming another condition at least twice as often.
    (
        EXERCISE_DEPRESSION,
        "",
        "We included 32 trials of exercise during adjuvant treatment for breast cancer. Exercise improved "
        "fitness in breast cancer and slightly reduced depression. Women with breast cancer tolerated it well.",
        "population: breast cancer, not depression",
    ),
    (
        EXERCISE_DEPRESSION,
        "",
        "Exercise reduced depression in breast cancer. Depression scores fell; cancer did not.",
        "",
    ),
    (  # 'HIV' inside 'HIV infection' is one mention, not two: three against two is not twice as often.
        "Do antibiotics prevent respiratory tract infections in children?",
        "",
        "Antibiotics to prevent respiratory tract infections in children with HIV infection. HIV infection "
        "and cystic fibrosis raise the risk; respiratory tract infections fell in HIV infection trials.",
        "",
    ),
    (  # A broader name of the question's condition never counts.
        "Does metformin lower HbA1c in type 2 diabetes?",
        "",
        "In type 2 diabetes, metformin lowered HbA1c. Diabetes care and diabetes education helped.",
        "",
    ),
    # Rule 3d: what a treatment causes must be named as something people developed.
    (STATINS_DIABETES, "Statins in people without cardiovascular disease", ENROLLED, TRAIT),
    (STATINS_DIABETES, "Statins and diabetes", "Statins increased the risk of diabetes by 9%.", ""),
    (STATINS_DIABETES, "Statins and diabetes", "New-onset diabetes occurred in 3% on statins.", ""),
    (STATINS_DIABETES, "Statins and diabetes", "Diabetes incidence was higher with statins.", ""),
    (STATINS_DIABETES, "Statins and diabetes", "More people on statins developed diabetes.", ""),
    # Rule 3c: the condition asked about named only as something the people developed, beside
    # another kind of the same thing (glue ear): the record is on that kind, not on the harms it lists.
    (
        "What is the best treatment for acute otitis media in children?",
        "",
        "Trials randomised children with OME to antibiotics. Children on antibiotics had fewer acute otitis media "
        "episodes and more diarrhoea, vomiting or rash. OME resolved sooner; diarrhoea, vomiting or rash "
        "were the harms. The risk of acute otitis media fell.",
        "population: otitis media with effusion, not acute otitis media",
    ),
    # Rule 3e for an untitled record: the condition named only as something prevented, with
    # prophylaxis or prevention named twice, is evidence on people without it.
    (
        UTI,
        "",
        "Trials gave antibiotics as prophylaxis after vaginal birth. There was little or no "
        "difference in the risk of urinary tract infection. Prophylaxis did not reduce the incidence of "
        "urinary tract infections.",
        "population: people without urinary tract infection (prevention), not people with it",
    ),
    (  # One mention of people who have it, and the review is on treating it.
        UTI,
        "",
        "Trials of antibiotic prophylaxis and treatment. Women with urinary tract infection were cured more "
        "often with antibiotics; prophylaxis lowered the risk of urinary tract infection.",
        "",
    ),
    (  # Prevention named once only: the onset wording alone does not make it a prevention review.
        UTI,
        "",
        "Antibiotics lowered the risk of urinary tract infection complications. Prophylaxis was not studied.",
        "",
    ),
    # Without the word prevention: every one of two or more mentions is what fewer people developed.
    (
        SEPTIC_SHOCK,
        "",
        "In six trials, impregnated catheters made no difference to the rates of clinically diagnosed sepsis. "
        "Antibiotics did not reduce clinically diagnosed sepsis or mortality.",
        "population: people without sepsis (prevention), not people with it",
    ),
    (  # Named as the people studied: direct, even though death was a risk.
        SEPTIC_SHOCK,
        "",
        "Hydroxyethyl starch increased the risk of death in severe sepsis. We randomised 100 patients with "
        "severe sepsis to starch or saline.",
        "",
    ),
    (  # Not "fracture prevention in steroid-induced osteoporosis", where it names the people.
        "What is the best treatment for osteoporosis?",
        "",
        "Bisphosphonate treatment was given for fracture prevention in people with osteoporosis. Fractures fell "
        "in osteoporosis.",
        "",
    ),
    # Rule 3f: named once, in a list of outcomes or harms, it is not who was studied.
    (
        STEROIDS_SEPSIS,
        "",
        "We compared inhaled and systemic corticosteroids in preterm infants. Secondary outcomes showed no "
        "differences in the incidence of hyperglycaemia, hypertension or culture-proven sepsis.",
        "condition: sepsis named once, as an outcome or harm, not who was studied",
    ),
    (
        STEROIDS_SEPSIS,
        "Leukoreduction and clinical outcomes after corticosteroids",
        "MAIN OUTCOME MEASURES Mortality and serious infections (pneumonia, bacteraemia, septic shock). "
        "Mortality fell after leukoreduction.",
        "condition: sepsis named once, as an outcome or harm, not who was studied",
    ),
    (  # A prognosis question too: an outcome of a coronary study is not who was followed.
        "What is the prognosis after out-of-hospital cardiac arrest?",
        "A prospective natural-history study of coronary atherosclerosis",
        "We followed 697 patients after coronary intervention. Major adverse cardiovascular events (death from "
        "cardiac causes, cardiac arrest or myocardial infarction) occurred in 20.4% at three years and "
        "predicted survival.",
        "condition: cardiac arrest named once, as an outcome or harm, not who was studied",
    ),
    (  # Once, as the people treated: direct.
        STEROIDS_SEPSIS,
        "",
        "Complications were rare in 40 patients treated with corticosteroids for sepsis.",
        "",
    ),
    # Rule 3g: for a question on preventing the condition, a record on people who have it.
    (
        ACTIVITY_BREAST_CANCER,
        "",
        "We included trials of exercise during adjuvant treatment for breast cancer. Exercise improved "
        "fitness in women with breast cancer (SMD 0.4).",
        "population: people who have breast cancer, not people at risk of it",
    ),
    (  # Named as what fewer people developed: on prevention.
        ACTIVITY_BREAST_CANCER,
        "Physical activity and breast cancer",
        "Active women had a lower risk of breast cancer (RR 0.8). Breast cancer incidence fell with activity.",
        "",
    ),
    # Preventing the next attack of a disease is treating the people who have it (stop 28: a review of
    # gout treatments was "people who have gout, not people at risk of it").
    (
        "Does allopurinol prevent gout attacks?",
        "",
        "We included trials of allopurinol in people with gout. Allopurinol lowered serum urate in gout (MD -2).",
        "",
    ),
    (
        "What are the best preventive drugs for migraine?",
        "",
        "Topiramate treatment was compared with placebo in adults with migraine. Migraine days fell in migraine.",
        "",
    ),
    # A question preventing an outcome in people who have the condition: a record on preventing
    # the condition is on other people (the Diabetes Prevention Program, for metformin in diabetes).
    (
        "Does metformin reduce cardiovascular risk in type 2 diabetes?",
        "The Diabetes Prevention Program: prevention of type 2 diabetes with metformin",
        "Metformin reduced the incidence of type 2 diabetes by 31% and cardiovascular risk factors improved.",
        "population: people without type 2 diabetes (prevention), not people with it",
    ),
    (
        "Does metformin prevent type 2 diabetes?",
        "The Diabetes Prevention Program: prevention of type 2 diabetes with metformin",
        "Metformin reduced the incidence of type 2 diabetes by 31%.",
        "",
    ),
    # A title naming the condition only as a risk a treatment may lower is on people without it.
    (
        "What is the management of hypertension in pregnancy?",
        "Folic acid supplementation and the risk of preeclampsia",
        "Folic acid users had a lower risk of preeclampsia (OR 0.69). Hypertension in pregnancy was rarer.",
        "population: people without hypertensive disorders of pregnancy (prevention), not people with it",
    ),
    (  # A risk factor that is no treatment is left to rule 7 (reports nothing on therapy).
        "What is the management of hypertension in pregnancy?",
        "Prepregnancy body mass index and the risk of preeclampsia",
        "A higher BMI doubled the risk of preeclampsia. Hypertension in pregnancy was commoner with obesity.",
        "question: reports nothing on therapy",
    ),
    # Not a causal question (nor a claim, which is no question): a trait is enough.
    ("Do statins help people with diabetes?", "Statins in people without cardiovascular disease", ENROLLED, ""),
    ("Statins cause diabetes.", "Statins in people without cardiovascular disease", ENROLLED, None),
]


@pytest.mark.parametrize(("question", "title", "abstract", "reason"), CASES)
def test_how_the_condition_is_named(question: str, title: str, abstract: str, reason: str | None) -> None:
    """`reason`: the indirect verdict's reason; '' for direct; None for anything but rule 3d's."""
    judged = assess(record(title, abstract), analyse(question))
    if reason is None:
        assert judged.reason != TRAIT
    elif reason:
        assert (judged.verdict, judged.reason) == (Verdict.INDIRECT, reason)
    else:
        assert judged.verdict is Verdict.DIRECT, judged.reason


def test_a_record_that_speaks_of_prevention_is_left_to_the_other_rules() -> None:
    """Rule 3g reads only records that never say prevention or prophylaxis: a magnesium trial in
    women with pre-eclampsia, for preventing eclampsia, names the condition as who was treated."""
    # No recurrence, events or relapse named (those exempt a record too): only the word prevent does.
    text = "Exercise to prevent weight gain in women with breast cancer. Exercise improved fitness in breast cancer."
    judged = assess(record("", text), analyse(ACTIVITY_BREAST_CANCER))
    assert "people at risk of it" not in judged.reason


@pytest.mark.parametrize(
    ("question", "episodes"),
    [
        ("Does allopurinol prevent gout attacks?", True),
        ("Can inhalers reduce asthma exacerbations?", True),
        ("What are the best preventive drugs for migraine?", True),
        ("Do statins prevent heart attacks?", False),
        ("Does physical activity reduce the risk of breast cancer?", False),
    ],
)
def test_preventing_the_next_attack_is_told_from_preventing_the_disease(question: str, episodes: bool) -> None:
    assert compile_facets(analyse(question)).prevents_episodes is episodes
