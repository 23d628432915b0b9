"""Named entities in base form, per language, and one canonical name per person."""

from __future__ import annotations

from svodka.enrich.entities import entity_lists, extract_mentions
from svodka.enrich.people import person_key


def ents(text: str, lang: str) -> dict[str, list[str]]:
    return entity_lists(extract_mentions(text, lang))


def test_russian_entities_in_base_form() -> None:
    text = ("Министр иностранных дел России Сергей Лавров встретился в Женеве с госсекретарем "
            "США Энтони Блинкеном. Переговоры с Блинкеном продлились два часа, сообщили в "
            "Государственной думе. Лавров назвал встречу полезной. Представитель Еврокомиссии "
            "заявил, что Евросоюз следит за переговорами между Россией и Соединенными Штатами.")
    e = ents(text, "ru")
    assert "Сергей Лавров" in e["PER"]
    assert "Энтони Блинкен" in e["PER"]
    assert "Лавров" not in e["PER"], "the surname alone resolves to the full name"
    assert "Блинкен" not in e["PER"]
    # «США» and «Соединенными Штатами» are one place, named as the article names it.
    assert {"Россия", "Женева"} <= set(e["LOC"])
    assert len({"США", "Соединенные Штаты"} & set(e["LOC"])) == 1
    assert {"Государственная дума", "Еврокомиссия", "Евросоюз"} <= set(e["ORG"])


def test_ukrainian_entities_by_pymorphy_tags_and_rules() -> None:
    text = ("Президент України Володимир Зеленський провів зустріч з Юлією Свириденко у Києві. "
            "Зеленський подякував Міністерству закордонних справ України за роботу. Глава МЗС "
            "Андрій Сибіга розповів про переговори з НАТО та Європейським Союзом. Сергій Лавров "
            "у Москві відповів, що Росія не погодиться. Лавров також згадав Верховну Раду.")
    e = ents(text, "uk")
    assert e["PER"][0] == "Володимир Зеленський"
    assert "Зеленський" not in e["PER"]
    assert "Сергій Лавров" in e["PER"] and "Лавров" not in e["PER"]
    assert "Андрій Сибіга" in e["PER"]
    assert {"Україна", "Київ", "Москва", "Росія"} <= set(e["LOC"])
    assert {"Міністерство закордонних справ України", "НАТО", "Верховна Рада"} <= set(e["ORG"])
    assert "МЗС" in e["ORG"]


def test_english_entities_by_rules_and_gazetteers() -> None:
    text = ("Ukrainian President Volodymyr Zelensky met Prime Minister Keir Starmer in London on "
            "Monday. The Bank of England said inflation was falling. Zelensky thanked Britain's "
            "parliament. \"We are ready,\" said Sergey Lavrov, Russia's foreign minister. NATO "
            "and the European Union welcomed the talks, and Microsoft Corp announced new "
            "investment in Kyiv.")
    e = ents(text, "en")
    assert {"Volodymyr Zelensky", "Keir Starmer", "Sergey Lavrov"} <= set(e["PER"])
    assert "Zelensky" not in e["PER"]
    assert {"London", "Britain", "Russia", "Kyiv"} <= set(e["LOC"])
    assert {"Bank of England", "NATO", "European Union", "Microsoft"} <= set(e["ORG"])
    assert "Monday" not in sum(e.values(), [])
    assert "The" not in sum(e.values(), [])


def test_person_key_links_languages_and_forms() -> None:
    keys = {person_key(n) for n in ("Сергей Лавров", "Сергій Лавров", "Sergey Lavrov",
                                    "Sergei Lavrov")}
    assert len(keys) == 1
    zel = {person_key(n) for n in ("Владимир Зеленский", "Володимир Зеленський",
                                   "Volodymyr Zelensky")}
    assert len(zel) == 1
    assert person_key("Сергей Лавров") != person_key("Сергей Шойгу")


def test_no_text_no_entities() -> None:
    assert ents("", "ru") == {"PER": [], "ORG": [], "LOC": []}
    assert ents("just lower case words here", "en") == {"PER": [], "ORG": [], "LOC": []}


def test_base_forms_of_inflected_names() -> None:
    from svodka.enrich.normalize import person_base, phrase_base

    assert person_base(["Петра", "Порошенка"], "uk") == "Петро Порошенко"
    assert person_base(["Юлії", "Тимошенко"], "uk") == "Юлія Тимошенко"
    assert person_base(["Олену", "Зеленську"], "uk") == "Олена Зеленська"
    assert person_base(["Аллы", "Пугачевой"], "ru") == "Алла Пугачева"
    assert person_base(["Антона", "Силуанова"], "ru") == "Антон Силуанов"
    assert phrase_base(["Государственной", "думы"], "ru") == "Государственная дума"
    assert phrase_base(["Міністерству", "охорони", "здоров'я"], "uk") == "Міністерство охорони здоров'я"


def test_ukrainian_regions_and_councils() -> None:
    e = ents("Обстріл у Харківській області. Рішення ухвалила Одеська міська рада, повідомила "
             "Харківська обласна військова адміністрація.", "uk")
    assert e["LOC"] == ["Харківська область"]
    assert set(e["ORG"]) == {"Одеська міська рада", "Харківська обласна військова адміністрація"}
    assert e["PER"] == []
