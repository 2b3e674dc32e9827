"""Applicability verdicts: direct, indirect with a reason a clinician can check, or off-topic.

The records are small, written for these tests, each standing for a kind of search hit an MS
physiotherapy question meets; the last tests run the real MS trial-registry and PubMedQA
records through the same rules.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bedside.appraise.applicability import CLOSE_SENTENCE, PARTLY_NAMED, RESTATES, assess, judge
from bedside.appraise.question import compile_facets
from bedside.models import Facets, FacetTerm, Kind, MeshHeading, Record, Section, Verdict
from bedside.search.facets import analyse
from bedside.sources import detect

MS = FacetTerm(
    concept="multiple sclerosis", matched="MS", synonyms=["MS", "disseminated sclerosis"], mesh="Multiple Sclerosis"
)
PHYSIO = FacetTerm(
    concept="physical therapy",
    matched="physio",
    synonyms=["physiotherapy", "exercise therapy", "rehabilitation"],
    mesh="Physical Therapy Modalities",
)
COORDINATION = FacetTerm(
    concept="coordination", matched="coordination", synonyms=["ataxia", "balance", "motor coordination"], mesh="Ataxia"
)
OLDER = FacetTerm(concept="older adults", matched="older people", synonyms=["elderly"], mesh="Aged")
CHILDREN = FacetTerm(concept="children", matched="kids", synonyms=["paediatric"], mesh="Child")
PREGNANT = FacetTerm(concept="pregnancy", matched="pregnant", synonyms=["pregnant women"], mesh="Pregnancy")

PHYSIO_Q = Facets(
    question="Does physiotherapy improve coordination in MS?",
    condition=[MS],
    intervention=[PHYSIO],
    outcome=[COORDINATION],
)
COORDINATION_Q = Facets(question="How is poor coordination managed in MS?", condition=[MS], outcome=[COORDINATION])


def record(
    title: str, abstract: str, mesh: list[MeshHeading] | None = None, kind: Kind = Kind.OTHER, rid: str = "r1"
) -> Record:
    return Record(id=rid, title=title, sections=[Section(text=abstract)], mesh=mesh or [], kind=kind)


def tag(name: str, major: bool = False, *qualifiers: str) -> MeshHeading:
    return MeshHeading(descriptor=name, major=major, qualifiers=list(qualifiers))


BALANCE_RCT = record(
    "Home balance training for people with multiple sclerosis: a randomised controlled trial",
    "Sixty ambulatory adults with relapsing-remitting MS were randomised to twelve weeks of physiotherapy-led "
    "balance exercises or usual care. Balance and gait improved more with training.",
    [tag("Multiple Sclerosis", True, "rehabilitation"), tag("Exercise Therapy", True, "methods"), tag("Adult")],
    Kind.TRIAL_REPORT,
)
ONCOLOGY_GUIDELINE = record(
    "Exercise recommendations for children with cancer: a clinical practice guideline",
    "Physical therapy and exercise during and after treatment for childhood cancer are safe. Programmes should "
    "include aerobic, strength and balance components adapted to the child.",
    [
        tag("Neoplasms", True, "rehabilitation"),
        tag("Exercise Therapy", True, "standards"),
        tag("Child"),
        tag("Adolescent"),
        tag("Practice Guidelines as Topic"),
    ],
    Kind.GUIDELINE,
)
BACLOFEN_TRIAL = record(
    "Oral baclofen compared with tizanidine for spasticity in multiple sclerosis",
    "In a double-blind crossover trial, 40 people with MS and leg spasticity took baclofen or tizanidine for "
    "four weeks each. Both reduced Ashworth scores; tizanidine caused more dry mouth.",
    [tag("Multiple Sclerosis", True, "drug therapy"), tag("Baclofen", True, "therapeutic use"), tag("Adult")],
    Kind.TRIAL_REPORT,
)
CARDIOLOGY = record(
    "High-intensity statin therapy after acute myocardial infarction",
    "Among 4,000 patients discharged after myocardial infarction, high-intensity statins lowered LDL cholesterol "
    "and major cardiovascular events over two years.",
    [tag("Myocardial Infarction", True, "drug therapy"), tag("Hydroxymethylglutaryl-CoA Reductase Inhibitors")],
    Kind.TRIAL_REPORT,
)


@pytest.mark.parametrize(
    ("facets", "rec", "verdict", "reason"),
    [
        (PHYSIO_Q, BALANCE_RCT, Verdict.DIRECT, ""),
        (PHYSIO_Q, ONCOLOGY_GUIDELINE, Verdict.INDIRECT, "population: children with cancer, not multiple sclerosis"),
        (
            COORDINATION_Q,
            BACLOFEN_TRIAL,
            Verdict.INDIRECT,
            "intervention: spasticity drugs, not coordination management",
        ),
        (
            PHYSIO_Q,
            BACLOFEN_TRIAL,
            Verdict.INDIRECT,
            "intervention: spasticity drugs, not physical therapy for coordination",
        ),
        (
            PHYSIO_Q,
            CARDIOLOGY,
            Verdict.OFF_TOPIC,
            "does not mention multiple sclerosis, physical therapy or coordination",
        ),
        (COORDINATION_Q, CARDIOLOGY, Verdict.OFF_TOPIC, "does not mention multiple sclerosis or coordination"),
    ],
    ids=[
        "ms-balance-rct",
        "paediatric-oncology-guideline",
        "baclofen-coordination",
        "baclofen-physio",
        "cardiology",
        "cardiology-2",
    ],
)
def test_verdicts_for_an_ms_question(facets: Facets, rec: Record, verdict: Verdict, reason: str) -> None:
    result = assess(rec, facets)
    assert (result.verdict, result.reason) == (verdict, reason)


def test_matched_and_missing_list_the_concepts() -> None:
    assert assess(BALANCE_RCT, PHYSIO_Q).matched == ["multiple sclerosis", "physical therapy", "coordination"]
    guideline = assess(ONCOLOGY_GUIDELINE, PHYSIO_Q)
    assert guideline.matched == ["physical therapy", "coordination"]
    assert guideline.missing == ["multiple sclerosis"]
    baclofen = assess(BACLOFEN_TRIAL, COORDINATION_Q)
    assert (baclofen.matched, baclofen.missing) == (["multiple sclerosis"], ["coordination"])
    assert assess(CARDIOLOGY, PHYSIO_Q).matched == []


def test_a_spasticity_drug_trial_that_measures_the_outcome_is_not_drift() -> None:
    """The question asks about coordination; a drug trial reporting ataxia does speak to it."""
    rec = record(
        "Baclofen in multiple sclerosis",
        "Baclofen reduced spasticity; ataxia scores did not change.",
        [tag("Multiple Sclerosis", True)],
    )
    assert assess(rec, COORDINATION_Q).verdict is Verdict.DIRECT


def test_a_record_on_the_condition_about_something_else_is_indirect() -> None:
    rec = record("MRI lesion load in multiple sclerosis", "Lesion volume grew by 5% a year.", [tag("Adult")])
    result = assess(rec, COORDINATION_Q)
    assert (result.verdict, result.reason) == (Verdict.INDIRECT, "outcome: not about coordination")


VARENICLINE_Q = "How effective is varenicline for smoking cessation?"
CAP_Q = "What is the first-line treatment for community-acquired pneumonia in adults?"


@pytest.mark.parametrize(
    ("question", "title", "abstract", "verdict", "reason"),
    [
        # 'varenicline for smoking cessation' asks about varenicline; smoking cessation is what it is
        # judged on, so a title naming that aim names no other treatment.
        (
            VARENICLINE_Q,
            "Pharmacological interventions for smoking cessation: an overview and network meta-analysis",
            "Varenicline increased the odds of quitting compared with placebo (OR 2.88).",
            Verdict.DIRECT,
            "",
        ),
        # Advice to stop smoking in a screening guideline is no evidence on varenicline.
        (
            VARENICLINE_Q,
            "Screening for lung cancer: recommendation statement",
            "Screening should be discontinued once a person has not smoked for 15 years. Smoking cessation "
            "counselling remains a high priority.",
            Verdict.INDIRECT,
            "intervention: not about varenicline",
        ),
        (
            VARENICLINE_Q,
            "Long-term efficacy of nicotine replacement therapy for smoking cessation in adolescents",
            "At 12 months 5.7% of the placebo patch group were abstinent.",
            Verdict.INDIRECT,
            "intervention: nicotine replacement therapy, not varenicline for smoking cessation",
        ),
        # Pneumonia has kinds: a record on the one asked about is direct ...
        (
            CAP_Q,
            "Antibiotics for community-acquired pneumonia in adult outpatients",
            "In a randomised trial, amoxicillin treatment cured 90%.",
            Verdict.DIRECT,
            "",
        ),
        # ... one on pneumonia in general is indirect, not dropped ...
        (
            CAP_Q,
            "Pneumonia in nursing homes",
            "In a randomised trial, professional oral care lowered the rate of pneumonia.",
            Verdict.INDIRECT,
            "population: pneumonia in general, not community-acquired pneumonia",
        ),
        # ... and one on another kind is on other patients.
        (
            CAP_Q,
            "Nebulised heparin in mechanically ventilated patients",
            "In a randomised trial, heparin treatment did not prevent ventilator-associated pneumonia.",
            Verdict.INDIRECT,
            "population: ventilator-associated pneumonia, not community-acquired pneumonia",
        ),
        (CAP_Q, "Heart failure clinics", "Nurse-led clinics cut readmissions.", Verdict.OFF_TOPIC, None),
    ],
)
def test_verdicts_on_aims_and_kinds_of_conditions(
    question: str, title: str, abstract: str, verdict: Verdict, reason: str | None
) -> None:
    result = assess(record(title, abstract), analyse(question))
    assert result.verdict is verdict
    assert reason is None or result.reason == reason


def test_a_class_the_asked_treatment_belongs_to_is_the_treatment_in_general() -> None:
    """A review of smoking-cessation drugs is on nicotine replacement therapy among others, not on another."""
    rec = record(
        "Pharmacological interventions for smoking cessation: an overview and network meta-analysis",
        "Nicotine replacement therapy increased the odds of quitting compared with placebo (OR 1.84).",
    )
    result = assess(rec, analyse("Does nicotine replacement therapy help smokers quit?"))
    assert (result.verdict, result.reason) == (
        Verdict.INDIRECT,
        "intervention: smoking cessation in general, not nicotine replacement therapy in particular",
    )


def test_an_untitled_review_of_a_class_that_is_mostly_the_asked_member_is_on_it() -> None:
    """Cochrane's antiplatelet agents for pre-eclampsia: nearly every trial gave low-dose aspirin."""
    question = analyse("Does aspirin reduce the risk of pre-eclampsia?")
    review = (
        "Seventy trials of antiplatelet agents were included. Antiplatelet agents reduced pre-eclampsia "
        "(RR 0.82). Antiplatelet agents were well tolerated. Low-dose aspirin alone was the intervention in the "
        "large trials. Aspirin slightly increased postpartum haemorrhage. Higher doses of aspirin may work better. "
        "Antiplatelet agents are a reasonable choice."
    )
    assert assess(record("", review), question).verdict is Verdict.DIRECT
    # Named once, the member is one among the class: the review is on the class in general.
    once = review.replace(
        "Aspirin slightly increased postpartum haemorrhage. Higher doses of aspirin may work better. ", ""
    )
    assert assess(record("", once), question).reason == (
        "intervention: antiplatelet drugs in general, not aspirin in particular"
    )


def test_a_short_question_needs_a_record_that_answers_what_it_asks() -> None:
    """'Is MS hereditary?': an MS record silent on inheritance is not an answer; one on familial risk is."""
    question = analyse("Is multiple sclerosis hereditary?")
    silent = record("Disability in multiple sclerosis", "Disability rose over ten years in multiple sclerosis.")
    rare = {"hereditary"}  # in few records of the library
    assert assess(silent, question, specific=rare).reason == "subject: does not mention hereditary"
    familial = record("Familial risk of multiple sclerosis", "Siblings of people with multiple sclerosis were at risk.")
    assert assess(familial, question, specific=rare).verdict is Verdict.DIRECT


ROTATOR_Q = "Is surgery better than physiotherapy for rotator cuff tears?"


@pytest.mark.parametrize(
    ("title", "abstract"),
    [
        # An arthroscopic repair is surgery (a kind of it), whatever the title measures it by.
        (
            "Does an arthroscopic suture bridge technique maintain repair integrity? A serial evaluation by "
            "ultrasonography",
            "Arthroscopic repair of rotator cuff tears achieved a low retear rate at two years after surgery.",
        ),
        # Untitled: the question's own family (manual therapy, exercise) is its treatment, and the
        # injection it was compared with is no louder.
        (
            "",
            "We included trials of manual therapy and exercise for rotator cuff disease. Manual therapy and "
            "exercise were compared with glucocorticoid injection in two trials and with surgery in one. "
            "Exercise improved function; glucocorticoid injection gave short-term relief.",
        ),
    ],
)
def test_kinds_and_the_own_family_of_the_asked_treatments_are_the_treatment(title: str, abstract: str) -> None:
    result = assess(record(title, abstract), analyse(ROTATOR_Q))
    assert (result.verdict, result.reason) == (Verdict.DIRECT, "")


def test_who_the_people_are_must_be_named() -> None:
    """Caffeine as an analgesic adjuvant does not answer "Does caffeine improve performance in athletes?"."""
    facets = analyse("Does caffeine improve performance in athletes?")
    pain = record("Caffeine as an analgesic adjuvant", "Caffeine 100 mg added to analgesics improved pain relief.")
    sport = record("Caffeine and endurance", "In trained athletes, caffeine improved cycling time-trial performance.")
    assert (assess(pain, facets).verdict, assess(pain, facets).reason) == (
        Verdict.INDIRECT,
        "population: not athletes; subject: does not mention performance",
    )
    assert assess(sport, facets).verdict is Verdict.DIRECT
    # Where people are treated is no such limit: a trial outside primary care still speaks to it.
    clinic = analyse("Does metformin help type 2 diabetes in primary care?")
    trial = record("Metformin in type 2 diabetes", "Metformin lowered HbA1c by 1% in a randomised trial.")
    assert assess(trial, clinic).verdict is Verdict.DIRECT


HRT_Q = "Does hormone replacement therapy increase the risk of breast cancer?"


@pytest.mark.parametrize(
    ("abstract", "verdict", "reason"),
    [
        # Recorded among the patients' characteristics: not what the study looked at.
        (
            "Patient characteristics including age at diagnosis, use of oral contraceptives and hormone "
            "replacement therapy, and BRCA mutation status were recorded. The risk of triple-negative breast "
            "cancer was higher in BRCA1 carriers.",
            Verdict.INDIRECT,
            "intervention: hormone replacement therapy named only as a covariate, not studied",
        ),
        # Named once, as a finding: the study speaks to it.
        (
            "The risk of breast cancer was higher in women who had used hormone replacement therapy (RR 1.66).",
            Verdict.DIRECT,
            "",
        ),
        # A finding after an adjustment: the list of what was adjusted for ends before it.
        (
            "After adjustment for age, the risk of breast cancer was higher only in women who had used "
            "hormone replacement therapy.",
            Verdict.DIRECT,
            "",
        ),
    ],
)
def test_a_treatment_named_once_as_a_covariate_is_not_studied(abstract: str, verdict: Verdict, reason: str) -> None:
    rec = record("Clinical and pathologic characteristics of BRCA-positive and BRCA-negative breast cancer", abstract)
    result = assess(rec, analyse(HRT_Q))
    assert (result.verdict, result.reason) == (verdict, reason)


def test_the_question_naming_the_family_is_not_drift() -> None:
    """Exercise evidence is what a physiotherapy question asks for, whatever words it uses."""
    rec = record(
        "Aerobic exercise in multiple sclerosis",
        "Cycling exercise three times a week improved fatigue in MS. Exercise was well tolerated.",
    )
    assert assess(rec, PHYSIO_Q).reason == ""


@pytest.mark.parametrize(
    ("population", "rec", "reason"),
    [
        (
            OLDER,
            record(
                "Balance in paediatric multiple sclerosis",
                "Children with MS had worse balance than controls.",
                [tag("Multiple Sclerosis", True), tag("Child"), tag("Adolescent")],
            ),
            "population: children and adolescents, not older adults",
        ),
        (
            CHILDREN,
            record(
                "Balance training in multiple sclerosis",
                "Adults with MS improved their balance after physiotherapy.",
                [tag("Multiple Sclerosis", True), tag("Adult"), tag("Middle Aged")],
            ),
            "population: adults, not children",
        ),
        (
            CHILDREN,
            # No MeSH: the age group is read from the words, twice in the abstract.
            record(
                "Balance training in multiple sclerosis",
                "Older adults with MS did balance exercises. Older adults found the programme acceptable.",
            ),
            "population: older adults, not children",
        ),
        (
            PREGNANT,
            record("Balance in multiple sclerosis", "Adults with MS had poor balance.", [tag("Adult")]),
            "population: adults, not pregnancy",
        ),
        (
            PREGNANT,
            record("Balance in multiple sclerosis", "Balance was poor in MS."),
            "population: not pregnancy",
        ),
        (
            OLDER,
            record(
                "Balance in multiple sclerosis across the lifespan",
                "Balance was measured in MS.",
                [tag("Multiple Sclerosis", True), tag("Adolescent"), tag("Adult"), tag("Aged")],
            ),
            "",
        ),
    ],
    ids=["children-for-older", "adults-for-children", "words-not-mesh", "not-pregnant", "no-one-named", "mixed-ages"],
)
def test_population_mismatch(population: FacetTerm, rec: Record, reason: str) -> None:
    facets = Facets(question="q", condition=[MS], population=[population], outcome=[COORDINATION])
    result = assess(rec, facets)
    assert result.reason == reason
    assert result.verdict is (Verdict.INDIRECT if reason else Verdict.DIRECT)


def test_a_pregnancy_record_is_indirect_for_a_question_not_about_pregnancy() -> None:
    rec = record(
        "Balance and falls during pregnancy in women with multiple sclerosis",
        "Pregnant women with MS reported more falls.",
        [tag("Multiple Sclerosis", True), tag("Pregnancy"), tag("Adult")],
    )
    result = assess(rec, COORDINATION_Q)
    assert result.reason == "population: pregnant women, not the question's population"


def test_a_question_on_an_obstetric_subject_is_about_pregnancy() -> None:
    """Miscarriage, birth weight: pregnancy studies are these questions' own population."""
    miscarriage = analyse("Is the suicide rate in women higher after miscarriage than after live birth?")
    rec = record(
        "Suicides after pregnancy in Finland, 1987-94: register linkage study",
        "Pregnancy outcomes of 73 women who died by suicide were linked: the suicide rate after a miscarriage "
        "was higher than after a birth.",
        [tag("Pregnancy", True), tag("Suicide", True), tag("Female")],
    )
    assert "pregnant women" not in assess(rec, miscarriage).reason
    # The same record for a question that is not about pregnancy stays indirect.
    other = analyse("Is the suicide rate in women higher in winter?")
    assert "population: pregnant women" in assess(rec, other).reason


def test_a_pregnancy_trial_that_follows_up_infants_is_on_infants() -> None:
    facets = analyse("Does fish oil supplementation reduce allergies in infants?")
    rec = record(
        "Fish oil supplementation in pregnancy and allergies of infants: a randomised trial",
        "Pregnant women took fish oil or placebo; their infants were followed for one year and infants in the "
        "fish oil group had fewer allergies.",
        [tag("Pregnancy", True), tag("Infant")],
    )
    assert "pregnant women" not in assess(rec, facets).reason
    adults = analyse("Does fish oil supplementation reduce allergies in adults?")
    assert "population: pregnant women" in assess(rec, adults).reason


def test_age_is_not_judged_when_the_question_does_not_state_it() -> None:
    rec = record(
        "Balance in paediatric multiple sclerosis", "Balance was poor.", [tag("Multiple Sclerosis", True), tag("Child")]
    )
    assert assess(rec, COORDINATION_Q).verdict is Verdict.DIRECT


def test_abbreviations_are_case_sensitive_other_names_are_not() -> None:
    facets = Facets(
        question="balance in MS",
        condition=[FacetTerm(concept="multiple sclerosis", matched="MS", synonyms=["MS"])],
        outcome=[COORDINATION],
    )
    milliseconds = record("Reaction time and balance", "Reaction time was 40 ms slower; balance was normal.")
    assert assess(milliseconds, facets).missing == ["multiple sclerosis"]
    shouted = record("BALANCE IN PEOPLE WITH MULTIPLE SCLEROSIS", "")
    assert assess(shouted, facets).verdict is Verdict.DIRECT
    plural_abbreviation = record("Balance in two MSs cohorts", "")
    assert assess(plural_abbreviation, facets).matched == ["multiple sclerosis", "coordination"]


@pytest.mark.parametrize(
    ("name", "text", "found"),
    [
        ("randomized trial", "Two randomized trials were pooled.", True),
        ("therapy", "Combination therapies were compared.", True),
        ("balance", "Balances between cost and benefit.", True),
        ("balance", "Imbalance was common.", False),
        ("gait", "Gaits differed.", True),
        ("spasticity drug", "Several spasticity drugs exist.", True),
        ("ataxia", "Ataxic gait was seen.", False),
        ("multiple sclerosis", "multiple-sclerosis cohort", True),
        # A negated name is another thing: non-small cell lung cancer is not small cell lung cancer.
        ("small cell lung cancer", "Patients with non-small cell lung cancer.", False),
        ("small cell lung cancer", "Patients with non small cell lung cancer.", False),
        ("small cell lung cancer", "Limited-stage small cell lung cancer.", True),
        ("lung cancer", "Patients with non-small cell lung cancer.", True),
        # What is like a thing is not that thing (a cannabinoid drug in rats).
        ("benzodiazepines", "In rats the inhibitors exhibit benzodiazepine-like properties.", False),
        ("benzodiazepines", "Drugs like benzodiazepines were avoided.", True),
        # A longer name of another thing holds the name (the vocabulary's `not_within`).
        ("cough", "Infants with whooping cough were admitted.", False),
        ("cough", "Whooping-cough vaccination and chronic cough in adults.", True),
        ("hypertension", "Sildenafil in pulmonary arterial hypertension.", False),
        ("hypertension", "Pulmonary hypertension and systemic hypertension were recorded.", True),
        ("stress", "Markers of oxidative stress and ER-stress in rats.", False),
        ("stress", "Stress fractures in military recruits.", False),
        ("stress", "Mindfulness lowered stress in nurses.", True),
        ("fever", "Yellow fever vaccine in travellers.", False),
        ("depression", "Opioid-induced respiratory depression after surgery.", False),
        ("exercise", "Exercise capacity after a beta blocker.", False),
        ("exercise", "Supervised exercise improved exercise capacity.", True),
    ],
)
def test_word_boundaries_and_plural_folding(name: str, text: str, found: bool) -> None:
    facets = Facets(question=name, condition=[FacetTerm(concept=name, matched=name)])
    assert (assess(record("", text), facets).verdict is Verdict.DIRECT) is found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("The insulin sensitivity index fell with parity.", False),
        ("Insulin resistance and insulin-secretion were measured.", False),
        ("Women on insulin had fewer large babies.", True),
        ("Insulin therapy was started at 20 weeks.", True),
    ],
)
def test_a_treatment_named_as_a_measurement_is_not_given(text: str, found: bool) -> None:
    """A parity study's "insulin sensitivity index" made it direct research on metformin versus insulin."""
    facets = analyse("Is metformin better than insulin for gestational diabetes?")
    insulin = next(t for t in compile_facets(facets).intervention if t.concept == "insulin")
    assert insulin.found(text, text.lower()) is found


def test_condition_can_be_matched_through_mesh_only() -> None:
    rec = record("Balance training outcomes", "Participants improved.", [tag("Multiple Sclerosis", True)])
    assert assess(rec, COORDINATION_Q).verdict is Verdict.DIRECT


def test_population_subject_from_mesh_when_the_title_says_nothing() -> None:
    rec = record(
        "Outcomes of a balance programme",
        "Balance improved after the programme.",
        [
            tag("Exercise Therapy", True, "methods"),
            tag("Parkinson Disease", True, "rehabilitation"),
            tag("Aged"),
            tag("Humans"),
        ],
    )
    assert assess(rec, COORDINATION_Q).reason == "population: Parkinson disease, not multiple sclerosis"


def test_population_subject_from_a_patients_phrase_in_the_title() -> None:
    rec = record("Falls and balance in stroke patients", "Balance predicted falls.")
    assert assess(rec, COORDINATION_Q).reason == "population: stroke patients, not multiple sclerosis"


def test_population_reason_without_a_recognisable_subject() -> None:
    rec = record("Balance outcomes", "Balance improved.", [tag("Knee"), tag("Humans")])
    assert assess(rec, COORDINATION_Q).reason == "population: not multiple sclerosis"


@pytest.mark.parametrize(
    ("text", "verdict"),
    [
        ("Vitamin D and fatigue in sleep disorders.", Verdict.DIRECT),
        ("Vitamin D levels and fatigue.", Verdict.DIRECT),
        ("Vitamin D levels in winter.", Verdict.OFF_TOPIC),
    ],
)
def test_free_words_only(text: str, verdict: Verdict) -> None:
    facets = Facets(question="vitamin d fatigue sleep", other_terms=["vitamin D", "fatigue", "sleep"])
    result = assess(record(text, ""), facets)
    assert result.verdict is verdict
    if verdict is Verdict.OFF_TOPIC:
        assert result.reason == "mentions 1 of 3 question words; not fatigue or sleep"


def test_no_facets_and_no_words_cannot_be_judged() -> None:
    assert assess(CARDIOLOGY, Facets(question="?")).verdict is Verdict.DIRECT


def test_question_without_condition_is_judged_on_intervention_and_outcome() -> None:
    facets = Facets(question="physio for balance", intervention=[PHYSIO], outcome=[COORDINATION])
    assert assess(ONCOLOGY_GUIDELINE, facets).verdict is Verdict.DIRECT
    assert assess(CARDIOLOGY, facets).reason == "does not mention physical therapy or coordination"


def ms_registry(shared_data: Path) -> list[Record]:
    path = shared_data / "ctgov-ms" / "corpus.jsonl"
    return [item for item in detect.open_items(path) if isinstance(item, Record)]


@pytest.mark.shared
def test_real_ms_registry_records_that_name_ms_are_never_off_topic(shared_data: Path) -> None:
    records = ms_registry(shared_data)
    assert len(records) > 500
    results = [(r, assess(r, COORDINATION_Q)) for r in records]
    for rec, result in results:
        names_ms = "multiple sclerosis" in rec.title.lower() or "multiple sclerosis" in rec.abstract.lower()
        if names_ms:
            assert result.verdict is not Verdict.OFF_TOPIC, rec.id
            assert "multiple sclerosis" in result.matched
        if result.verdict is not Verdict.DIRECT:
            assert result.reason, rec.id
        assert set(result.matched) | set(result.missing) == {"multiple sclerosis", "coordination"}
    assert any(r.verdict is Verdict.DIRECT for _, r in results)
    assert any(r.reason == "intervention: spasticity drugs, not coordination management" for _, r in results)


@pytest.mark.shared
def test_real_ms_registry_spasticity_trial(shared_data: Path) -> None:
    """A registered nabiximols (Sativex) spasticity trial in MS, read from the shared registry."""
    records = [r for r in ms_registry(shared_data) if "sativex" in r.title.lower() or "nabiximols" in r.title.lower()]
    assert records, "expected at least one nabiximols/Sativex registration in ctgov-ms"
    spasticity = [r for r in records if "spasticity" in r.title.lower()]
    for rec in spasticity:
        result = assess(rec, COORDINATION_Q)
        if "coordination" not in result.matched:
            assert result.reason.startswith("intervention: spasticity drugs"), (rec.id, result.reason)


@pytest.mark.shared
def test_real_pubmedqa_records_are_mostly_off_topic_for_an_ms_question(shared_data: Path) -> None:
    path = shared_data / "pubmedqa" / "corpus.jsonl"
    records = [item for item in detect.open_items(path) if isinstance(item, Record)]
    results = [assess(r, PHYSIO_Q) for r in records]
    off = sum(r.verdict is Verdict.OFF_TOPIC for r in results)
    assert off > 0.9 * len(records)
    for rec, result in zip(records, results, strict=True):
        if result.verdict is Verdict.OFF_TOPIC:
            # Nothing in common, or the treatment alone (neither MS nor coordination): the reason
            # names what it misses.
            assert set(result.matched) <= {"physical therapy"}, rec.id
            assert result.reason.startswith("does not mention"), rec.id
            assert "multiple sclerosis" in result.reason, rec.id


@pytest.mark.shared
def test_speed_on_real_abstracts(shared_data: Path) -> None:
    """~100 records are assessed per question; a generous bound catches a regex gone quadratic."""
    path = shared_data / "pubmedqa" / "corpus.jsonl"
    records = [item for item in detect.open_items(path) if isinstance(item, Record)]
    compiled = compile_facets(PHYSIO_Q)
    start = time.perf_counter()
    for rec in records:
        judge(rec, compiled)
    per_record = (time.perf_counter() - start) / len(records)
    assert per_record < 0.002


def test_free_words_match_any_inflection() -> None:
    facets = Facets(question="neurones migrate", other_terms=["neurones", "migrate"])
    result = assess(record("Migration of cortical neurons", ""), facets)
    assert result.verdict is Verdict.DIRECT and result.matched == ["neurones", "migrate"]


def test_a_process_word_matches_its_adjective() -> None:
    """'pyroptosis' is named by 'pyroptotic cell death', 'fibrosis' by 'fibrotic lungs'."""
    facets = Facets(question="caspase-11 promotes pyroptosis", other_terms=["caspase", "pyroptosis"])
    result = assess(record("Caspase-11 in pyroptotic cell death", ""), facets)
    assert result.verdict is Verdict.DIRECT and result.matched == ["caspase", "pyroptosis"]
    assert assess(record("Caspase-11 in pyrotechnics", ""), facets).matched == ["caspase"]


def test_rare_free_words_outweigh_common_ones() -> None:
    """Two of five words is off-topic when all weigh alike, direct when they carry the weight."""
    words = ["ubiquitin", "ligase", "generates", "moiety", "residues"]
    facets = Facets(question=" ".join(words), other_terms=words)
    rec = record("Ubiquitin ligase activity", "")
    alike = assess(rec, facets)
    assert alike.verdict is Verdict.OFF_TOPIC
    assert alike.reason == "mentions 2 of 5 question words; not generates, moiety or residues"
    rarity = {"ubiquitin": 5.0, "ligase": 4.0, "generates": 1.0, "moiety": 2.0, "residues": 1.5}
    assert assess(rec, facets, rarity).verdict is Verdict.DIRECT
    # The same weights do not rescue a record that only shares the common words.
    assert assess(record("Residues generated in soil", ""), facets, rarity).verdict is Verdict.OFF_TOPIC
    # Words found in every record (weight 0) cannot tell records apart, so they judge nothing.
    flat = dict.fromkeys(words, 0.0)
    assert assess(record("Soil", ""), facets, flat).verdict is Verdict.DIRECT


def test_a_sentence_that_restates_the_question_outweighs_missing_words() -> None:
    facets = Facets(question="vitamin d fatigue sleep", other_terms=["vitamin D", "fatigue", "sleep"])
    rec = record("Vitamin D levels in winter.", "")
    assert assess(rec, facets, closeness=RESTATES - 0.01).verdict is Verdict.OFF_TOPIC
    close = assess(rec, facets, closeness=0.74)
    assert close.verdict is Verdict.DIRECT
    assert close.reason == (
        "mentions 1 of 3 question words; not fatigue or sleep, but a sentence restates the question (similarity 0.74)"
    )
    # Only free-word questions are judged this way: facets still decide a clinical question.
    assert assess(CARDIOLOGY, COORDINATION_Q, closeness=0.99).verdict is Verdict.OFF_TOPIC


def test_a_close_sentence_with_much_of_the_weight_named_is_indirect() -> None:
    """Two weaker signs that agree put a record near the question, shown apart and saying why."""
    words = ["caspase", "pyroptosis", "macrophages", "promotes"]
    facets = Facets(question=" ".join(words), other_terms=words)
    rarity = {"caspase": 4.0, "pyroptosis": 2.0, "macrophages": 3.0, "promotes": 1.0}  # caspase: 0.4 of 10
    rec = record("Caspase activity in cell lines", "")
    assert PARTLY_NAMED <= 0.4 and CLOSE_SENTENCE < RESTATES
    assert assess(rec, facets, rarity, closeness=CLOSE_SENTENCE - 0.01).verdict is Verdict.OFF_TOPIC
    close = assess(rec, facets, rarity, closeness=0.63)
    assert close.verdict is Verdict.INDIRECT
    assert close.reason == (
        "partly on the question: mentions 1 of 4 question words, not pyroptosis, macrophages or promotes;"
        " a sentence is close to it (similarity 0.63)"
    )
    # Too little of the weight named: a close sentence alone is not enough.
    assert assess(record("Macrophages in culture", ""), facets, rarity, closeness=0.63).verdict is Verdict.OFF_TOPIC


@pytest.mark.parametrize(
    ("title", "abstract", "mesh", "animal"),
    [
        # Indexed: the check tags decide.
        (
            "Balance in experimental autoimmune encephalomyelitis and MS",
            "Coordination fell.",
            ["Animals", "Mice"],
            "mice",
        ),
        # Unindexed: animals in the title and no people there.
        ("Balance training restores coordination in a rat model of multiple sclerosis", "", [], "rat model"),
        # Unindexed: animals twice in the abstract and no people anywhere.
        (
            "Coordination in multiple sclerosis",
            "Mice were trained daily. Trained mice had better coordination.",
            [],
            "mice",
        ),
    ],
)
def test_animal_studies_are_indirect_for_questions_about_people(
    title: str, abstract: str, mesh: list[str], animal: str
) -> None:
    result = assess(record(title, abstract, [tag(m) for m in mesh]), COORDINATION_Q)
    assert result.verdict is Verdict.INDIRECT
    assert result.reason == f"population: animal study ({animal}), not people"


@pytest.mark.parametrize(
    ("title", "abstract", "mesh"),
    [
        # Humans and animals both tagged: not an animal-only study.
        ("Coordination in multiple sclerosis", "Coordination improved.", ["Animals", "Humans"]),
        # People in the title beside the animal model.
        ("Coordination in mice and in patients with multiple sclerosis", "", []),
        # One passing mention of mice in a study of people.
        ("Coordination in multiple sclerosis", "As in mice, coordination improved in 40 patients.", []),
    ],
)
def test_studies_of_people_are_not_called_animal_studies(title: str, abstract: str, mesh: list[str]) -> None:
    assert assess(record(title, abstract, [tag(m) for m in mesh]), COORDINATION_Q).verdict is Verdict.DIRECT


def test_a_question_about_animals_may_be_answered_by_animal_studies() -> None:
    facets = COORDINATION_Q.model_copy(update={"question": "How is coordination managed in mouse models of MS?"})
    rec = record("Coordination in multiple sclerosis", "Coordination improved.", [tag("Animals"), tag("Mice")])
    assert assess(rec, facets).verdict is Verdict.DIRECT


@pytest.mark.parametrize(
    ("title", "verdict"),
    [
        ("Tamoxifen resistance in MCF7 cells promotes invasion", Verdict.INDIRECT),
        ("Tamoxifen inhibits proliferation of human breast cancer cell lines in vitro", Verdict.INDIRECT),
        # Cells of patients, or 'cells' alone, are no laboratory study by the title.
        ("Tamoxifen and breast cancer cells in women at high risk", Verdict.DIRECT),
        ("Regulatory T cells after tamoxifen for breast cancer", Verdict.DIRECT),
    ],
)
def test_laboratory_studies_of_cells_are_indirect_for_questions_about_people(title: str, verdict: Verdict) -> None:
    facets = analyse("Is tamoxifen effective in preventing breast cancer?")
    result = assess(record(title, "Tamoxifen reduced breast cancer growth by 40%."), facets)
    assert result.verdict is verdict
    assert ("laboratory study" in result.reason) is (verdict is Verdict.INDIRECT)
    # A question about cells may be answered by them.
    on_cells = analyse("Does tamoxifen inhibit breast cancer cell lines?")
    assert "laboratory study" not in assess(record(title, "Tamoxifen reduced growth."), on_cells).reason


def test_a_title_about_another_treatment_makes_a_passing_mention_indirect() -> None:
    """Vitamin D given to every arm of an alendronate trial does not make it a vitamin D trial."""
    facets = analyse("Does vitamin D supplementation prevent fractures in older adults?")
    abstract = "All women received calcium and vitamin D. Alendronate reduced vertebral fractures by 44%."
    alendronate = record("Effect of alendronate on risk of fracture in women with low bone density", abstract)
    result = assess(alendronate, facets)
    assert result.verdict is Verdict.INDIRECT
    assert result.reason == "intervention: bisphosphonates, not vitamin D"
    # The question's treatment in the title (or MeSH) keeps the record direct.
    both = record("Alendronate with or without vitamin D for fractures in older women", abstract)
    assert assess(both, facets).verdict is Verdict.DIRECT
    indexed = record(alendronate.title, abstract, [tag("Vitamin D", True), tag("Fractures, Bone", True)])
    assert assess(indexed, facets).verdict is Verdict.DIRECT


def test_a_title_naming_the_questions_own_family_is_not_drift() -> None:
    """Balance training is physiotherapy's own family: a record on it answers a physiotherapy question."""
    rec = record(
        "Balance training improves coordination in multiple sclerosis",
        "Physical therapy sessions included balance exercises. Coordination improved in 30 people with MS.",
    )
    assert assess(rec, PHYSIO_Q).verdict is Verdict.DIRECT


@pytest.mark.parametrize(
    ("question", "missing", "reason", "answering"),
    [
        # A statin trial of cardiovascular events does not say whether statins cause muscle pain.
        (
            "Do statins cause muscle pain in older adults?",
            ("Statins for the primary prevention of cardiovascular events", "Statins reduced events by 25%."),
            "outcome: not about muscle pain",
            ("Statin therapy and myalgia in older adults", "Myalgia was reported by 9% on statins."),
        ),
        # Motor-neuron biology does not tell a patient's course.
        (
            "What is the prognosis of patients with amyotrophic lateral sclerosis?",
            ("SOD1 misfolding in amyotrophic lateral sclerosis", "Misfolded SOD1 is toxic to motor neurons."),
            "question: reports nothing on prognosis",
            ("Amyotrophic lateral sclerosis in Ireland", "Median survival was 30 months from onset."),
        ),
        # Death and progression named once in passing, or cell death, report no course of disease.
        (
            "What is the prognosis of amyotrophic lateral sclerosis?",
            (
                "Astrocytes from ALS patients are toxic to motor neurons",
                "ALS causes paralysis and death. Astrocytes caused motor neuron death in culture.",
            ),
            "question: reports nothing on prognosis",
            ("Disability in amyotrophic lateral sclerosis", "Death came at 30 months. Progression was faster in men."),
        ),
        # A screening review reports on a screening (diagnosis) question; a cost model does not.
        (
            "Does screening for visual impairment in older adults improve vision?",
            ("Visual impairment in older adults: costs of care", "Care cost 2 billion a year."),
            "question: reports nothing on diagnosis",
            ("Screening older adults for visual impairment", "Screening did not improve vision."),
        ),
        # Risk factors found in a case-control study are prognostic evidence.
        (
            "Does poor performance at medical school predict later professional misconduct?",
            ("Misconduct hearings of doctors trained at one medical school", "Cases were heard by a panel."),
            "question: reports nothing on prognosis",
            ("Professional misconduct after medical school", "Poor early performance was a risk factor."),
        ),
        (
            # 'estrogen' and 'hormone therapy' were HRT synonyms: every breast-cancer record matched them.
            "Is hormone replacement therapy safe after breast cancer?",
            ("Triple-negative breast cancer in BRCA carriers", "Tumours negative for estrogen receptor were common."),
            "intervention: not about hormone replacement therapy",
            ("HRT after breast cancer", "Menopausal hormone therapy did not increase recurrence."),
        ),
        (
            # Preventing the condition is advice for people without it.
            "What is the first-line treatment for hypertension in adults?",
            ("Primary prevention of hypertension", "Lifestyle interventions lower blood pressure in adults."),
            "population: people without hypertension (prevention), not people with it",
            ("Drug treatment of hypertension in adults", "Thiazides lowered blood pressure in adults."),
        ),
        (
            # A therapy question that names no treatment: a risk-factor review reports none.
            "What is the best treatment for gestational diabetes?",
            ("Prepregnancy BMI and the risk of gestational diabetes", "This matters when counselling women."),
            "question: reports nothing on therapy",
            ("Metformin versus insulin for gestational diabetes", "Women were randomised to metformin."),
        ),
        # What the question asks about, unnamed by the vocabulary and common in a library: every MS
        # record had been direct evidence on heat.
        (
            "Does heat make multiple sclerosis symptoms worse?",
            ("Diagnostic criteria for multiple sclerosis", "Symptoms of multiple sclerosis vary between people."),
            "subject: does not mention heat",
            ("Heat sensitivity in multiple sclerosis", "Heat worsened symptoms of multiple sclerosis in most people."),
        ),
        # What a treatment is asked for, when no condition or outcome says it: omega-3 immunology had
        # been direct; coronary or cardiovascular words are the heart's too.
        (
            "Is fish oil good for the heart?",
            ("Fatty acids as modulators of the immune response", "Fish oil omega-3 fatty acids alter T cells."),
            "subject: does not mention heart",
            ("Fish oil and coronary death", "Fish oil lowered coronary heart disease mortality in trials."),
        ),
        (
            "Is fish oil good for the heart?",
            ("Fatty acids as modulators of the immune response", "Fish oil omega-3 fatty acids alter T cells."),
            "subject: does not mention heart",
            ("Omega-3 trials", "Fish oil reduced cardiovascular events in secondary prevention."),
        ),
        # What a question asks of its condition: a bypass-graft trial says nothing of reversal.
        (
            "Can diabetes be reversed?",
            (
                "Coronary bypass graft patency in patients with diabetes",
                "Grafts stayed open in most patients with diabetes.",
            ),
            "subject: does not mention reversed",
            ("Weight loss and type 2 diabetes", "Diabetes remission was achieved by half of those who lost 15 kg."),
        ),
        # A deficiency is a condition, not the vitamin given: any metformin record had been direct.
        (
            "Is vitamin B12 deficiency common in metformin users?",
            ("Metformin-associated lactic acidosis", "Lactic acidosis is rare in people taking metformin."),
            "population: not vitamin B12 deficiency",
            ("Metformin and vitamin B12", "Vitamin B12 deficiency was found in 10% of people taking metformin."),
        ),
        # The effect a harm question asks about: reviews of SSRIs for depression had been direct.
        (
            "Do SSRIs increase bleeding risk?",
            ("", "Selective serotonin reuptake inhibitors improved depression scores more than placebo."),
            "subject: does not mention bleeding",
            ("SSRIs and upper gastrointestinal haemorrhage", "SSRI users had more gastrointestinal haemorrhage."),
        ),
        # A trial's recruitment and power are no test accuracy: a physical-activity trial had been a
        # direct answer on blood tests.
        (
            "Can blood tests detect early Alzheimer's disease?",
            (
                "Physical activity and cognition in people at risk of Alzheimer's disease",
                "Of 311 people screened for eligibility, 170 were randomised. The trial had 80% power to detect "
                "a 10% difference in Alzheimer's disease scores.",
            ),
            "question: reports nothing on diagnosis",
            (
                "Plasma p-tau217 in Alzheimer's disease",
                "Plasma p-tau217 had a sensitivity of 90% for Alzheimer's disease.",
            ),
        ),
        # Where the surgery is done is what is asked about: a study of tumours before surgery is not on it.
        (
            "Do patients do better having colorectal cancer surgery in high-volume hospitals?",
            (
                "Hypoxia in liver metastases of colorectal cancer",
                "Patients with colorectal cancer planned for surgery had tumour hypoxia measured.",
            ),
            "population: not high-volume hospitals",
            (
                "Hospital volume and colorectal cancer surgery",
                "Mortality after surgery for colorectal cancer was lower in high-volume hospitals.",
            ),
        ),
        # A condition the title does not name, adjusted for once, was not studied, even when the title's
        # own condition is one the vocabulary does not know.
        (
            "Do statins help after a stroke?",
            (
                "Statin use and the risk of tendon rupture",
                "Statin users had no more tendon ruptures. Odds ratios were adjusted for smoking, diabetes and stroke.",
            ),
            "condition: stroke named only as a covariate or an exclusion, not studied",
            ("Statins after stroke", "Statins given after a stroke lowered the risk of a second stroke."),
        ),
        # A question on men: trials in postmenopausal women had answered osteoporosis in men.
        (
            "What is the best treatment for osteoporosis in men?",
            (
                "Risedronate and fractures in women with postmenopausal osteoporosis",
                "Risedronate treatment reduced vertebral fractures in osteoporosis.",
            ),
            "population: women, not men",
            ("Alendronate for osteoporosis in men", "Alendronate increased bone density in men with osteoporosis."),
        ),
        # ... and when only the abstract says who was studied (stop 28).
        (
            "What is the best treatment for osteoporosis in men?",
            (
                "Alendronate once weekly and daily in the treatment of osteoporosis",
                "A study of postmenopausal women (ages 42 to 95) with osteoporosis. Alendronate treatment raised "
                "bone density in osteoporosis.",
            ),
            "population: women, not men",
            (
                "Alendronate in the treatment of osteoporosis",
                "Men and women with osteoporosis took alendronate. Alendronate treatment raised bone density in "
                "osteoporosis, in women as in men.",
            ),
        ),
        # A second stroke is secondary prevention, in the question's own words.
        (
            "What is the best way to prevent a second stroke?",
            (
                "Primary prevention of ischaemic stroke: a statement for healthcare professionals",
                "Treatment of blood pressure prevents stroke. People with a history of stroke are covered elsewhere.",
            ),
            "population: people who have not had the disease (primary prevention), not secondary prevention",
            (
                "Antiplatelet drugs after stroke",
                "In people with a previous stroke, antiplatelet drugs prevented recurrent stroke.",
            ),
        ),
        # Classification criteria say how a disease is recognised, not how it is treated.
        (
            "What are the treatments for rheumatoid arthritis?",
            (
                "2010 rheumatoid arthritis classification criteria",
                "Criteria for rheumatoid arthritis were developed so that treatment with drugs such as methotrexate, "
                "and trials of therapy, can start early.",
            ),
            "question: reports nothing on therapy",
            (
                "Methotrexate for rheumatoid arthritis",
                "Methotrexate treatment reduced joint damage in rheumatoid arthritis.",
            ),
        ),
        # Knee osteoarthritis is a kind of osteoarthritis: lumbar osteoarthritis is not it.
        (
            "Does glucosamine help knee osteoarthritis?",
            (
                "Glucosamine in chronic low back pain and lumbar osteoarthritis",
                "Glucosamine did not reduce disability in lumbar osteoarthritis.",
            ),
            "population: osteoarthritis in general, not knee osteoarthritis",
            ("Glucosamine for osteoarthritis of the knee", "Glucosamine reduced knee pain in knee osteoarthritis."),
        ),
        # A knee question is not answered by a shoulder operation.
        (
            "Does arthroscopic surgery help knee pain?",
            (
                "Arthroscopic suture bridge repair of the rotator cuff",
                "Arthroscopic repair relieved pain in most shoulders.",
            ),
            "population: not knee pain",
            ("Arthroscopic surgery for knee pain", "Arthroscopic surgery did not relieve knee pain more than sham."),
        ),
        # What is asked of athletes after a concussion: when they can play again.
        (
            "When can athletes return to sport after concussion?",
            (
                "APOE genotype and concussion in college athletes",
                "Athletes with APOE4 had more concussions.",
            ),
            "outcome: not about return to sport",
            (
                "Return to play after concussion in athletes",
                "Most athletes returned to play within ten days of concussion.",
            ),
        ),
        # A drug asked about by name is not answered by another of its class.
        (
            "Is risperidone effective for irritability in autism?",
            ("", "Aripiprazole reduced irritability in children with autism spectrum disorder."),
            "intervention: not about risperidone",
            ("", "Risperidone reduced irritability in children with autism spectrum disorder."),
        ),
        # People without a condition are not answered by studies of people who have it.
        (
            "Is a gluten-free diet necessary for people without coeliac disease?",
            ("Gluten-free diet in coeliac disease", "A gluten-free diet healed the gut in coeliac disease."),
            "population: people with coeliac disease, not people without it",
            (
                "A gluten-free diet in adults without coeliac disease",
                "A gluten-free diet did not reduce symptoms in adults without coeliac disease.",
            ),
        ),
        # What "when should" or "how should" asks about must be named: 'fluids', 'peanuts'.
        (
            "How should fluids be given in septic shock?",
            ("Antibiotics for septic shock", "Early antibiotics reduced deaths from septic shock."),
            "subject: does not mention fluids",
            ("Fluid resuscitation in septic shock", "Intravenous fluids given early reduced deaths from septic shock."),
        ),
        # A measure asked about as a test must be reported as one: trials scoring the MMSE are not on its accuracy.
        (
            "How accurate is the Mini-Mental State Examination for dementia?",
            ("Exercise in dementia", "The Mini-Mental State Examination score improved with exercise in dementia."),
            "question: reports nothing on diagnosis",
            (
                "Accuracy of the Mini-Mental State Examination for dementia",
                "The Mini-Mental State Examination had a sensitivity of 81% for dementia.",
            ),
        ),
        # After a heart attack is secondary prevention: a trial in men with no history of one is not.
        (
            "In patients after myocardial infarction, do statins reduce mortality?",
            (
                "Pravastatin in men with hypercholesterolaemia",
                "Men with no history of myocardial infarction took statins; mortality fell.",
            ),
            "population: people who have not had the disease (primary prevention), not secondary prevention",
            ("Statins after myocardial infarction", "After myocardial infarction, statins reduced mortality."),
        ),
        # What a drug is asked to be linked to must be named.
        (
            "Is lithium associated with kidney damage?",
            ("Lithium for bipolar disorder", "Lithium prevented relapse in bipolar disorder."),
            "subject: does not mention kidney or damage",
            ("Lithium and the kidney", "Long-term lithium was associated with chronic kidney disease."),
        ),
        # What the question asks to avoid is what it asks about.
        (
            "Should people with MS avoid heat?",
            (
                "Diagnostic criteria for multiple sclerosis",
                "Multiple sclerosis is diagnosed on MRI and clinical signs.",
            ),
            "subject: does not mention heat",
            (
                "Heat sensitivity in multiple sclerosis",
                "Heat worsened symptoms in most people with multiple sclerosis.",
            ),
        ),
        # What an exposure is asked to be bad for must be named: exercise physiology is not on knees.
        (
            "Is running bad for your knees?",
            ("Habitual exercise and arterial compliance", "Running and other exercise kept arteries compliant."),
            "subject: does not mention knees",
            ("Running and knee osteoarthritis", "Recreational running did not damage the knees of runners."),
        ),
        # Multivitamins are one kind of supplement: vitamin D alone is not them.
        (
            "Do multivitamins prevent cancer?",
            ("Vitamin D and colorectal cancer", "Vitamin D did not prevent colorectal cancer in a trial."),
            "intervention: supplements, not multivitamins",
            ("Multivitamins and cancer in men", "A daily multivitamin modestly reduced total cancer."),
        ),
        # A treatment the people are on, named once as an outcome, is not who was studied.
        (
            "What helps with itching in people on dialysis?",
            (
                "Hydroxyethyl starch accumulation in tissues",
                "Pruritus followed starch infusions. Starch increased the need for renal replacement therapy.",
            ),
            "condition: dialysis named once, as an outcome or harm, not who was studied",
            ("Gabapentin for itching in people on dialysis", "In people on dialysis, gabapentin relieved pruritus."),
        ),
        # A concept's names must not reach beyond it: the decontamination of a poisoning (MeSH's
        # 'Decontamination', 'digestive decontamination') is no selective digestive decontamination.
        (
            "In ICU patients, does selective digestive decontamination reduce mortality?",
            (
                "Survival after paraquat ingestion",
                "Early digestive decontamination and haemoperfusion were given in intensive care; mortality is high.",
            ),
            "intervention: not about selective digestive decontamination",
            (
                "Selective digestive decontamination in intensive care",
                "Selective decontamination of the digestive tract reduced mortality in intensive care.",
            ),
        ),
        # How doctors prescribe is not what works, when the question names no treatment either.
        (
            "How should otitis media be treated?",
            (
                "Antibiotic prescriptions for respiratory infections in general practice",
                "Otitis media accounted for a fifth of the prescriptions written by general practitioners.",
            ),
            "question: reports how treatments are prescribed, not what they do",
            (
                "Antibiotics for acute otitis media in children",
                "In randomised trials, antibiotics reduced ear pain from otitis media at two days.",
            ),
        ),
        # Two treatments taken together: what ibuprofen does alone (for migraine) is no answer on
        # ibuprofen with warfarin; the same for 'combined with'.
        (
            "Is it safe to take ibuprofen with warfarin?",
            ("Ibuprofen for acute migraine in adults", "Ibuprofen 400 mg relieved migraine pain at two hours."),
            "intervention: non-steroidal anti-inflammatory drugs without warfarin, not the two together",
            (
                "Bleeding in patients taking warfarin and ibuprofen",
                "Patients on warfarin who also took ibuprofen had more bleeding than those on warfarin alone.",
            ),
        ),
        (
            "Do SSRIs increase bleeding risk when combined with NSAIDs?",
            ("", "Selective serotonin reuptake inhibitors were associated with gastrointestinal bleeding."),
            "intervention: selective serotonin reuptake inhibitors without non-steroidal anti-inflammatory drugs, "
            "not the two together",
            ("", "SSRI users who also took NSAIDs had a higher risk of upper gastrointestinal bleeding."),
        ),
        # When or for how long: a review of whether antibiotics work says nothing on how long to give them.
        (
            "How long should antibiotics be given for community-acquired pneumonia?",
            (
                "Antibiotics for community-acquired pneumonia in adults",
                "Antibiotics reduced mortality compared with placebo; twelve weeks of treatment were well tolerated.",
            ),
            "question: reports nothing on when or for how long",
            (
                "Short-course versus long-course antibiotics for community-acquired pneumonia",
                "A 5-day course of antibiotics was as effective as a 10-day course.",
            ),
        ),
        # Long-term use: a two-week course of steroids says nothing on years of them.
        (
            "What are the risks of long-term steroid use?",
            ("Oral steroids for acute sinusitis", "A two-week course of oral steroids improved symptoms of sinusitis."),
            "question: reports nothing on long-term use or effects",
            (
                "Adverse effects of long-term corticosteroid therapy",
                "Oral corticosteroids taken for five years were linked to fractures and diabetes.",
            ),
        ),
        # Screening: how common a deficiency is says nothing on screening for it; a trial's screening
        # for eligibility is no screening.
        (
            "Should everyone be screened for vitamin D deficiency?",
            (
                "Vitamin D deficiency in adults",
                "A serum level under 50 nmol/L had a sensitivity of 80% for vitamin D deficiency. "
                "Of 900 people screened for eligibility, 300 took part.",
            ),
            "question: reports nothing on screening",
            (
                "Screening for vitamin D deficiency in primary care",
                "Screening for vitamin D deficiency found no benefit in people without symptoms.",
            ),
        ),
        # Heavy menstrual bleeding is a condition of its own: contraception trials of the same device
        # had been direct.
        (
            "Does the levonorgestrel intrauterine system reduce heavy menstrual bleeding?",
            (
                "Immediate versus delayed intrauterine device insertion after childbirth",
                "Expulsion of the levonorgestrel intrauterine system was more likely after immediate insertion.",
            ),
            "population: not heavy menstrual bleeding",
            (
                "Levonorgestrel intrauterine system for heavy menstrual bleeding",
                "The levonorgestrel intrauterine system reduced menstrual blood loss more than oral treatment.",
            ),
        ),
    ],
)
def test_a_record_missing_what_the_question_asks_is_indirect(
    question: str, missing: tuple[str, str], reason: str, answering: tuple[str, str]
) -> None:
    facets = analyse(question)
    result = assess(record(*missing), facets)
    assert (result.verdict, result.reason) == (Verdict.INDIRECT, reason)
    assert assess(record(*answering), facets).verdict is Verdict.DIRECT


def test_creatine_is_not_creatinine() -> None:
    """A folic-acid trial reporting serum creatinine had been the direct answer on creatine and the kidneys."""
    facets = analyse("Is creatine supplementation safe for the kidneys?")
    creatinine = record(
        "Homocysteine lowering in chronic kidney disease",
        "Folic acid supplementation did not change serum creatinine or kidney function.",
    )
    result = assess(creatinine, facets)
    assert result.verdict is not Verdict.DIRECT and "creatine" in result.reason
    creatine = record(
        "Creatine supplementation and kidney function",
        "Creatine supplementation for 12 weeks did not change kidney function in healthy adults.",
    )
    assert assess(creatine, facets).verdict is Verdict.DIRECT


def test_a_title_about_another_treatment_is_drift_when_the_questions_is_absent() -> None:
    facets = analyse("Does physical therapy improve balance in Parkinson's disease?")
    rec = record("Beta blockers for tremor in Parkinson's disease", "Balance and tremor were measured in 40 patients.")
    assert assess(rec, facets).reason == "intervention: beta blockers, not physical therapy for balance"


def test_a_diagnosis_question_needs_a_record_that_reports_accuracy() -> None:
    facets = analyse("How accurate is ultrasound for diagnosing appendicitis in children?")
    accuracy = record(
        "Ultrasound for appendicitis in children",
        "In 400 children ultrasound had a sensitivity of 88%.",
        [tag("Child")],
    )
    assert assess(accuracy, facets).verdict is Verdict.DIRECT
    treatment = record(
        "Antibiotics or surgery for appendicitis in children", "Ultrasound was done in 60 children before surgery."
    )
    reason = assess(treatment, facets).reason
    assert reason == "intervention: antibiotics, not ultrasound; question: reports nothing on diagnosis"


def test_a_record_silent_on_the_treatment_asked_about_is_indirect() -> None:
    """Ataxia in MS, measured and described, says nothing about what physiotherapy does for it."""
    rec = record(
        "Ataxia in multiple sclerosis: a cross-sectional study",
        "Coordination was impaired in 60% of 300 people with MS and worsened with disease duration.",
    )
    assert assess(rec, PHYSIO_Q).reason == "intervention: not about physical therapy"
    # The same record answers a question that names no treatment.
    assert assess(rec, COORDINATION_Q).verdict is Verdict.DIRECT


@pytest.mark.parametrize(
    ("question", "other", "reason", "asked"),
    [
        (
            "Should children with acute otitis media receive antibiotics?",
            "Corticosteroids for acute otitis media in children. Children also receiving antibiotics were given "
            "oral corticosteroids or placebo. Corticosteroids did not speed recovery.",
            "intervention: corticosteroids, not antibiotics",
            "Antibiotics for acute otitis media in children. Antibiotics reduced pain at two days; corticosteroids "
            "were not given.",
        ),
        (
            # A treatment outside the families: a review of antivirals that used paracetamol as a comparator.
            "Is paracetamol effective for fever in children?",
            "We included trials in children comparing amantadine and rimantadine with placebo or paracetamol. "
            "Rimantadine was beneficial in abating fever on day three. Amantadine and rimantadine compared to "
            "control (placebo or paracetamol) could be useful in children. Amantadine caused no serious harm.",
            "intervention: amantadine, not paracetamol",
            # Placebo is a comparator, never 'the other treatment'.
            "Children with fever were given paracetamol or placebo. Paracetamol lowered temperature at two hours; "
            "placebo did not. Paracetamol caused no serious harm compared with placebo.",
        ),
    ],
)
def test_an_untitled_record_is_about_the_treatment_it_names_most(
    question: str, other: str, reason: str, asked: str
) -> None:
    """Cochrane abstracts in the shared corpus have no title: their words say what they are about."""
    facets = analyse(question)
    assert assess(record("", other, [tag("Child")]), facets).reason == reason
    assert assess(record("", asked, [tag("Child")]), facets).verdict is Verdict.DIRECT


def test_an_exposure_the_question_names_does_not_stand_for_its_treatments() -> None:
    """Smoking is named by a lung-screening guideline; varenicline and bupropion are not."""
    facets = analyse("Does adding bupropion to varenicline improve smoking abstinence?")
    screening = record(
        "Screening for Lung Cancer: Recommendation Statement",
        "Annual screening is recommended for adults with a history of cigarette smoking.",
        kind=Kind.GUIDELINE,
    )
    result = assess(screening, facets)
    assert (result.verdict, result.reason) == (
        Verdict.INDIRECT,
        "intervention: not about bupropion or varenicline; subject: does not mention abstinence",
    )
    trial = record(
        "Varenicline and bupropion for smokers: a randomised trial",
        "Combined varenicline and bupropion increased prolonged abstinence.",
    )
    assert assess(trial, facets).verdict is Verdict.DIRECT
    # A question about the exposure itself is not held to treatments (the guideline is still no
    # evidence that smoking causes lung cancer: it names lung cancer only as what is screened for).
    assert "intervention:" not in assess(screening, analyse("Does smoking cause lung cancer?")).reason


def test_an_exposure_a_treatment_is_named_after_is_not_another_treatment() -> None:
    """A smoking-reduction cohort with quitters among its groups is on smoking cessation; a title
    naming another exposure (alcohol) still says what the record is about instead."""
    facets = analyse("Do people who quit smoking reduce their lung cancer risk?")
    reduction = record(
        "Effect of smoking reduction on lung cancer risk.",
        "Many smokers are unable to completely quit smoking. Quitters had a lower risk of lung cancer.",
    )
    assert assess(reduction, facets).verdict is Verdict.DIRECT
    alcohol = record(
        "Alcohol drinking and lung cancer risk.",
        "Heavy drinkers had a higher risk of lung cancer; few had managed to quit smoking.",
    )
    result = assess(alcohol, facets)
    assert (result.verdict, result.reason) == (
        Verdict.INDIRECT,
        "intervention: alcohol consumption, not smoking cessation",
    )


def test_a_care_setting_is_not_an_age_group() -> None:
    """'in-hospital mortality' names the setting (hospital inpatients), not adults: a trial in
    preterm infants is not 'population: infants, not hospital inpatients'. 'hospitalised adults'
    is only one of the setting's synonyms."""
    facets = analyse("Does early screening for patent ductus arteriosus decrease in-hospital mortality?")
    assert [t.concept for t in facets.population] == ["hospital inpatients"]
    assert not compile_facets(facets).groups
    infants = record(
        "Early screening for patent ductus arteriosus and in-hospital mortality among extremely preterm infants",
        "Exposed infants had a lower hospital death rate.",
    )
    assert "population" not in assess(infants, facets).reason
    older = analyse("Does exercise reduce falls in hospitalised older adults?")
    assert compile_facets(older).groups == {"older adults"}, "an age the question names still counts"


# --- the subject rule: technical words the vocabulary does not know ----------------------------

HIV = FacetTerm(concept="HIV infection", matched="HIV", synonyms=["HIV", "human immunodeficiency virus"])
CABOTEGRAVIR_Q = Facets(
    question="Is cabotegravir effective for HIV prevention?", condition=[HIV], other_terms=["cabotegravir"]
)
PREP_REVIEW = record(
    "Pre-exposure prophylaxis to prevent HIV infection: a review",
    "Daily oral tenofovir-based pre-exposure prophylaxis reduced HIV acquisition in several trials.",
)
CABOTEGRAVIR_TRIAL = record(
    "Long-acting cabotegravir for HIV prevention in cisgender women",
    "Injectable cabotegravir every 8 weeks was superior to daily oral tenofovir in preventing HIV infection.",
)


def test_a_record_on_the_condition_that_never_names_the_asked_drug_is_indirect() -> None:
    """'Is cabotegravir effective for HIV prevention?' is not answered by any HIV record."""
    verdict = assess(PREP_REVIEW, CABOTEGRAVIR_Q, specific={"cabotegravir"})
    assert verdict.verdict is Verdict.INDIRECT
    assert verdict.reason == "subject: does not mention cabotegravir"
    assert assess(CABOTEGRAVIR_TRIAL, CABOTEGRAVIR_Q, specific={"cabotegravir"}).verdict is Verdict.DIRECT


def test_without_library_counts_no_free_word_is_a_subject_word() -> None:
    """Whether a word is rare is the library's to say; with no counts the rule stays silent, except for
    what the question asks about when no treatment of the vocabulary names it (cabotegravir here)."""
    named_elsewhere = CABOTEGRAVIR_Q.model_copy(
        update={"question": "What is known of cabotegravir for HIV prevention?"}
    )
    assert assess(PREP_REVIEW, named_elsewhere).verdict is Verdict.DIRECT
    assert assess(PREP_REVIEW, CABOTEGRAVIR_Q).reason == "subject: does not mention cabotegravir"


@pytest.mark.parametrize(
    ("words", "question"),
    [
        (["ineffective"], "Is interferon ineffective for hepatitis C?"),  # rare in a library, common in English
        (["chronic"], "Is interferon effective for chronic hepatitis C?"),  # a condition's course
        (["400mg"], "Does 400mg of interferon help hepatitis C?"),  # a dose
    ],
)
def test_ordinary_words_courses_and_doses_are_not_subject_words(words: list[str], question: str) -> None:
    hepatitis = FacetTerm(concept="hepatitis C", matched="hepatitis C", synonyms=["HCV"])
    facets = Facets(question=question, condition=[hepatitis], other_terms=words)
    assert compile_facets(facets, None, set(words)).subject == ()


def test_a_word_left_over_from_a_recognised_name_is_not_a_subject_word() -> None:
    lupus = FacetTerm(concept="systemic lupus erythematosus", matched="Lupus", synonyms=["SLE", "lupus"])
    facets = Facets(
        question="Which CD38 antibody works for Lupus Erythematosus?",
        condition=[lupus],
        other_terms=["cd38", "erythematosus"],
    )
    assert [t.concept for t in compile_facets(facets, None, {"cd38", "erythematosus"}).subject] == ["CD38"]


def test_one_subject_word_is_enough_and_adjectives_find_their_nouns() -> None:
    """'Apolipoprotein E4 (APOE4)' is answered by a record that says only APOE4; 'atherosclerotic' finds
    'atherosclerosis', 'glial' 'glia', 'tocopheryl' 'tocopherol'."""
    cvd = FacetTerm(concept="cardiovascular disease", matched="cardiovascular disease", synonyms=["CVD"])
    facets = Facets(
        question="Do apolipoprotein E4 (APOE4) carriers with atherosclerotic CVD need glial tocopheryl?",
        condition=[cvd],
        other_terms=["apolipoprotein", "apoe4", "atherosclerotic", "glial", "tocopheryl"],
    )
    words = {"apolipoprotein", "apoe4", "atherosclerotic", "glial", "tocopheryl"}
    for text in (
        "APOE4 and cardiovascular disease",
        "Atherosclerosis is a cardiovascular disease",
        "glia in cardiovascular disease",
        "alpha-tocopherol and cardiovascular disease",
    ):
        assert assess(record(text, ""), facets, specific=words).verdict is Verdict.DIRECT, text
    missing = assess(record("Statins and cardiovascular disease", ""), facets, specific=words)
    assert missing.verdict is Verdict.INDIRECT
    assert "apolipoprotein, APOE4, atherosclerotic, glial or tocopheryl" in missing.reason


ADULTS = FacetTerm(concept="adults", matched="adults", synonyms=["middle-aged adults"], mesh="Adult")
BOWEL_Q = Facets(
    question="Does somatropin help adults with short bowel syndrome?",
    population=[ADULTS],
    other_terms=["somatropin", "bowel"],
)


def test_a_question_whose_only_facet_is_its_population_is_judged_on_its_subject_words() -> None:
    """'adults' alone is not a topic: a review silent on age is kept, a study of adults on something else is not."""
    review = record("Somatropin for short bowel syndrome", "Somatropin increased weight and lean body mass.")
    other = record("Quality of life of young adults treated for short stature", "Adults rated their quality of life.")
    assert assess(review, BOWEL_Q, specific={"somatropin"}).verdict is Verdict.DIRECT
    judged = assess(other, BOWEL_Q, specific={"somatropin"})
    assert judged.verdict is Verdict.OFF_TOPIC
    assert judged.reason == "does not mention somatropin"


def test_a_record_naming_one_of_two_asked_conditions_is_on_other_patients() -> None:
    facets = analyse("Do erythropoiesis-stimulating agents improve anaemia in people with cancer?")
    heart = record("Epoetin for anaemia in chronic heart failure", "Epoetin raised haemoglobin in anaemia.")
    judged = assess(heart, facets)
    assert judged.verdict is Verdict.INDIRECT and judged.reason == "population: not cancer"
    both = record(
        "Epoetin for anaemia in patients with cancer", "Epoetin raised haemoglobin in anaemic cancer patients."
    )
    assert assess(both, facets).verdict is Verdict.DIRECT


def test_a_treatment_the_people_are_on_need_not_be_named_beside_their_disease() -> None:
    facets = analyse("Does exercise reduce fatigue in women receiving chemotherapy for breast cancer?")
    assert {t.concept for t in facets.condition} == {"chemotherapy", "breast cancer"}
    review = record("Exercise for fatigue in breast cancer", "Aerobic exercise reduced fatigue in breast cancer.")
    assert assess(review, facets).verdict is Verdict.DIRECT
    other = record("Exercise for fatigue during chemotherapy", "Exercise reduced fatigue in lung cancer chemotherapy.")
    assert "population: not breast cancer" in assess(other, facets).reason


def test_a_technical_word_just_under_once_per_million_english_words_is_a_subject_word() -> None:
    """'allele' (Zipf 2.9) and 'bronchitis' (2.9) are technical; 'ineffective' (3.7) is not."""
    facets = Facets(
        question="Is the allele linked to bronchitis in MS, or is that ineffective?",
        condition=[MS],
        other_terms=["allele", "bronchitis", "ineffective"],
    )
    subject = compile_facets(facets, None, {"allele", "bronchitis", "ineffective"}).subject
    assert [t.concept for t in subject] == ["allele", "bronchitis"]


# --- spelling: a question in British spelling, records in American, and back ------------------


def test_free_words_are_found_in_either_spelling() -> None:
    """'tumour' in a claim finds 'tumor' in an abstract, and 'tumor' finds 'tumour'."""
    british = Facets(question="Tumour macrophages are randomised", other_terms=["tumour", "macrophages", "randomised"])
    american = Facets(question="Tumor macrophages are randomized", other_terms=["tumor", "macrophages", "randomized"])
    us_record = record("Tumor-associated macrophages in a randomized trial", "")
    uk_record = record("Tumour-associated macrophages in a randomised trial", "")
    for facets in (british, american):
        for rec in (us_record, uk_record):
            result = assess(rec, facets)
            assert result.verdict is Verdict.DIRECT and result.missing == [], (facets.question, rec.title)
    # The word keeps the question's spelling where the reader sees it.
    assert assess(record("Macrophages in soil", ""), british).missing == ["tumour", "randomised"]


def test_concept_names_and_subject_words_are_found_in_either_spelling() -> None:
    anaemia = FacetTerm(concept="anaemia", matched="anaemia", synonyms=["iron deficiency anaemia"])
    facets = Facets(question="Does sulphasalazine cause anaemia?", condition=[anaemia], other_terms=["sulphasalazine"])
    american = record("Sulfasalazine and anemia in colitis", "Anemia occurred in 3% of patients on sulfasalazine.")
    result = assess(american, facets, specific={"sulphasalazine"})
    assert result.verdict is Verdict.DIRECT, result.reason
    assert result.matched == ["anaemia"]
    other = record("Mesalazine and anemia in colitis", "Anemia occurred in 3% of patients.")
    assert assess(other, facets, specific={"sulphasalazine"}).reason == "subject: does not mention sulphasalazine"


def test_everyday_words_in_the_slot_of_what_is_asked_about_are_subject_words() -> None:
    """'cranberry' is common English, but a UTI record that never names it is not evidence on it."""
    facets = analyse("Does cranberry juice prevent urinary tract infections?")
    assert {"cranberry", "juice"} <= set(facets.other_terms)
    catheters = record("Urinary catheter policies and urinary tract infection", "Fewer infections with early removal.")
    cranberries = record("Cranberries for preventing urinary tract infections", "Cranberry products reduced UTIs.")
    rare = {"cranberry", "juice"}
    assert assess(catheters, facets, specific=rare).reason == "subject: does not mention cranberry or juice"
    assert assess(cranberries, facets, specific=rare).verdict is Verdict.DIRECT
    # Outside that slot an everyday word is not a subject word ('ineffective' is rare in a library).
    ineffective = analyse("Is interferon ineffective for hepatitis C?")
    interferon = record("Interferon for hepatitis C", "Response in 40%.")
    assert assess(interferon, ineffective, specific={"ineffective"}).verdict is Verdict.DIRECT


def test_everyday_words_naming_what_a_treatment_is_asked_for_are_subject_words() -> None:
    """'Does melatonin help jet lag?' before the vocabulary knew jet lag: every melatonin record was direct."""
    facets = analyse("Does melatonin help a hangover?")
    assert "hangover" in facets.other_terms
    sleep = record("Melatonin for sleep onset", "Melatonin shortened sleep latency.")
    hangover = record("Remedies for hangover", "Melatonin did not ease hangover symptoms.")
    rare = {"hangover"}
    assert assess(sleep, facets, specific=rare).reason == "subject: does not mention hangover"
    assert assess(hangover, facets, specific=rare).verdict is Verdict.DIRECT


def test_a_question_naming_its_treatment_is_not_held_to_reporting_any() -> None:
    risk = record("Prepregnancy BMI and the risk of gestational diabetes", "This matters when counselling women.")
    named = analyse("Is metformin effective for gestational diabetes?")
    assert "reports nothing" not in assess(risk, named).reason
    # Nor is a claim, whose question type is only a default.
    claim = analyse("Sympathetic nerve activity is reduced throughout normal pregnancy.")
    nerves = record("Sympathetic activity in pregnancy", "Muscle sympathetic nerve activity fell in pregnant women.")
    assert assess(nerves, claim).verdict is Verdict.DIRECT


def test_fertility_trials_are_not_evidence_on_pregnant_women() -> None:
    """They report pregnancy rates, but their women are trying to conceive."""
    facets = analyse("Is metformin safe in pregnancy?")
    ivf = record(
        "Metformin before IVF in women with polycystic ovaries",
        "Clinical pregnancy rates did not differ between metformin and placebo.",
    )
    assert assess(ivf, facets).reason == "population: women having fertility treatment, not pregnant women"
    untitled = record("", "Women undergoing IVF took metformin. Pregnancy rates after IVF were similar.")
    assert assess(untitled, facets).reason == "population: women having fertility treatment, not pregnant women"
    pregnant = record("Metformin exposure in the first trimester of pregnancy", "No excess of malformations.")
    assert assess(pregnant, facets).verdict is Verdict.DIRECT
    # A question on conceiving is answered by them.
    assert assess(ivf, analyse("Does metformin improve pregnancy rates in women having IVF?")).verdict is Verdict.DIRECT


def test_a_question_without_facets_needs_its_subject_word() -> None:
    """'Which diseases can be treated with Itepekimab?' cited records on malaria and myositis as direct."""
    facets = analyse("Which diseases can be treated with Itepekimab?")
    assert not (facets.condition or facets.intervention or facets.outcome)
    rarity = {w: (0.0 if w == "itepekimab" else 1.0) for w in facets.other_terms}  # unseen: weighs nothing
    malaria = record("Malaria", "Malaria is a disease treated with artemisinin combination therapy.")
    result = assess(malaria, facets, rarity, specific={"itepekimab"})
    # Nothing the question names is in the library, so no record is about it (stop 24; indirect before).
    assert (result.verdict, result.reason) == (Verdict.OFF_TOPIC, "does not mention Itepekimab")
    # A claim (a statement, as SciFact's) is still judged on its words alone.
    claim = analyse("Itepekimab treats this disease.")
    assert claim.other_terms == ["itepekimab"]
    assert assess(malaria, claim, {"itepekimab": 0.0}, specific={"itepekimab"}).verdict is Verdict.DIRECT


def test_the_subject_word_in_the_slot_of_what_is_asked_is_the_one_needed() -> None:
    """One subject word is enough, unless some name what is asked about: then one of those."""
    facets = analyse("Is zorvatinib effective for postpartum haemorrhage in multiparous women?")
    rare = {"zorvatinib", "multiparous"}
    multiparous = record("Postpartum haemorrhage in multiparous women", "Oxytocin reduced blood loss.")
    assert assess(multiparous, facets, specific=rare).reason == "subject: does not mention zorvatinib"
    trial = record("Zorvatinib for postpartum haemorrhage", "Zorvatinib reduced blood loss.")
    assert assess(trial, facets, specific=rare).verdict is Verdict.DIRECT


def test_a_record_on_a_kind_of_the_asked_condition_is_on_it() -> None:
    """Ischaemic stroke and acute coronary syndrome are cardiovascular disease, though neither says so."""
    facets = analyse("Do statins prevent cardiovascular disease?")
    stroke = record(
        "Statins after ischaemic stroke", "Statins after ischaemic stroke or TIA reduced major coronary events."
    )
    acs = record("Early statins in acute coronary syndrome", "Statins started within 14 days of ACS.")
    for rec in (stroke, acs):
        assert assess(rec, facets).verdict is Verdict.DIRECT, rec.title
    # Only downwards: a cardiovascular-disease record is not evidence on stroke in particular.
    broad = record("Statins in cardiovascular disease", "Statins lowered cardiovascular disease events.")
    on_stroke = assess(broad, analyse("Do statins prevent stroke?"))
    assert on_stroke.verdict is Verdict.INDIRECT and "not stroke" in on_stroke.reason
    # And not sideways: hypertension is a risk factor, not a kind of cardiovascular disease.
    pressure = record("Statins in hypertension", "Statins in people with high blood pressure lowered cholesterol.")
    assert assess(pressure, facets).verdict is not Verdict.DIRECT


def test_a_kind_of_the_asked_treatment_counts_by_its_own_names() -> None:
    facets = analyse("Do anticoagulants prevent stroke in atrial fibrillation?")
    warfarin = record(
        "Warfarin versus placebo in atrial fibrillation", "Warfarin lowered the rate of stroke in atrial fibrillation."
    )
    assert assess(warfarin, facets).verdict is Verdict.DIRECT


def test_a_record_on_the_class_is_not_direct_for_one_of_its_kinds() -> None:
    """Insulin pumps and egg allergy were synonyms of insulin and food allergy: any record on insulin
    answered a question on pumps (stop 28)."""
    pump = analyse("Is insulin pump therapy better than injections in type 1 diabetes?")
    islets = record("Insulin therapy in type 1 diabetes", "Basal insulin improved HbA1c in type 1 diabetes.")
    result = assess(islets, pump)
    assert (result.verdict, result.reason) == (
        Verdict.INDIRECT,
        "intervention: insulin in general, not insulin pump in particular",
    )
    csii = record(
        "Continuous subcutaneous insulin infusion in type 1 diabetes", "CSII improved HbA1c in type 1 diabetes."
    )
    assert assess(csii, pump).verdict is Verdict.DIRECT
    # HPV vaccines had been a name of vaccination: a Japanese encephalitis vaccine trial was direct for them.
    encephalitis = record(
        "A live Japanese encephalitis vaccine is safe", "The vaccine was safe and immunogenic in adults."
    )
    assert assess(encephalitis, analyse("Are HPV vaccines safe?")).verdict is not Verdict.DIRECT
    # Sciatica had been a synonym of low back pain: injections for back pain in labour answered it.
    back = record("Injections for low back pain in labour", "Sterile water injections eased low back pain in labour.")
    assert "low back pain in general, not sciatica" in assess(back, analyse("What helps sciatica?")).reason
    eggs = analyse("Does early introduction of eggs prevent egg allergy?")
    allergy = record("Tolerance in food allergy", "Oral immunotherapy desensitised children with food allergy.")
    assert "population: food allergy in general, not egg allergy" in assess(allergy, eggs).reason
    # Levetiracetam had been a synonym of antiepileptic drugs: a study of AED prescriptions answered it.
    drugs = record(
        "Antiepileptic drug prescribing in children", "Antiepileptic drugs were prescribed to children with epilepsy."
    )
    judged = assess(drugs, analyse("Does levetiracetam work for epilepsy in children?"))
    assert (judged.verdict, judged.reason) == (
        Verdict.INDIRECT,
        "intervention: antiepileptic drugs in general, not levetiracetam in particular",
    )
    # Dexamethasone had been a synonym of corticosteroids: any corticosteroid review answered it.
    steroids = record("Corticosteroids in severe pneumonia", "Corticosteroids reduced mortality in severe pneumonia.")
    judged = assess(steroids, analyse("Does dexamethasone reduce mortality in severe pneumonia?"))
    assert "intervention: corticosteroids in general, not dexamethasone" in judged.reason
    trial = record("Dexamethasone in severe pneumonia", "Dexamethasone reduced mortality in severe pneumonia.")
    assert assess(trial, analyse("Do corticosteroids reduce mortality in severe pneumonia?")).verdict is Verdict.DIRECT
    # Catheter ablation had been a name of rhythm control, so an ablation review that never said
    # 'catheter ablation' was "not about rhythm control"; it is a kind of rhythm control now.
    ablation = record(
        "Pulmonary vein isolation for atrial fibrillation",
        "Pulmonary vein isolation reduced recurrence of atrial fibrillation compared with drugs.",
    )
    assert assess(ablation, analyse("Is rhythm control effective in atrial fibrillation?")).verdict is Verdict.DIRECT
    # Eplerenone is a mineralocorticoid receptor antagonist, a kind of diuretic; spironolactone one of them.
    eplerenone = record("Eplerenone for hypertension", "Eplerenone lowered blood pressure in hypertension.")
    assert assess(eplerenone, analyse("Do diuretics lower blood pressure in hypertension?")).verdict is Verdict.DIRECT
    assert assess(eplerenone, analyse("Does spironolactone help hypertension?")).verdict is not Verdict.DIRECT
    # Overactive bladder had been a synonym of urinary incontinence: sling surgery for stress
    # incontinence answered it.
    sling = record(
        "Midurethral sling for stress urinary incontinence",
        "Sling surgery cured stress urinary incontinence in women; the treatment was safe.",
    )
    judged = assess(sling, analyse("What treatments help overactive bladder in women?"))
    assert judged.verdict is Verdict.INDIRECT
    assert "population: urinary incontinence in general, not overactive bladder" in judged.reason


def test_a_page_that_lost_its_accented_letters_is_still_on_the_condition() -> None:
    facets = analyse("What is the prognosis of Guillain-Barré syndrome?")
    page = record("Guillain-Barr Syndrome", "Guillain-Barr syndrome is a disorder; most people recover, some die.")
    assert assess(page, facets).verdict is not Verdict.OFF_TOPIC


def test_a_fertility_trial_is_not_on_pregnant_women_for_a_question_on_its_condition() -> None:
    facets = analyse("Is metformin effective for polycystic ovary syndrome?")
    trial = record(
        "Clomiphene, metformin, or both for ovulation induction and achievement of pregnancy in women with PCOS",
        "In 154 women with polycystic ovary syndrome, metformin improved ovulation; pregnancy rates were similar.",
    )
    assert assess(trial, facets).verdict is Verdict.DIRECT
    # A pregnancy study that is no fertility trial stays on pregnant women.
    pregnant = record(
        "Metformin in pregnancy: outcomes for mothers with PCOS",
        "Pregnant women with polycystic ovary syndrome took metformin until delivery.",
    )
    assert "population: pregnant women" in assess(pregnant, facets).reason


def test_infants_and_adolescents_do_not_stand_for_each_other() -> None:
    """A study of infants' sleep and SIDS was direct evidence for "How much sleep do teenagers need?"
    (stop 28); children stand for either end of childhood."""
    teenagers_q = analyse("How much sleep do teenagers need?")
    infants = record(
        "Bed sharing and sudden infant death", "Infants who shared a bed had less sleep. Infants died of SIDS."
    )
    judged = assess(infants, teenagers_q)
    assert (judged.verdict, judged.reason) == (Verdict.INDIRECT, "population: infants, not adolescents")
    children = record("Sleep duration in schoolchildren", "Children slept 9 hours. Sleep in children fell with age.")
    assert "population" not in assess(children, teenagers_q).reason
    teenagers = record("Sleep duration in adolescents", "Adolescents slept 7 hours. Sleep in adolescents fell.")
    assert assess(teenagers, analyse("How much sleep do babies need?")).reason == "population: adolescents, not infants"


def test_names_inside_other_phrases_are_not_the_concept() -> None:
    """'extremely cold air' is no common cold, and "Thrombolysis in Cerebral Infarction" a reperfusion
    score, not thrombolysis given (stop 28: a cryotherapy study and thrombectomy devices were direct)."""
    cryotherapy = record("Exercise after whole-body cryotherapy", "Athletes were exposed to extremely cold air.")
    assert assess(cryotherapy, analyse("Is it OK to exercise with a cold?")).verdict is not Verdict.DIRECT
    device = record(
        "A balloon guide catheter in stroke thrombectomy",
        "Thrombolysis in cerebral infarction 3 scores were higher in acute ischaemic stroke.",
    )
    assert assess(device, analyse("Does thrombolysis help in ischaemic stroke?")).verdict is not Verdict.DIRECT
    # Nicotine gum is no gum disease (stop 28: a review of nicotine replacement answered a toothbrush question).
    nicotine = record("", "Nicotine gum and electric devices helped smokers quit; general health improved.")
    assert assess(nicotine, analyse("Does electric toothbrush use improve gum health?")).verdict is not Verdict.DIRECT
    # An antiviral response is the body's, not a drug (stop 28).
    innate = record(
        "RIG-I-mediated antiviral responses to influenza RNA", "Antiviral responses in influenza were innate."
    )
    assert assess(innate, analyse("Are antivirals helpful for influenza?")).verdict is not Verdict.DIRECT


def test_people_without_a_condition_hold_even_when_nothing_else_is_a_concept() -> None:
    """ "Is gluten bad for people without coeliac disease?" named no concept but the one its people lack,
    so studies of people with coeliac disease were direct (stop 28)."""
    coeliac = record("Overweight in coeliac disease", "Adults with coeliac disease ate spelt and gained weight.")
    judged = assess(coeliac, analyse("Is spelt bad for people without coeliac disease?"))
    assert (judged.verdict, judged.reason) == (
        Verdict.INDIRECT,
        "population: people with coeliac disease, not people without it",
    )


def test_travellers_must_be_named_and_a_vaccine_is_prevention() -> None:
    """Malaria control in Tanzania answered "How is malaria prevented in travellers?", and the Cochrane
    review of the zoster vaccine was "people without herpes zoster (prevention)" for a vaccine question."""
    tanzania = record(
        "The changing epidemiology of malaria in Ifakara Town",
        "Bed nets and prompt treatment lowered malaria in the town.",
    )
    assert "population: not travellers" in assess(tanzania, analyse("How is malaria prevented in travellers?")).reason
    vaccine = record(
        "",
        "One trial of 38,546 adults aged 60 years or more compared vaccination with placebo. The vaccine "
        "reduced the incidence of herpes zoster by half.",
        kind=Kind.SYSTEMATIC_REVIEW,
    )
    judged = assess(vaccine, analyse("How effective is the shingles vaccine in older adults?"))
    assert judged.verdict is Verdict.DIRECT, judged.reason


def test_lipid_lowering_drugs_are_a_class_not_another_name_for_statins() -> None:
    facets = analyse("Do statins cause diabetes?")
    fibrate = record(
        "Bezafibrate for prevention of type 2 diabetes in patients with coronary artery disease",
        "New-onset diabetes was less frequent with bezafibrate; some patients also took lipid-lowering therapy.",
    )
    judged = assess(fibrate, facets)
    assert (judged.verdict, judged.reason) == (Verdict.INDIRECT, "intervention: fibrates, not statins")
    # The class names its kinds: a statin trial is on lipid-lowering drugs.
    statin = record("Rosuvastatin and new-onset diabetes", "Rosuvastatin raised the risk of new-onset diabetes.")
    assert assess(statin, analyse("Do lipid-lowering drugs cause diabetes?")).verdict is Verdict.DIRECT


def test_a_record_on_other_children_says_age_and_condition_apart() -> None:
    """Children with anxiety for an older adults' insomnia question: two reasons, each in like terms
    ("children and adolescents, not insomnia" had set an age against a condition)."""
    rec = record(
        "Cognitive behavioural therapy for anxiety",
        "Children and adolescents with anxiety improved with CBT. Children kept the gains at follow-up.",
        [tag("Child"), tag("Adolescent")],
    )
    result = assess(rec, analyse("Is cognitive behavioural therapy effective for insomnia in older adults?"))
    assert result.verdict is Verdict.INDIRECT
    assert "population: children and adolescents, not older adults" in result.reason
    assert "not insomnia" in result.reason
    assert "adolescents, not insomnia" not in result.reason


def test_a_prevention_record_is_direct_for_a_question_on_prevention_or_risk() -> None:
    rec = record("Primary prevention of hypertension", "Exercise and lifestyle interventions lower blood pressure.")
    for question in ("How can hypertension be prevented in adults?", "Does exercise reduce the risk of hypertension?"):
        assert assess(rec, analyse(question)).verdict is Verdict.DIRECT, question
    # A title on risk (a risk-factor study) is not one on prevention.
    risk = record("Salt intake and the risk of hypertension", "Treatment of hypertension in adults is common.")
    assert "prevention" not in assess(risk, analyse("What is the best treatment for hypertension?")).reason


def test_a_treatment_named_once_in_passing_is_not_studied() -> None:
    """A review of lipoprotein(a) therapy says once that aspirin may lower Lp(a): no aspirin study."""
    question = analyse("Is aspirin recommended for primary prevention of cardiovascular disease?")
    lpa = record(
        "Optimal therapy for reduction of lipoprotein(a)",
        "Lipoprotein(a) is a cardiovascular risk factor. Besides inhibiting platelet function, aspirin may "
        "also decrease Lp(a). Apheresis, nicotinic acid and statins lower Lp(a) and the risk of cardiovascular "
        "disease.",
    )
    result = assess(lpa, question)
    assert (result.verdict, result.reason) == (
        Verdict.INDIRECT,
        "intervention: aspirin named once in passing, not studied",
    )
    # Named twice, or in the title, it is studied.
    twice = record(lpa.title, lpa.abstract + " Aspirin lowered cardiovascular events in people with high Lp(a).")
    assert assess(twice, question).verdict is Verdict.DIRECT
    titled = record("Aspirin and lipoprotein(a)", lpa.abstract)
    assert assess(titled, question).verdict is Verdict.DIRECT
    # A patient page lists each treatment once; the question's own family in the title counts as naming it.
    page = record(lpa.title, lpa.abstract, kind=Kind.PATIENT_INFORMATION)
    assert assess(page, question).verdict is Verdict.DIRECT
    exercise = analyse("Does exercise reduce fatigue in multiple sclerosis?")
    training = record("Strength training in multiple sclerosis", "Fatigue fell after exercise in MS.")
    assert assess(training, exercise).verdict is Verdict.DIRECT


def test_an_untitled_abstract_about_a_test_compared_with_the_asked_one_is_drift() -> None:
    """An abstract's 'compared with ...' names a treatment or test as much as any other sentence."""
    rec = record(
        "",
        "Clinical examination was compared with D-dimer levels in acute appendicitis. D-dimer levels did not "
        "differ between groups. Increased D-dimer should not be used. Some children had ultrasonography.",
    )
    result = assess(rec, analyse("How accurate is ultrasound for diagnosing appendicitis in children?"))
    assert result.verdict is Verdict.INDIRECT
    assert "intervention: D-dimer, not ultrasound" in result.reason


def test_women_and_men_are_adults() -> None:
    """MeSH: 'Women: human adult females'. A review of antibiotics for UTI in children was direct for
    "What antibiotics treat urinary tract infection in women?"; a record on women is not on children."""
    facets = analyse("What antibiotics treat urinary tract infection in women?")
    children = record(
        "Antibiotics for urinary tract infection in children",
        "Children with urinary tract infection were cured by antibiotics. Children tolerated them well.",
    )
    assert assess(children, facets).reason == "population: children, not women"
    women = record(
        "Antibiotics for urinary tract infection",
        "Women with urinary tract infection were cured by antibiotics; women with children did as well as women "
        "without. Many women have children.",
    )
    assert assess(women, facets).verdict is Verdict.DIRECT
    mothers = record(
        "Antibiotics for urinary tract infection in mothers",
        "Women with urinary tract infection took antibiotics. Women were cured in a week.",
    )
    assert assess(mothers, analyse("Which antibiotics treat urinary tract infection in children?")).reason == (
        "population: adults, not children"
    )


def test_how_a_condition_runs_is_no_subject_word() -> None:
    """'uncomplicated' is rare in a library and in English, but says how a UTI runs, not what it is."""
    facets = analyse("What antibiotics treat uncomplicated urinary tract infection in women?")
    rec = record("Antibiotics for urinary tract infection in women", "Antibiotics cured 90% of women.")
    assert assess(rec, facets, specific={"uncomplicated"}).verdict is Verdict.DIRECT


def test_an_outcome_named_only_as_a_covariate_is_not_studied() -> None:
    """'Statin use and risk of gallstone disease' adjusts for ischaemic heart disease: it was direct
    evidence on statins for cardiovascular events."""
    facets = analyse("Do statins reduce cardiovascular events in primary prevention?")
    gallstones = record(
        "Statin use and risk of gallstone disease",
        "Long-term statin use was associated with fewer gallstones (OR 0.76). Estimates were adjusted for "
        "smoking, body mass index, ischemic heart disease and stroke.",
    )
    result = assess(gallstones, facets)
    assert result.verdict is Verdict.INDIRECT
    assert "named only as a covariate" in result.reason
    trial = record(
        "Statins in people without cardiovascular disease",
        "Statins reduced ischemic heart disease events (RR 0.72). Estimates were adjusted for smoking.",
    )
    assert assess(trial, facets).verdict is Verdict.DIRECT


def test_primary_prevention_is_not_answered_by_people_who_have_had_the_disease() -> None:
    """A review of statins after stroke or TIA was direct evidence for statins in primary prevention."""
    primary = analyse("Do statins reduce cardiovascular events in primary prevention?")
    after_stroke = record(
        "",
        "Statins reduced subsequent vascular events in those with a previous history of stroke or TIA (OR 0.74). "
        "Statin therapy in patients with a history of ischaemic stroke reduces recurrence.",
    )
    result = assess(after_stroke, primary)
    assert (result.verdict, result.reason) == (
        Verdict.INDIRECT,
        "population: people who have had stroke (secondary prevention), not primary prevention",
    )
    acs = record("Early statins in acute coronary syndromes", "Statins did not reduce cardiovascular events.")
    assert "people who have had acute coronary syndromes" in assess(acs, primary).reason
    # "No history of myocardial infarction" is primary prevention; so is a record that says so.
    woscops = record(
        "Pravastatin in men with hypercholesterolemia",
        "Men with no history of myocardial infarction took pravastatin; cardiovascular events fell by 31%. "
        "Men without a history of myocardial infarction benefited.",
    )
    assert assess(woscops, primary).verdict is Verdict.DIRECT
    both = record(
        "Statins in primary and secondary prevention",
        "In primary prevention and after myocardial infarction, statins reduced cardiovascular events. "
        "Survivors of myocardial infarction benefited most.",
    )
    assert assess(both, primary).verdict is Verdict.DIRECT
    # The other way round, and not at all for a question that does not say which prevention.
    secondary = analyse("Do statins reduce cardiovascular events in secondary prevention?")
    healthy = record("Statins in people without cardiovascular disease", "Statins reduced cardiovascular events.")
    assert assess(healthy, secondary).reason == (
        "population: people who have not had the disease (primary prevention), not secondary prevention"
    )
    assert assess(after_stroke, secondary).verdict is Verdict.DIRECT
    assert assess(after_stroke, analyse("Do statins reduce cardiovascular events?")).verdict is Verdict.DIRECT


@pytest.mark.parametrize(
    ("question", "title", "abstract", "reason"),
    [
        (  # 'diabetes' is searched for type 2 diabetes, but a trial in type 1 diabetes is not on it.
            "Is metformin effective in type 2 diabetes?",
            "Metformin in type 1 diabetes",
            "Adolescents with type 1 diabetes took metformin; HbA1c fell by 0.2%.",
            "population: type 1 diabetes, not type 2 diabetes",
        ),
        (
            "Does interferon beta reduce relapses in relapsing-remitting multiple sclerosis?",
            "Interferon beta in progressive multiple sclerosis",
            "Interferon beta did not slow progression in progressive multiple sclerosis; relapses fell.",
            "population: progressive multiple sclerosis, not relapsing-remitting multiple sclerosis",
        ),
        (  # A class the drug belongs to is not the drug.
            "Is warfarin effective in atrial fibrillation?",
            "Anticoagulants in atrial fibrillation",
            "Anticoagulants reduced stroke by 60% in atrial fibrillation.",
            "intervention: anticoagulants in general, not warfarin in particular",
        ),
        (
            "Does aspirin prevent intracerebral haemorrhage?",
            "Aspirin and stroke",
            "Aspirin reduced stroke by 20%.",
            "population: stroke in general, not intracerebral haemorrhage",
        ),
        (  # Fatigue in MS is not cancer-related fatigue.
            "Does exercise help cancer-related fatigue?",
            "Aerobic exercise for fatigue in multiple sclerosis",
            "People with MS who exercised reported less fatigue (SMD -0.5).",
            "population: not cancer-related fatigue",
        ),
        (  # The drug's family named, the drug never: the class in general.
            "Does interferon beta reduce relapses in multiple sclerosis?",
            "Disease-modifying therapies in multiple sclerosis",
            "Disease-modifying therapies reduced the relapse rate by a third in multiple sclerosis.",
            "intervention: disease-modifying drugs in general, not interferon beta",
        ),
        (  # Peers stay names: balance and ataxia for coordination; the family for its own general name.
            "Does physical therapy improve coordination in multiple sclerosis?",
            "Exercise for balance in multiple sclerosis",
            "Exercise improved balance in multiple sclerosis (SMD 0.4).",
            "",
        ),
        (  # The drug's class in the condition's broader kind: one step removed on both, and said so.
            "Is fluoxetine effective for bulimia nervosa?",
            "Selective serotonin reuptake inhibitors for eating disorders",
            "SSRIs reduced binge frequency in eating disorders (SMD -0.4).",
            "population: eating disorders in general, not bulimia nervosa; "
            "intervention: selective serotonin reuptake inhibitors in general, not fluoxetine",
        ),
        (  # A treatment named only as what happened to the people is an outcome there, not the exposure.
            "What are the risks of caesarean section for future pregnancies?",
            "Vitamin D and pregnancy outcomes",
            "Low vitamin D was associated with a higher rate of caesarean section in pregnant women (OR 1.3). "
            "Pregnant women with low vitamin D were more likely to have a caesarean section.",
            "intervention: caesarean section only as an outcome, not what was studied",
        ),
        (
            "What are the risks of caesarean section for future pregnancies?",
            "Previous caesarean section and placenta praevia in a later pregnancy",
            "Pregnant women with a previous caesarean section had more placenta praevia (OR 2.0).",
            "",
        ),
        (  # A class of the asked treatment counts by its own names, not by the asked treatment's.
            "Is hormone replacement therapy safe for women with menopausal symptoms?",
            "",
            "HRT reduced hot flushes in women with menopausal symptoms (RR 0.25). HRT raised the risk of stroke "
            "in women with menopausal symptoms; another hormone treatment, tamoxifen, did not.",
            "",
        ),
        (  # The other arm of a comparison alone says nothing on the comparison.
            "Is laparoscopic appendicectomy better than open surgery?",
            "Thirty-day mortality after emergency laparotomy",
            "Mortality at 30 days after emergency laparotomy was 14% (n = 446).",
            "intervention: open surgery only, not appendicectomy",
        ),
        (  # The effect a treatment is asked to cause is an outcome, not who was studied.
            "Does long-term use of benzodiazepines cause dementia?",
            "Benzodiazepines and injurious falls in community dwelling elders",
            "Benzodiazepine use was associated with injurious falls (OR 1.4).",
            "outcome: not about dementia",
        ),
        (  # One kind of the family asked about: a record on the family in general is not on it.
            "Does dance therapy improve balance in Parkinson's disease?",
            "Exercise and postural stability in Parkinson's disease",
            "Exercise improved balance in Parkinson's disease (SMD 0.3).",
            "intervention: exercise and rehabilitation in general, not dance therapy",
        ),
        (
            "Does dance therapy improve balance in Parkinson's disease?",
            "Strength training and postural stability in Parkinson's disease",
            "Strength training improved balance in Parkinson's disease (SMD 0.3).",
            "intervention: resistance training, not dance therapy",
        ),
        (  # Another kind named in the title says what the record is on.
            "Does cognitive behavioural therapy help insomnia in older adults?",
            "Mindfulness meditation for sleep quality in older adults with insomnia",
            "Mindfulness improved sleep quality in older adults with insomnia (SMD 0.5).",
            "intervention: mindfulness, not cognitive behavioural therapy",
        ),
    ],
)
def test_a_broader_name_searched_for_is_not_a_name_of_the_concept(
    question: str, title: str, abstract: str, reason: str
) -> None:
    result = assess(record(title, abstract), analyse(question))
    assert (result.verdict, result.reason) == (Verdict.INDIRECT if reason else Verdict.DIRECT, reason)


def test_a_record_missing_the_condition_and_the_subject_is_off_topic() -> None:
    """'What are the side effects of isotretinoin for acne?' had the side effects of tuberculosis drugs
    as indirect evidence: they share only the outcome."""
    facets = analyse("What are the side effects of isotretinoin for acne?")
    rare = {"isotretinoin"}
    tb = record("Adverse events of drugs for tuberculosis", "Side effects were gastrointestinal in 32%.")
    result = assess(tb, facets, specific=rare)
    assert (result.verdict, result.reason) == (Verdict.OFF_TOPIC, "does not mention acne or isotretinoin")
    # Either one is enough to stay: another drug for acne, or isotretinoin for another condition.
    other_drug = record("Adverse effects of antibiotics for acne", "Side effects were mild in 10%.")
    assert assess(other_drug, facets, specific=rare).verdict is Verdict.INDIRECT
    rosacea = record("Isotretinoin for rosacea", "Side effects of isotretinoin were dry lips in 90%.")
    assert assess(rosacea, facets, specific=rare).verdict is Verdict.INDIRECT


def test_the_broader_condition_alone_keeps_a_record_only_when_no_treatment_is_asked() -> None:
    """Vitamin A for lower respiratory infections was indirect evidence on vitamin C for colds."""
    lrti = record(
        "",
        "Vitamin A supplementation had a limited effect in preventing acute lower respiratory tract infections in "
        "children. Respiratory tract infections were as common with vitamin A.",
    )
    result = assess(lrti, analyse("Does vitamin C prevent the common cold?"))
    assert (result.verdict, result.reason) == (Verdict.OFF_TOPIC, "does not mention common cold or vitamin C")
    # With no treatment asked about, the broader condition is indirect evidence on the narrower one.
    pneumonia = record("Treating pneumonia", "Pneumonia was cured in 90% of patients.")
    kept = assess(pneumonia, analyse("What is the best treatment for community-acquired pneumonia?"))
    assert kept.verdict is Verdict.INDIRECT
    assert kept.reason.startswith("population: pneumonia in general")


def test_a_question_on_children_is_not_answered_by_a_record_silent_on_age() -> None:
    """Studies are of adults unless they say otherwise: an antidepressant trial measuring sick leave
    was direct evidence for antidepressants in children and adolescents."""
    facets = analyse("Do antidepressants work for depression in children and adolescents?")
    silent = record("Antidepressants and sick leave", "Antidepressants for depression did not shorten sick leave.")
    result = assess(silent, facets)
    assert (result.verdict, result.reason) == (
        Verdict.INDIRECT,
        "population: age not stated, not children or adolescents",
    )
    # Named once is enough here (the age groups proper need the title or two mentions).
    once = record(
        "Antidepressants for depression", "Adolescents with depression improved on fluoxetine (antidepressants)."
    )
    assert assess(once, facets).verdict is Verdict.DIRECT
    # Not for adults or older adults: an adult study silent on age is on adults.
    older = analyse("Do antidepressants work for depression in older adults?")
    assert assess(silent, older).verdict is Verdict.DIRECT


def test_a_record_sharing_only_the_treatment_is_off_topic() -> None:
    """Aspirin and macular degeneration was indirect evidence on aspirin to prevent stroke in AF."""
    facets = analyse("Should adults with atrial fibrillation take aspirin to prevent stroke?")
    amd = record(
        "Long-term use of aspirin and age-related macular degeneration", "Aspirin use was not associated (OR 1.1)."
    )
    result = assess(amd, facets)
    assert (result.verdict, result.reason) == (Verdict.OFF_TOPIC, "does not mention atrial fibrillation or stroke")
    # The outcome in common keeps it, as another population's evidence.
    stroke = record("Aspirin after transient ischaemic attack", "Aspirin reduced stroke by 20% (RR 0.8).")
    assert assess(stroke, facets).verdict is Verdict.INDIRECT


def test_exercise_capacity_measured_is_no_exercise_studied() -> None:
    """A cohort measured by exercise testing says nothing on exercise as a treatment (`not_within`)."""
    facets = analyse("Does exercise improve glycaemic control in type 2 diabetes?")
    cohort = record(
        "Exercise capacity and body mass as predictors of mortality among male veterans with type 2 diabetes.",
        "Patients with type 2 diabetes were referred for exercise testing. Exercise capacity was determined from a"
        " maximal exercise test. Each 1-MET increase in exercise capacity conferred a 10% survival benefit.",
    )
    judged = assess(cohort, facets)
    assert judged.verdict is Verdict.INDIRECT and judged.reason == "intervention: not about exercise"
    trial = record(
        "Supervised exercise in type 2 diabetes",
        "Exercise training for 12 weeks lowered HbA1c and improved glycaemic control and exercise capacity.",
    )
    assert assess(trial, facets).verdict is Verdict.DIRECT


def test_an_abbreviation_the_record_defines_as_something_else_is_read_as_that() -> None:
    """'dance movement therapy (DMT)' is no disease-modifying therapy; 'prothrombin time (PT)' no physical therapy."""
    dmt = analyse("Do disease-modifying therapies reduce relapses in multiple sclerosis?")
    dance = record(
        "Mood and relapses in multiple sclerosis",
        "Dance movement therapy (DMT) was offered to 40 people with multiple sclerosis. DMT improved mood;"
        " relapses were fewer after DMT.",
    )
    judged = assess(dance, dmt)
    assert judged.verdict is Verdict.INDIRECT and judged.reason == "intervention: not about disease-modifying therapies"
    drugs = record(
        "Relapses after starting treatment in multiple sclerosis",
        "Disease-modifying therapies (DMTs) were started in 200 people. DMTs reduced the relapse rate by 30%.",
    )
    assert assess(drugs, dmt).verdict is Verdict.DIRECT
    pt = analyse("Does PT improve balance in multiple sclerosis?")
    clotting = record(
        "Balance in multiple sclerosis",
        "Prothrombin time (PT) was measured in 50 people with multiple sclerosis. PT was longer in those with"
        " poor balance.",
    )
    judged = assess(clotting, pt)
    assert judged.verdict is Verdict.INDIRECT and judged.reason == "intervention: not about physical therapy"


def test_a_question_on_something_the_library_never_names_is_answered_by_no_record() -> None:
    """'Describe SBGNview' in a library that never names SBGNview: every record is off-topic, none stands in."""
    facets = analyse("Describe SBGNview")
    assert facets.other_terms and not facets.condition, "a free-word request"
    tool = record("Comparative protein structure modeling using MODELLER", "A software package for structures.")
    unseen = assess(tool, facets, rarity={w: 0.0 for w in facets.other_terms}, specific={"sbgnview"})
    assert unseen.verdict is Verdict.OFF_TOPIC and unseen.reason == "does not mention SBGNview"
    # Sharing the question's other words does not make a record about what the library never names;
    # where the library does name it, a record that does not is indirect, as before.
    asked = analyse("Which pathways does SBGNview draw?")
    pathway = record("Signalling pathways drawn as graphs", "Pathways were drawn.")
    for held, verdict in ((0.0, Verdict.OFF_TOPIC), (3.0, Verdict.INDIRECT)):
        weights = {w: (held if w.lower() == "sbgnview" else 2.0) for w in asked.other_terms}
        judged = assess(pathway, asked, rarity=weights, specific={"sbgnview"})
        assert judged.verdict is verdict and "does not mention SBGNview" in judged.reason, (held, judged)


def test_a_harm_named_as_a_hazard_is_an_adverse_effect_but_a_hazard_ratio_is_not() -> None:
    question = analyse("What are the side effects of metformin?")
    hazard = record("Metformin-associated lactic acidosis", "Lactic acidosis is a potential hazard of metformin.")
    assert assess(hazard, question).verdict is Verdict.DIRECT
    ratio = record("Metformin and survival in cancer", "Metformin users had a hazard ratio for death of 0.8.")
    assert assess(ratio, question).reason == "outcome: not about adverse effects"


BLACK_ADULTS_Q = "What is the first-line treatment for hypertension in Black adults?"


def test_a_question_on_people_of_an_ancestry_needs_a_record_that_names_them() -> None:
    """A trial in adults that never says whom it enrolled was direct evidence for Black adults: guidelines advise
    differently by ancestry, and 'adults' had stood for 'Black adults'."""
    trial = "Adults with hypertension were randomised to amlodipine or ramipril; blood pressure fell with both."
    general = assess(
        record("Amlodipine versus ramipril in hypertension", trial, kind=Kind.TRIAL_REPORT), analyse(BLACK_ADULTS_Q)
    )
    assert (general.verdict, general.reason) == (Verdict.INDIRECT, "population: not Black people")
    named = trial.replace("Adults", "African American adults")
    on_them = assess(
        record("Amlodipine versus ramipril in hypertension", named, kind=Kind.TRIAL_REPORT), analyse(BLACK_ADULTS_Q)
    )
    assert on_them.verdict is Verdict.DIRECT


def test_a_named_cause_of_hair_loss_needs_a_record_on_hair_loss() -> None:
    """ "Can stress cause hair loss?" read hair loss as two plain words: stress in yeast or mice was direct."""
    question = analyse("Can stress cause hair loss?")
    assert {t.concept for t in question.condition} == {"stress", "alopecia"}
    yeast = record(
        "Exploiting the yeast stress-activated signaling network",
        "Yeast cells under stress-activated kinase signaling.",
    )
    assert assess(yeast, question).verdict is not Verdict.DIRECT
    telogen = record(
        "Psychological stress and telogen effluvium",
        "Stress preceded hair loss in most patients with telogen effluvium.",
    )
    assert assess(telogen, question).verdict is Verdict.DIRECT


def test_a_condition_named_once_as_an_example_stays_on_the_record() -> None:
    """Only an adjustment or an exclusion makes a condition a covariate when the title names no other one:
    'outcomes such as gestational diabetes' in a review of pregnancy diets is what it measured."""
    facets = analyse("What is the best treatment for gestational diabetes?")
    rec = record(
        "Effects of diet and lifestyle interventions in pregnancy on weight gain",
        "Diet reduced weight gain. The evidence was weak for outcomes such as pre-eclampsia and gestational diabetes.",
    )
    assert "covariate" not in assess(rec, facets).reason


def test_faecal_incontinence_is_not_urinary_incontinence() -> None:
    """'incontinence' named urinary incontinence inside 'faecal incontinence' (stop 29)."""
    bowel = record(
        "Sacral nerve stimulation for faecal incontinence in women",
        "Faecal incontinence episodes fell with stimulation treatment in women.",
    )
    assert assess(bowel, analyse("What treatments work for urinary incontinence in women?")).verdict is not (
        Verdict.DIRECT
    )


def test_falling_rates_are_no_falls() -> None:
    """'falling infant mortality' made a demography paper direct for preventing falls in older people."""
    demography = record(
        "Life expectancy of older people in Europe",
        "Falling infant mortality raised life expectancy of older people. Exercise programmes to prevent disability"
        " were offered to older people; falling rates of smoking in older people helped.",
    )
    assert assess(demography, analyse("How can falls be prevented in older people?")).verdict is not Verdict.DIRECT


def test_progression_of_a_disease_is_asked_of_people_who_have_it() -> None:
    """ "lower the risk of glaucoma progression" had read as preventing glaucoma, so every study of
    people with glaucoma was "people who have glaucoma, not people at risk of it" (stop 29)."""
    facets = analyse("Do eye drops lower the risk of glaucoma progression?")
    cohort = record(
        "Visual field loss in glaucoma", "Glaucoma patients lost visual field. Glaucoma severity predicted loss."
    )
    assert "people at risk of it" not in assess(cohort, facets).reason


def test_an_unknown_treatment_is_named_by_the_question_word() -> None:
    """'not mortality management' read oddly for "Does riluzole prolong survival in ALS?" (stop 29)."""
    facets = analyse("Does riluzole prolong survival in amyotrophic lateral sclerosis?")
    exercise = record(
        "Exercise for amyotrophic lateral sclerosis",
        "Exercise therapy improved function in amyotrophic lateral sclerosis. Exercise was safe.",
    )
    reason = assess(exercise, facets, specific={"riluzole"}).reason
    assert "intervention: exercise and rehabilitation, not riluzole for mortality" in reason


def test_an_everyday_treatment_the_vocabulary_knows_must_be_named() -> None:
    """ "Is breakfast important for school performance?" had no facet but its outcome, so a review of
    school start times and sleep was direct (stop 29: breakfast, chewing gum, energy drinks, early
    feeding are concepts)."""
    sleep = record(
        "School start times and sleep in adolescents",
        "Later school start times improved sleep and academic performance in adolescents.",
    )
    judged = assess(sleep, analyse("Is breakfast important for school performance?"))
    assert (judged.verdict, judged.reason) == (Verdict.INDIRECT, "intervention: not about breakfast")


def test_a_syringe_exchanged_during_an_injection_is_no_needle_exchange_programme() -> None:
    """ "Are needle exchange programmes effective?" took the free-word path, where cation-exchange resin
    and catheter exchange reviews were direct; the programme is a concept now, and a procedure's
    "a syringe exchange was performed" does not name it (stop 29)."""
    injection = record(
        "Sonographic needle guidance for joint injection",
        "After the needle was placed, a syringe exchange was performed and corticosteroid was injected.",
    )
    assert assess(injection, analyse("Are needle exchange programmes effective?")).verdict is not Verdict.DIRECT
