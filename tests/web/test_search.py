"""Full-text search: morphology, stemming, tags, filters, order, snippets; the same on both backends."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text
from web_world import lemmas

from svodka.records import Article, Block, Enrichment, Entity, Source
from svodka.store import Store
from svodka.store.search import ArticleFilter, SearchOrder, entity_facet, reindex
from svodka.web.search import parse_query, search_page, snippet, snippet_text

T0 = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)  # a fixed time: nothing here depends on today

ARTICLES = [  # key, source, lang, hours after T0, title, body, tags, category, entities
    ("zarya", "ru", "ru", 1, "«Заря» обыграла венский «Рапид» в Лиге конференций",
     "Футболисты «Зари» празднуют гол. Луганский клуб набрал семь очков.",
     ["футбол", "Заря"], "sports", {"ORG": ["Заря", "Рапид"]}),
     ("zorya", "uk", "uk", 2, "«Зоря» вирвала перемогу над «Рапідом»",
     "Гравці «Зорі» після фінального свистка святкували перемогу.",
     ["футбол"], "sports", {"ORG": ["Зоря"]}),
    ("budget-ru", "ru", "ru", 5, "Депутаты утвердили бюджет",
     "Среди гостей был президент клуба «Заря». Бюджет утвержден во втором чтении.",
     ["бюджет"], "economy", {"ORG": ["Заря"]}),
    ("budgets-en", "en", "en", 3, "Parliament passes the budgets",
     "Lawmakers passed both budgets after a long night of voting.",
     ["economy"], "economy", {"ORG": ["Parliament"]}),
    ("hockey-en", "en", "en", 4, "A quiet night in the league",
     "Nothing much happened on the ice.", ["Hockey"], "sports", {}),
    ("evil-en", "en", "en", 6, "Budget <script>alert(1)</script>",
     "The <b>budget</b> & \"tax\" <img src=x onerror=alert(1)> debate.", [], "economy", {}),
]


def build(url: str) -> tuple[Store, dict[str, int]]:
    store = Store(url)
    sources = {lang: store.add_source(Source(url=f"https://{lang}.example/rss", name=f"Outlet {lang}",
                                             language=lang)) for lang in ("ru", "uk", "en")}
    ids = {}
    for key, src, lang, hours, title, body, tags, category, entities in ARTICLES:
        when = T0 + timedelta(hours=hours)
        art = Article(url=f"https://{src}.example/{key}", title=title, lead=None,
                      blocks=[Block(body)], published=when, language=lang, tags=tags)
        enr = Enrichment(language=lang, category=category, lemmas=lemmas(f"{title} {body}", lang),
                         entities={"PER": [], "ORG": [], "LOC": [], **entities})
        ids[key] = store.save_article(entry_id=None, source_id=sources[src].id or 0, article=art,
                                      enrichment=enr, fetched_at=when, url=art.url or "")
    return store, ids


@pytest.fixture()
def built(db_url: str) -> tuple[Store, dict[str, int]]:
    store, ids = build(db_url)
    yield store, ids
    store.close()


def keys(ids: dict[str, int], found: list) -> list[str]:
    back = {v: k for k, v in ids.items()}
    return [back[a.id] for a in found]


def find(store: Store, ids: dict[str, int], q: str, **kw: object) -> list[str]:
    return keys(ids, search_page(store, q, **kw).articles)  # type: ignore[arg-type]


def test_russian_and_ukrainian_morphology(built: tuple[Store, dict[str, int]]) -> None:
    store, ids = built
    assert find(store, ids, "Зарей") == ["zarya", "budget-ru"]  # «Зари», «Заря»: one lemma
    assert find(store, ids, "Зари") == ["zarya", "budget-ru"]
    assert find(store, ids, "Зорею") == ["zorya"]
    assert find(store, ids, "перемоги") == ["zorya"]
    assert find(store, ids, "утвердить бюджеты") == ["budget-ru"]


def test_english_stemming_and_tags(built: tuple[Store, dict[str, int]]) -> None:
    store, ids = built
    assert set(find(store, ids, "budget")) == {"budgets-en", "evil-en"}
    assert find(store, ids, "voted") == ["budgets-en"]
    assert find(store, ids, "hockey") == ["hockey-en"]  # only in its tags
    assert find(store, ids, "квантовый") == []
    assert find(store, ids, '" OR 1=1 --') == []  # not a syntax error, not everything
    assert find(store, ids, "") == [] and find(store, ids, "''' \"\"\" ***") == []


def test_relevance_and_time_order(built: tuple[Store, dict[str, int]]) -> None:
    store, ids = built
    # «Заря» is in the first report's title and only in the newer one's text.
    assert find(store, ids, "заря") == ["zarya", "budget-ru"]
    assert find(store, ids, "заря", order=SearchOrder.TIME) == ["budget-ru", "zarya"]
    page = search_page(store, "заря", limit=1, offset=1)
    assert page.total == 2 and keys(ids, page.articles) == ["budget-ru"]


def test_filters(built: tuple[Store, dict[str, int]]) -> None:
    store, ids = built
    assert find(store, ids, "Заря", flt=ArticleFilter(category="sports")) == ["zarya"]
    assert find(store, ids, "budget", flt=ArticleFilter(language="ru")) == []
    assert find(store, ids, "бюджет", flt=ArticleFilter(language="ru")) == ["budget-ru"]
    since = ArticleFilter(since=T0 + timedelta(hours=4))
    assert find(store, ids, "Заря", flt=since) == ["budget-ru"]
    until = ArticleFilter(until=T0 + timedelta(hours=4))
    assert find(store, ids, "Заря", flt=until) == ["zarya"]
    ru_source = store.sources()[0].id
    assert find(store, ids, "перемога", flt=ArticleFilter(source_id=ru_source)) == []
    # Entities: an exact facet, matched by name whatever the case and spacing.
    assert find(store, ids, "", entities=["заря"]) == ["budget-ru", "zarya"]  # newest first
    assert find(store, ids, "гол", entities=["  ЗАРЯ "]) == ["zarya"]
    assert find(store, ids, "", entities=["Рапид"]) == ["zarya"]
    assert entity_facet("Заря") == entity_facet("заря") != entity_facet("Зоря")


def test_entities_by_canonical_key(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 'k.db'}")
    src = store.add_source(Source(url="https://x.example/rss", name="X"))
    for n, (lang, name) in enumerate([("ru", "Лавров"), ("en", "Lavrov"), ("uk", "Сибіга")]):
        enr = Enrichment(language=lang, named_entities=[Entity(type="PER", name=name,
                                                                key=f"per:{name[:3]}")])
        if name != "Сибіга":
            enr.named_entities[0].key = "per:lvrv"
        store.save_article(entry_id=None, source_id=src.id or 0, fetched_at=T0, enrichment=enr,
                           url=f"https://x.example/{n}",
                           article=Article(url=f"https://x.example/{n}", title=name,
                                           blocks=[Block("x")], published=T0))
    found = search_page(store, "", entities=["per:lvrv"]).articles
    assert sorted(a.article.title or "" for a in found) == ["Lavrov", "Лавров"]
    assert [a.article.title for a in search_page(store, "", entities=["Lavrov"]).articles] == [
        "Lavrov"]
    store.close()


def test_snippets_are_escaped_text_with_marks(built: tuple[Store, dict[str, int]]) -> None:
    store, ids = built
    page = search_page(store, "budget")
    evil = next(a for a in page.articles if a.id == ids["evil-en"])
    marked = str(snippet(evil, page.query))
    assert "<mark>budget</mark>" in marked
    assert "<b>" not in marked and "<img" not in marked and "&lt;img src=x" in marked
    assert marked.replace("<mark>", "").replace("</mark>", "").count("<") == 0
    assert snippet_text(snippet(evil, page.query)).startswith("The <b>budget</b> & \"tax\"")
    zarya = search_page(store, "Зарей")
    assert "«<mark>Зари</mark>»" in str(snippet(zarya.articles[0], zarya.query))


QUERIES = ["Зарей", "заря", "Зоря", "budget", "бюджет", "hockey", "night", "клуб очки", "гол"]


def _results(store: Store) -> list[list[str]]:
    out = []
    back = {}
    for q in QUERIES:
        for order in SearchOrder:
            found = search_page(store, q, order=order).articles
            back.update({a.id: a.article.url for a in found})
            out.append([a.article.url for a in found])
    out.append([a.article.url for a in search_page(store, "", entities=["Заря"]).articles])
    return out


def test_same_results_on_sqlite_and_postgresql(tmp_path: Path, pg_url: str) -> None:
    lite, _ = build(f"sqlite:///{tmp_path / 'lite.db'}")
    pg, _ = build(pg_url)
    try:
        assert _results(lite) == _results(pg)
        assert any(_results(lite))
    finally:
        lite.close()
        pg.close()


def test_migration_reindexes_stored_articles(built: tuple[Store, dict[str, int]]) -> None:
    store, ids = built
    with store.engine.begin() as c:
        c.execute(text("DELETE FROM article_fts"))
    assert find(store, ids, "Зарей") == []
    with store.engine.begin() as c:
        assert reindex(c) == len(ARTICLES)
    assert find(store, ids, "Зарей") == ["zarya", "budget-ru"]


def test_parse_query_bounds() -> None:
    q = parse_query("слово " * 100)
    assert len(q.words) == 1
    assert len(parse_query(" ".join(f"w{i}" for i in range(100))).cleaned().words) == 16
