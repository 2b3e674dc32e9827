"""The words a question asks about that the vocabulary did not know (`appraise.subjects`)."""

from __future__ import annotations

from bedside.appraise.subjects import as_asked, asked_about, asked_for, effect_words, is_caused, subject_words


def test_the_slots_of_a_question() -> None:
    assert asked_about("Does cranberry juice prevent urinary tract infections?") == {"cranberry", "juice"}
    assert asked_for("Does melatonin help jet lag?") == {"jet", "lag"}
    assert asked_about("What is the prognosis of ALS?") == frozenset()
    # What interacts with a drug is asked about: statin reviews had answered the grapefruit question.
    assert asked_about("Does grapefruit juice interact with statins?") == {"grapefruit", "juice"}
    # What a treatment is taken with: iron trials that never mention tea had answered the tea question.
    assert asked_about("Is it safe to take iron supplements with tea?") == {"it", "tea"}
    assert is_caused("diabetes", "Do statins cause diabetes?")
    assert not is_caused("statins", "Do statins cause diabetes?")
    # The effect ends where the people it is asked about begin.
    copd = "Do inhaled corticosteroids increase the risk of pneumonia in COPD?"
    assert is_caused("pneumonia", copd) and not is_caused("COPD", copd)


def test_the_word_a_short_question_asks_of_its_subject() -> None:
    assert asked_for("Is psoriasis contagious?") == {"contagious"}
    assert asked_for("Are migraines hereditary?") == {"hereditary"}
    # Asking what a thing is, or a longer question, has no such word.
    assert asked_for("Is PCAT6 a microRNA?") == frozenset()
    assert asked_for("Is taxilin a cancer marker?") == frozenset()
    assert asked_for("Is HDAC1 required for GATA-1 transcriptional activity?") == frozenset()
    assert asked_for("Is it safe?") == frozenset()
    # "Can X be ...?" asks the participle, when it is a word whose kin are known (not 'treated').
    assert asked_for("Can diabetes be reversed?") == {"reversed"}
    assert asked_for("Can multiple sclerosis be cured?") == {"cured"}
    assert asked_for("Can diabetes be treated?") == frozenset()


def test_subject_words_are_rare_here_and_technical_or_in_the_slot() -> None:
    free = ["cabotegravir", "ineffective", "chronic", "400mg", "erythematosus", "cranberry"]
    specific = frozenset(free)
    found = subject_words(free, specific, named={"erythematosus"}, asked_about=frozenset({"cranberry"}))
    # Technical (Zipf < 3) or in the slot; never an everyday word, a course word, a dose or a name's word.
    assert found == ["cabotegravir", "cranberry"]
    # Common in the library: not specific, so not a subject word however technical.
    assert subject_words(["cabotegravir"], frozenset(), named=set(), asked_about=frozenset()) == []


def test_a_subject_word_is_shown_as_the_question_spells_it() -> None:
    assert as_asked("setd1a", "Do SETD1A mutations predispose to schizophrenia?") == "SETD1A"
    assert as_asked("absent", "Is it here?") == "absent"


def test_a_subject_word_keeps_the_number_the_question_gives_it() -> None:
    """The question's words read 'GATA-1' as 'gata'; the subject must be GATA-1, not any GATA factor."""
    assert as_asked("gata", "Is HDAC1 required for GATA-1 transcriptional activity?") == "GATA-1"
    assert as_asked("gata", "Which GATA factors bind DNA?") == "GATA"


def test_the_effect_a_question_asks_about() -> None:
    assert effect_words("Do SSRIs increase bleeding risk?") == {"bleeding"}
    assert effect_words("Does smoking increase the risk of hip fracture?") == {"hip", "fracture"}
    # The effect ends where the people it is asked about begin; asking what causes names none.
    assert effect_words("Does aspirin reduce the risk of a stroke in older adults?") == {"stroke"}
    assert effect_words("What causes gout?") == frozenset()


def test_a_verb_of_an_effects_direction_is_no_subject_word() -> None:
    """ "Sildenafil worsens erectile function ...": 'worsens' says which way, not what about."""
    words = subject_words(["worsens", "erectile"], frozenset({"worsens", "erectile"}), set(), frozenset())
    assert words == ["erectile"]
