"""Interface languages: choice, strings, plurals, dates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from svodka.web.i18n import LANGUAGES, Formatter, choose_language, plural_index, strings


def test_every_language_has_every_string() -> None:
    import json
    from importlib import resources

    raw = json.loads(resources.files("svodka.web").joinpath("strings.json").read_text("utf-8"))
    keys = set(raw["en"])
    for lang in LANGUAGES:
        assert set(raw[lang]) == keys, lang
        assert len(raw[lang]["months"]) == 12
    assert strings()["uk"]["latest"] == "Останні новини"


@pytest.mark.parametrize(("query", "cookie", "accept", "expected"), [
    (None, None, None, "uk"),
    ("en", None, "ru", "en"),
    ("xx", "ru", None, "ru"),
    (None, None, "de-DE,de;q=0.9,ru;q=0.8,en;q=0.7", "ru"),
    (None, None, "en;q=0.4, uk;q=0.6", "uk"),
    (None, None, "ru;q=0, en", "en"),
    (None, None, "fr, de", "uk"),
    (None, None, "EN-gb", "en"),
])
def test_choose_language(query: str | None, cookie: str | None, accept: str | None,
                         expected: str) -> None:
    assert choose_language(query, cookie, accept) == expected


@pytest.mark.parametrize(("n", "lang", "index"), [
    (1, "uk", 0), (21, "uk", 0), (11, "uk", 2), (2, "ru", 1), (4, "ru", 1), (12, "ru", 2),
    (5, "ru", 2), (0, "ru", 2), (1, "en", 0), (2, "en", 1), (0, "en", 1),
])
def test_plurals(n: int, lang: str, index: int) -> None:
    assert plural_index(n, lang) == index


def test_counts_and_dates_per_language() -> None:
    when = datetime(2026, 3, 8, 9, 5, tzinfo=UTC)
    assert Formatter("uk").datetime(when) == "8 березня 2026, 09:05"
    assert Formatter("ru").datetime(when) == "8 марта 2026, 09:05"
    assert Formatter("en").date(when) == "8 March 2026"
    assert Formatter("uk").count(3, "reports") == "3 повідомлення"
    assert Formatter("uk").count(5, "outlets") == "5 видань"
    assert Formatter("ru").count(21, "outlets") == "21 издание"
    assert Formatter("en").count(1, "reports") == "1 report"


def test_relative_times() -> None:
    now = datetime(2026, 3, 8, 12, 0, tzinfo=UTC)
    f = Formatter("ru", now=now)
    assert f.ago(now - timedelta(seconds=20)) == "только что"
    assert f.ago(now - timedelta(minutes=3)) == "3 минуты назад"
    assert f.ago(now - timedelta(hours=5)) == "5 часов назад"
    assert f.ago(now - timedelta(days=3)) == "5 марта 2026, 12:00"
    assert Formatter("en", now=now).ago(now - timedelta(hours=1)) == "1 hour ago"


def test_timezone_setting() -> None:
    from svodka.web.i18n import timezone

    kyiv = Formatter("en", tz=timezone("Europe/Kyiv"))
    assert kyiv.datetime(datetime(2026, 7, 1, 21, 30, tzinfo=UTC)) == "2 July 2026, 00:30"
    assert timezone("No/Such_Zone") is UTC
