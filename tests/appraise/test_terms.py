"""How one concept's names are found in text: word bounds, plurals, abbreviations, negation."""

from __future__ import annotations

import pytest

from bedside.appraise.terms import name_matcher, prefix_matcher, stem_matcher


def found(term_text: str, text: str, *, given: bool = False) -> bool:
    return name_matcher(term_text, [term_text], given=given).found(text, text.lower())


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("randomized trial", "two randomized trials", True),
        ("therapy", "combined therapies", True),
        ("therapy", "radiotherapy", False),  # whole words only
        ("multiple sclerosis", "multiple-sclerosis cohort", True),  # a hyphen for a space
        ("multiple sclerosis", "multiple sclerosis3 was", True),  # a glued footnote
        ("small cell lung cancer", "non-small cell lung cancer", False),
        ("influenza", "influenza-like illness", False),
        ("Hodgkin lymphoma", "non-Hodgkin lymphoma", False),
    ],
)
def test_ordinary_names_are_word_bounded_and_plural_folded(name: str, text: str, expected: bool) -> None:
    assert found(name, text) is expected


def test_an_abbreviation_is_matched_as_written_and_never_before_a_digit() -> None:
    assert found("MS", "patients with MS and fatigue")
    assert not found("MS", "Ms Smith; 20 ms latency"), "Ms and ms are other words"
    assert not found("HER", "HER2-positive tumours"), "HER is not HER2"
    assert found("RCT", "three RCTs"), "an abbreviation's plural"
    # Nor as the head of another symbol (stop 28: polysialic acid's PSA-NCAM was PSA screening).
    assert not found("PSA", "islet cells expressing PSA-NCAM")
    assert found("PSA", "PSA-based screening"), "a lower-case word after the hyphen is no other symbol"
    assert found("HIV", "HIV-1 infection")


def test_a_given_treatment_named_as_a_measurement_does_not_count() -> None:
    assert found("insulin", "insulin was titrated", given=True)
    assert not found("insulin", "insulin sensitivity improved", given=True)
    assert not found("vitamin D", "vitamin D levels were low", given=True)
    assert found("vitamin D", "vitamin D levels were low"), "outcomes and conditions are measured: they count"


def test_count_does_not_count_an_abbreviation_inside_a_name_twice() -> None:
    term = name_matcher("HIV infection", ["HIV infection", "HIV"])
    text = "HIV infection; HIV"
    assert term.count(text, text.lower()) == 2


def test_a_free_word_is_found_by_its_stem_in_any_inflection() -> None:
    fibrosis = stem_matcher("fibrosis")
    for text in ("pulmonary fibrosis", "fibrotic lesions"):
        assert fibrosis.found(text, text), text
    therapy = stem_matcher("therapy")
    assert therapy.found("therapies", "therapies") and therapy.found("therapy", "therapy")
    assert stem_matcher("tumour").found("tumors", "tumors"), "matched in its folded spelling"
    assert not stem_matcher("ubiquitinated").found("polyubiquitin", "polyubiquitin"), "only at a word's start"


def test_a_subject_word_finds_its_noun_by_its_first_letters() -> None:
    for word, text in [
        ("atherosclerotic", "atherosclerosis progression"),
        ("scapular", "the scapula moved"),
        ("comorbidities", "comorbid depression"),
    ]:
        assert prefix_matcher(word).found(text, text.lower()), (word, text)
    assert not prefix_matcher("atherosclerotic").found("atheroma", "atheroma"), "the prefix keeps most of the word"


@pytest.mark.parametrize(
    ("symbol", "names_it", "names_another"),
    [
        ("GATA-1", ["GATA-1 binds", "GATA1 binds"], ["GATA-4 binds", "GATA-12"]),
        ("SETD1A", ["SETD1A mutations", "Setd1a"], ["SETD1B mutations"]),
        ("FoxO3a", ["FOXO3 and", "FoxO3a is"], ["FOXO3b", "FOXO31"]),
        ("STARD4", ["STARD4 binds"], ["StarD1 binds"]),
        ("IL-10", ["IL-10 rose", "IL10 rose"], ["IL-1 beta", "IL-100"]),
    ],
)
def test_a_gene_symbol_is_told_from_its_family(symbol: str, names_it: list[str], names_another: list[str]) -> None:
    term = prefix_matcher(symbol)
    assert all(term.found(text, text.lower()) for text in names_it), names_it
    assert not any(term.found(text, text.lower()) for text in names_another), names_another


def test_a_record_is_held_to_the_vocabulary_s_longer_names_from_a_word_s_start() -> None:
    """'caregiver stress' ends in 'er stress' (endoplasmic reticulum stress, not psychological): it is stress."""
    from bedside.appraise.question import compile_facets
    from bedside.search.facets import analyse

    stress = next(
        t for t in compile_facets(analyse("Does yoga reduce stress in nurses?")).condition if t.concept == "stress"
    )
    assert stress.found("Caregiver stress fell", "caregiver stress fell")
    assert not stress.found("ER stress rose", "er stress rose")
    assert not stress.found("Metabolic stress rose", "metabolic stress rose")


def test_a_non_word_is_found_with_or_without_its_hyphen() -> None:
    """'nongametocytocidal' in a claim, 'non-gametocytocidal' in an abstract (stop 29)."""
    term = prefix_matcher("nongametocytocidal")
    for text in ("non-gametocytocidal drugs", "non gametocytocidal drugs", "nongametocytocidal drugs"):
        assert term.found(text, text.lower()), text
    assert not term.found("gametocytocidal drugs", "gametocytocidal drugs")
