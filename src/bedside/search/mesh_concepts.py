"""MeSH descriptors as vocabulary concepts: the facet from the tree branch, the names usable in questions.

`Vocabulary.with_mesh` widens the packaged vocabulary with these; see its docstring for precedence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bedside.search.concepts import Concept
from bedside.search.words import fold, is_common, tokenize, word_set
from bedside.sources import mesh as mesh_files

# Single-word MeSH names that are ordinary English in a question ("does X lead to Y") or name a
# measure rather than a topic ("prevalence"); found by running the shared BioASQ and PubMedQA
# questions through the MeSH-widened vocabulary.
_MESH_BLOCKED = word_set(
    """
    lead magic gold tin ice steam pulse proxy water time control role work light dust soil salt oil fat
    acid gas ion coal coke silk amber tea soot smoke cold heat prevalence incidence morbidity emergency
    element solution
    """
)
_FOLDED_BLOCKED = frozenset(fold(w) for w in _MESH_BLOCKED)


def mesh_facet(tree_numbers: Iterable[str]) -> str | None:
    """The facet a descriptor's tree positions give: condition before intervention before population."""
    facets = set()
    for number in tree_numbers:
        if number.startswith("C") or number.startswith("F03"):
            facets.add("condition")
        elif number.startswith(("D", "E")):
            facets.add("intervention")
        elif number.startswith("M01"):
            facets.add("population")
    for facet in ("condition", "intervention", "population"):
        if facet in facets:
            return facet
    return None


def _mesh_variants(name: str) -> list[str]:
    """A MeSH name and its natural-order form: 'Arthritis, Juvenile' -> 'Juvenile Arthritis'."""
    base = re.sub(r"\s*\([^)]*\)", "", name).strip()
    variants = [base] if base else []
    parts = [p.strip() for p in base.split(",")]
    if len(parts) > 1 and all(parts):
        variants.append(" ".join(reversed(parts)))
    return variants


def _mesh_name_usable(name: str) -> bool:
    """False for names that would turn ordinary question words into facets ('Patients', 'Risk', 'Lead')."""
    tokens = tokenize(name)
    if not tokens:
        return False
    if all(is_common(t) for t in tokens):
        return False
    return not (len(tokens) == 1 and (len(tokens[0].text) <= 2 or tokens[0].norm in _FOLDED_BLOCKED))


def mesh_concept(descriptor: mesh_files.MeshDescriptor) -> Concept | None:
    """A concept for a MeSH descriptor, or None when its branch or its names do not suit questions."""
    facet = mesh_facet(descriptor.tree_numbers)
    if facet is None or not descriptor.names:
        return None
    synonyms: list[str] = []
    abbreviations: list[str] = []
    for name in descriptor.names:
        for variant in _mesh_variants(name):
            if not _mesh_name_usable(variant):
                continue
            target = abbreviations if not any(c.islower() for c in variant) else synonyms
            if variant not in target:
                target.append(variant)
    if not synonyms and not abbreviations:
        return None
    return Concept(
        name=descriptor.name,
        facet=facet,
        synonyms=tuple(synonyms),
        abbreviations=tuple(abbreviations),
        mesh=descriptor.name,
        source="mesh",
        group=f"MeSH {descriptor.ui}",
    )
