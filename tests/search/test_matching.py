"""Facet matching for ranking: a record names the question's concepts, in either spelling."""

from __future__ import annotations

from bedside.models import Facets, FacetTerm
from bedside.search.matching import FacetMatcher
from bedside.text.spelling import fold

TUMOUR = FacetTerm(concept="brain tumour", matched="brain tumour", synonyms=["glioma"])
PAEDIATRIC = FacetTerm(concept="children", matched="paediatric", synonyms=["paediatric"])
FACETS = Facets(question="Radiotherapy for paediatric brain tumours", condition=[TUMOUR], population=[PAEDIATRIC])


def test_a_concept_named_only_in_british_spelling_is_found_in_american_text() -> None:
    matcher = FacetMatcher(FACETS)
    assert matcher.matched_in("Radiotherapy for pediatric brain tumors") == ["brain tumour", "children"]
    assert matcher.matched_in("Radiotherapy for paediatric brain tumours") == ["brain tumour", "children"]
    # The lexical index's folded copy is read as it is.
    assert matcher.matched_in(fold("Paediatric brain tumours"), folded=True) == ["brain tumour", "children"]
    assert matcher.matched_in("Radiotherapy for adult lung tumors") == []


def test_a_longer_name_of_another_thing_is_no_match_for_ranking() -> None:
    """'whooping cough' does not name cough, 'pulmonary hypertension' not hypertension (`not_within`)."""
    cough = FacetTerm(concept="cough", matched="cough", synonyms=["coughing"])
    pressure = FacetTerm(concept="hypertension", matched="high blood pressure", synonyms=["high blood pressure"])
    matcher = FacetMatcher(Facets(question="Honey for cough or high blood pressure", condition=[cough, pressure]))
    assert matcher.matched_in("Whooping cough and pulmonary hypertension in infants") == []
    assert matcher.matched_in("Night-time coughing and hypertension") == ["cough", "hypertension"]
