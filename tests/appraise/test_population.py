"""Who a record is about, read directly (the verdicts built on it are in test_applicability)."""

from __future__ import annotations

from bedside.appraise.population import animal_study, describe_groups, record_groups
from bedside.appraise.view import RecordView, join_or
from bedside.models import MeshHeading, Record, Section


def _record(title: str, abstract: str, mesh: list[str] | None = None) -> Record:
    return Record(
        id="r", title=title, sections=[Section(text=abstract)], mesh=[MeshHeading(descriptor=m) for m in mesh or []]
    )


def test_age_groups_come_from_check_tags_else_from_words() -> None:
    tagged = _record("Balance training", "Adults trained.", ["Child", "Adolescent"])
    assert record_groups(tagged, RecordView.of(tagged)) == {"children", "adolescents"}
    worded = _record("Balance training in older adults", "Older adults trained twice a week.")
    assert "older adults" in record_groups(worded, RecordView.of(worded))


def test_an_animal_study_is_named_by_its_species() -> None:
    mice = _record("Exercise slows tumour growth in mice", "Mice ran on wheels.", ["Animals", "Mice"])
    assert animal_study(mice, RecordView.of(mice)) == "mice"
    people = _record("Exercise in people with cancer", "Patients walked.", ["Humans", "Neoplasms"])
    assert animal_study(people, RecordView.of(people)) == ""


def test_human_material_in_mice_is_an_animal_study() -> None:
    """'human' as an adjective names cells, not people ("Can diabetes be reversed?" had this as direct)."""
    mice = _record(
        "Reversal of hyperglycemia in mice by using human expandable insulin-producing cells",
        "Cells were transplanted under the kidney capsule.",
    )
    assert animal_study(mice, RecordView.of(mice)) == "mice"
    both = _record("Insulin secretion in humans and mice", "Islets were studied.")
    assert animal_study(both, RecordView.of(both)) == ""


def test_an_animal_s_tissue_in_the_title_is_an_animal_study() -> None:
    """ "Uptake of rosuvastatin by isolated rat hepatocytes" answered "Does atorvastatin cause liver
    damage?" (stop 28); 'RAT', an abbreviation, is no rat."""
    rat = _record("Uptake of rosuvastatin by isolated rat hepatocytes", "Uptake was saturable at 37 degrees.")
    assert animal_study(rat, RecordView.of(rat)) == "rat"
    abbreviation = _record("RAT hepatocytes assay in drug-induced liver injury", "The assay was validated.")
    assert animal_study(abbreviation, RecordView.of(abbreviation)) == ""


def test_an_animal_named_once_in_an_experimental_model_is_an_animal_study() -> None:
    """The subtotal nephrectomy model ("The rat kidney ablation ...") was direct evidence on metformin in CKD."""
    model = _record(
        "Induction of AMPK activity corrects early alterations in the subtotal nephrectomy model of chronic kidney "
        "disease",
        "The rat kidney ablation and infarction model is the most studied model of chronic kidney disease. "
        "Metformin increased AMPK activity in this model.",
    )
    assert animal_study(model, RecordView.of(model)) == "rat"
    # 'RAT' in capitals is a rapid antigen test, and a model with people in it is not an animal study.
    antigen = _record("A model of testing", "The RAT was compared with PCR in a model of community testing.")
    assert animal_study(antigen, RecordView.of(antigen)) == ""
    people = _record("A model of care", "The rat bite model of care served patients in rural clinics.")
    assert animal_study(people, RecordView.of(people)) == ""
    # Once, without a model, is not enough either.
    once = _record("Kidney function after ablation", "The rat kidney was compared with earlier reports.")
    assert animal_study(once, RecordView.of(once)) == ""


def test_groups_and_alternatives_read_as_phrases() -> None:
    assert describe_groups({"older adults", "children"}) == "children and older adults"
    assert join_or(["cabotegravir"]) == "cabotegravir"
    assert join_or(["a", "b", "c", "b"]) == "a, b or c"
