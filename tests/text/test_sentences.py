"""Sentence splitting: tricky biomedical cases, verbatim offsets, and agreement with syntok.

The regex splitter replaced syntok for speed; these cases pin the decisions that made syntok the
choice (abbreviations, decimals, citations) and the ones where review found syntok wrong.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bedside.models import Section
from bedside.text.sentences import split, with_sentences

CASES: list[tuple[str, list[str]]] = [
    ("", []),
    ("   \n\t ", []),
    ("No full stop at the end", ["No full stop at the end"]),
    ("  Leading and trailing space.  ", ["Leading and trailing space."]),
    ("Weights rose. Heights fell.", ["Weights rose.", "Heights fell."]),
    ("Is it safe? We think so! Trials agree.", ["Is it safe?", "We think so!", "Trials agree."]),
    # abbreviations that never end a sentence
    ("Lesions grew (Fig. 2). Scans confirmed it.", ["Lesions grew (Fig. 2).", "Scans confirmed it."]),
    ("See Figs. 3 and 4 for details.", ["See Figs. 3 and 4 for details."]),
    ("Drug A vs. Drug B was compared.", ["Drug A vs. Drug B was compared."]),
    ("Statins, e.g. Atorvastatin, were used.", ["Statins, e.g. Atorvastatin, were used."]),
    ("Loop diuretics, i.e. Furosemide, helped.", ["Loop diuretics, i.e. Furosemide, helped."]),
    ("Dr. Jones enrolled approx. 1200 adults.", ["Dr. Jones enrolled approx. 1200 adults."]),
    ("Trial No. 5 stopped early.", ["Trial No. 5 stopped early."]),
    ("Tablets were given ca. 30 min apart.", ["Tablets were given ca. 30 min apart."]),
    # et al. and etc. end a sentence only before a clear sentence starter
    ("As Smith et al. Reported, dosing matters.", ["As Smith et al. Reported, dosing matters."]),
    ("This was shown by Smith et al. The effect held.", ["This was shown by Smith et al.", "The effect held."]),
    ("Fruit, grain, etc. The diet varied.", ["Fruit, grain, etc.", "The diet varied."]),
    # initials, dotted tokens, acronyms
    ("The method of J. Smith was used.", ["The method of J. Smith was used."]),
    ("Rates in the U.S. Population fell.", ["Rates in the U.S. Population fell."]),
    ("Costs rose in the U.S. The trend continued.", ["Costs rose in the U.S.", "The trend continued."]),
    ("Patients had MS. Relapses were rare.", ["Patients had MS.", "Relapses were rare."]),
    ("Levels of NO. Were measured twice.", ["Levels of NO.", "Were measured twice."]),
    ("Most were seen in the ED. Admission followed.", ["Most were seen in the ED.", "Admission followed."]),
    ("Infusions lasted 8 h. Serum was sampled.", ["Infusions lasted 8 h.", "Serum was sampled."]),
    # numbers, p-values, counts, confidence intervals
    ("The dose was 0.5 mg/kg. Nobody vomited.", ["The dose was 0.5 mg/kg.", "Nobody vomited."]),
    ("Pain fell (p < 0.05). Sleep did not (n = 42).", ["Pain fell (p < 0.05).", "Sleep did not (n = 42)."]),
    (
        "Risk was lower (OR 0.6; 95% CI 1.2-3.4). Costs were similar.",
        ["Risk was lower (OR 0.6; 95% CI 1.2-3.4).", "Costs were similar."],
    ),
    ("Uptake reached 45%. Adherence was lower.", ["Uptake reached 45%.", "Adherence was lower."]),
    ("It was 2.5 times higher. 12 patients left.", ["It was 2.5 times higher.", "12 patients left."]),
    # citations, brackets, quotes
    ("Earlier work agrees [12]. Ours is larger.", ["Earlier work agrees [12].", "Ours is larger."]),
    ("Earlier work agrees.[3, 4] Ours is larger.", ["Earlier work agrees.[3, 4]", "Ours is larger."]),
    ('Nurses called it "routine." Doctors disagreed.', ['Nurses called it "routine."', "Doctors disagreed."]),
    ("(Data were pooled.) Results follow.", ["(Data were pooled.)", "Results follow."]),
    # semicolons and brackets do not end sentences (syntok split there)
    ("All had surgery; 21 (75%) had T1 tumours.", ["All had surgery; 21 (75%) had T1 tumours."]),
    (
        "Cure rose in group A (RR 1.2, 95% CI 0.9 to 1.6) too.",
        ["Cure rose in group A (RR 1.2, 95% CI 0.9 to 1.6) too."],
    ),
    # BEIR joins sentences without a space
    ("It reduced disabilities.A line scan followed.", ["It reduced disabilities.", "A line scan followed."]),
    ("Levels fell.The drop was small.", ["Levels fell.", "The drop was small."]),
    ("It lowered the DNA.This was new.", ["It lowered the DNA.", "This was new."]),
    ("Made in the U.S.A. today.", ["Made in the U.S.A. today."]),
    # after an acronym any capitalised word starts the next sentence; after dotted words or initials not
    ("It acts through RNAP.Genetic results agree.", ["It acts through RNAP.", "Genetic results agree."]),
    ("Born in the U.S.Patients came later.", ["Born in the U.S.Patients came later."]),
    ("Written by J.Smith alone.", ["Written by J.Smith alone."]),
    # an acronym or gene name after a lower-case word starts the next one; not after e.g., vs, www
    ("It forms granules near nucleoids.GRSF1 binds RNAs.", ["It forms granules near nucleoids.", "GRSF1 binds RNAs."]),
    ("Scores at induction.MRD was assessed.", ["Scores at induction.", "MRD was assessed."]),
    ("It aided containment.SPMs in milk included RvD1.", ["It aided containment.", "SPMs in milk included RvD1."]),
    ("It drives AR in tumors.ROR-γ recruits NCOA1.", ["It drives AR in tumors.", "ROR-γ recruits NCOA1."]),
    ("Imaging (e.g.MRI) was done.", ["Imaging (e.g.MRI) was done."]),
    ("Compared vs.MRI scans.", ["Compared vs.MRI scans."]),
    ("See www.NICE.org.uk for more.", ["See www.NICE.org.uk for more."]),
    # lines: paragraphs, headings, list items
    ("First paragraph\n\nsecond paragraph", ["First paragraph", "second paragraph"]),
    ("Methods\nWe enrolled adults.", ["Methods", "We enrolled adults."]),
    ("Outcomes were:\n- pain\n- sleep", ["Outcomes were:", "- pain", "- sleep"]),
    ("Results were\nconsistent across sites.", ["Results were\nconsistent across sites."]),
    ("Results held. • Adverse events were rare.", ["Results held.", "• Adverse events were rare."]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_split(text: str, expected: list[str]) -> None:
    spans = split(text)
    got = [text[s.start : s.end] for s in spans]
    assert got == expected
    for s in spans:
        assert text[s.start : s.end] == text[s.start : s.end].strip()
    assert [s.start for s in spans] == sorted(s.start for s in spans)


def test_with_sentences_fills_and_keeps() -> None:
    section = with_sentences(Section(text="One. Two."))
    assert section.sentence_texts() == ["One.", "Two."]
    assert with_sentences(section) is section
    assert with_sentences(Section(text="")).sentences == []


# Identical spans to syntok's on PubMedQA section texts, measured with bench/split.py: 96.7%
# (nearly all differences are syntok splitting at ";" or before "(" mid-sentence).
AGREEMENT_FLOOR = 0.955


def test_agreement_with_syntok_on_pubmedqa(shared_data: Path) -> None:
    segmenter = pytest.importorskip("syntok.segmenter")
    texts: list[str] = []
    with (shared_data / "pubmedqa/corpus.jsonl").open(encoding="utf-8") as f:
        for line in f:
            texts += [s["text"] for s in json.loads(line)["metadata"]["sections"] if s.get("text")]
    same = 0
    for text in texts:
        ref = [
            (tokens[0].offset, tokens[-1].offset + len(tokens[-1].value))
            for paragraph in segmenter.analyze(text)
            for tokens in map(list, paragraph)
            if tokens
        ]
        same += [(s.start, s.end) for s in split(text)] == ref
    assert same / len(texts) >= AGREEMENT_FLOOR


def test_a_section_label_opens_a_sentence_even_after_an_initial() -> None:
    text = "Serum PTH by calcium intake and vitamin D.   RESULTS A total of 944 adults took part. Vitamin D. Smith"
    assert [text[s.start : s.end] for s in split(text)] == [
        "Serum PTH by calcium intake and vitamin D.",
        "RESULTS A total of 944 adults took part.",
        "Vitamin D. Smith",
    ]
