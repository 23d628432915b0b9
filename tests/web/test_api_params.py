"""The API's parameters: each one filters, or the request is refused with a 422; docs served locally."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from web_world import NOW, World

from svodka.config import Settings
from svodka.media import FileMediaStore
from svodka.records import Article, Block, Enrichment, Image, RelatedLink, Source
from svodka.store import Store
from svodka.web import create_app

LIST = "/api/v1/articles"


def ids(body: dict) -> list[int]:
    return [i["id"] for i in body["items"]]


def test_category_story_and_news_filters(client: TestClient, world: World) -> None:
    tech = client.get(LIST, params={"category": "technology"}).json()
    assert ids(tech) == [world.ids["en-evil"]] and tech["total"] == 1
    assert client.get(LIST, params={"category": "gossip"}).status_code == 422
    story = client.get(LIST, params={"story": world.stories["budget"]}).json()
    assert set(ids(story)) == {world.ids[k] for k in ("uk-budget", "ru-budget", "en-budget")}
    assert client.get(LIST, params={"story": "x"}).status_code == 422
    news = client.get(LIST, params={"news": "true", "limit": 200}).json()
    assert world.ids["en-promo"] not in ids(news) and news["total"] == 39
    assert client.get(LIST, params={"news": "false"}).status_code == 422


def test_since_until_and_language(client: TestClient, world: World) -> None:
    since = (NOW - timedelta(hours=4, minutes=30)).isoformat()
    recent = client.get(LIST, params={"since": since}).json()
    assert set(ids(recent)) == {world.ids[k] for k in ("ru-budget", "en-budget", "en-evil",
                                                        "en-promo")}
    until = client.get(LIST, params={"until": since, "language": "uk"}).json()
    assert set(ids(until)) == {world.ids["uk-budget"], world.ids["uk-draft"]}
    assert client.get(LIST, params={"since": "yesterday"}).status_code == 422
    assert client.get(LIST, params={"language": "<script>"}).status_code == 422


def test_search_through_the_list_and_the_search_endpoint(client: TestClient,
                                                         world: World) -> None:
    found = client.get(LIST, params={"q": "бюджету"}).json()
    assert world.ids["uk-budget"] in ids(found)
    ranked = client.get("/api/v1/search", params={"q": "бюджет", "language": "uk"}).json()
    assert ids(ranked)[0] == world.ids["uk-budget"]
    item = ranked["items"][0]
    assert "<mark>" in item["snippet_html"] and "<mark>" not in item["snippet"]
    person = client.get(LIST, params={"entity": "Олена Коваль"}).json()
    assert ids(person) == [world.ids["uk-budget"]]
    assert client.get("/api/v1/search").status_code == 422
    assert client.get(LIST, params={"sort": "relevance"}).status_code == 422
    assert client.get(LIST, params={"q": "budget", "sort": "sideways"}).status_code == 422
    by_time = client.get(LIST, params={"q": "market", "sort": "time"}).json()["items"]
    published = [i["published"] for i in by_time]
    assert len(published) > 1 and published == sorted(published, reverse=True)


def test_unknown_parameters_are_refused(client: TestClient) -> None:
    r = client.get(LIST, params={"categroy": "economy"})
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["query", "categroy"]
    assert client.get("/api/v1/stories", params={"q": "x"}).status_code == 422
    assert client.get(LIST, params={"lang": "uk"}).status_code == 200


def test_cursor_pages_through_everything_once(client: TestClient, world: World) -> None:
    seen: list[int] = []
    cursor = None
    for _ in range(20):
        params = {"limit": 7, **({"cursor": cursor} if cursor else {})}
        body = client.get(LIST, params=params).json()
        seen += ids(body)
        cursor = body["next_cursor"]
        if cursor is None:
            break
    assert sorted(seen) == sorted(world.ids.values()) and len(seen) == len(set(seen))
    assert client.get(LIST, params={"cursor": "!!!"}).status_code == 422
    assert client.get(LIST, params={"cursor": "e30", "offset": 3}).status_code == 422
    searched = client.get(LIST, params={"q": "market", "limit": 5}).json()
    assert searched["next_cursor"]
    more = client.get(LIST, params={"q": "market", "limit": 5,
                                    "cursor": searched["next_cursor"]}).json()
    assert not set(ids(more)) & set(ids(searched)) and more["items"]


def test_openapi_and_docs_are_served_without_third_party_assets(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    params = {p["name"] for p in spec["paths"]["/api/v1/articles"]["get"]["parameters"]}
    assert {"category", "story", "q", "since", "until", "source", "language", "entity",
            "limit", "offset", "cursor", "sort", "news"} <= params
    for page in ("/docs", "/redoc"):
        r = client.get(page)
        assert r.status_code == 200
        srcs = re.findall(r'(?:src|href)="([^"]+)"', r.text)
        assert srcs and all(s.startswith("/") for s in srcs), srcs
        for src in srcs:
            asset = client.get(src)
            assert asset.status_code == 200 and len(asset.content) > 20, src
        assert "script-src 'self'" in r.headers["content-security-policy"]


@pytest.fixture()
def hostile(tmp_path: Path) -> Iterator[tuple[TestClient, int]]:
    """An article whose outlet links and images are javascript:, data: and other schemes."""
    store = Store(f"sqlite:///{tmp_path / 'h.db'}")
    src = store.add_source(Source(url="https://evil.example/rss", name="Evil",
                                  homepage="javascript:alert(1)"))
    art = Article(url="https://evil.example/a", title="t", blocks=[Block("x")], published=NOW,
                  related=[RelatedLink("js", "javascript:alert(1)"),
                           RelatedLink("data", "data:text/html,<script>alert(1)</script>"),
                           RelatedLink("vb", " JaVaScRiPt:alert(1)"),
                           RelatedLink("ok", "https://evil.example/b")],
                  images=[Image(url="javascript:alert(2)", role="hero")])
    aid = store.save_article(entry_id=None, source_id=src.id or 0, article=art,
                             enrichment=Enrichment(language="en"), fetched_at=NOW, url=art.url or "")
    settings = Settings(data_dir=tmp_path, public_base_url="https://news.example/")
    with TestClient(create_app(store, FileMediaStore(tmp_path / "m"), settings)) as c:
        yield c, aid
    store.close()


def test_only_http_urls_leave_and_links_use_the_public_base(
        hostile: tuple[TestClient, int]) -> None:
    client, aid = hostile
    a = client.get(f"/api/v1/articles/{aid}", headers={"Host": "evil.example"}).json()
    assert [r["url"] for r in a["related"]] == [None, None, None, "https://evil.example/b"]
    assert a["images"][0]["url"] is None
    assert a["link"] == f"https://news.example/articles/{aid}"
    listed = client.get(LIST, headers={"Host": "evil.example"}).json()["items"][0]
    assert listed["link"].startswith("https://news.example/")
    sources = client.get("/api/v1/sources").json()["items"]
    assert sources[0]["homepage"] is None and sources[0]["url"] == "https://evil.example/rss"


def test_filters_search_and_feeds_on_each_backend(db_url: str, tmp_path: Path) -> None:
    """The same answers from SQLite and PostgreSQL (the latter where it runs)."""
    from web_world import build_world

    w = build_world(tmp_path, db_url)
    try:
        with TestClient(create_app(w.store, w.media)) as c:
            assert ids(c.get(LIST, params={"category": "technology"}).json()) == [
                w.ids["en-evil"]]
            since = (NOW - timedelta(hours=4, minutes=30)).isoformat()
            assert len(ids(c.get(LIST, params={"since": since}).json())) == 4
            found = c.get("/api/v1/search", params={"q": "бюджет", "language": "uk"}).json()
            assert ids(found)[0] == w.ids["uk-budget"]
            assert ids(c.get(LIST, params={"entity": "Олена Коваль"}).json()) == [
                w.ids["uk-budget"]]
            seen, cursor = [], None
            while True:
                body = c.get(LIST, params={"limit": 9, **({"cursor": cursor} if cursor else {})}
                             ).json()
                seen += ids(body)
                if not (cursor := body["next_cursor"]):
                    break
            assert sorted(seen) == sorted(w.ids.values())
            feed = c.get("/feed.json", params={"story": w.stories["budget"]}).json()
            assert len(feed["items"]) == 3
    finally:
        w.store.close()
