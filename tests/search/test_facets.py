"""Question analysis: facets, question type, comparisons, populations, explainability, weights, speed."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from bedside.library import lexical
from bedside.models import Facets, QuestionType
from bedside.search.facets import analyse, generic_words, is_question, weighted_terms
from bedside.search.matching import FacetMatcher
from bedside.search.question_type import asks_long_term, asks_screening, asks_symptoms, asks_timing, classify
from bedside.search.vocabulary import Vocabulary

ISSUE_QUESTION = (
    "What are the specific PT management strategies for addressing coordination issues in patients with MS?"
)


@dataclass(frozen=True)
class Expected:
    """The facets a question should give: concept names per facet, and its type."""

    question: str
    question_type: QuestionType
    condition: set[str] = field(default_factory=set)
    intervention: set[str] = field(default_factory=set)
    comparison: set[str] = field(default_factory=set)
    outcome: set[str] = field(default_factory=set)
    population: set[str] = field(default_factory=set)


T, D, P, H, E = (
    QuestionType.THERAPY,
    QuestionType.DIAGNOSIS,
    QuestionType.PROGNOSIS,
    QuestionType.HARM,
    QuestionType.ETIOLOGY,
)

# Questions written for these tests; each names every facet it should produce, so extra facets fail too.
TABLE = [
    Expected(
        ISSUE_QUESTION,
        T,
        condition={"multiple sclerosis"},
        intervention={"physical therapy"},
        outcome={"coordination"},
    ),
    Expected(
        "Is aerobic exercise better than usual care for fatigue in people with multiple sclerosis?",
        T,
        condition={"multiple sclerosis"},
        intervention={"aerobic exercise"},
        comparison={"usual care"},
        outcome={"fatigue"},
    ),
    Expected(
        "Does botulinum toxin reduce spasticity in children with CP?",
        T,
        condition={"cerebral palsy"},
        intervention={"botulinum toxin"},
        outcome={"spasticity"},
        population={"children"},
    ),
    Expected(
        "Is tDCS or rTMS more effective for upper limb function after stroke?",
        T,
        condition={"stroke"},
        intervention={"transcranial direct current stimulation"},
        comparison={"transcranial magnetic stimulation"},
        outcome={"upper limb function"},
    ),
    Expected(
        "How effective is Pilates compared to resistance training for low back pain in women over 60 years?",
        T,
        condition={"low back pain"},
        intervention={"Pilates"},
        comparison={"resistance training"},
        population={"women", "older adults"},
    ),
    Expected(
        "Do core stabilisation exercises improve balance in people with MS?",
        T,
        condition={"multiple sclerosis"},
        intervention={"core stability training"},
        outcome={"balance"},
    ),
    Expected(
        "Is HBOT worth offering for diabetic foot ulcers?",
        T,
        condition={"diabetic foot ulcer"},
        intervention={"hyperbaric oxygen therapy"},
    ),
    Expected(
        "Does honey help cough in children?",
        T,
        condition={"cough"},
        intervention={"honey"},
        population={"children"},
    ),
    Expected(
        "Is ketamine effective for treatment-resistant depression?",
        T,
        condition={"treatment-resistant depression"},
        intervention={"ketamine"},
    ),
    Expected(
        "Is MgSO4 effective for preventing eclampsia?",
        T,
        condition={"pre-eclampsia"},
        intervention={"magnesium sulfate"},
    ),
    Expected(
        "Does caffeine prevent apnoea in preterm infants?",
        T,
        condition={"apnoea of prematurity"},
        intervention={"caffeine"},
    ),
    Expected(
        "Is CT colonography accurate for detecting colorectal cancer?",
        D,
        condition={"colorectal cancer"},
        intervention={"CT colonography"},
    ),
    Expected(
        "Is fluoxetine effective for bulimia nervosa?",
        T,
        condition={"bulimia nervosa"},
        intervention={"fluoxetine"},
    ),
    Expected(
        "Does tamoxifen reduce the risk of breast cancer in high-risk women?",
        T,
        condition={"breast cancer"},
        intervention={"tamoxifen"},
        population={"women"},
    ),
    Expected(
        "Does intermittent fasting help weight loss?",
        T,
        intervention={"intermittent fasting"},
        outcome={"weight loss"},  # what the fasting is for, not a second treatment
    ),
    Expected(
        "Is laparoscopic appendicectomy better than open surgery?",
        T,
        intervention={"appendicectomy"},
        comparison={"open surgery"},
    ),
    Expected("What is the best treatment for scabies?", T, condition={"scabies"}),
    Expected(
        "Are ACE inhibitors effective in diabetic nephropathy?",
        T,
        condition={"diabetic kidney disease"},
        intervention={"angiotensin-converting enzyme inhibitors"},
    ),
    Expected(
        "Does tranexamic acid reduce bleeding in trauma?",
        T,
        condition={"major trauma"},
        intervention={"tranexamic acid"},
    ),
    # A treatment the vocabulary does not know (cranberry, garlic) is still asked about as one.
    Expected("Does cranberry prevent urinary tract infections?", T, condition={"urinary tract infection"}),
    Expected("What is the treatment of croup in children?", T, condition={"croup"}, population={"children"}),
    # Survivors are who is asked about, not a prognosis cue; "evidence for" asks about a treatment.
    Expected(
        "Does yoga improve quality of life in breast cancer survivors?",
        T,
        condition={"breast cancer"},
        intervention={"yoga"},
        outcome={"quality of life"},
    ),
    Expected("Is there evidence for glucosamine in knee osteoarthritis?", T, condition={"knee osteoarthritis"}),
    # Hormone therapy is either kind: endocrine therapy in cancer, hormone replacement after menopause.
    Expected(
        "What are the risks of hormone therapy for prostate cancer?",
        H,
        condition={"prostate cancer"},
        intervention={"hormone therapy"},
    ),
    Expected(
        "Metformin vs sulfonylureas for T2DM in older adults: which reduces the risk of MI?",
        T,
        condition={"type 2 diabetes"},
        outcome={"myocardial infarction"},  # what is to be prevented, in people with T2DM
        intervention={"metformin"},
        comparison={"sulfonylureas"},
        population={"older adults"},
    ),
    Expected(
        "Exercise for fatigue in MS",
        T,
        condition={"multiple sclerosis"},
        intervention={"exercise"},
        outcome={"fatigue"},
    ),
    Expected(
        "What is the best management of COPD exacerbations in the ICU?",
        T,
        condition={"chronic obstructive pulmonary disease"},
        outcome={"relapse"},
        population={"intensive care unit"},
    ),
    Expected(
        "How accurate is D-dimer for ruling out pulmonary embolism in the emergency department?",
        D,
        condition={"pulmonary embolism"},
        intervention={"D-dimer"},
        population={"emergency department"},
    ),
    Expected(
        "Is MRI accurate for diagnosing MS in patients with optic neuritis?",
        D,
        condition={"multiple sclerosis", "optic neuritis"},
        intervention={"magnetic resonance imaging"},
    ),
    Expected(
        "Is the PHQ-9 accurate for detecting depression in primary care?",
        D,
        condition={"depression"},
        intervention={"screening questionnaire"},
        population={"primary care"},
    ),
    Expected(
        "What is the prognosis of children with cerebral palsy who cannot walk?",
        P,
        condition={"cerebral palsy"},
        outcome={"gait"},
        population={"children"},
    ),
    Expected(
        "What is the survival rate of patients with ALS?",
        P,
        condition={"amyotrophic lateral sclerosis"},
        outcome={"mortality"},
    ),
    Expected(
        "What are the side effects of SSRIs in adolescents with depression?",
        H,
        condition={"depression"},
        intervention={"selective serotonin reuptake inhibitors"},
        outcome={"adverse effects"},
        population={"adolescents"},
    ),
    Expected(
        "Is it safe to take NSAIDs during pregnancy?",
        H,
        intervention={"non-steroidal anti-inflammatory drugs"},
        population={"pregnant women"},
    ),
    Expected(
        "Do GLP-1 receptor agonists cause pancreatitis?",
        H,
        condition={"pancreatitis"},
        intervention={"GLP-1 receptor agonists"},
    ),
    Expected(
        "Does smoking cause MS?",
        E,
        condition={"multiple sclerosis"},
        intervention={"smoking"},
    ),
    Expected(
        "What are the risk factors for falls in community-dwelling older adults?",
        E,
        outcome={"falls"},
        population={"community-dwelling", "older adults"},
    ),
    Expected(
        "Does obesity increase the risk of knee osteoarthritis?",
        E,
        condition={"obesity", "knee osteoarthritis"},
    ),
    Expected(
        "In a 72-year-old woman with AF and CKD, should apixaban or warfarin be used?",
        T,
        condition={"atrial fibrillation", "chronic kidney disease"},
        intervention={"direct oral anticoagulants"},
        comparison={"warfarin"},
        population={"older adults", "women"},
    ),
    Expected(
        "Is physiotherapy compared with OT effective for hand function in RA?",
        T,
        condition={"rheumatoid arthritis"},
        intervention={"physical therapy"},
        comparison={"occupational therapy"},
        outcome={"upper limb function"},
    ),
    Expected(
        "Does vestibular rehabilitation improve balance in adults with BPPV?",
        T,
        condition={"benign paroxysmal positional vertigo"},
        intervention={"vestibular rehabilitation"},
        outcome={"balance"},
        population={"adults"},
    ),
    # 'Adult' before cells, tissues, animals or an onset describes them, not the people asked about.
    Expected("Is adult neurogenesis reduced in depression?", T, condition={"depression"}),
    Expected(
        "Does vaccination protect adult patients with diabetes from influenza?",
        T,
        condition={"diabetes", "influenza"},
        intervention={"vaccination"},
        population={"adults"},
    ),
    # Sexually transmitted infections are conditions of their own (and the species name finds them).
    Expected(
        "Is azithromycin as effective as doxycycline for Chlamydia trachomatis in young people?",
        T,
        condition={"chlamydia"},
        intervention={"antibiotics"},
        population={"adolescents"},
    ),
    Expected(
        "How common is gonorrhea among people screened for STIs?",
        D,
        condition={"gonorrhoea", "sexually transmitted infections"},
    ),
    # Primary HPV testing is cervical screening; clinic, home and ambulatory readings are monitoring.
    Expected(
        "Is primary HPV DNA screening more sensitive than cytology for cervical cancer?",
        D,
        condition={"cervical cancer"},
        intervention={"cervical screening"},
    ),
    Expected(
        "Is blood pressure measurement at home as accurate as in the clinic for hypertension?",
        D,
        condition={"hypertension"},
        intervention={"blood pressure monitoring"},
    ),
    # Interferon in general (hepatitis C) and interferon beta (multiple sclerosis) are two concepts.
    Expected(
        "Is peginterferon effective for chronic hepatitis C?", T, condition={"hepatitis C"}, intervention={"interferon"}
    ),
    Expected(
        "Does interferon beta reduce relapses in MS?",
        T,
        condition={"multiple sclerosis"},
        intervention={"interferon beta"},
        outcome={"relapse"},
    ),
    # Muscle pain is its own outcome (myalgia), more than pain.
    Expected(
        "Do statins cause muscle pain in older adults?",
        H,
        intervention={"statins"},
        outcome={"muscle pain"},
        population={"older adults"},
    ),
    # Energy balance is metabolism, not the postural balance of the rehabilitation questions.
    Expected(
        "Does exercise change energy balance in obese adults?",
        T,
        condition={"obesity"},
        intervention={"exercise"},
        outcome={"energy balance"},
        population={"adults"},
    ),
    # A lay description is the condition's name: the worst headache of one's life is thunderclap headache.
    Expected('What causes the "worst headache" of a patient\'s life?', E, condition={"thunderclap headache"}),
    Expected("What causes a sudden severe headache?", E, condition={"thunderclap headache"}),
    # Primary prevention said alone is of cardiovascular disease; of anything named, of that.
    Expected(
        "Are statins effective for primary prevention in older adults?",
        T,
        condition={"cardiovascular disease"},
        intervention={"statins"},
        population={"older adults"},
    ),
    Expected(
        "Does exercise help primary prevention of falls in older adults?",
        T,
        intervention={"exercise"},
        outcome={"falls"},
        population={"older adults"},
    ),
    # Vitamin K is a treatment of its own, not the vitamin K antagonists; cardiac surgery is not
    # non-cardiac surgery.
    Expected(
        "Does vitamin K reverse warfarin over-anticoagulation?",
        T,
        intervention={"vitamin K", "warfarin", "anticoagulants"},
    ),
    Expected("Are vitamin K antagonists better than heparin?", T, intervention={"warfarin"}, comparison={"heparin"}),
    Expected("How can bleeding be reduced during cardiac surgery?", T, intervention={"cardiac surgery"}),
    Expected("Does clonidine reduce mortality in non-cardiac surgery?", T, outcome={"mortality"}),
    # Contraception in general, labour (not the labour market) and withdrawal symptoms as concepts.
    Expected(
        "Which contraceptive has the lowest risk of blood clots?",
        H,
        condition={"venous thromboembolism"},
        intervention={"contraception"},
    ),
    Expected(
        "What are the risks of epidural during labour?", H, condition={"labour"}, intervention={"epidural analgesia"}
    ),
    Expected("Does the labour market affect mental health?", QuestionType.OTHER, outcome={"mental health"}),
    Expected(
        "What are the withdrawal symptoms of SSRIs?",
        T,
        intervention={"selective serotonin reuptake inhibitors"},
        outcome={"withdrawal symptoms"},
    ),
    # A harm weighed against primary prevention is not what it prevents.
    Expected(
        "Do statins for primary prevention cause muscle pain?",
        H,
        condition={"cardiovascular disease"},
        intervention={"statins"},
        outcome={"muscle pain"},
    ),
]


def _names(facets: Facets, facet: str) -> set[str]:
    return {t.concept for t in getattr(facets, facet)}


@pytest.mark.parametrize("row", TABLE, ids=[r.question[:50] for r in TABLE])
def test_question_table(row: Expected) -> None:
    facets = analyse(row.question)
    got = {f: _names(facets, f) for f in ("condition", "intervention", "comparison", "outcome", "population")}
    want = {
        "condition": row.condition,
        "intervention": row.intervention,
        "comparison": row.comparison,
        "outcome": row.outcome,
        "population": row.population,
    }
    assert got == want
    assert facets.question_type is row.question_type


def test_issue_example_exactly() -> None:
    facets = analyse(ISSUE_QUESTION)
    assert [(t.concept, t.matched) for t in facets.condition] == [("multiple sclerosis", "MS")]
    assert [(t.concept, t.matched) for t in facets.intervention] == [("physical therapy", "PT")]
    assert [(t.concept, t.matched) for t in facets.outcome] == [("coordination", "coordination")]
    assert facets.question_type is QuestionType.THERAPY
    assert "physiotherapy" in facets.intervention[0].synonyms
    assert {"ataxia", "balance"} <= set(facets.outcome[0].synonyms)
    assert facets.condition[0].mesh == "Multiple Sclerosis"
    assert facets.condition[0].source == "vocabulary"
    # The generic words of the question are no facet and no other term.
    assert facets.other_terms == []
    assert not facets.population and not facets.comparison


def test_json_output_shows_which_words_became_which_facet() -> None:
    data = json.loads(analyse(ISSUE_QUESTION).model_dump_json())
    assert data["question_type"] == "therapy"
    assert data["condition"][0]["matched"] == "MS"
    assert data["condition"][0]["concept"] == "multiple sclerosis"
    assert data["intervention"][0]["matched"] == "PT"


@pytest.mark.parametrize("row", TABLE, ids=[r.question[:50] for r in TABLE])
def test_matched_words_are_the_question_words(row: Expected) -> None:
    vocab = Vocabulary.default()
    for term in analyse(row.question).all_terms():
        assert term.matched in row.question
        if term.source == "vocabulary":
            # The matched words, looked up alone, give back the same concept.
            concept = vocab.lookup(term.matched)
            assert concept is not None and concept.name == term.concept


def test_lower_case_ms_is_not_multiple_sclerosis() -> None:
    facets = analyse("Is a reaction time of 10 ms normal in ms patients?")
    assert not facets.condition
    assert "ms" in facets.other_terms
    assert _names(analyse("Is a reaction time of 10 ms normal in MS patients?"), "condition") == {"multiple sclerosis"}


def test_abbreviations_that_are_words_need_their_case() -> None:
    assert not analyse("Is OT useful for all adults after a fall?").condition
    assert _names(analyse("Is OT useful for all adults after a fall?"), "intervention") == {"occupational therapy"}
    assert _names(analyse("Can OT help people with ALL?"), "condition") == {"acute lymphoblastic leukaemia"}
    assert not analyse("Does the pt need a scan?").intervention
    assert _names(analyse("What is the risk of stroke in AF?"), "condition") == {"stroke", "atrial fibrillation"}
    assert _names(analyse("How is af treated?"), "condition") == set()


def test_unknown_condition_after_patients_with_is_a_pattern_condition() -> None:
    facets = analyse("What is the treatment for patients with Behcet syndrome?")
    assert [(t.concept, t.matched, t.source) for t in facets.condition] == [
        ("behcet syndrome", "Behcet syndrome", "pattern")
    ]
    facets = analyse("What helps people living with newly diagnosed Dercum disease, and how?")
    assert [(t.concept, t.source) for t in facets.condition] == [("dercum disease", "pattern")]
    # Known words after the pattern stay vocabulary concepts; no pattern condition is added, not even
    # for unknown words that only qualify a known condition.
    assert [t.source for t in analyse("Exercise for people with MS").condition] == ["vocabulary"]
    facets = analyse("Surgery for patients with localized prostate cancer")
    assert [(t.concept, t.source) for t in facets.condition] == [("prostate cancer", "vocabulary")]
    assert "localized" in facets.other_terms


@pytest.mark.shared
def test_mesh_finds_a_condition_the_vocabulary_lacks(shared_data: Path) -> None:
    question = "What is the treatment for patients with Behcet syndrome?"
    vocab = Vocabulary.default().with_mesh([shared_data / "mesh"])
    facets = analyse(question, vocab)
    assert [(t.concept, t.matched, t.source, t.mesh) for t in facets.condition] == [
        ("Behcet Syndrome", "Behcet syndrome", "mesh", "Behcet Syndrome")
    ]
    # Packaged concepts still win: the MS/PT question reads the same with MeSH loaded.
    assert analyse(ISSUE_QUESTION, vocab).model_dump() == analyse(ISSUE_QUESTION).model_dump()


def test_ages_become_populations() -> None:
    facets = analyse("Should a 72-year-old man with hypertension take aspirin?")
    assert [(t.concept, t.matched, t.source) for t in facets.population] == [
        ("older adults", "72-year-old", "pattern"),
        ("men", "man", "vocabulary"),
    ]
    assert _names(analyse("Melatonin for insomnia in kids aged 6 to 12"), "population") == {"children"}
    assert _names(analyse("Do statins help adults over 75 years?"), "population") == {"adults", "older adults"}
    # A duration is not an age.
    assert not analyse("Does exercise over 12 weeks reduce fatigue?").population


def test_settings_and_pregnancy_are_populations() -> None:
    facets = analyse("Vitamin D in pregnant women in primary care and nursing homes")
    assert _names(facets, "population") == {"pregnant women", "primary care", "nursing homes"}


def test_or_only_compares_adjacent_interventions() -> None:
    facets = analyse("Is yoga or tai chi better for balance in Parkinson's disease?")
    assert _names(facets, "intervention") == {"yoga"}
    assert _names(facets, "comparison") == {"tai chi"}
    # 'or' between an intervention and a condition compares nothing.
    facets = analyse("Does yoga help anxiety or depression?")
    assert _names(facets, "intervention") == {"yoga"}
    assert not facets.comparison


def test_a_comparison_named_twice_is_not_also_the_intervention() -> None:
    facets = analyse("Should paracetamol or non-steroidal anti-inflammatory drugs (NSAIDs) be used for back pain?")
    assert _names(facets, "intervention") == {"paracetamol"}
    assert _names(facets, "comparison") == {"non-steroidal anti-inflammatory drugs"}
    facets = analyse("Regional anesthesia compared with general anesthesia for hip fracture surgery")
    assert _names(facets, "intervention") == {"regional anaesthesia", "surgery"}
    assert _names(facets, "comparison") == {"general anaesthesia"}


def test_placebo_is_the_comparison_when_something_else_is_tested() -> None:
    facets = analyse("Placebo-controlled trials of fampridine for walking in MS")
    assert _names(facets, "intervention") == {"fampridine"}
    assert _names(facets, "comparison") == {"placebo"}


def test_question_type_cues_are_reported() -> None:
    qtype, cues = classify("Which side effects does interferon beta have?")
    assert qtype is QuestionType.ETIOLOGY  # no matches given: no treatment is known to be named
    assert [c.text for c in cues] == ["side effects"]
    assert analyse("What are the side effects of interferon beta?").question_type is QuestionType.HARM
    # What a harm is of is a treatment, even one the vocabulary does not know; an exposure it knows is not.
    assert analyse("What are the side effects of isotretinoin for acne?").question_type is QuestionType.HARM
    assert analyse("Is isotretinoin safe?").question_type is QuestionType.HARM
    assert analyse("What are the risks of smoking in pregnancy?").question_type is QuestionType.ETIOLOGY
    assert analyse("Tell me about the history of medicine").question_type is QuestionType.OTHER


@pytest.mark.parametrize(
    ("question", "qtype"),
    [
        # Slowing a disease's course is a treatment question; its course alone is prognosis.
        ("Does riluzole slow disease progression in ALS?", QuestionType.THERAPY),
        ("What is the prognosis of ALS?", QuestionType.PROGNOSIS),
        # Ultrasound guiding a needle is a procedure; ultrasound finding a disease is a test.
        ("Does ultrasound guidance reduce failed lumbar punctures?", QuestionType.THERAPY),
        ("Is ultrasound accurate for appendicitis?", QuestionType.DIAGNOSIS),
        # Natriuretic peptides as a protective factor, not as a heart-failure test.
        ("Do natriuretic peptides protect against diabetes?", QuestionType.THERAPY),
        ("Is BNP accurate for diagnosing heart failure?", QuestionType.DIAGNOSIS),
        ("Do natriuretic peptides increase susceptibility to diabetes?", QuestionType.ETIOLOGY),
        # One treatment weighed against another is a therapy question, whatever words name them.
        ("Are crowns better than fillings for decayed baby teeth?", QuestionType.THERAPY),
        ("Do stimulants for ADHD stunt growth in children?", QuestionType.HARM),
        ("How can recurrent stroke be prevented?", QuestionType.THERAPY),
        ("Should blood pressure be lowered quickly after an acute stroke?", QuestionType.THERAPY),
        # How long to treat is a therapy question; how long people live is prognosis.
        ("How long should tuberculosis be treated?", QuestionType.THERAPY),
        ("How long do people live with idiopathic pulmonary fibrosis?", QuestionType.PROGNOSIS),
        ("How long does depression last without treatment?", QuestionType.PROGNOSIS),
        ("How is Helicobacter pylori eradicated?", QuestionType.THERAPY),
        ("How should fluids be given in septic shock?", QuestionType.THERAPY),
        # Screen time is an exposure, not a screening test.
        ("Is screen time bad for children's sleep?", QuestionType.ETIOLOGY),
        # Which drug to choose, and how to give up an exposure, are therapy questions (stop 28).
        ("What is the best first drug for type 2 diabetes?", QuestionType.THERAPY),
        ("What helps people stop drinking alcohol?", QuestionType.THERAPY),
        ("How can I cut down on alcohol?", QuestionType.THERAPY),
        ("Does alcohol cause breast cancer?", QuestionType.ETIOLOGY),
    ],
)
def test_what_a_test_or_a_course_word_is_used_for_decides_the_type(question: str, qtype: QuestionType) -> None:
    assert analyse(question).question_type is qtype


@pytest.mark.parametrize(
    ("question", "facet", "concept"),
    [
        ("Is birthweight associated with breast cancer?", "outcome", "pregnancy outcomes"),
        ("Are dietary risks a leading cause of death?", "intervention", "diet"),
        ("Is surgery better than nonsurgical care for hip fracture?", "comparison", "conservative treatment"),
        # Varenicline and bupropion are smoking-cessation medicines, not nicotine replacement.
        ("Does adding bupropion to varenicline improve abstinence?", "intervention", "bupropion"),
        ("Does adding bupropion to varenicline improve abstinence?", "intervention", "varenicline"),
        ("Do e-cigarettes help smokers quit?", "intervention", "electronic cigarettes"),
        ("Does exercise training improve health status in heart failure?", "outcome", "quality of life"),
    ],
)
def test_spellings_found_in_abstracts_name_their_concept(question: str, facet: str, concept: str) -> None:
    names = _names(analyse(question), facet)
    assert concept in names
    assert "nicotine replacement therapy" not in names


def test_outcome_measure_test_is_no_diagnosis_cue() -> None:
    facets = analyse("Does balance training improve TUG test scores in Parkinson's disease?")
    assert facets.question_type is QuestionType.THERAPY
    assert _names(facets, "outcome") == {"Timed Up and Go test"}


def test_study_design_words_are_other_terms_not_facets() -> None:
    facets = analyse("Is there RCT evidence for CBT in PTSD?")
    assert "randomised controlled trial" in facets.other_terms
    assert _names(facets, "intervention") == {"cognitive behavioural therapy"}
    assert _names(facets, "condition") == {"post-traumatic stress disorder"}


def test_other_terms_keep_content_words_only() -> None:
    facets = analyse("Which splint materials are lightest for wrist drop after radial nerve palsy?")
    assert {"materials", "lightest", "wrist", "drop", "radial", "nerve", "palsy"} <= set(facets.other_terms)
    assert not set(facets.other_terms) & (generic_words | {"which", "are", "for", "after"})


def test_weighted_terms_favour_facets_and_drop_generic_words() -> None:
    weights = dict(weighted_terms(analyse(ISSUE_QUESTION)))
    assert weights["multiple sclerosis"] == weights["physical therapy"] == 3.0
    assert weights["physiotherapy"] == pytest.approx(2.1)
    assert weights["coordination"] == 2.0
    assert 0 < weights["MS"] < weights["physiotherapy"]
    assert not {w.casefold() for w in weights} & generic_words
    other = dict(weighted_terms(analyse("Which splint materials suit wrist drop?")))
    assert other["materials"] < 3.0


def test_weighted_terms_rank_the_right_record_above_a_generic_one() -> None:
    """The ranking the issue asks for, on the plainest possible scorer: sum of weights of phrases present."""
    on_topic = "Physiotherapy for ataxia in multiple sclerosis: a randomised trial of coordination exercises."
    generic = (
        "Specific management strategies for addressing issues and problems of patients: what are they? "
        "Patients, management, strategies and issues in patient management."
    )

    def weighted(text: str) -> float:
        words = f" {' '.join(lexical.terms(text))} "
        terms = weighted_terms(analyse(ISSUE_QUESTION))
        return sum(w for phrase, w in terms if f" {' '.join(lexical.terms(phrase))} " in words)

    def plain(text: str) -> int:
        words = lexical.terms(text)
        return sum(words.count(q) for q in lexical.terms(ISSUE_QUESTION))

    assert plain(generic) > plain(on_topic)  # raw word overlap prefers the wrong record ...
    assert weighted(on_topic) > weighted(generic) == 0  # ... facet weights do not


def test_analysis_is_deterministic() -> None:
    for row in TABLE:
        first = analyse(row.question).model_dump_json()
        assert analyse(row.question).model_dump_json() == first
        assert weighted_terms(analyse(row.question)) == weighted_terms(analyse(row.question))


def test_analysis_is_fast() -> None:
    questions = [row.question for row in TABLE]
    analyse(questions[0])  # loads the vocabulary
    start = time.perf_counter()
    rounds = 20
    for _ in range(rounds):
        for q in questions:
            analyse(q)
    per_question_ms = (time.perf_counter() - start) * 1000 / (rounds * len(questions))
    assert per_question_ms < 5.0


@pytest.mark.parametrize(
    ("question", "condition", "intervention"),
    [
        ("What treatments help itching in people on dialysis?", {"dialysis"}, set()),
        ("Does exercise reduce fatigue in women receiving chemotherapy?", {"chemotherapy"}, {"exercise"}),
        ("Is dialysis safe for patients on warfarin?", {"warfarin"}, {"dialysis"}),
        # A treatment the people have had sets the scene: 'after hip fracture surgery'.
        (
            "Is early mobilisation beneficial after hip fracture surgery?",
            {"hip fracture", "surgery"},
            {"early mobilisation"},
        ),
        ("Does physiotherapy help after total knee replacement?", {"knee replacement"}, {"physical therapy"}),
        ("What is the recovery after knee replacement?", set(), {"knee replacement"}),
        # What the people are doing when the question is asked: 'while breastfeeding'.
        ("Can I drink alcohol while breastfeeding?", {"breastfeeding"}, {"alcohol consumption"}),
        ("Does exercise reduce fatigue during chemotherapy?", {"chemotherapy"}, {"exercise"}),
        ("Is breastfeeding protective against asthma?", {"asthma"}, {"breastfeeding"}),
        # Nothing else to ask about: the treatment stays what is asked.
        ("Can patients on warfarin drive?", set(), {"warfarin"}),
        # Flying is (air travel, stop 28).
        ("Can patients on warfarin fly?", {"warfarin"}, {"air travel"}),
    ],
)
def test_a_treatment_the_people_are_already_on_describes_them(
    question: str, condition: set[str], intervention: set[str]
) -> None:
    facets = analyse(question)
    assert {t.concept for t in facets.condition} == condition
    assert {t.concept for t in facets.intervention} == intervention


def test_small_cell_and_non_small_cell_lung_cancer_are_different_conditions() -> None:
    assert _names(analyse("Does early chest radiotherapy help small cell lung cancer?"), "condition") == {
        "small cell lung cancer"
    }
    assert _names(analyse("Is pembrolizumab effective in NSCLC?"), "condition") == {"non-small cell lung cancer"}
    assert _names(analyse("Does smoking cause lung cancer?"), "condition") == {"lung cancer"}


@pytest.mark.parametrize(
    ("question", "condition", "outcome"),
    [
        ("Should adults with atrial fibrillation take aspirin to prevent stroke?", {"atrial fibrillation"}, {"stroke"}),
        (
            "Do statins reduce the risk of heart attack in people with diabetes?",
            {"diabetes"},
            {"myocardial infarction"},
        ),
        ("Are vaccines effective in preventing influenza in children with asthma?", {"asthma"}, {"influenza"}),
        # Named as a risk ('cancer risk'), not as a risk factor.
        ("Does metformin reduce cancer risk in type 2 diabetes?", {"type 2 diabetes"}, {"cancer"}),
        # The same when 'risk' is part of a name the vocabulary holds ('cardiovascular risk').
        (
            "Does metformin reduce cardiovascular risk in type 2 diabetes?",
            {"type 2 diabetes"},
            {"cardiovascular disease"},
        ),
        ("Does metformin change cancer risk factors in type 2 diabetes?", {"cancer", "type 2 diabetes"}, set()),
        # No other condition says who: the prevented one is the question's condition.
        ("Does aspirin prevent stroke?", {"stroke"}, set()),
        # No treatment to judge it by: both stay conditions, and a record must name both.
        ("What is the risk of stroke in people with atrial fibrillation?", {"stroke", "atrial fibrillation"}, set()),
    ],
)
def test_a_condition_to_prevent_is_the_outcome_when_another_names_the_people(
    question: str, condition: set[str], outcome: set[str]
) -> None:
    facets = analyse(question)
    assert {t.concept for t in facets.condition} == condition
    assert {t.concept for t in facets.outcome} == outcome


@pytest.mark.parametrize(
    ("question", "intervention", "outcome"),
    [
        ("How effective is varenicline for smoking cessation?", {"varenicline"}, {"smoking cessation"}),
        ("Does exercise help to achieve weight loss?", {"exercise"}, {"weight loss"}),
        ("Is bupropion used to aid smoking cessation in adolescents?", {"bupropion"}, {"smoking cessation"}),
        ("Are e-cigarettes helpful for quitting smoking?", {"electronic cigarettes"}, {"smoking cessation"}),
        ("Is exercise good for weight loss?", {"exercise"}, {"weight loss"}),
        # What it helps people do (stop 28: every smoking-cessation record answered both questions).
        ("Do e-cigarettes help people stop smoking?", {"electronic cigarettes"}, {"smoking cessation"}),
        ("Does exercise help people quit smoking?", {"exercise"}, {"smoking cessation"}),
        # Alone, or not right after another treatment, it stays the treatment asked about.
        ("Does smoking cessation lower blood pressure?", {"smoking cessation"}, set()),
        ("Is varenicline safe, and does smoking cessation help asthma?", {"varenicline", "smoking cessation"}, set()),
    ],
)
def test_a_treatment_named_as_what_another_is_for_is_its_aim(
    question: str, intervention: set[str], outcome: set[str]
) -> None:
    facets = analyse(question)
    assert _names(facets, "intervention") == intervention
    assert _names(facets, "outcome") >= outcome
    assert not outcome or not (_names(facets, "intervention") & outcome)


@pytest.mark.parametrize(
    "question",
    [
        "Is metformin effective for weight loss in adults without diabetes?",
        "Should women with no history of breast cancer take tamoxifen?",
        "Does aspirin help non-diabetic adults?",
        "Is statin therapy useful in people who do not have heart disease?",
    ],
)
def test_a_condition_the_people_do_not_have_is_no_condition(question: str) -> None:
    assert _names(analyse(question), "condition") == set()


def test_opioid_overdose_is_a_condition_not_an_opioid_question() -> None:
    """'for opioid overdose' made opioids a treatment asked about beside naloxone."""
    facets = analyse("Is naloxone better than naltrexone for opioid overdose?")
    assert _names(facets, "condition") == {"opioid overdose"}
    assert _names(facets, "intervention") == {"naloxone"}


def test_jet_lag_is_a_condition() -> None:
    """'jet' and 'lag' are everyday words: unnamed, any melatonin record answered "Does melatonin help jet lag?"."""
    assert _names(analyse("Does melatonin help jet lag?"), "condition") == {"jet lag"}


def test_a_condition_the_people_have_stays() -> None:
    assert _names(analyse("Is metformin effective for weight loss in adults with diabetes?"), "condition") == {
        "diabetes"
    }


def test_antibiotic_associated_diarrhoea_is_a_condition_not_an_antibiotic_question() -> None:
    facets = analyse("Do probiotics prevent antibiotic-associated diarrhoea?")
    assert _names(facets, "condition") == {"antibiotic-associated diarrhoea"}
    assert _names(facets, "intervention") == {"probiotics"}


@pytest.mark.parametrize(
    ("question", "first", "second"),
    [
        ("Is naloxone better than naltrexone for opioid overdose?", "naloxone", "naltrexone"),
        ("Is denosumab better than bisphosphonates for osteoporosis?", "denosumab", "bisphosphonates"),
        ("Does memantine add to cholinesterase inhibitors in dementia?", "memantine", "cholinesterase inhibitors"),
        ("Is colonoscopy better than sigmoidoscopy for bowel cancer screening?", "colonoscopy", "sigmoidoscopy"),
    ],
)
def test_drugs_and_tests_that_are_not_each_other_are_two_concepts(question: str, first: str, second: str) -> None:
    """A synonym list once made naltrexone naloxone and denosumab a bisphosphonate: a comparison vanished."""
    facets = analyse(question)
    named = {t.concept for t in (*facets.intervention, *facets.comparison)}
    assert {first, second} <= named


@pytest.mark.parametrize(
    ("question", "facet", "concept", "not_matched_by"),
    [
        ("Is CBT effective for insomnia?", "condition", "insomnia", "sleep disorders such as sleep apnoea"),
        ("Does massage help infantile colic?", "condition", "infantile colic", "renal colic"),
        ("Is SMOC2 expressed during wound healing?", "outcome", "wound healing", "venous leg ulcers"),
    ],
)
def test_a_concept_is_not_named_by_a_broader_or_other_condition(
    question: str, facet: str, concept: str, not_matched_by: str
) -> None:
    """Synonyms once let 'sleep disorders' name insomnia and 'colic' infantile colic."""
    facets = analyse(question)
    assert concept in _names(facets, facet)
    term = next(t for t in getattr(facets, facet) if t.concept == concept)
    assert FacetMatcher(Facets(question=question, condition=[term])).matched_in(not_matched_by) == []


@pytest.mark.parametrize(
    ("question", "not_a_facet", "word", "kept"),
    [
        ("Does vitamin C reduce oxidative stress in smokers?", "stress", "stress", ["vitamin C", "smokers"]),
        ("Does ER stress cause beta cell death?", "stress", "stress", []),
        ("How are stress fractures treated in athletes?", "stress", "stress", ["fracture", "athletes"]),
        (
            "Is exercise stress testing accurate for coronary heart disease?",
            "stress",
            "stress",
            ["coronary heart disease"],
        ),
        ("Does ER stress cause beta cell death?", "mortality", "death", []),
        # A longer name in the concept's `not_within`, as records are held to it.
        (
            "Does the hazard ratio for mortality differ with intensive blood pressure control?",
            "adverse effects",
            "hazard",
            ["mortality"],
        ),
        ("Does exercise testing predict mortality in heart failure?", "exercise", "exercise", ["heart failure"]),
        ("Are stress-activated kinases raised in sepsis?", "stress", "stress", ["sepsis"]),
        ("Does neuronal death follow ischaemic stroke?", "mortality", "death", ["ischaemic stroke"]),
    ],
)
def test_words_around_a_name_can_make_it_another_thing(
    question: str, not_a_facet: str, word: str, kept: list[str]
) -> None:
    facets = analyse(question)
    concepts = {t.concept for g in ("condition", "intervention", "outcome", "population") for t in getattr(facets, g)}
    assert not_a_facet not in concepts
    assert set(kept) <= concepts
    assert word in facets.other_terms  # still searched for, as a plain word


@pytest.mark.parametrize(
    ("question", "concept"),
    [
        ("Does mindfulness reduce stress in nurses?", "stress"),
        ("Does aspirin reduce death after myocardial infarction?", "mortality"),
        ("Does pelvic floor muscle training help stress urinary incontinence?", "urinary incontinence"),
        # A longer name is held from a word's start: 'ER stress' is no guard on 'caregiver stress'.
        ("Does mindfulness reduce caregiver stress?", "stress"),
        ("Does metabolic syndrome raise the death rate?", "mortality"),
    ],
)
def test_the_name_alone_is_still_the_concept(question: str, concept: str) -> None:
    facets = analyse(question)
    assert concept in {t.concept for g in ("condition", "outcome") for t in getattr(facets, g)}


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("Describe SBGNview", True),
        ("List the side effects of isotretinoin.", True),
        ("Summarise the evidence on statins", True),
        ("Does aspirin prevent stroke", True),
        ("Aspirin prevents stroke.", False),
        ("Listeria infection in pregnancy is rare.", False),
    ],
)
def test_a_request_is_a_question(text: str, asked: bool) -> None:
    assert is_question(text) is asked


def test_treatments_a_question_rules_out_are_shown_and_are_no_facet() -> None:
    facets = analyse("How can I treat migraine naturally, without drugs?")
    assert [(t.concept, t.matched) for t in facets.ruled_out] == [
        ("drug treatment", "naturally"),
        ("drug treatment", "without drugs"),
    ]
    assert [t.concept for t in facets.condition] == ["migraine"]
    assert facets.intervention == [] and facets.other_terms == []
    # 'Without surgery' asks about everything but surgery: surgery is ruled out, not the intervention.
    knee = analyse("Can knee osteoarthritis be treated without surgery?")
    assert [(t.concept, t.matched) for t in knee.ruled_out] == [("surgery", "without surgery")]
    assert knee.intervention == []
    assert analyse("Do drugs help migraine?").ruled_out == []
    assert [t.concept for t in analyse("Does surgery help knee osteoarthritis?").intervention] == ["surgery"]


@pytest.mark.parametrize(
    ("question", "ruled", "matched"),
    [
        (
            "What can I take instead of ibuprofen for back pain?",
            "non-steroidal anti-inflammatory drugs",
            "instead of ibuprofen",
        ),
        ("What are the alternatives to statins for lowering cholesterol?", "statins", "alternatives to statins"),
        ("What can replace opioids for chronic pain?", "opioids", "replace opioids"),
        (
            "What are options other than methotrexate for rheumatoid arthritis?",
            "methotrexate",
            "other than methotrexate",
        ),
    ],
)
def test_a_treatment_to_be_done_without_is_ruled_out(question: str, ruled: str, matched: str) -> None:
    """'Alternatives to statins' had every statin trial as direct research."""
    facets = analyse(question)
    assert [(t.concept, t.matched) for t in facets.ruled_out] == [(ruled, matched)]
    assert ruled not in {t.concept for t in facets.intervention}


def test_a_longer_name_of_another_thing_gives_its_own_concept() -> None:
    """'Dengue fever' is dengue, not the symptom fever; 'hazards' alone still names adverse effects."""
    dengue = analyse("Does urbanization increase dengue fever transmission?")
    assert [t.concept for t in dengue.condition] == ["dengue"]
    assert "adverse effects" in {t.concept for t in analyse("What are the hazards of opioids?").outcome}


@pytest.mark.parametrize(
    ("question", "people", "words"),
    [
        ("What is the first-line treatment for hypertension in Black adults?", "Black people", "Black adults"),
        ("Is metformin effective in South Asian people with diabetes?", "South Asian people", "South Asian people"),
        ("Does diabetes education help Hispanic patients?", "Hispanic people", "Hispanic patients"),
        ("Do Aboriginal children have more ear infections?", "Indigenous peoples", "Aboriginal"),
    ],
)
def test_ancestry_is_a_population(question: str, people: str, words: str) -> None:
    found = {t.concept: t.matched for t in analyse(question).population}
    assert found.get(people) == words


def test_black_as_a_colour_names_no_people() -> None:
    for question in ("Does black tea lower blood pressure?", "Is black cohosh safe for menopausal symptoms?"):
        assert not analyse(question).population


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("What are the symptoms of Lyme disease?", True),
        ("What are the early signs of Parkinson's disease?", True),
        ("What are the signs and symptoms of sepsis in newborns?", True),
        ("How does appendicitis present in children?", True),
        ("What does a migraine feel like?", True),
        ("What causes multiple sclerosis?", False),
        ("Is the sign test valid for paired data?", False),
    ],
)
def test_a_question_on_symptoms_is_recognised(question: str, asks: bool) -> None:
    assert asks_symptoms(question) is asks


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("How long should antibiotics be given for community-acquired pneumonia?", True),
        ("How soon after a stroke should anticoagulation start?", True),
        ("When should antiepileptic drugs be withdrawn in seizure-free children?", True),
        ("What is the right duration of anticoagulation after a first pulmonary embolism?", True),
        ("What is the best time of day to take blood pressure tablets?", True),
        ("Should antihypertensives be continued on the day of surgery?", True),
        ("How long does it take for antidepressants to work?", True),
        ("Should statins be taken at night?", True),
        # How long a disease or a recovery lasts is its course, not when a treatment is given.
        ("How long do symptoms of flu last?", False),
        ("How long is the recovery after hip replacement?", False),
        ("When should I see a doctor about a headache?", False),
        ("Do antibiotics shorten the duration of a cold?", False),
    ],
)
def test_a_question_on_when_or_how_long_to_treat_is_recognised(question: str, asks: bool) -> None:
    assert asks_timing(question) is asks


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("What are the risks of long-term steroid use?", True),
        ("What are the long-term effects of proton pump inhibitors?", True),
        ("Is long-term benzodiazepine use linked to dementia?", True),
        ("What is the long-term prognosis of multiple sclerosis?", False),
        ("Do statins cause memory loss?", False),
    ],
)
def test_a_question_on_long_term_use_is_recognised(question: str, asks: bool) -> None:
    assert asks_long_term(question) is asks


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("Should newborns be screened for hearing loss?", True),
        ("Does screening for depression in primary care improve outcomes?", True),
        ("How much screen time is safe for toddlers?", False),
        ("Does sunscreen prevent melanoma?", False),
    ],
)
def test_a_question_on_screening_is_recognised(question: str, asks: bool) -> None:
    assert asks_screening(question) is asks


@pytest.mark.parametrize(
    ("question", "facet", "concept"),
    [
        # Words that had become a treatment, or nothing at all.
        ("Is vitamin B12 deficiency common in metformin users?", "condition", "vitamin B12 deficiency"),
        ("Does early rhythm control improve outcomes in atrial fibrillation?", "intervention", "rhythm control"),
        (
            "Does tight glucose control reduce complications in type 1 diabetes?",
            "intervention",
            "intensive glycaemic control",
        ),
        # A kind of heart failure is asked about as itself, not as heart failure in general.
        (
            "What is the prognosis of heart failure with preserved ejection fraction?",
            "condition",
            "heart failure with preserved ejection fraction",
        ),
        ("What is the role of magnesium in asthma exacerbations?", "intervention", "magnesium"),
        ("Is surgery better than casting for wrist fractures in older adults?", "condition", "wrist fracture"),
        ("Is surgery better than casting for wrist fractures in older adults?", "comparison", "cast immobilisation"),
        ("Is vaginal birth after caesarean safe?", "intervention", "vaginal birth after caesarean"),
        ("How often should people with diabetes have eye screening?", "intervention", "eye screening"),
        # A surgery the people are about to have sets the scene, as one they have had does.
        ("Should aspirin be stopped before surgery?", "condition", "surgery"),
        (
            "Does kangaroo mother care reduce mortality in low birth weight infants?",
            "population",
            "low birth weight infants",
        ),
        # Stop 28: each had been read as something broader or as nothing, and records on other things
        # answered (insulin for an insulin pump, 'eggs' in parasitology for egg allergy, mortality for SIDS).
        ("Is insulin pump therapy better than injections in type 1 diabetes?", "intervention", "insulin pump"),
        ("Are hip protectors effective for preventing fractures?", "intervention", "hip protectors"),
        ("When should solid foods be introduced to infants?", "intervention", "complementary feeding"),
        ("Does fasting during Ramadan harm people with diabetes?", "intervention", "Ramadan fasting"),
        ("Is co-sleeping with a baby dangerous?", "intervention", "bed sharing"),
        ("What causes sudden infant death syndrome?", "condition", "sudden infant death syndrome"),
        ("Does early introduction of eggs prevent egg allergy?", "condition", "egg allergy"),
        ("Is testosterone therapy safe for older men?", "intervention", "testosterone therapy"),
        ("Should my child have their tonsils removed?", "intervention", "tonsillectomy"),
        ("What is the best treatment for haemorrhoids?", "condition", "haemorrhoids"),
        ("What is the best treatment for prostate enlargement?", "condition", "benign prostatic hyperplasia"),
        ("Is there a treatment for vascular dementia?", "condition", "vascular dementia"),
        ("What is the best treatment for panic disorder?", "condition", "panic disorder"),
        ("What is the best treatment for plantar warts?", "condition", "warts"),
        ("What is the treatment for bacterial vaginosis?", "condition", "bacterial vaginosis"),
        ("What helps neonatal abstinence syndrome?", "condition", "neonatal abstinence syndrome"),
        ("What are the side effects of the contraceptive implant?", "intervention", "contraceptive implant"),
        ("Is emergency contraception effective?", "intervention", "emergency contraception"),
        ("Does the IUD cause infertility?", "intervention", "intrauterine device"),
        ("Is it safe to fly during pregnancy?", "intervention", "air travel"),
        ("Are growth hormone injections effective for short children?", "condition", "short stature"),
        ("Do people with epilepsy die young?", "outcome", "mortality"),
        ("How effective is the shingles vaccine in older adults?", "condition", "herpes zoster"),
        ("How effective is the shingles vaccine in older adults?", "intervention", "vaccination"),
        ("Is handwashing effective in preventing infections?", "intervention", "hand hygiene"),
        ("How is malaria prevented in travellers?", "population", "travellers"),
        ("Is radioactive iodine safe?", "intervention", "radioactive iodine"),
        ("What helps recovery after bowel surgery?", "intervention", "bowel surgery"),
        ("Is gluten bad for people without coeliac disease?", "intervention", "gluten"),
        ("Does depression come back after treatment?", "outcome", "relapse"),
        ("What helps sciatica?", "condition", "sciatica"),
        ("What helps cocaine dependence?", "condition", "cocaine use disorder"),
        ("Does electric toothbrush use improve gum health?", "intervention", "toothbrushing"),
        ("Is chlorhexidine mouthwash effective for gingivitis?", "condition", "gum disease"),
        ("What helps teething pain in babies?", "condition", "teething"),
        ("Are HPV vaccines safe?", "intervention", "HPV vaccine"),
        ("What is the treatment for heat stroke?", "condition", "heat stroke"),
        ("How should hypothermia be treated?", "condition", "hypothermia"),
        ("What helps a blocked nose in babies?", "condition", "nasal congestion"),
        ("Does vitamin E prevent heart disease?", "intervention", "vitamin E"),
        ("Taking α-tocopheryl acetate with vitamin C reduces prostate cancer.", "intervention", "vitamin E"),
        ("Is a vegan diet healthy for children?", "intervention", "vegan diet"),
        ("What is the best treatment for dry eye disease?", "condition", "dry eye disease"),
        ("What is the treatment of hepatic encephalopathy?", "condition", "hepatic encephalopathy"),
        ("What is the treatment for sickle cell crisis?", "condition", "sickle cell disease"),
        (
            "Is fecal microbiota transplantation effective for Clostridium difficile?",
            "intervention",
            "faecal microbiota transplantation",
        ),
        (
            "Does therapeutic hypothermia improve outcomes after cardiac arrest?",
            "intervention",
            "therapeutic hypothermia",
        ),
        ("What is the role of immunotherapy in melanoma?", "condition", "melanoma"),
        ("Does levetiracetam work for focal epilepsy in children?", "intervention", "levetiracetam"),
        ("What treatments help overactive bladder in women?", "condition", "overactive bladder"),
        ("Does pre-exposure prophylaxis prevent HIV infection?", "intervention", "pre-exposure prophylaxis"),
        ("Do bed nets reduce malaria in children?", "intervention", "insecticide-treated bed nets"),
        ("Does the measles vaccine cause autism?", "intervention", "MMR vaccine"),
        ("Do direct-acting antivirals cure hepatitis C?", "intervention", "direct-acting antivirals"),
        ("Is nasal irrigation helpful for chronic sinusitis?", "intervention", "nasal irrigation"),
        ("Does dexamethasone reduce mortality in COVID-19?", "intervention", "dexamethasone"),
        ("Does chewing gum after surgery speed recovery of bowel function?", "intervention", "chewing gum"),
        ("Does chewing gum after surgery speed recovery of bowel function?", "condition", "postoperative ileus"),
        ("Does early feeding after colorectal surgery reduce complications?", "intervention", "early enteral feeding"),
        ("Is breakfast important for school performance?", "intervention", "breakfast"),
        ("Do energy drinks harm teenagers' hearts?", "intervention", "energy drinks"),
        ("Are antibiotics needed for people with heart conditions?", "condition", "cardiovascular disease"),
        ("Does catheter ablation work better than drugs for atrial fibrillation?", "intervention", "catheter ablation"),
        ("Does spironolactone help resistant hypertension?", "intervention", "spironolactone"),
        ("Are needle exchange programmes effective?", "intervention", "needle and syringe programmes"),
        ("Does gambling therapy work?", "condition", "gambling disorder"),
        ("Does text messaging improve medication adherence?", "intervention", "text messaging"),
        ("Does motivational interviewing reduce alcohol use?", "intervention", "motivational interviewing"),
        ("Does naloxone distribution reduce overdose deaths?", "condition", "drug overdose"),
        ("What is the treatment for hip dysplasia in babies?", "condition", "developmental dysplasia of the hip"),
        ("Is physical activity good for children's mental health?", "outcome", "mental health"),
        ("Does swaddling reduce crying?", "intervention", "swaddling"),
        ("How is nausea from chemotherapy prevented?", "condition", "chemotherapy-induced nausea and vomiting"),
    ],
)
def test_clinical_phrases_name_their_own_concepts(question: str, facet: str, concept: str) -> None:
    assert concept in {t.concept for t in getattr(analyse(question), facet)}


def test_a_vitamin_deficiency_is_not_the_vitamin_given() -> None:
    facets = analyse("Is vitamin B12 deficiency common in metformin users?")
    assert [t.concept for t in facets.intervention] == ["metformin"]


def test_reducing_complications_is_a_benefit_asked_for() -> None:
    assert (
        analyse("Does tight glucose control reduce complications in type 1 diabetes?").question_type
        is QuestionType.THERAPY
    )
    assert analyse("What are the complications of gastric bypass?").question_type is QuestionType.HARM


def test_low_birth_weight_names_the_babies_or_the_outcome_as_the_question_does() -> None:
    """'low birth weight infants' are who is asked about; 'cause low birth weight' asks about an outcome."""
    babies = analyse("Does kangaroo mother care reduce mortality in low birth weight infants?")
    assert "pregnancy outcomes" not in {t.concept for t in babies.outcome}
    assert "pregnancy outcomes" in {t.concept for t in analyse("Does smoking cause low birth weight?").outcome}


def test_a_treatment_about_to_be_had_is_no_treatment_asked_about() -> None:
    assert [t.concept for t in analyse("Should aspirin be stopped before surgery?").intervention] == ["aspirin"]


def test_a_condition_the_people_do_not_have_is_kept_apart_from_the_facets() -> None:
    facets = analyse("Is a gluten-free diet necessary for people without coeliac disease?")
    assert [t.concept for t in facets.absent] == ["coeliac disease"]
    assert not facets.condition
    assert not analyse("Is a gluten-free diet necessary in coeliac disease?").absent
    # 'non' makes a word of people absent, not a name of several words.
    assert [t.concept for t in analyse("Does metformin help non-diabetic adults lose weight?").absent] == ["diabetes"]
    fractures = analyse("Risedronate increases risk of vertebral and non-vertebral fractures.")
    assert not fractures.absent
    assert [t.concept for t in fractures.condition] == ["fracture"]


@pytest.mark.parametrize(
    ("question", "facet", "concept"),
    [
        # Having a baby makes a mother postpartum; the baby is not who is asked about.
        ("Is it normal to feel sad after having a baby?", "population", "postpartum women"),
        ("How should a dog bite be treated?", "condition", "animal bites"),
        ("Are vaginal oestrogens safe after breast cancer?", "intervention", "vaginal oestrogen"),
        # A kidney transplant is not dialysis; the two kinds of dialysis are concepts of their own.
        ("Is a kidney transplant better than staying on dialysis?", "intervention", "kidney transplantation"),
        ("Is peritoneal dialysis safe?", "intervention", "peritoneal dialysis"),
        # Names that had fallen apart into plain words, or into a broader concept.
        ("How is idiopathic intracranial hypertension treated?", "condition", "idiopathic intracranial hypertension"),
        ("What is the treatment for cluster headache?", "condition", "cluster headache"),
        ("Can epilepsy drugs harm the unborn baby?", "population", "pregnant women"),
        ("Can epilepsy drugs harm the unborn baby?", "intervention", "antiepileptic drugs"),
        ("What are the risks of twin pregnancy?", "condition", "multiple pregnancy"),
        ("Do artificial sweeteners cause weight gain?", "intervention", "artificial sweeteners"),
        ("Is loneliness linked to early death?", "intervention", "social isolation"),
        ("Does maternal diabetes cause birth defects?", "outcome", "congenital anomalies"),
        ("How is a broken hip treated in older people?", "condition", "hip fracture"),
        ("Does early goal-directed therapy improve sepsis survival?", "intervention", "early goal-directed therapy"),
        (
            "In ICU patients, does selective digestive decontamination reduce mortality?",
            "intervention",
            "selective digestive decontamination",
        ),
        ("In children with ADHD, does methylphenidate improve school performance?", "outcome", "academic performance"),
        ("For infants with bronchiolitis, is high-flow oxygen beneficial?", "intervention", "oxygen therapy"),
        ("Can you die from a migraine?", "outcome", "mortality"),
        ("What is the chance of a second miscarriage?", "condition", "recurrent miscarriage"),
        ("How reliable are home pregnancy tests?", "intervention", "pregnancy test"),
    ],
)
def test_everyday_names_of_people_conditions_and_treatments(question: str, facet: str, concept: str) -> None:
    facets = analyse(question)
    assert [t.concept for t in getattr(facets, facet)] == [concept]
    if "baby" in question:  # a mother having one, or one not yet born, is no infant asked about
        assert "infants" not in {t.concept for t in facets.population}


def test_parents_who_have_the_disease_are_not_caregivers() -> None:
    assert "caregivers" not in {
        t.concept for t in analyse("What is the risk of MS in children of parents with MS?").population
    }
    assert "caregivers" in {
        t.concept for t in analyse("How can parents of children with autism be supported?").population
    }


def test_an_exposure_to_give_up_is_what_treatment_is_judged_on() -> None:
    """ "What helps people stop drinking alcohol?" asks for treatments; drinking is their outcome (stop 28)."""
    facets = analyse("What helps people stop drinking alcohol?")
    assert (_names(facets, "intervention"), _names(facets, "outcome")) == (set(), {"alcohol consumption"})
    assert _names(analyse("Does naltrexone help people give up alcohol?"), "outcome") == {"alcohol consumption"}
    # Named as a cause, it stays the exposure asked about.
    assert _names(analyse("Does alcohol cause breast cancer?"), "intervention") == {"alcohol consumption"}


@pytest.mark.parametrize(
    ("question", "intervention", "outcome"),
    [
        # What the question opens with, before a verb of benefit, is what it asks about (stop 28).
        ("Does walking help with depression?", {"gait"}, set()),
        ("Is walking good for back pain?", {"gait"}, set()),
        ("Does sleep help memory?", {"sleep"}, {"memory"}),
        # Followed by what changes it, it stays the outcome; after a treatment, too.
        ("Does balance improve with training?", set(), {"balance"}),
        ("Does yoga improve balance?", {"yoga"}, {"balance"}),
    ],
)
def test_an_outcome_the_question_opens_with_is_what_it_asks_about(
    question: str, intervention: set[str], outcome: set[str]
) -> None:
    facets = analyse(question)
    assert (_names(facets, "intervention"), _names(facets, "outcome")) == (intervention, outcome)


def test_the_cue_of_a_drug_asked_for_leaves_the_word_to_search() -> None:
    """'drug for' makes a therapy question, but a cue's words are no search words: the cue is 'for' alone,
    so a claim on "Medications to treat obesity" keeps 'medications' (stop 28)."""
    assert "medications" in analyse("Medications to treat obesity are highly effective.").other_terms
    assert "drug" in analyse("What is the best first drug for type 2 diabetes?").other_terms


def test_a_name_made_something_else_gives_a_question_no_type() -> None:
    """'fruit flies' is no air travel, and in a question gives no etiology cue either (stop 28)."""
    facets = analyse("Does rapamycin delay ageing in fruit flies?")
    assert "air travel" not in {t.concept for t in facets.all_terms()}
    assert facets.question_type is not QuestionType.ETIOLOGY
    assert analyse("Is it safe to fly during pregnancy?").question_type is QuestionType.ETIOLOGY


def test_the_cause_of_a_symptom_is_not_its_treatment() -> None:
    """'nausea from chemotherapy' had made chemotherapy the intervention asked about (stop 29)."""
    assert analyse("How is nausea from chemotherapy prevented?").intervention == []


def test_a_salt_of_another_drug_is_not_dimethyl_fumarate() -> None:
    """'fumarates' named dimethyl fumarate, so tenofovir disoproxil fumarate read as an MS drug (stop 29)."""
    facets = analyse("Does tenofovir disoproxil fumarate prevent HIV infection?")
    assert "dimethyl fumarate" not in {t.concept for t in facets.intervention}


def test_an_operation_named_after_in_is_the_setting_not_a_treatment_asked_about() -> None:
    """'blood loss in knee replacement' had made knee replacement a second intervention, so knee
    arthroplasty technique papers were direct evidence on tranexamic acid (stop 29)."""
    facets = analyse("Does tranexamic acid reduce blood loss in knee replacement?")
    assert [t.concept for t in facets.intervention] == ["tranexamic acid"]
    assert "knee replacement" in {t.concept for t in facets.condition}
    # 'in combination with' is no setting: both treatments stay asked about.
    both = analyse("Is CBT effective in combination with antidepressants?")
    assert {t.concept for t in both.intervention} == {"cognitive behavioural therapy", "antidepressants"}
