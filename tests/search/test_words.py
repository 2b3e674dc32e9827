"""Tokens, the one folded spelling, and the common words (`bedside.search.words`)."""

from __future__ import annotations

import pytest

from bedside.search.words import fold, in_compound, is_common, joinable, tokenize


def test_fold_lowercases_and_folds_simple_plurals() -> None:
    assert [fold(w) for w in ["Strategies", "patients", "sclerosis", "diabetes", "MS", "Crohn's", "Ménière"]] == [
        "strategy",
        "patient",
        "sclerosis",
        "diabete",
        "ms",
        "crohn",
        "meniere",
    ]
    assert [t.text for t in tokenize("Parkinson's disease, MS's course")] == ["Parkinson", "disease", "MS", "course"]


def test_fold_gives_one_spelling_but_keeps_a_token_one_word() -> None:
    british = ["Haemorrhages", "oesophagitis", "paediatric", "tumours", "randomised", "anaemia"]
    american = ["hemorrhages", "esophagitis", "pediatric", "tumors", "randomized", "anemia"]
    assert [fold(w) for w in british] == [fold(w) for w in american]
    assert fold("haemorrhages") == "hemorrhage"
    # A glued Greek letter would split into two words: the token is left as it is.
    assert fold("TNFalpha") == "tnfalpha"
    assert [fold(w) for w in ["exercise", "advise", "diabetes"]] == ["exercise", "advise", "diabete"]


@pytest.mark.parametrize("word", ["Patients", "does", "management", "Strategies", "treatments"])
def test_function_and_generic_words_are_common_in_any_case_or_number(word: str) -> None:
    assert is_common(tokenize(word)[0])


@pytest.mark.parametrize("word", ["sclerosis", "physiotherapy", "MS", "ataxia"])
def test_content_words_are_not_common(word: str) -> None:
    assert not is_common(tokenize(word)[0])


def test_phrases_join_across_hyphens_and_initials_but_not_sentence_punctuation() -> None:
    text = "H. pylori, non-small cell; MS"
    t = tokenize(text)
    assert [x.text for x in t] == ["H", "pylori", "non", "small", "cell", "MS"]
    assert joinable(text, t[0], t[1])  # the initial's full stop
    assert joinable(text, t[2], t[3])  # a hyphen
    assert not joinable(text, t[1], t[2])  # a comma
    assert not joinable(text, t[4], t[5])  # a semicolon


def test_the_tail_of_a_capitalised_hyphenated_name_is_inside_a_compound() -> None:
    text = "G-CSF and anti-TNF"
    assert in_compound(text, text.index("CSF"))
    assert not in_compound(text, text.index("TNF"))
