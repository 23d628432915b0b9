"""Whatever the text, enrichment answers with a well-formed record and never raises."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from svodka.enrich import enrich, enrich_text
from svodka.records import Article, Block

_ALPHABET = st.sampled_from(list("абвгдеёжзиіїєґыэъ«»„“”\"'’.,:;!?–—-() \nABCxyz0123456789日本"))
_TEXT = st.text(alphabet=_ALPHABET, max_size=300)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=_TEXT, text=_TEXT)
def test_any_text(title: str, text: str) -> None:
    e = enrich_text(title, text)
    assert set(e.entities) == {"PER", "ORG", "LOC"}
    assert e.category in {"society", "economy", "technology", "sports", "entertainment",
                          "science", "other"}
    for q in e.quotes:
        assert q.text


def test_other_languages_are_handled() -> None:
    de = enrich_text("Die Bundesregierung beschließt neuen Haushalt",
                     "Bundeskanzler Olaf Scholz sagte in Berlin, der Haushalt sei solide.")
    assert de.language == "de"
    assert "Berlin" in de.entities["LOC"]
    ja = enrich_text("東京で地震", "東京で地震がありました。")
    assert ja.language == "ja" and ja.entities == {"PER": [], "ORG": [], "LOC": []}


def test_declared_language_is_the_fallback_only() -> None:
    a = Article(title="Новини дня", blocks=[Block("Уряд ухвалив рішення.")], language="ru")
    assert enrich(a).language == "uk"
    assert enrich(Article(title="", language="ru")).language == "ru"
