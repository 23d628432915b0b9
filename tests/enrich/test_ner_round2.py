"""Second round of entity rules: Russian state bodies named by a place, Ukrainian settlements,
lists sharing a head noun, organisation tails (sentences written for these tests)."""

from __future__ import annotations

from svodka.enrich.entities import entity_lists, extract_mentions


def ents(text: str, lang: str) -> dict[str, list[str]]:
    return entity_lists(extract_mentions(text, lang))


def test_russian_state_body_with_a_place_is_an_organisation() -> None:
    text = ("Вчера правительство Норвегии объявило о новых пошлинах, а власти Канады "
            "ответили отказом. Сборная Бразилии прилетела утром.")
    e = ents(text, "ru")
    assert "правительство Норвегии" in e["ORG"]
    assert any(n.startswith("власт") and n.endswith("Канады") for n in e["ORG"])
    assert "Сборная Бразилии" in e["ORG"] or "сборная Бразилии" in e["ORG"]
    assert {"Норвегия", "Канада", "Бразилия"} <= set(e["LOC"])


def test_russian_place_after_a_place_is_no_state_body() -> None:
    text = "В Израиле правительство решило продлить карантин."
    assert ents(text, "ru")["ORG"] == []
