"""One spelling for matching: British and American forms, Greek letters written or spelled out."""

from __future__ import annotations

import pytest

from bedside.text.spelling import fold, fold_text

BRITISH_AMERICAN = [
    ("tumour", "tumor"),
    ("Tumours", "Tumors"),
    ("tumour-associated macrophages", "tumor-associated macrophages"),
    ("paediatric", "pediatric"),
    ("orthopaedic", "orthopedic"),
    ("anaemia", "anemia"),
    ("haemorrhage", "hemorrhage"),
    ("HAEMOGLOBIN", "HEMOGLOBIN"),
    ("ischaemic", "ischemic"),
    ("leukaemia", "leukemia"),
    ("hypoglycaemia", "hypoglycemia"),
    ("oedema", "edema"),
    ("oesophageal", "esophageal"),
    ("oestrogen", "estrogen"),
    ("foetal", "fetal"),
    ("diarrhoea", "diarrhea"),
    ("dyspnoea", "dyspnea"),
    ("coeliac", "celiac"),
    ("caesarean", "cesarean"),
    ("faecal", "fecal"),
    ("gynaecology", "gynecology"),
    ("aetiology", "etiology"),
    ("sulphonylurea", "sulfonylurea"),
    ("leucocyte", "leukocyte"),
    ("manoeuvre", "maneuver"),
    ("ageing", "aging"),
    ("behaviour", "behavior"),
    ("favourable", "favorable"),
    ("centre", "center"),
    ("Centres", "Centers"),
    ("fibre", "fiber"),
    ("millimetres", "millimeters"),
    ("GLP-1 analogue", "GLP-1 analog"),
    ("labelled", "labeled"),
    ("signalling", "signaling"),
    ("counsellor", "counselor"),
    ("programme", "program"),
    ("grey matter", "gray matter"),
    ("randomised", "randomized"),
    ("RANDOMISED", "RANDOMIZED"),
    ("randomisation", "randomization"),
    ("hospitalised", "hospitalized"),
    ("characterising", "characterizing"),
    ("analysed", "analyzed"),
    ("paralysing", "paralyzing"),
]


@pytest.mark.parametrize(("british", "american"), BRITISH_AMERICAN)
def test_british_spelling_folds_to_american(british: str, american: str) -> None:
    assert fold(british) == american
    assert fold(american) == american


@pytest.mark.parametrize(
    "word",
    [
        "exercise", "exercised", "advised", "revised", "supervised", "unsupervised", "surprising",
        "promising", "appraised", "appraisal", "immunocompromised", "otherwise", "precise", "concise",
        "expertise", "compromise", "improvised", "raised", "noise", "diabetes", "alphabet", "betaine",
        "extraembryonic", "leucine", "programmed", "our", "hour", "four", "analyses", "analysis",
        "dialysis", "disease", "crisis", "called", "controlled", "installed", "aerobic", "metabolism",
    ],
)  # fmt: skip
def test_words_spelled_alike_on_both_sides_stay_as_they_are(word: str) -> None:
    assert fold(word) == word


@pytest.mark.parametrize(
    ("written", "spelled"),
    [
        ("NF-κB", "NF-kappaB"),
        ("NF-κB", "NF-kappa B"),
        ("TGF-β1", "TGF-beta1"),
        ("IFN-γ", "IFN-gamma"),
        ("RORγ", "RORgamma"),
        ("TNF-α", "TNFalpha"),
        ("β-blockers", "beta-blockers"),
    ],
)
def test_greek_letters_and_their_names_read_alike(written: str, spelled: str) -> None:
    def words(text: str) -> list[str]:
        return fold(text).lower().replace("-", " ").split()

    assert words(written) == words(spelled)


def test_folding_is_idempotent_and_the_cached_form_is_the_same() -> None:
    text = "Randomised trial of NF-κB signalling in paediatric tumours; oedema and anaemia were analysed."
    once = fold_text(text)
    assert fold_text(once) == once
    assert fold(text) == once
    assert "Randomized" in once and "kappa" in once and "pediatric" in once and "tumors" in once
