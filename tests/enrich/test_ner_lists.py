"""A name never runs over a list bullet: the model's span across «•» is cut there."""

from __future__ import annotations

from svodka.enrich.entities import entity_lists, extract_mentions


def test_places_set_as_a_bulleted_list_are_each_a_place() -> None:
    text = "Участники форума: Перу • Эль Сальвадор • Эфиопия • Кения • Гана • Непал."
    found = entity_lists(extract_mentions(text, "ru"))
    assert {"Эль Сальвадор", "Эфиопия", "Кения", "Непал"} <= set(found["LOC"])
    assert not [n for names in found.values() for n in names if "•" in n or len(n.split()) > 2]
