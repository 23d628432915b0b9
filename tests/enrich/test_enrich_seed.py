"""The seed article (../shared/fixtures/seed-article/expected.json) through ``enrich``."""

from __future__ import annotations

import json

import pytest
from enrich_helpers import SEED, require

from svodka.enrich import enrich
from svodka.records import Article, Enrichment


@pytest.fixture(scope="module")
def seed() -> tuple[Enrichment, dict]:
    expected = json.loads(require(SEED / "expected.json").read_text(encoding="utf-8"))
    article = Article.from_dict({k: expected[k] for k in ("url", "title", "lead", "paragraphs")})
    return enrich(article), expected


def test_language(seed: tuple[Enrichment, dict]) -> None:
    assert seed[0].language == "ru"


def test_at_least_the_listed_entities(seed: tuple[Enrichment, dict]) -> None:
    got, expected = seed
    for kind, names in expected["entities"].items():
        assert set(names) <= set(got.entities[kind]), kind
    assert "Лавров" not in got.entities["PER"]


def test_lavrov_quote(seed: tuple[Enrichment, dict]) -> None:
    got, expected = seed
    direct = [q for q in got.quotes if q.direct]
    assert any(q.text.startswith("По итогам очередного контакта") and q.speaker == "Сергей Лавров"
               for q in direct)
    for q in expected["quotes"]:
        assert any(g.text == q["text"] and g.speaker == q["speaker"] for g in direct)
    # «По его словам, …» is Lavrov's too, as indirect speech.
    assert any(not q.direct and q.speaker == "Сергей Лавров" for q in got.quotes)


def test_news_category_keywords_lemmas(seed: tuple[Enrichment, dict]) -> None:
    got = seed[0]
    assert got.is_news
    assert got.category == "society"
    assert "переговоры" in got.keywords
    assert "Сергей Лавров" in got.keywords
    assert "переговоры между россия и сша" in got.lemmas
