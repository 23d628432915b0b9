"""Entity keys: one key for one entity across languages, spellings and cases; the name stays as written."""

from __future__ import annotations

import pytest

from svodka.enrich import enrich_text
from svodka.enrich.entities import extract_mentions, named_entities

TEXTS = {
    "ru": ("Сергей Лавров прилетел в Киев. Лаврова встретили в аэропорту Киева. "
           "Представитель ЕС сказал, что Евросоюз следит за визитом."),
    "uk": ("Сергій Лавров прилетів до Києва. Лаврова зустріли в Києві. "
           "Представник ЄС сказав, що Євросоюз стежить за візитом."),
    "en": ("Sergey Lavrov flew to Kyiv on Monday. Lavrov was met at the airport in Kyiv. "
           "An EU spokesman said the European Union was watching the visit."),
}


def keys(text: str, lang: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for e in named_entities(extract_mentions(text, lang)):
        out.setdefault(e.type, set()).add(e.key)
    return out


@pytest.mark.parametrize("lang", sorted(TEXTS))
def test_one_key_per_entity_within_an_article(lang: str) -> None:
    got = keys(TEXTS[lang], lang)
    assert got["PER"] == {"per:lvrv"}, "the full name, the surname and its cases: one key"
    assert got["LOC"] == {"loc:kyiv"}
    assert got["ORG"] == {"org:european-union"}, "ЄС / Євросоюз / EU / European Union: one key"


def test_the_same_keys_across_languages() -> None:
    per_lang = [keys(text, lang) for lang, text in TEXTS.items()]
    assert all(k == per_lang[0] for k in per_lang)


def test_names_are_the_articles_own() -> None:
    """A name that is not in the text never takes the place of one that is."""
    e = enrich_text("", "Представник ЄС заявив про нові санкції. У ЄС це підтвердили.")
    assert e.entities["ORG"] == ["ЄС"]
    assert [(x.name, x.key) for x in e.named_entities] == [("ЄС", "org:european-union")]


def test_cases_of_a_place_and_of_an_unknown_organisation() -> None:
    ru = keys("Встреча прошла в Верховной Раде. Верховная Рада проголосовала.", "ru")
    uk = keys("Зустріч відбулася у Верховній Раді. Верховна Рада проголосувала.", "uk")
    assert ru["ORG"] == uk["ORG"] and len(ru["ORG"]) == 1
    assert keys("Жители Харькова и Харькову", "ru").get("LOC") == keys(
        "Мешканці Харкова", "uk").get("LOC")


def test_quote_speaker_has_the_entity_key() -> None:
    e = enrich_text("", "«Мы готовы к переговорам», — заявил Сергей Лавров журналистам.")
    assert e.quotes and e.quotes[0].speaker_key == "per:lvrv"
    assert any(x.key == "per:lvrv" for x in e.named_entities)


@pytest.mark.parametrize("text", [
    "За словами Сергія Лаврова, Москва готова до переговорів у Женеві.",
    "Sergey Lavrov said that Moscow was ready for talks in Geneva.",
    "Сергей Лавров заявил, что Москва готова к переговорам.",
])
def test_indirect_speech_in_three_languages_has_one_speaker_key(text: str) -> None:
    quotes = enrich_text("", text).quotes
    assert [(q.speaker_key, q.direct) for q in quotes] == [("per:lvrv", False)]
