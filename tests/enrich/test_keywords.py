"""Keywords are telling words: nouns the article can be told by, never verbs or function words."""

from __future__ import annotations

import pytest

from svodka.enrich.keywords import _verb_forms, extract_keywords


def keywords(title: str, text: str, lang: str) -> list[str]:
    return extract_keywords(title, text, lang, [])


def test_english_reporting_verbs_and_number_words_are_not_keywords() -> None:
    kw = keywords("Storm shuts port and leaves 37 villages without power",
                  "The storm shut the port for five hours. Power lines fell on the villages, "
                  "and the port stayed closed as the storm eased.", "en")
    assert {"port", "villages", "storm", "power"} <= set(kw)
    assert not {"shuts", "leaves", "shut", "eased", "five", "stayed"} & set(kw)


@pytest.mark.parametrize(("verb", "forms"), [
    ("shut", {"shut", "shuts", "shutting"}), ("leave", {"leave", "leaves", "leaving"}),
    ("reach", {"reaches", "reached"}), ("try", {"tries", "tried"}), ("ease", {"eases", "eased"}),
])
def test_verb_forms_follow_spelling_rules(verb: str, forms: set[str]) -> None:
    assert forms <= _verb_forms(verb)


def test_ukrainian_word_the_dictionary_cannot_tell_is_not_a_keyword() -> None:
    """«роботу»/«роботи» can be «робот» (robot) or «робота» (work): a storm report stopping a
    port's work must not get "robot"."""
    kw = keywords("Шторм накрив Одещину: порт зупинив роботу",
                  "Через шторм порт зупинив роботи. Шторм пошкодив причали порту, порт стоїть.",
                  "uk")
    assert "робот" not in kw
    assert {"шторм", "порт"} <= set(kw)


def test_the_article_and_agreement_tell_which_noun_a_word_is() -> None:
    # «облікову ставку»: the feminine adjective makes it «ставка», not «ставок» (a pond)
    assert "ставка" in keywords("НБУ знизив облікову ставку",
                                "Нацбанк знизив облікову ставку. Облікова ставка тепер 13%.", "uk")
    # a real robot: the unambiguous «робот» decides for the ambiguous forms
    kw = keywords("Робот шукатиме міни", "Робот пройшов випробування. Роботи працюють у полі.",
                  "uk")
    assert "робот" in kw and "робота" not in kw


def test_function_words_and_misread_forms_are_not_keywords() -> None:
    # «про» has a noun reading in the Ukrainian dictionary, but it is a preposition
    assert "про" not in keywords("Про угоду про розмінування",
                                 "Сторони домовилися про угоду про розмінування.", "uk")
    # «сёл» is «село»; without its ё, «сел» would be read as the verb «сесть»
    kw = keywords("Десятки сёл без света", "Без света остались сорок сёл и два города.", "ru")
    assert "село" in kw and "сесть" not in kw
