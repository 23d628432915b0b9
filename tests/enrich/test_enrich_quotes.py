"""Who said what: direct and indirect speech with resolved speakers, in ru, uk and en."""

from __future__ import annotations

from svodka.enrich.entities import extract_mentions
from svodka.enrich.quotes import extract_quotes


def quotes(text: str, lang: str) -> list[tuple[str | None, str, bool]]:
    return extract_quotes(text, extract_mentions(text, lang))


def test_russian_direct_and_indirect() -> None:
    text = ("Министр финансов Антон Силуанов выступил в Государственной думе.\n"
            "«Бюджет будет исполнен без дефицита, несмотря на все трудности», — заявил "
            "Силуанов.\n"
            "По его словам, расходы на образование вырастут на десять процентов.\n"
            "Глава Сбербанка Герман Греф сказал: «Ставки по кредитам снизятся уже весной».\n"
            "Греф также отметил, что банк откроет новые отделения в регионах.\n"
            "Фильм «Война и мир» покажут в субботу.")
    got = quotes(text, "ru")
    assert ("Антон Силуанов", "Бюджет будет исполнен без дефицита, несмотря на все трудности",
            True) in got
    assert ("Антон Силуанов", "Расходы на образование вырастут на десять процентов",
            False) in got
    assert ("Герман Греф", "Ставки по кредитам снизятся уже весной", True) in got
    assert ("Герман Греф", "Банк откроет новые отделения в регионах", False) in got
    assert all("Война и мир" not in q[1] for q in got), "a title in quotes is not speech"


def test_ukrainian_direct_and_indirect() -> None:
    text = ("Прем'єр-міністр Денис Шмигаль заявив, що уряд підвищить пенсії з березня.\n"
            "«Ми знайшли кошти на індексацію для всіх пенсіонерів», – сказав Шмигаль.\n"
            "За словами Шмигаля, рішення ухвалять наступного тижня.\n"
            "Президент Володимир Зеленський наголосив: «Україна не погодиться на жодні "
            "поступки щодо територій».")
    got = quotes(text, "uk")
    assert ("Денис Шмигаль", "Уряд підвищить пенсії з березня", False) in got
    assert ("Денис Шмигаль", "Ми знайшли кошти на індексацію для всіх пенсіонерів", True) in got
    assert ("Денис Шмигаль", "Рішення ухвалять наступного тижня", False) in got
    assert ("Володимир Зеленський",
            "Україна не погодиться на жодні поступки щодо територій", True) in got


def test_english_direct_and_indirect() -> None:
    text = ("\"We will not accept any territorial concessions,\" said Volodymyr Zelensky.\n"
            "Sergey Lavrov said that Moscow was ready for talks. According to Lavrov, the "
            "talks would begin in January.\n"
            "“The economy is growing faster than expected,” Janet Yellen told reporters.\n"
            "Prices will keep rising, according to the Bank of England.")
    got = quotes(text, "en")
    assert ("Volodymyr Zelensky", "We will not accept any territorial concessions", True) in got
    assert ("Sergey Lavrov", "Moscow was ready for talks", False) in got
    assert ("Sergey Lavrov", "The talks would begin in January", False) in got
    assert ("Janet Yellen", "The economy is growing faster than expected", True) in got
    assert ("Bank of England", "Prices will keep rising", False) in got


def test_unattributed_quotation_is_not_a_quote() -> None:
    assert quotes("Он прочитал «очень длинное название какой-то новой книги» вчера.", "ru") == []


def test_headline_name_and_colon() -> None:
    text = ("Лавров: «Россия готова к переговорам с США»\n"
            "Министр иностранных дел Сергей Лавров выступил в Москве.\n"
            "Итог: «ничего нового не было сказано вообще».")
    got = quotes(text, "ru")
    assert got == [("Сергей Лавров", "Россия готова к переговорам с США", True)]


def test_organisation_as_speaker() -> None:
    text = ("«Переговоры пройдут в Женеве в начале января», — говорится в сообщении МИД России.")
    got = quotes(text, "ru")
    assert got and got[0][0] in ("МИД России", "МИД") and got[0][2]


def test_short_quotes_with_an_explicit_attribution() -> None:
    from svodka.enrich import enrich_text

    uk = enrich_text("Курс", "«Ситуація стабільна», — заявив голова НБУ Андрій Пишний.")
    assert [(q.speaker, q.text, q.direct) for q in uk.quotes] == [
        ("Андрій Пишний", "Ситуація стабільна", True)]
    ru = enrich_text("Ставка", "«Инфляция замедляется», – сказала Эльвира Набиуллина.")
    assert [(q.speaker, q.text) for q in ru.quotes] == [("Эльвира Набиуллина",
                                                        "Инфляция замедляется")]
    scare = enrich_text("x", "Проект соглашения по «гарантиям безопасности» обсудят позже.")
    assert scare.quotes == []
