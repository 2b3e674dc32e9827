"""Sentence roles: label mapping, the classifier on hand-written abstracts, PubMedQA accuracy, roles_of."""

from __future__ import annotations

import itertools
import json
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from bedside.compose import openings, roles
from bedside.compose.labels import ROLES
from bedside.compose.openings import finding_roles, states_effect
from bedside.compose.roles import (
    MODEL_RESOURCE,
    _decoded,
    classify,
    load_model,
    roles_of,
    sentence_features,
    viterbi,
)
from bedside.eval.roles import evaluate_roles
from bedside.models import Record, Role, Section
from bedside.text.sentences import split, with_sentences

B, M, R, C = Role.BACKGROUND, Role.METHODS, Role.RESULTS, Role.CONCLUSIONS


# Abstracts written for these tests (not taken from any corpus), in the usual four-part order.
ABSTRACT_TRIAL = [
    "Multiple sclerosis often impairs balance and coordination, and falls are common.",
    "Whether a home exercise programme improves balance in people with multiple sclerosis is unknown.",
    "We randomly assigned 120 adults with relapsing-remitting multiple sclerosis to 12 weeks of home exercise "
    "or usual care.",
    "The primary outcome was the change in Berg Balance Scale score at 12 weeks.",
    "Balance improved by 4.2 points with exercise and by 0.8 points with usual care "
    "(difference 3.4, 95% CI 1.9 to 4.9; p<0.001).",
    "Falls were reported by 18% of the exercise group and 35% of the control group (p=0.03).",
    "A home exercise programme improves balance and reduces falls in people with multiple sclerosis.",
    "These findings support offering supervised home exercise as part of routine care.",
]
ABSTRACT_COHORT = [
    "Vitamin D deficiency has been linked to fractures in older adults.",
    "We studied 2,340 residents of nursing homes who were followed for three years.",
    "Serum 25-hydroxyvitamin D was measured at baseline.",
    "During follow-up, 212 residents had a hip fracture.",
    "Residents in the lowest quartile had a higher risk of hip fracture than those in the highest "
    "(hazard ratio 1.8, 95% CI 1.2-2.6).",
    "In conclusion, low vitamin D is associated with hip fracture in nursing home residents.",
]
ABSTRACT_SHORT = [
    "The aim of this study was to evaluate the accuracy of ultrasound for appendicitis in children.",
    "We retrospectively reviewed the records of 410 children who underwent ultrasound.",
    "Sensitivity was 88% and specificity was 94%.",
    "Ultrasound is an accurate first test for suspected appendicitis in children.",
]


def test_classify_trial_abstract() -> None:
    assert classify(ABSTRACT_TRIAL) == [B, B, M, M, R, R, C, C]


def test_classify_cohort_abstract() -> None:
    assert classify(ABSTRACT_COHORT) == [B, M, M, R, R, C]


def test_classify_short_abstract() -> None:
    assert classify(ABSTRACT_SHORT) == [B, M, R, C]


ABSTRACT_LABORATORY = [
    "Macrophages in adult tissues were long thought to derive from circulating monocytes.",
    "Here we show that most tissue-resident macrophages are seeded before birth and renew themselves locally.",
    "Fate mapping in mice traced yolk-sac progenitors into the adult liver, lung and brain.",
    "Monocytes contributed little to these populations in the steady state.",
]


def test_a_finding_stated_early_is_a_result_not_background() -> None:
    """Laboratory abstracts state their finding second ('Here we show'); position alone says background."""
    roles = classify(ABSTRACT_LABORATORY)
    assert roles[0] is B
    assert roles[1] in (R, C) and roles[2] in (R, C) and roles[3] in (R, C)


@pytest.mark.parametrize(
    ("sentence", "finding"),
    [
        ("Here, we show that Ly49Q is crucial for neutrophil polarization.", True),
        ("We found no significant correlation between pressure and neck circumference.", True),
        ("Together, we demonstrate that mTOR signalling dictates the tumour's immune milieu.", True),
        ("We report that activation of basophils causes their homing to lymph nodes.", True),
        ("Here, integrating tumour genomics and mouse models, we demonstrate that mTOR shapes immunity.", True),
        ("Here, we identify Foxk proteins as transcriptional repressors of autophagy.", True),
        ("Herein, we identify KLF2 as a potent regulator of myeloid cell activation.", True),
        ("Here we showed that emergence of Aire+ mTECs was jointly directed by two signals.", True),
        ("Biochemical results indicate that inhibition occurs at the level of NTP uptake.", True),
        ("These data suggest that mast cells take part in diet-induced obesity.", True),
        ("Using neurons derived from stem cells, we demonstrated that ApoE4 raises tau.", True),
        ("By combining biochemical approaches, we found that two GEFs regulate adaptation to force.", True),
        ("Here we report a robust UCP1-independent thermogenic mechanism in beige fat.", True),
        ("These studies demonstrated that gynandromorph birds are genuine chimaeras.", True),
        ("This study shows that statins lower LDL cholesterol in older adults.", True),
        ("Strikingly, we found that the patient also carries biallelic mutations in FANCA.", True),
        ("Here we report a case of a 54-year-old woman with recurrent syncope.", False),
        ("Here we report two patients with a novel SCN1A mutation.", False),
        ("Here, we report the experience of a level 2 trauma centre.", False),
        ("Here we report the results of node biopsy in 40 breast cancer patients.", False),
        ("Several studies have shown that exercise reduces fatigue.", False),
        ("Using a questionnaire, we asked 300 nurses about their training.", False),
        ("Previous findings suggest that FoxO proteins regulate the cell cycle.", False),
        ("We previously showed that basophils home to lymph nodes.", False),
        ("We report a case of a 54-year-old woman with recurrent syncope.", False),
        ("We report the experience of a level 2 trauma centre over five years.", False),
        ("We identified 102 consecutive infants with pyloric stenosis.", False),
        ("We randomised 151 patients to folic acid or placebo.", False),
        ("Here we describe a new method for imaging myelinated axons.", False),
    ],
)
def test_finding_openings(sentence: str, finding: bool) -> None:
    assert (finding_roles(sentence) is not None) is finding


@pytest.mark.parametrize(
    ("sentence", "effect"),
    [
        ("Treatment of 12 healthy female subjects with CDCA for 2 days resulted in increased BAT activity.", True),
        ("The SHP2-deficient mice were born normal but displayed splenomegaly and lymphadenopathy.", True),
        ("A strong association was found between all TB mortality groups and overcrowding.", True),
        ("Knockout in the endothelia of adult mice did not affect homeostatic BBB integrity.", True),
        # What was known, what was done, what would be done if: not an effect of this study.
        ("Complications of blood transfusions have resulted in acceptance of low hematocrit levels.", False),
        ("Previous studies showed that deletion of the gene resulted in embryonic lethality.", False),
        ("If goblet cells were found histologically, immunohistochemical stains were performed.", False),
        ("We measured how often treatment resulted in remission, to determine its effect.", False),
        ("Presumptive positive results were confirmed by quantitative analysis.", False),
    ],
)
def test_an_effect_this_study_observed_is_a_hint_of_a_result(sentence: str, effect: bool) -> None:
    """Basic-science abstracts state results early, where position alone says methods or background."""
    assert states_effect(sentence) is effect
    assert finding_roles(sentence) is None  # a hint, never a limit


@pytest.mark.shared
def test_an_early_effect_is_a_result_but_does_not_drag_the_methods_after_it(
    shared_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SciFact's abstract 1568684 (bile acids and brown fat) states its result fourth of seven."""
    corpus = shared_data / "scifact" / "beir_scifact" / "corpus.jsonl"
    doc = next(d for line in corpus.open(encoding="utf-8") if (d := json.loads(line))["_id"] == "1568684")
    sentences = [doc["text"][s.start : s.end] for s in split(doc["text"])]
    assert sentences[3].startswith("Treatment of 12 healthy female subjects with CDCA")
    assert classify(sentences)[3] is R
    monkeypatch.setattr(openings, "EFFECT_BONUS", 0.0)
    assert roles._decode(sentences)[3] is M  # what position alone said
    monkeypatch.undo()


@pytest.mark.shared
def test_an_abstract_opening_with_its_conclusion_keeps_its_methods(shared_data: Path) -> None:
    """SciFact's abstract 2359152 opens with "High-throughput DNA sequencing significantly contributed
    to diagnosis ...": held to results, that sentence dragged the methods after it into the results."""
    corpus = shared_data / "scifact" / "beir_scifact" / "corpus.jsonl"
    doc = next(d for line in corpus.open(encoding="utf-8") if (d := json.loads(line))["_id"] == "2359152")
    sentences = [doc["text"][s.start : s.end] for s in split(doc["text"])]
    assert states_effect(sentences[0])
    found = classify(sentences)
    screened = next(i for i, text in enumerate(sentences) if text.startswith("In total, 944 patients"))
    assert found[screened] is M


@pytest.mark.parametrize(
    ("sentence", "finding"),
    [
        ("We identified two variants at chromosome 6q21 associated with second malignancies.", True),
        ("By combining biochemical and biophysical approaches, we identified two GEFs as key molecules.", True),
        ("We identified different patterns of atrophy across the types.", True),
        ("We identified 102 consecutive infants with surgically confirmed IHPS.", False),
        ("We identified 3215 studies and selected 72 relevant papers for review.", False),
        ("We identified members of Kaiser Permanente who initiated infliximab.", False),
    ],
)
def test_what_we_identified_is_a_finding_unless_it_is_whom_we_took_in(sentence: str, finding: bool) -> None:
    assert (finding_roles(sentence) == (R, C)) is finding


def test_the_authors_surprise_is_never_a_method() -> None:
    """'Unexpectedly, ...' rules out methods only: it may open a result or a piece of background."""
    assert finding_roles("Unexpectedly, these mice showed decreased fat mass.") == (B, R, C)
    assert finding_roles("Interestingly, several ncRNAs are dysregulated in cancer.") == (B, R, C)
    assert finding_roles("Mice were fed a high-fat diet for 12 weeks.") is None
    abstract = [
        "Autophagy maintains muscle homeostasis.",
        "We generated mice lacking Atg7 in skeletal muscle.",
        "Unexpectedly, these mice showed decreased fat mass and were protected from diet-induced obesity.",
        "Mice were fed a high-fat diet for 12 weeks and body composition was measured by MRI.",
        "Energy expenditure was measured by indirect calorimetry.",
        "Fgf21 was induced in muscle of the knockout mice.",
        "Autophagy deficiency thus protects from obesity through Fgf21.",
    ]
    assert classify(abstract)[2] is R  # by position alone, methods


@pytest.mark.parametrize(
    ("sentence", "effect"),
    [
        ("Knockout mice displayed splenomegaly and lymphadenopathy.", True),
        ("Treatment with CDCA for 2 days resulted in increased brown fat activity.", True),
        ("FGF21 deficiency exacerbated plaque formation.", True),
        ("Mice were fed a high-fat diet for 12 weeks.", False),
        ("Brown fat activity was measured by PET-CT.", False),
    ],
)
def test_reported_effects_are_a_cue(sentence: str, effect: bool) -> None:
    """Laboratory results state an effect ('displayed', 'resulted in'); the model learns its weight."""
    assert (("c:effect", 1.0) in sentence_features([sentence])[0]) is effect


def test_a_finding_under_a_methods_and_results_label_is_a_result() -> None:
    record = Record(
        id="r",
        sections=[
            Section(label="BACKGROUND", text="Myocarditis often follows viral infection."),
            Section(
                label="METHODS AND RESULTS",
                text="Mice were immunised with a myosin peptide. We showed that receptor-deficient mice develop "
                "severe myocarditis.",
            ),
            Section(label="CONCLUSIONS", text="Interferon-gamma protects against myocarditis."),
        ],
    )
    record = record.model_copy(update={"sections": [with_sentences(s) for s in record.sections]})
    assert roles_of(record)[1][1] is R


def test_roles_are_remembered_by_text_so_an_edited_record_is_classified_afresh() -> None:
    def rec(last: str) -> Record:
        text = f"Falls are common in MS. We randomised 60 adults to training or usual care. {last}"
        return Record(id="same-id", sections=[with_sentences(Section(text=text))])

    first = roles_of(rec("Balance improved with training (p = 0.01)."))
    before = _decoded.cache_info()
    assert roles_of(rec("Balance improved with training (p = 0.01).")) == first
    assert _decoded.cache_info().hits == before.hits + 1
    edited = rec("We conclude that training should be offered.")
    assert roles_of(edited) == [classify(edited.sections[0].sentence_texts())]
    assert _decoded.cache_info().misses == before.misses + 1


def test_classify_keeps_length_and_order_and_handles_empty() -> None:
    assert classify([]) == []
    one = classify(["Mortality was 12% (95% CI 9 to 15%)."])
    assert len(one) == 1
    roles = classify(ABSTRACT_TRIAL + ABSTRACT_COHORT)
    # The sequence step never goes back to an earlier role in an unlabelled abstract.
    assert all(ROLES.index(a) <= ROLES.index(b) for a, b in itertools.pairwise(roles))


def test_viterbi_obeys_label_restrictions_even_against_the_usual_order() -> None:
    lp = np.log(np.full((3, 4), 0.25))
    assert viterbi(lp, load_model().transitions, load_model().start, [[C], None, [B]])[::2] == [C, B]


def test_model_file_is_small_and_loads() -> None:
    size = len(resources.files("bedside").joinpath(MODEL_RESOURCE).read_bytes())
    assert size < 2_000_000
    assert load_model().weights.shape[1] == len(ROLES)


def _record(*sections: tuple[str, str, str]) -> Record:
    return Record(
        id="1",
        sections=[with_sentences(Section(label=label, category=cat, text=text)) for label, cat, text in sections],
    )


def test_roles_of_uses_labels_where_present() -> None:
    # The label wins even where the wording alone would suggest another role.
    record = _record(
        ("BACKGROUND", "BACKGROUND", "Mortality was 12% (95% CI 9 to 15%) in an earlier cohort. We studied it again."),
        ("METHODS", "METHODS", "We conclude nothing here. Patients were randomised."),
        ("RESULTS", "RESULTS", "Survival improved (p=0.01)."),
        ("CONCLUSIONS", "CONCLUSIONS", "Treatment helps."),
    )
    assert roles_of(record) == [[B, B], [M, M], [R], [C]]


def test_roles_of_classifies_unlabelled_text() -> None:
    record = _record(("", "", " ".join(ABSTRACT_TRIAL)))
    roles = roles_of(record)
    assert len(roles) == 1
    assert len(roles[0]) == len(record.sections[0].sentences)
    assert roles[0][-2:] == [C, C]
    assert roles[0][0] == B


def test_roles_of_mixes_labels_and_classifier() -> None:
    record = _record(
        ("OBJECTIVE", "OBJECTIVE", "To compare two balance programmes in multiple sclerosis."),
        ("METHODS AND RESULTS", "METHODS", ABSTRACT_TRIAL[2] + " " + ABSTRACT_TRIAL[4]),
        ("UNLABELLED", "UNASSIGNED", ABSTRACT_TRIAL[6]),
    )
    roles = roles_of(record)
    assert roles[0] == [B]
    assert roles[1] == [M, R]  # a combined label is split between the roles it names
    assert roles[2] == [C]


def test_roles_of_empty_record() -> None:
    assert roles_of(Record(id="x")) == []


@pytest.mark.shared
def test_evaluation_on_pubmedqa_test_split(shared_data: Path) -> None:
    report = evaluate_roles(shared_data / "pubmedqa")
    assert report["abstracts"] == 500
    assert report["sentences"] > 5000
    # Measured: accuracy 0.9253, results-or-conclusions precision 0.9687, majority baseline (results) 0.3566.
    assert report["accuracy"] >= 0.89
    assert report["majority_baseline"]["accuracy"] < 0.40
    assert report["results_or_conclusions"]["precision"] >= 0.94
    for role in ("results", "conclusions"):
        assert report["per_role"][role]["precision"] >= 0.88
    assert sum(sum(row.values()) for row in report["confusion"].values()) == report["sentences"]


def test_roles_of_reads_labels_left_in_running_text() -> None:
    """SciFact runs the sections together: 'RESULTS A total of 944 ...' is a result by its label."""
    text = (
        "CONTEXT Vitamin D status matters for bone health. "
        "OBJECTIVE To investigate calcium intake and vitamin D in calcium homeostasis. "
        "DESIGN Cross-sectional study of 2310 healthy adults. "
        "RESULTS A total of 944 healthy participants completed all parts of the study. "
        "Serum PTH was lowest with vitamin D above 18 ng/mL. "
        "CONCLUSIONS Vitamin D supplements are necessary in northern climates."
    )
    roles = roles_of(_record(("", "", text)))[0]
    assert roles == [B, B, M, R, R, C]
    # A label holds its own sentence only: after a label the parser misses ('Methods and Results-'),
    # a finding is not locked into the background of the last label it read.
    missed = (
        "BACKGROUND Interleukin-12 exerts a potent proinflammatory effect. "
        "Methods and Results- We examined IL-12 receptor signalling in murine myocarditis. "
        "On the contrary, we found that IFN-gamma suppresses myocarditis. "
        "CONCLUSIONS IFN-gamma plays a protective role."
    )
    assert roles_of(_record(("", "", missed)))[0][2] is R
