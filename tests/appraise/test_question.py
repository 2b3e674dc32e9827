"""A question compiled once into regexes: caching, stems, weights."""

from __future__ import annotations

from bedside.appraise.question import compile_facets, compile_term, groups_in
from bedside.models import Facets, FacetTerm
from tests.appraise.test_applicability import BALANCE_RCT, PHYSIO_Q, assess


def test_compiled_facets_are_cached_by_content() -> None:
    first = compile_facets(PHYSIO_Q)
    assert compile_facets(PHYSIO_Q.model_copy(deep=True)) is first
    changed = PHYSIO_Q.model_copy(deep=True)
    changed.outcome = [FacetTerm(concept="fatigue", matched="fatigue")]
    assert compile_facets(changed) is not first
    assert assess(BALANCE_RCT, changed).missing == ["fatigue"]


def test_rarity_is_part_of_the_cache_key_and_weighs_each_free_word() -> None:
    facets = Facets(question="neurones migrate", other_terms=["neurones", "migrate", "neurones"])
    plain = compile_facets(facets)
    weighted = compile_facets(facets, {"neurones": 3.0, "migrate": -1.0})
    assert plain is not weighted
    assert [t.concept for t in weighted.free] == ["neurones", "migrate"], "each word once, in order"
    assert plain.free_weights == (1.0, 1.0)
    assert weighted.free_weights == (3.0, 0.0), "negative weights are clipped to nothing"


def test_free_words_are_found_by_stem_and_phrases_by_name() -> None:
    facets = Facets(
        question="ubiquitinated neurones; vitamin D", other_terms=["ubiquitinated", "neurones", "vitamin D"]
    )
    ubiquitinated, neurones, vitamin_d = compile_facets(facets).free
    text = "Polyubiquitin chains mark proteins in cortical neurons; vitamin deficiency."
    low = text.lower()
    assert not ubiquitinated.found(text, low), "a stem is found at the start of a word only"
    assert ubiquitinated.found("Ubiquitin ligases", "ubiquitin ligases")
    assert neurones.found(text, low)
    assert not vitamin_d.found(text, low), "'vitamin D' is a phrase: 'vitamin deficiency' is not it"


def test_a_free_word_porter_rewrites_is_found_by_the_part_it_keeps() -> None:
    """Porter stems 'permeability' to 'permeabl', which 'permeability' does not start with: the
    shared part ('permeab') is the prefix, so the word finds itself and 'permeable'."""
    facets = Facets(question="gut permeability", other_terms=["permeability", "therapy"])
    permeability, therapy = compile_facets(facets).free
    for text in ("enhanced intestinal epithelial permeability", "a permeable barrier"):
        assert permeability.found(text, text), text
    assert not permeability.found("permeation of drugs", "permeation of drugs"), "not any word sharing 5 letters"
    assert therapy.found("two therapies", "two therapies") and therapy.found("therapy", "therapy")


def test_a_question_naming_an_animal_is_flagged() -> None:
    assert compile_facets(Facets(question="Exercise in mouse models of MS?")).about_animals
    assert not compile_facets(Facets(question="Exercise in people with MS?")).about_animals


def test_groups_in_counts_age_groups_and_pregnancy() -> None:
    counts = groups_in("children and older adults; pregnant women. children again.")
    assert counts == {"children": 2, "pregnant women": 1, "older adults": 1}
    # Women and men are adults (MeSH); pregnant women are counted as pregnancy, older women as older.
    assert groups_in("women and men; adults") == {"adults": 3}
    assert groups_in("older women and pregnant women") == {"older adults": 1, "pregnant women": 1}


def test_an_abbreviation_is_not_found_as_the_tail_of_a_hyphenated_name() -> None:
    facets = Facets(question="MS", condition=[FacetTerm(concept="multiple sclerosis", matched="MS", synonyms=["MS"])])
    (term,) = compile_facets(facets).condition
    assert not term.found("Measured by LC-MS.", "measured by lc-ms."), "LC-MS is mass spectrometry"
    assert term.found("Non-MS controls and MS-related fatigue.", "non-ms controls and ms-related fatigue.")


def test_an_abbreviation_inside_a_counted_name_is_not_counted_again() -> None:
    hiv = compile_term(FacetTerm(concept="HIV infection", matched="HIV", synonyms=["HIV infection", "HIV"]))
    text = "HIV infection in children. HIV infection and HIV raise the risk. Children with HIV infection."
    assert hiv.count(text, text.lower()) == 4  # three names and one bare 'HIV'
