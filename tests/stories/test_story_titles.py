"""A story's title: chosen among its reports, informative, early and neutral, one per language."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from svodka.stories.titles import (
    GOOD_ENOUGH,
    Report,
    choose,
    quality,
    story_facts,
    titles_by_language,
)

T0 = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)


def _r(aid: int, title: str, lang: str, minutes: int) -> Report:
    return Report(aid, title, lang, T0 + timedelta(minutes=minutes))


@pytest.mark.parametrize("title", [
    "Нацбанк снизил учетную ставку до 14,5%",
    "НБУ знизив облікову ставку до 14,5%",
    "Storm Vera cuts power to 120,000 homes in western Ukraine",
    "NATO and EU leaders meet in Brussels",
])
def test_plain_informative_titles_are_good(title):
    assert quality(title) >= GOOD_ENOUGH


@pytest.mark.parametrize("title", [
    "Шторм",  # a subject, not an event
    "Ставка НБУ",
    "Что известно о шторме «Вера»",  # teasers
    "Як зміниться курс долара після рішення НБУ",
    "What we know about storm Vera",
    "ШОК!!! Нацбанк снизил ставку",  # shouting and clickbait punctuation
    "ТЕРМІНОВО: у Львові знеструмлено 120 тисяч домівок",
    "НАЦБАНК СНИЗИЛ СТАВКУ ДО РЕКОРДНОГО УРОВНЯ",
    "Зеленский и Макрон договорились?",
    "Нацбанк снова удивил...",
])
def test_teasers_one_word_titles_and_shouting_are_not(title):
    assert quality(title) < GOOD_ENOUGH


def test_the_earliest_good_title_wins_over_an_earlier_teaser_and_a_later_good_one():
    reports = [_r(1, "Что известно о решении НБУ", "ru", 0),
               _r(2, "Нацбанк снизил учетную ставку до 14,5%", "ru", 10),
               _r(3, "НБУ снизил ставку впервые с весны: подробности", "ru", 20),
               _r(4, "Нацбанк Украины понизил ставку до 14,5% годовых", "ru", 30)]
    assert choose(reports).article_id == 2


def test_without_a_good_title_the_best_one_is_taken():
    reports = [_r(1, "ШОК!!!", "ru", 0), _r(2, "Что известно о решении НБУ", "ru", 5)]
    assert choose(reports).article_id == 2
    assert choose([]) is None


def test_one_title_per_language():
    reports = [_r(1, "НБУ знизив облікову ставку до 14,5%", "uk", 5),
               _r(2, "Нацбанк снизил учетную ставку до 14,5%", "ru", 0),
               _r(3, "Ukraine's central bank cuts its key rate to 14.5%", "en", 40),
               _r(4, "Ставка", "uk", 1)]
    chosen = titles_by_language(reports)
    assert {lang: r.article_id for lang, r in chosen.items()} == {"en": 3, "ru": 2, "uk": 1}


def test_a_later_title_naming_what_the_reports_agree_on_wins_over_a_vaguer_earlier_one():
    # The sample web's storm: the earliest Ukrainian title names neither the storm nor the cut
    # power; the story's reports agree on «Вера»/«Віра»/Vera, Odesa, the port and 37 villages.
    reports = [
        Report(article_id=1, title="Шторм «Вера» обрушился на Одессу: порт остановил работу",
               language="ru", when=T0,
               lead="Порывы ветра на побережье Одесской области достигали 28 метров в секунду, без "
               "света остались 37 населённых пунктов."),
        Report(article_id=2, title="Негода на півдні: у Одеському порту пів доби стояли причали",
               language="uk", when=T0 + timedelta(minutes=20),
               lead="Через шторм «Віра» порт призупинив роботу."),
        Report(article_id=3,
               title="Шторм «Віра» накрив Одещину: порт зупинив роботу, 37 сіл без світла",
               language="uk", when=T0 + timedelta(minutes=50),
               lead="Без світла залишилися 37 населених пунктів."),
        Report(article_id=4,
               title="Storm Vera shuts Odesa port and leaves 37 villages without power",
               language="en", when=T0 + timedelta(minutes=90),
               lead="Gusts of up to 28 metres per second battered the coast."),
    ]
    chosen = titles_by_language(reports)
    assert chosen["uk"].article_id == 3
    assert chosen["ru"].article_id == 1
    # Alone, the vaguer title is all there is to choose from.
    assert choose(reports[1:2]).article_id == 2


def test_story_facts_are_what_most_reports_name():
    reports = [_r(1, "Нацбанк снизил учетную ставку до 14,5%", "ru", 0),
               _r(2, "НБУ знизив облікову ставку до 14,5%", "uk", 5),
               _r(3, "Ukraine's central bank cuts its key rate to 14.5%", "en", 9)]
    facts = story_facts(reports)
    assert "#145" in facts  # one number in three spellings
    assert story_facts(reports[:1]) == frozenset()  # one report agrees with nobody
