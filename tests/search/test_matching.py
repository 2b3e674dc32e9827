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
