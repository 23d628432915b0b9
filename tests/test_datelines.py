"""Datelines and openings: agencies' openings are found and only they, and what reads a report skips a page's date line."""

from __future__ import annotations

import pytest

from svodka.datelines import MAX_CHARS, dateline, strip_dateline
from svodka.enrich import enrich_text
from svodka.enrich.embedding import embedding_text, opening
from svodka.records import Article, Block, Enrichment
from svodka.stories import features
from svodka.stories.text import anchor


@pytest.mark.parametrize(("text", "place", "rest"), [
    ("МОСКВА, 25 мая. /ТАСС/. Роспотребнадзор считает", "МОСКВА", "Роспотребнадзор считает"),
    ('"САНКТ-ПЕТЕРБУРГ, 25 мая. /ТАСС/. Второй бывший', "САНКТ-ПЕТЕРБУРГ", "Второй бывший"),
    ("НЬЮ-ЙОРК, 6 мая (Рейтер) - Цены на нефть", "НЬЮ-ЙОРК", "Цены на нефть"),
    ("ЖЕНЕВА, 25 мая — РИА Новости, Елизавета Исакова. Мир находится", "ЖЕНЕВА",
     "Мир находится"),
    ("ТБИЛИСИ, 17 ноя - РИА Новости.МВД Грузии", "ТБИЛИСИ", "МВД Грузии"),
    ("МОСКВА, 6 ноября, ФедералПресс. Эксперты рассказали", "МОСКВА", "Эксперты рассказали"),
    ("ТАСС, 17 мая. Четыре пункта", "ТАСС", "Четыре пункта"),
    ("РИАМО - 17 мая.\xa0За минувшие сутки", "РИАМО", "За минувшие сутки"),
    ("Київ. 7 грудня. ІНТЕРФАКС-УКРАЇНА - Верховна Рада", "Київ", "Верховна Рада"),
    ("КИЇВ, 7 грудня /Укрінформ/. Президент", "КИЇВ", "Президент"),
    ("KYIV, Dec 7 (Reuters) - Ukraine's", "KYIV", "Ukraine's"),
    ("VENICE, Italy\xa0(AP) - Tourists", "VENICE, Italy", "Tourists"),
    ("EAST RUTHERFORD, N.J. (AP) — Jason Witten", "EAST RUTHERFORD, N.J.", "Jason Witten"),
    ("KUALA LUMPUR (Nov 11): KLCCP Stapled", "KUALA LUMPUR", "KLCCP Stapled"),
    ("OTTAWA -- Rates of obesity", "OTTAWA", "Rates of obesity"),
    ("LONDON, December 7 — Britain", "LONDON", "Britain"),
    ("05.01.2012, Тирасполь 00:16:06 В Приднестровье", "Тирасполь", "В Приднестровье"),
    # no agency: the place and the date alone; the sentence after them is kept whole
    ("МОСКВА, 17 мая — Владимир Путин подписал указ.", "МОСКВА", "Владимир Путин подписал указ."),
])
def test_datelines_agencies_write(text: str, place: str, rest: str) -> None:
    found = dateline(text)
    assert found is not None and found.place == place and text[found.end:] == rest


@pytest.mark.parametrize(("text", "stripped"), [
    ("МОСКВА, 25 мая. /ТАСС/. Роспотребнадзор", "Москва. Роспотребнадзор"),
    ("НЬЮ-ЙОРК, 6 мая (Рейтер) - Цены", "Нью-Йорк. Цены"),
    ("SAN FRANCISCO, Calif. (AP) — Roku", "San Francisco, Calif. Roku"),
    ("Київ. 7 грудня. ІНТЕРФАКС-УКРАЇНА - Верховна Рада", "Київ. Верховна Рада"),
    ("16.01.12 В России сельские медики", "В России сельские медики"),  # a date, no place
    ("- 06.01.2012, 11:42 Столько отдыхать", "Столько отдыхать"),
    ("17:04  12.11.2019 По словам главы", "По словам главы"),  # the time first
    ("Вчера, 19:11 Вчера, 19:11 Учёные из", "Учёные из"),  # a day named, twice
])
def test_a_dateline_is_read_as_its_place(text: str, stripped: str) -> None:
    assert strip_dateline(text) == stripped


@pytest.mark.parametrize("text", [
    "Президент Украины (Владимир Зеленский) — глава государства.",
    "НАТО — Североатлантический альянс, созданный в 1949 году.",  # an acronym, not a place
    "ФСБ: в Москве задержаны трое",
    "ЦБ, 13 декабря, снизил ставку",
    "Сегодня, 17 мая, в Бресте облачно с прояснениями.",
    "США ввели санкции против министра",
    "Kyiv, Dec 7 - the city",
    "МОСКВА, 25 мая. /ТАСС/.",  # nothing after it: nothing to read instead
    "- 05.01.2012, 14:45",
    "05.01.2012, Президент Украины подписал указ",  # a name before no time is no place
    "3.14 процента ВВП",
    "Сегодня, 17 мая, в Бресте облачно",  # a sentence that opens with the day
    "17:04 Москва",
    "",
])
def test_what_is_not_a_dateline(text: str) -> None:
    assert dateline(text) is None
    assert strip_dateline(text) == text


def test_a_dateline_is_short() -> None:
    place = "МОСКВА " * (MAX_CHARS // 7)
    assert dateline(f"{place.strip()}, 25 мая. /ТАСС/. Роспотребнадзор") is None


def test_the_encoder_reads_the_event_not_the_dateline() -> None:
    assert embedding_text("Заголовок", "МОСКВА, 25 мая. /ТАСС/. Роспотребнадзор считает") == \
        "Заголовок. Москва. Роспотребнадзор считает"


def test_the_encoder_reads_the_first_paragraph_that_opens_the_report() -> None:
    page = Article(title="Онищенко покусился на новогодний праздник", blocks=[
        Block("- 06.01.2012, 11:42", "p"),  # the page's date line, kept by the extraction
        Block("Столько отдыхать, сколько отдыхают россияне в новогодние каникулы, вредно.", "p")])
    assert opening(page).startswith("Столько отдыхать")
    assert opening(Article(title="Заголовок", blocks=[Block("16.01.12", "p")])) == "16.01.12"


def test_enrichment_does_not_name_the_agency() -> None:
    e = enrich_text("В Перми проверят сообщения о нападении",
                    "МОСКВА, 25 мая. /ТАСС/. Следственное управление проверит сообщения о "
                    "нападении на школьника в Перми.", "ru")
    named = {n for names in e.entities.values() for n in names}
    assert not any("ТАСС" in n or "Тасс" in n for n in named)
    assert "тасс" not in e.lemmas.split() and "май" not in e.lemmas.split()


def test_story_keys_skip_the_dateline() -> None:
    body = "МОСКВА, 25 мая. /ТАСС/. Следственное управление проверит сообщения из Перми."
    art = Article(url="https://tass.ru/1", title="Проверка в Перми", language="ru",
                  blocks=[Block(body, "p")])
    f = features(art, Enrichment(language="ru"))
    assert anchor("Перми") in f.anchors
    assert anchor("ТАСС") not in f.anchors and not any(k.startswith("#") for k in f.anchors)
