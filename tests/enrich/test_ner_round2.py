"""Second round of entity rules: Russian state bodies named by a place, Ukrainian settlements,
lists sharing a head noun, organisation tails (sentences written for these tests)."""

from __future__ import annotations

from svodka.enrich.entities import entity_lists, extract_mentions


def ents(text: str, lang: str) -> dict[str, list[str]]:
    """The rules' entities (the Ukrainian CRF that re-reads them: test_ner_uk.py)."""
    return entity_lists(extract_mentions(text, lang, uk_model=False))


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


def test_ukrainian_settlement_words_name_a_place() -> None:
    text = ("Дорогу відремонтували у селі Лозуватка та в смт Новий Буг, а міст через річку "
            "Інгулець збудують у с. Шевченкове. Голова села Іван Петренко подякував.")
    e = ents(text, "uk")
    assert {"Лозуватка", "Новий Буг", "Інгулець", "Шевченкове"} <= set(e["LOC"])
    assert "Іван Петренко" in e["PER"] and "Іван Петренко" not in e["LOC"]


def test_ukrainian_capitalised_inanimate_noun_is_a_place_unless_written_lowercase() -> None:
    text = "Делегація з Волині приїхала до Горлівки. Закон ухвалили, але цей закон не діє."
    e = ents(text, "uk")
    assert {"Волинь", "Горлівка"} <= set(e["LOC"])
    assert not any(n.lower().startswith("закон") for t in e for n in e[t])


def test_ukrainian_organisation_tail_stops_at_a_person_and_after_its_place() -> None:
    text = ("Рішення ухвалила Коблівська сільська рада Олексія Петренка. Позов подала "
            "Департамент соціальної політики КМДА закупівлі ліків.")
    orgs = ents(text, "uk")["ORG"]
    assert "Коблівська сільська рада" in orgs
    assert "Департамент соціальної політики КМДА" in orgs


def test_abbreviation_before_a_quoted_name_is_part_of_it() -> None:
    text = "Кандидата висунуло ВО «Свобода», а сюжет показала ТРК «Обрій»."
    orgs = ents(text, "uk")["ORG"]
    assert "ВО «Свобода»" in orgs and "ТРК «Обрій»" in orgs


def test_names_sharing_a_plural_head_are_one_name() -> None:
    text = "Обстріли тривали в Херсонській та Миколаївській областях."
    [name] = ents(text, "uk")["LOC"]
    assert name.startswith("Херсонськ") and name.endswith("Миколаївські області")


def test_company_suffix_ends_a_foreign_company_name() -> None:
    text = ("Гроші вивели через Мердок Інвестментс Лімітед і компанію Baltic Ore Holdings Limited, "
            "а також Кроуфорд трейдінг ЛТД.")
    orgs = ents(text, "uk")["ORG"]
    assert {"Мердок Інвестментс Лімітед", "Baltic Ore Holdings Limited",
            "Кроуфорд трейдінг ЛТД"} <= set(orgs)


def test_russian_organisation_takes_its_pri_and_po_tail() -> None:
    text = ("Члены Совета при Президенте РФ по развитию гражданского общества встретились. "
            "МИД по телефону сообщил об этом.")
    orgs = ents(text, "ru")["ORG"]
    assert "Совет при Президенте РФ по развитию гражданского общества" in orgs
    assert "МИД" in orgs


def test_russian_place_list_is_cut_around_an_unknown_place() -> None:
    from svodka.enrich.ner_ru import _gazetteer_pieces

    text = "Кения Верхняя Вольта Чили"
    pieces = [text[a:b] for a, b in _gazetteer_pieces(text, 0, len(text))]
    assert pieces == ["Кения", "Верхняя Вольта", "Чили"]
    assert _gazetteer_pieces("Москва Сити", 0, 11) == [(0, 11)]


def test_russian_building_is_a_place_but_a_publishing_house_a_company() -> None:
    from svodka.enrich.ner_ru import _facility_type

    assert _facility_type("ORG", ["Белом", "доме"]) == "LOC"
    assert _facility_type("ORG", ["Дворца", "молодёжи"]) == "LOC"
    assert _facility_type("ORG", ["Издательский", "дом", "Коммерсантъ"]) == "ORG"
    assert _facility_type("ORG", ["Государственной", "думы"]) == "ORG"


def test_russian_tail_stops_at_a_person_and_known_places_are_found() -> None:
    text = ("Об этом сообщил представитель Следственного комитета при прокуратуре Игорь Соколов. "
            "Того же мнения придерживаются участники чемпионата Европы по шахматам.")
    e = ents(text, "ru")
    assert "Следственный комитет при прокуратуре" in e["ORG"]
    assert "Игорь Соколов" in e["PER"]
    assert "Европа" in e["LOC"] and not any(n.lower() == "того" for n in e["LOC"])
