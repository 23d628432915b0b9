"""The shared spaces: Cyrillic term normalisation, name anchors, numbers, lemmas."""

from __future__ import annotations

import pytest

from svodka.records import Article, Block, Enrichment
from svodka.stories import features, similarity
from svodka.stories import text as tx


@pytest.mark.parametrize("names", [
    ("Лавров", "Лаврова", "Лавровым", "Lavrov", "Lavrov's"),
    ("Зеленский", "Зеленского", "Зеленський", "Зеленського", "Zelensky", "Zelenskyy"),
    ("Москва", "Москве", "Moscow"),
    ("Киев", "Києві", "Kyiv", "Kiev"),
    ("Харьков", "Харків", "Kharkiv"),
    ("Байден", "Biden"),
    ("НАТО", "NATO"),
    ("США", "US", "USA"),
    ("Германия", "Німеччина", "Germany"),
    ("Варшаве", "Варшаві", "Warsaw"),
    ("Кацуба", "Katsuba"),
    ("Шевченко", "Shevchenko"),
    # Names the alias table lists, in cases it does not list.
    ("Одеса", "Одесою", "Одессой", "Odesa"),
    ("Миколаїв", "Миколаєві", "Николаеве", "Mykolaiv"),
    ("Запоріжжя", "Запоріжжі", "Zaporizhzhia"),
])
def test_one_name_one_anchor_across_scripts(names):
    keys = {tx.anchor(n) for n in names}
    assert len(keys) == 1 and None not in keys, {n: tx.anchor(n) for n in names}


def test_different_names_stay_apart():
    names = ["Лавров", "Путин", "Зеленский", "Байден", "Москва", "Киев", "Одесса", "Макрон"]
    keys = [tx.anchor(n) for n in names]
    assert len(set(keys)) == len(keys)


def test_russian_and_ukrainian_words_share_terms():
    pairs = [("президента", "президента"), ("выборы", "вибори"), ("Киева", "Києва"),
             ("соглашение", "соглашения"), ("інвестиції", "инвестиции")]
    for ru, uk in pairs:
        assert tx.term(ru) == tx.term(uk) is not None, (ru, uk, tx.term(ru), tx.term(uk))
    assert tx.term("правительство") != tx.term("уряд")  # different words do not meet


def test_stop_words_and_numbers():
    assert tx.term("который") is None and tx.term("the") is None and tx.term("також") is None
    assert tx.number("6,4") == tx.number("6.4") == "#64"
    assert tx.number("12-й") == "#12" and tx.number("5") is None


def test_sentence_initial_words_are_not_names():
    words = tx.words_with_case("Вчера Лавров прилетел. Потом «Динамо» выиграло")
    assert words == [("Вчера", False), ("Лавров", True), ("прилетел", False),
                     ("Потом", False), ("Динамо", True), ("выиграло", False)]
    assert tx.is_title_case("Dynamo Kyiv Beat Shakhtar To Win Ukrainian Cup".split())
    assert not tx.is_title_case("Zelensky says talks with partners will continue".split())


def test_lemmas_are_used_for_the_body_when_given():
    art = Article(title="Новости", blocks=[Block(text="Войны и переговоры продолжаются.")])
    plain = features(art, Enrichment(language="ru"))
    # Stems of lemmas and of inflected words meet: the lemma path changes little for Russian.
    same = features(art, Enrichment(language="ru", lemmas="война и переговоры продолжаться"))
    assert plain.terms == same.terms
    # But the body terms do come from the lemmas when there are some.
    lemm = features(art, Enrichment(language="ru", lemmas="мирный договор подписать"))
    assert set(lemm.terms["cyr"]) == {tx.term("мирный"), tx.term("договор"),
                                         tx.term("подписать")}
    assert lemm.lang == "ru"


def test_enrichment_entities_become_anchors():
    art = Article(title="Визит", blocks=[Block(text="министр прилетел в столицу.")])
    bare = features(art, Enrichment())
    named = features(art, Enrichment(entities={"PER": ["Сергей Лавров"], "ORG": [],
                                               "LOC": ["Женева"]}))
    assert bare.anchors == {}
    assert {"lvrv", "geneva"} <= set(named.anchors)


def test_english_and_russian_meet_only_through_names_and_numbers():
    en = Article(title="Talks resume", blocks=[Block(
        text="Officials said talks would resume next week after a long pause.")])
    ru = Article(title="Переговоры возобновятся", blocks=[Block(
        text="Переговоры возобновятся на следующей неделе после долгой паузы.")])
    assert similarity(features(en, Enrichment()), features(ru, Enrichment())) == 0.0
    en2 = Article(title="Lavrov and Blinken meet in Geneva", blocks=[Block(
        text="Russian Foreign Minister Sergei Lavrov met Antony Blinken in Geneva on Friday.")])
    ru2 = Article(title="Лавров и Блинкен встретились в Женеве", blocks=[Block(
        text="Министр иностранных дел Сергей Лавров встретился с Энтони Блинкеном в Женеве.")])
    assert similarity(features(en2, Enrichment()), features(ru2, Enrichment())) > 0.4


def test_language_guess_without_declared_language():
    uk = features(Article(title="Київ і Львів", blocks=[Block(text="Їхні міста.")]), Enrichment())
    ru = features(Article(title="Москва", blocks=[Block(text="Город вырос.")]), Enrichment())
    en = features(Article(title="London", blocks=[Block(text="The city grew.")]), Enrichment())
    assert (uk.lang, ru.lang, en.lang) == ("uk", "ru", "en")
    assert list(uk.terms) == ["cyr"] and list(en.terms) == ["lat"]


def test_dates_alone_do_not_bridge_scripts():
    assert not tx.is_telling("#2026") and not tx.is_telling("#10") and not tx.is_telling("#31")
    assert tx.is_telling("#120") and tx.is_telling("#64") and tx.is_telling("lvrv")
    en = Article(title="Parliament passes budget", blocks=[Block(
        text="On 10 March 2026 parliament passed the budget for 2027 after a long debate.")])
    ru = Article(title="Открылась выставка", blocks=[Block(
        text="10 марта 2026 года в музее открылась выставка, она продлится до 2027 года.")])
    fe, fr = features(en, Enrichment()), features(ru, Enrichment())
    assert {"#10", "#2026", "#2027"} <= set(fe.anchors) & set(fr.anchors)
    assert similarity(fe, fr) == 0.0


def test_shouted_titles_are_not_all_names():
    art = Article(title="ВЗРЫВ ГАЗА В ЖИЛОМ ДОМЕ НА ОКРАИНЕ", blocks=[Block(
        text="Жильцов эвакуировали, пострадавших нет.")])
    assert features(art, Enrichment()).anchors == {}
    art = Article(title="Взрыв газа: заявление МЧС", blocks=[Block(text="Жильцов эвакуировали.")])
    assert set(features(art, Enrichment()).anchors) == {tx.anchor("МЧС")}


@pytest.mark.parametrize("centre, region", [
    ("Kharkiv", ("Харківщина", "Харківщині", "Харківщиною", "Харьковщины")),
    ("Kyiv", ("Київщина", "Київщину")),
    ("Vinnytsia", ("Вінниччина", "Вінниччині")),
    ("Mykolaiv", ("Миколаївщина", "Миколаєвом")),
    ("Odesa", ("Одещина", "Одеської", "Одесской")),
    ("Moscow", ("Подмосковье", "Подмосковья")),  # by name, from the alias table
])
def test_a_region_named_after_its_centre_keys_to_the_centre(centre, region):
    assert {tx.anchor(w) for w in region} == {tx.anchor(centre)}


def test_a_region_adjective_before_oblast_names_the_centre_too():
    # "Харьковской области" (ru), "Харківської області" (uk) and "Kharkiv region" (en) meet;
    # the adjective keeps its own key as well ("Курской области" and "Kursk": the city's name
    # ends in -ск), and "область" itself is no name.
    assert tx.region_anchor("Харьковской") == tx.region_anchor("Харківської") == tx.anchor("Kharkiv")
    assert tx.region_anchor("Вінницької") == tx.region_anchor("Винницкой") == tx.anchor("Vinnytsia")
    assert tx.anchor("Курской") == tx.anchor("Kursk")
    assert tx.anchor("область") is None and tx.anchor("області") is None
    assert tx.anchor("Oblast") is None

    def anchors(title: str, text: str, language: str) -> set[str]:
        article = Article(title=title, blocks=[Block(text=text)], language=language)
        return set(features(article, Enrichment(language=language)).anchors)

    ru = anchors("Пожар на складе", "В Харьковской области горел склад.", "ru")
    uk = anchors("Пожежа на складі", "На Харківщині горів склад.", "uk")
    en = anchors("Warehouse fire", "A warehouse burned in the Kharkiv region.", "en")
    assert tx.anchor("Kharkiv") in ru & uk & en
    # Not every adjective: only one before a region noun.
    assert tx.region_anchor("Зеленского") != tx.anchor("Zelensky")
    assert anchors("Визит", "Визит Зеленского в Харьков.", "ru") >= {tx.anchor("Zelensky")}
