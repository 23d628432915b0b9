"""Lemmatised text for full-text search."""

from __future__ import annotations

from svodka.enrich.lemmas import lemma_string, lemmatize


def test_russian_ukrainian_english() -> None:
    assert lemma_string("Переговоры между Россией и США", "ru") == "переговоры между россия и сша"
    assert lemma_string("Зеленський підписав закони", "uk") == "зеленський підписати закон"
    assert lemma_string("Ministers were talking", "en") == "minist were talk"


def test_numbers_kept_punctuation_dropped() -> None:
    assert lemmatize("В 2022 году — 17,5 млн!", "ru") == ["в", "2022", "год", "17,5", "млн"]


def test_unknown_language_lower_cases() -> None:
    assert lemma_string("Ölpreis STEIGT", None) == "ölpreis steigt"


def test_place_names_win_over_homonyms() -> None:
    assert lemma_string("у Києві", "uk") == "у київ"
