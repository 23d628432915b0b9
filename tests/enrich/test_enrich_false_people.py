"""Words that look like names and are not people, as classes (ru/uk)."""

from __future__ import annotations

import pytest

from svodka.demo.corpus import load_corpus
from svodka.enrich import enrich_text
from svodka.enrich.entities import entity_lists, extract_mentions


def people(text: str, lang: str) -> list[str]:
    return entity_lists(extract_mentions(text, lang))["PER"]


@pytest.mark.parametrize(("text", "lang", "not_people"), [
    # a storm's name that is also a common noun (віра, faith)
    ("Шторм «Віра» залишив без світла 40 сіл на Одещині.", "uk", {"Віра"}),
    # a locative after «у» («у Лізі конференцій» is the league's)
    ("Українська «Зоря» перемогла австрійський «Рапід» у Лізі конференцій.", "uk",
     {"Ліза", "Українська"}),
    # an adjective agreeing with the next noun
    ("Судна знову пройшли Чорним морем до Стамбула.", "uk", {"Чорний", "Чорне"}),
    # sentence-opening pronouns and conjunctions
    ("Вона зазначила, що переговори тривають. Тому Тереза Мей поїхала до Брюсселя.", "uk",
     {"Вон", "Вона", "Тома Тереза Мей", "Тома"}),
    # plural common nouns the dictionary knows only as common words
    ("Овнам стоит быть терпеливыми, а Рыбам повезет в знакомствах.", "ru", {"Овен", "Рыба",
                                                                           "Овнам", "Рыбам"}),
    ("Зима буде теплою, кажуть синоптики.", "uk", {"Зима"}),
])
def test_not_people(text: str, lang: str, not_people: set[str]) -> None:
    assert not set(people(text, lang)) & not_people


def test_real_people_still_found() -> None:
    got = people("Вона зустрілася з прем'єром. Тому Тереза Мей поїхала до Брюсселя.", "uk")
    assert "Тереза Мей" in got
    assert "Володимир Зеленський" in people("Володимир Зеленський прибув до Києва.", "uk")
    assert "Майк Пенс" in people("Колишній віцепрезидент Майк Пенс виступив в Індіані.", "uk")


def test_sample_web_has_no_false_people() -> None:
    false = {"Віра", "Вера", "Ліза", "Українська", "Зима", "Овнам", "Рыбам", "Овен", "Рыба"}
    for e in load_corpus():
        body = "\n\n".join([e.lead, *e.paragraphs]) if e.lead else "\n\n".join(e.paragraphs)
        found = set(enrich_text(e.title, body).entities["PER"])
        assert not found & false, (e.slug, found & false)
