"""Language identification, Russian and Ukrainian told apart on short headlines."""

from __future__ import annotations

import pytest

from svodka.enrich.language import detect_language, fasttext_guess, ru_uk_evidence

HEADLINES = [
    ("Новини дня", "uk"),
    ("Новости дня", "ru"),
    ("Курс долара зріс", "uk"),
    ("Курс доллара вырос", "ru"),
    ("Зеленський підписав закон про бюджет", "uk"),
    ("Зеленский подписал закон о бюджете", "ru"),
    ("Погода на завтра", "ru"),
    ("Погода на вихідні", "uk"),
    ("У Києві відкрили новий міст", "uk"),
    ("В Киеве открыли новый мост", "ru"),
    ("Ціни на пальне знову зросли", "uk"),
    ("Цены на топливо снова выросли", "ru"),
    ("Government announces new budget for schools", "en"),
    ("Die Regierung beschließt einen neuen Haushalt", "de"),
    ("Le gouvernement présente un nouveau budget", "fr"),
]


@pytest.mark.parametrize(("text", "lang"), HEADLINES)
def test_headlines(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_longer_texts_and_other_cyrillic_languages() -> None:
    uk = ("Верховна Рада ухвалила закон про державний бюджет на наступний рік. За відповідне "
          "рішення проголосували 278 народних депутатів, повідомляє пресслужба парламенту.")
    ru = ("Государственная дума приняла закон о федеральном бюджете на следующий год. За "
          "соответствующее решение проголосовали 320 депутатов, сообщает пресс-служба.")
    bg = ("Народното събрание прие закона за държавния бюджет за следващата година. "
          "Решението беше подкрепено от мнозинството депутати, съобщиха от парламента.")
    be = "Урад Беларусі ўхваліў новы закон аб бюджэце на наступны год."
    assert detect_language(uk) == "uk"
    assert detect_language(ru) == "ru"
    assert detect_language(bg) == "bg"
    assert detect_language(be) == "be"


def test_nothing_to_judge() -> None:
    assert detect_language("") is None
    assert detect_language("2022 — 17,5 %") is None


def test_evidence_points_the_right_way() -> None:
    ru, uk = ru_uk_evidence("Курс долара зріс")
    assert uk > ru
    ru, uk = ru_uk_evidence("Курс доллара вырос")
    assert ru > uk


def test_packaged_model_loads_offline() -> None:
    """The lite model is read from the wheel's resources: no network, no cache directory."""
    guess = fasttext_guess("This is plainly an English sentence about the weather.")
    assert guess and guess[0][0] == "en"
