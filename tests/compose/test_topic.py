"""The question's subject as the overview names it (`bedside.compose.topic`)."""

from __future__ import annotations

from bedside.compose.topic import topic
from bedside.search.facets import analyse


def test_the_topic_reads_as_a_phrase() -> None:
    """What 'No guideline in the library addresses ...' names: a list reads as English."""
    assert topic(analyse("Does physiotherapy improve coordination in MS?")) == (
        "physical therapy for coordination in multiple sclerosis"
    )
    three = analyse("Does adding bupropion to varenicline improve smoking abstinence?")
    assert topic(three) == "bupropion, varenicline and smoking"
    # A harm is what the treatment causes, not what it is for ("proton pump inhibitors for adverse effects").
    assert topic(analyse("What are the side effects of long-term proton pump inhibitor use?")) == (
        "adverse effects of proton pump inhibitors"
    )
    assert topic(analyse("What are the complications of bariatric surgery?")) == "complications of bariatric surgery"


def test_the_topic_names_the_people_asked_about() -> None:
    """'No direct research on metformin' misstated "Is metformin safe in pregnancy?"."""
    assert topic(analyse("Is metformin safe in pregnancy?")) == "metformin in pregnant women"
    assert topic(analyse("Can I drink alcohol while breastfeeding?")) == "alcohol consumption while breastfeeding"
    # Both treatments compared are named; a comparator such as placebo is not.
    assert topic(analyse("Is surgery better than physiotherapy for rotator cuff tears?")) == (
        "surgery versus physical therapy in rotator cuff disease"
    )
    assert topic(analyse("Is paracetamol better than placebo for back pain?")) == "paracetamol in low back pain"
    assert topic(analyse("Does caffeine improve performance in athletes?")) == "caffeine in athletes"
    assert topic(analyse("Do corticosteroids help children with community-acquired pneumonia?")) == (
        "corticosteroids in children with community-acquired pneumonia"
    )
    # People *with* a condition only when the question says so: primary prevention is for people without it.
    prevention = analyse("Is aspirin recommended for primary prevention of cardiovascular disease in older adults?")
    assert topic(prevention) == "aspirin for cardiovascular disease in older adults"
    # The women named are the adults asked about: not "women and adults".
    assert topic(analyse("Is mammography screening effective in women aged 40 to 49?")) == "mammography in women"
    # A setting is not the people: "in primary care" stays out of the topic.
    assert "primary care" not in topic(analyse("Is the PHQ-9 accurate for detecting depression in primary care?"))


def test_a_treatment_the_people_have_had_sets_the_scene_in_the_questions_words() -> None:
    """'No direct research on early mobilisation in hip fracture and surgery' misread the question."""
    assert topic(analyse("Is early mobilisation beneficial after hip fracture surgery?")) == (
        "early mobilisation after hip fracture surgery"
    )
    assert topic(analyse("What treatments help itching in people on dialysis?")) == "pruritus in people on dialysis"
    chemo = analyse("Does exercise reduce fatigue in women receiving chemotherapy for breast cancer?")
    assert topic(chemo) == "exercise for fatigue in women receiving chemotherapy for breast cancer"
    # Women are the people asked about (MeSH: adult females), as children or older adults would be.
    uti = analyse("What antibiotics treat urinary tract infection in women?")
    assert topic(uti) == "antibiotics for urinary tract infection in women"


def test_a_question_naming_only_its_condition_names_what_it_asks_of_it() -> None:
    """'No direct research on preterm birth' misstated "What causes preterm birth?"."""
    assert topic(analyse("What causes preterm birth?")) == "the causes of preterm birth"
    assert (
        topic(analyse("What is the outlook for people with ALS?")) == "the prognosis of amyotrophic lateral sclerosis"
    )
    assert topic(analyse("What is the best treatment for gestational diabetes?")) == (
        "the treatment of gestational diabetes"
    )
    assert topic(analyse("How is multiple sclerosis diagnosed?")) == "the diagnosis of multiple sclerosis"
    # A question naming the cause it asks about is on both, not on the causes of both.
    assert topic(analyse("Can stress cause hair loss?")) == "stress and alopecia"
    assert topic(analyse("What causes hair loss?")) == "the causes of alopecia"
    # A question of another type says what it asks in other words than these.
    assert topic(analyse("Is psoriasis contagious?")) == "psoriasis"


def test_a_question_on_symptoms_names_them() -> None:
    """'No direct research on Lyme disease' misstated "What are the symptoms of Lyme disease?"."""
    assert topic(analyse("What are the symptoms of Lyme disease?")) == "the symptoms of Lyme disease"
    assert topic(analyse("How does appendicitis present in children?")) == "the symptoms of appendicitis in children"
    # With a treatment named, the symptoms are what it is asked for, not the topic's frame.
    assert not topic(analyse("Does yoga relieve symptoms of anxiety?")).startswith("the symptoms of")


def test_a_harm_reads_as_the_treatment_s_and_a_benefit_as_what_it_is_for() -> None:
    assert topic(analyse("What are the side effects of tamoxifen?")) == "adverse effects of tamoxifen"
    # Complications the treatment is asked to prevent are not its own ("complications of intensive glycaemic control").
    assert topic(analyse("Does tight glucose control reduce complications in type 1 diabetes?")) == (
        "intensive glycaemic control for complications in type 1 diabetes"
    )


def test_a_treatment_about_to_be_had_sets_the_scene_in_the_question_s_words() -> None:
    assert topic(analyse("Should aspirin be stopped before surgery?")) == (
        "the timing or duration of aspirin before surgery"
    )
    assert topic(analyse("Does physiotherapy before knee replacement improve recovery?")) == (
        "physical therapy before knee replacement"
    )


def test_a_question_on_how_common_a_condition_is_names_that() -> None:
    """'No guideline addresses multiple sclerosis' misstated "How many people have MS?" (stop 29)."""
    assert topic(analyse("How many people have multiple sclerosis?")) == "how common multiple sclerosis is"
    assert topic(analyse("What is the prevalence of autism?")) == "how common autism spectrum disorder is"


def test_a_question_on_when_or_how_long_to_treat_names_that() -> None:
    """A guideline on antibiotics for pneumonia may say nothing on how long: 'No guideline addresses
    antibiotics in community-acquired pneumonia' would misstate what is missing (stop 30)."""
    assert topic(analyse("How long should antibiotics be given for community-acquired pneumonia?")) == (
        "the timing or duration of antibiotics in community-acquired pneumonia"
    )


def test_a_question_on_screening_names_that() -> None:
    """A guideline on hearing loss may say nothing on screening newborns for it (stop 30)."""
    assert topic(analyse("Should newborns be screened for hearing loss?")) == "screening for hearing loss in newborns"
