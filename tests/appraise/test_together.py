"""Treatments a question asks about as one regimen (`appraise.together`)."""

from __future__ import annotations

import pytest

from bedside.appraise.question import compile_facets
from bedside.search.facets import analyse


@pytest.mark.parametrize(
    ("question", "together"),
    [
        ("Is it safe to take ibuprofen with warfarin?", {"non-steroidal anti-inflammatory drugs", "warfarin"}),
        (
            "Do SSRIs increase bleeding risk when combined with NSAIDs?",
            {"selective serotonin reuptake inhibitors", "non-steroidal anti-inflammatory drugs"},
        ),
        ("Can ibuprofen and warfarin be taken together?", {"non-steroidal anti-inflammatory drugs", "warfarin"}),
        (
            "Is bleeding after tooth extraction a problem for patients on anticoagulants?",
            {"tooth extraction", "anticoagulants"},
        ),
        ("Is tramadol safe with SSRIs?", {"opioids", "selective serotonin reuptake inhibitors"}),
        ("What are the risks of combining opioids and benzodiazepines?", {"opioids", "benzodiazepines"}),
        (
            "Can antibiotics reduce the effectiveness of the contraceptive pill?",
            {"antibiotics", "oral contraceptives"},
        ),
        ("Does vitamin K reverse warfarin over-anticoagulation?", {"vitamin K", "warfarin"}),
        ("Does alcohol make antidepressants less effective?", {"alcohol consumption", "antidepressants"}),
        ("Can metformin be taken with contrast dye?", {"metformin", "contrast media"}),
        (
            "Does St John's wort reduce the effectiveness of the contraceptive pill?",
            {"St John's wort", "oral contraceptives"},
        ),
        # Two treatments asked about side by side, or one against the other, are not one regimen.
        ("Are opioids and NSAIDs effective for back pain?", set()),
        ("Is surgery better than treatment with antibiotics for appendicitis?", set()),
        ("Do statins and aspirin reduce the risk of stroke?", set()),
        ("Is exercise compared with physiotherapy better for fatigue in MS?", set()),
        ("Is apixaban better than warfarin in atrial fibrillation?", set()),
    ],
)
def test_treatments_joined_by_with_or_combined_with_are_taken_together(question: str, together: set[str]) -> None:
    assert compile_facets(analyse(question)).together == together
