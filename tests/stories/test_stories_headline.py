"""Different events however alike (score.other_event): headlines of one template with another name or number in the slot, one outlet's one headline a day later."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import numpy as np

from svodka.records import Article, Block, Enrichment
from svodka.stories import StoryFeatures, StoryMatcher, features, probability
from svodka.stories.score import RECUR_HOURS, other_event

VECTOR = np.ones(8, dtype=np.float32) / np.sqrt(8)  # one sentence vector: the encoder can't tell


def _report(title: str, text: str, lang: str = "ru", *, url: str | None = None,
            published: datetime | None = None) -> StoryFeatures:
    art = Article(title=title, blocks=[Block(text=text)], language=lang, url=url,
                  published=published)
    return features(art, Enrichment(language=lang), VECTOR)


DAY = datetime(2026, 12, 7, 12, tzinfo=UTC)
FIXING = "НБУ встановив офіційний курс гривні"


def _fixing(outlet: str, day: int, hours: float = 0.0) -> StoryFeatures:
    return _report(FIXING, f"Національний банк встановив офіційний курс гривні на {8 + day} "
                           f"грудня: 41,{20 + day} грн за долар.", "uk",
                   url=f"https://{outlet}/news/{day}-{hours}",
                   published=DAY + timedelta(days=day, hours=hours))


def test_a_templated_headline_with_another_place_is_another_event():
    brest = _report("Погода в Бресте на 17 мая", "Синоптики обещают в Бресте дождь и до +18.")
    gomel = _report("Погода в Гомеле на 17 мая", "Синоптики обещают в Гомеле дождь и до +18.")
    assert other_event(brest, gomel) and other_event(gomel, brest)
    assert probability(brest, gomel) == 0.0


def test_another_number_in_the_slot_even_a_single_digit():
    eighth = _report("Прогноз погоды на 8 ноября", "Ожидается облачность, без осадков.")
    later = _report("Прогноз погоды на 18 ноября", "Ожидается облачность, без осадков.")
    assert other_event(eighth, later)


def test_a_name_the_other_report_mentions_is_no_conflict():
    a = _report("Погода в Бресте на 17 мая", "Синоптики обещают в Бресте дождь.")
    b = _report("Погода в Гомеле на 17 мая", "В Гомеле, как и в Бресте, дождь.")
    assert not other_event(a, b)
    assert probability(a, b) > 0.9  # the same vector and words: the usual score decides


def test_a_name_against_a_number_is_no_conflict():
    named = _report("Зоря перемогла Рапід у Лізі конференцій", "Зоря перемогла Рапід.")
    scored = _report("Зоря вирвала перемогу над Рапідом — 2:1", "Зоря перемогла Рапід.")
    assert not other_event(named, scored)


def test_across_languages_a_missing_name_says_nothing():
    ru = _report("Сборная Италии разгромила Армению 9:1", "Италия победила Армению.")
    uk = _report("Італія розгромила Вірменію 9:1", "Італія перемогла Вірменію.", lang="uk")
    assert not other_event(ru, uk)


def test_the_headline_keys_survive_the_store():
    f = _report("Погода в Бресте на 17 мая", "Синоптики обещают в Бресте дождь.")
    back = StoryFeatures.from_json(f.to_json())
    assert back.head_terms == f.head_terms and back.head_keys == f.head_keys
    assert "#17" in back.head_keys


def test_a_place_named_by_its_region_is_the_same_name():
    region = _report("В Николаевской области горел пассажирский поезд", "Пожар потушили за час.")
    city = _report("Под Николаевом горел пассажирский дизель-поезд", "Пожар потушили за час.")
    assert not other_event(region, city)


def test_a_third_report_does_not_bring_two_templated_headlines_into_one_story():
    brest = _report("Погода в Бресте на 17 мая", "Синоптики обещают в Бресте дождь и до +18.")
    gomel = _report("Погода в Гомеле на 17 мая", "Синоптики обещают в Гомеле дождь и до +18.")
    both = _report("Погода на 17 мая: дождь", "Синоптики обещают дождь и до +18 по всей области.")
    for order in ([brest, gomel, both], [both, gomel, brest], [gomel, both, brest]):
        matcher = StoryMatcher()
        for i, f in enumerate(order):
            matcher.assign(f, i)
        story = matcher.partition()
        at = {id(f): story[i] for i, f in enumerate(order)}
        assert at[id(brest)] != at[id(gomel)]
        assert at[id(both)] in (at[id(brest)], at[id(gomel)])  # it still joins one of them


def test_one_outlets_headline_a_day_later_is_the_next_issue():
    monday, tuesday = _fixing("minfin.com.ua", 0), _fixing("minfin.com.ua", 1)
    assert other_event(monday, tuesday) and other_event(tuesday, monday)
    assert probability(monday, tuesday) == 0.0
    assert other_event(monday, _fixing("minfin.com.ua", 0, hours=RECUR_HOURS))


def test_what_is_no_next_issue():
    monday = _fixing("minfin.com.ua", 0)
    assert not other_event(monday, _fixing("minfin.com.ua", 0, hours=3))  # re-posted the same day
    assert not other_event(monday, _fixing("finance.ua", 1))  # another outlet: the score decides
    undated = _report(FIXING, "Національний банк встановив курс.", "uk",
                      url="https://minfin.com.ua/news/x")
    assert not other_event(monday, undated)
    other = _report("НБУ встановив курс гривні на вихідні", "Курс на суботу.", "uk",
                    url="https://minfin.com.ua/news/y", published=DAY + timedelta(days=1))
    assert not other_event(monday, other)  # another headline: the score decides


def test_a_daily_report_is_one_story_a_day_in_any_order():
    # Two outlets post the day's official rate under one headline, day after day: each day is a
    # story of its two reports, not one story growing for as long as the column runs.
    reports = [(f"{outlet}:{day}", _fixing(outlet, day, 0.5 * k))
               for day in range(6) for k, outlet in enumerate(("minfin.com.ua", "finance.ua"))]
    for seed in range(3):
        order = reports[:]
        if seed:
            random.Random(seed).shuffle(order)
        matcher = StoryMatcher()
        for i, (_, f) in enumerate(order):
            matcher.assign(f, i)
        story = matcher.partition()
        days: dict[int, set[str]] = {}
        for i, (name, _) in enumerate(order):
            days.setdefault(story[i], set()).add(name.split(":")[1])
        assert sorted(len(d) for d in days.values()) == [1] * 6
        assert len(days) == 6
