"""Organisations by legal form, quoted name and head noun; persons named surname first;
abbreviations and given names resolved within an article (sentences written for these tests)."""

from __future__ import annotations

from svodka.enrich.entities import entity_lists, extract_mentions
from svodka.enrich.ner_rules import quoted_organisations, rule_mentions


def ents(text: str, lang: str) -> dict[str, list[str]]:
    return entity_lists(extract_mentions(text, lang))


def spans(text: str, lang: str = "uk") -> list[tuple[str, str]]:
    return [(m.type, text[m.start:m.end]) for m in rule_mentions(text, lang)]


def test_legal_form_and_nested_quotes_are_one_name() -> None:
    text = ("ТОВ «Будмонтаж «Світанок» виграло тендер, а ПрАТ КП «Теплобуд» поскаржилося. "
            "Договір підписала також фірма «Альтаїр».")
    names = [m.name for m in quoted_organisations(text, "uk")]
    assert names == ["ТОВ «Будмонтаж «Світанок»", "ПрАТ КП «Теплобуд»", "«Альтаїр»"]


def test_quoted_words_without_a_legal_form_or_descriptor_are_not_organisations() -> None:
    text = "Він назвав це «Великою грою», а потім сказав «Ні»."
    assert quoted_organisations(text, "uk") == []


def test_russian_legal_form_with_straight_quotes() -> None:
    text = 'Подрядчиком стало ООО "Северный ветер", а поставщиком компания "Лотос".'
    e = ents(text, "ru")
    assert any("Северный ветер" in n for n in e["ORG"])
    assert any("Лотос" in n for n in e["ORG"])


def test_head_noun_names_take_their_adjectives_and_genitives() -> None:
    text = ("Черкаське територіальне відділення АМКУ оштрафувало забудовника. Позов розглядав "
            "суддя Господарського суду м. Одеси. Гроші виділило Міністерство аграрної політики "
            "та продовольства.")
    got = spans(text)
    assert ("ORG", "Черкаське територіальне відділення АМКУ") in got
    assert ("ORG", "Господарського суду м. Одеси") in got
    assert ("ORG", "Міністерство аграрної політики та продовольства") in got


def test_tail_stops_at_a_verb_and_at_a_sentence_break() -> None:
    text = "Управління освіти Житомирської міської ради оголосило конкурс.\nКонкурс триватиме."
    got = spans(text)
    assert ("ORG", "Управління освіти Житомирської міської ради") in got
    assert all("оголосило" not in s for _, s in got)


def test_place_phrases_and_streets() -> None:
    text = ("Ділянка розташована у Броварському районі Київської області, на вул. Садовій, 12. "
            "Сусідню будівлю на вулиці Лесі Українки знесли.")
    got = spans(text)
    assert ("LOC", "Броварському районі Київської області") in got
    assert ("LOC", "вул. Садовій, 12") in got
    assert ("LOC", "вулиці Лесі Українки") in got


def test_adjective_before_an_abbreviation_and_compound_institutions() -> None:
    text = "Рішення ухвалила Полтавська ОДА. Дані надав Держгеокадастр, а перевірку провела Нацполіція."
    got = spans(text)
    assert ("ORG", "Полтавська ОДА") in got
    assert ("ORG", "Держгеокадастр") in got
    assert ("ORG", "Нацполіція") in got


def test_surname_first_with_patronymic_is_one_person() -> None:
    text = "Засновником фірми є Кравчук Олена Петрівна, а директором Бойко Ігор Степанович."
    e = ents(text, "uk")
    assert {"Кравчук Олена Петрівна", "Бойко Ігор Степанович"} <= set(e["PER"])


def test_abbreviation_takes_the_full_name_it_abbreviates() -> None:
    text = ("Федеральная антимонопольная служба возбудила дело против банка. В ФАС пояснили, что "
            "проверка продлится месяц.")
    e = ents(text, "ru")
    assert "ФАС" not in e["ORG"]
    assert any(n.lower().startswith("федеральная антимонопольная служба") for n in e["ORG"])


def test_given_name_alone_is_the_person_named_in_full() -> None:
    text = ("Вчера Виктор Степанов выступил на конференции. Затем Виктор ответил на вопросы "
            "журналистов.")
    e = ents(text, "ru")
    assert "Виктор" not in e["PER"]
    assert "Виктор Степанов" in e["PER"]
