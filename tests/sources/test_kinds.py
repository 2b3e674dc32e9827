"""Kind from text: the cue words that skip the patterns must never change what the patterns decide."""

from __future__ import annotations

import json
from pathlib import Path

from bedside.models import Kind
from bedside.sources import kinds


def patterns_only(title: str, abstract: str) -> Kind | None:
    for text, patterns in ((title, kinds._TEXT_PATTERNS), (abstract[:600], kinds._ABSTRACT_PATTERNS)):
        for kind, pattern in patterns:
            if text and pattern.search(text):
                return kind
    return None


def test_cues_agree_with_the_patterns_on_every_shared_corpus(shared_data: Path) -> None:
    seen = 0
    decided = 0
    for corpus in sorted(shared_data.rglob("corpus.jsonl")):
        with corpus.open(encoding="utf-8") as lines:
            for line in lines:
                doc = json.loads(line)
                title, text = doc.get("title", ""), doc.get("text", "")
                expected = patterns_only(title, text)
                assert kinds.kind_from_text(title, text) == expected, doc["_id"]
                seen += 1
                decided += expected is not None
    assert seen > 10_000 and decided > 1_000


def test_each_kind_from_its_own_words() -> None:
    assert kinds.kind_from_text("A Cochrane Review of exercise") == Kind.SYSTEMATIC_REVIEW
    assert kinds.kind_from_text("Exercise in MS: a randomised crossover study") == Kind.TRIAL_REPORT
    assert kinds.kind_from_text("Metabolic syndrome and metformin") is None
    assert kinds.kind_from_text("Balance", "We report a case of ataxia after ...") == Kind.CASE_REPORT


def test_a_guideline_names_itself_and_a_study_of_guidelines_is_not_one() -> None:
    assert kinds.kind_from_text("Low back pain: a clinical practice guideline") == Kind.GUIDELINE
    assert kinds.kind_from_text("Guidelines for the management of acute ischaemic stroke") == Kind.GUIDELINE
    assert kinds.kind_from_text("Recommendations for exercise in multiple sclerosis") == Kind.GUIDELINE
    # Studies *of* guidelines: adherence, physicians versus them, their implementation.
    assert kinds.kind_from_text("Adherence to heart failure guidelines in primary care") is None
    assert kinds.kind_from_text("Guideline-based management of asthma in children") is None
    assert (
        kinds.kind_from_text(
            "Physicians' initial management of acute low back pain versus evidence-based guidelines.",
            "DESIGN Cross-sectional study using a mailed survey.",
        )
        == Kind.OBSERVATIONAL_STUDY
    )
    # In an abstract, a study's design outweighs its words about guidance; a title still decides first.
    trial = (
        "BACKGROUND Knowledge gaps have contributed to variation among dietary recommendations for vitamin D. "
        "DESIGN A randomized, placebo-controlled, double-blind intervention study was conducted in 238 adults."
    )
    assert kinds.kind_from_text("Estimation of the dietary requirement for vitamin D", trial) == Kind.TRIAL_REPORT
    # Only a title makes a guideline: an abstract's words about guidance are far more often a study of it.
    assert kinds.kind_from_text("", "These recommendations for screening update the 2004 statement.") is None
    sciatica = "BACKGROUND The Dutch sciatica guideline recommends shared decision making. Despite this recommendation"
    assert kinds.kind_from_text("Barriers to shared decision making in sciatica care", sciatica) is None
    assert kinds.kind_from_text("Recommendations for vitamin D intake", trial) == Kind.GUIDELINE
    # "Guidelines recommend ..." opens many studies; only "Guidelines for / on" opens a guideline.
    assert kinds.kind_from_text("", "Guidelines emphasize that irritable bowel syndrome is not a diagnosis.") is None


def test_a_guideline_title_may_name_its_genre_in_the_plural_or_as_a_statement() -> None:
    accp = (
        "Evaluation of individuals with pulmonary nodules: when is it lung cancer? Diagnosis and management of lung"
        " cancer, 3rd ed: American College of Chest Physicians evidence-based clinical practice guidelines."
    )
    assert kinds.kind_from_text(accp) == Kind.GUIDELINE
    assert kinds.kind_from_text("Screening for Lung Cancer: USPSTF Recommendation Statement") == Kind.GUIDELINE
    assert kinds.kind_from_text("Research in cardiovascular care: a position statement") == Kind.GUIDELINE
    assert kinds.kind_from_text("Primary prevention of hypertension: clinical and public health advisory") == (
        Kind.GUIDELINE
    )
    assert kinds.kind_from_text("The National Advisory Group on Immunization of South Africa") is None
    # The plural, saying for whom, on what or from whom: a guideline; a study of guidelines is not one.
    sepsis = "Surviving Sepsis Campaign: International Guidelines for Management of Sepsis and Septic Shock 2016"
    assert kinds.kind_from_text(sepsis) == Kind.GUIDELINE
    assert kinds.kind_from_text("Nutrition and physical activity guidelines for cancer survivors.") == Kind.GUIDELINE
    assert kinds.kind_from_text("ERS/ESTS clinical guidelines on fitness for radical therapy") == Kind.GUIDELINE
    assert kinds.kind_from_text("Diagnostic criteria for MS: guidelines from the International Panel") == Kind.GUIDELINE
    for study in (
        "Weight gain during pregnancy: reexamining the guidelines.",
        "A comparison of guidelines for the management of hypertension",
        "Do physicians follow guidelines for asthma?",
        "Efficiency of search strategies to update clinical guidelines recommendations.",
    ):
        assert kinds.kind_from_text(study) is None, study


def test_a_pubmed_record_is_a_guideline_only_by_its_publication_type() -> None:
    """PubMed indexes guidelines ('Practice Guideline'); a typed record without the type is not one."""
    title = "Guidelines for the management of acute ischaemic stroke"
    assert kinds.classify(["Practice Guideline", "Journal Article"], None, title) == Kind.GUIDELINE
    assert kinds.classify(["Journal Article"], None, title) == Kind.OTHER
    assert kinds.classify(["Journal Article"], None, "A randomised trial of exercise") == Kind.TRIAL_REPORT
    assert kinds.classify([], None, title) == Kind.GUIDELINE
