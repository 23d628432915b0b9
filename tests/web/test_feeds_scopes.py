"""Feeds of every scope (home, category, outlet, story, person, search) in RSS, Atom and JSON Feed."""

from __future__ import annotations

import json

import feedparser
import pytest
from fastapi.testclient import TestClient
from web_world import EVIL_TITLE, World

from svodka.web.security import DEFAULT_PUBLIC_BASE_URL as BASE

FORMATS = ("/feed.xml", "/feed.atom", "/feed.json")


def article_ids(client: TestClient, path: str, **params: object) -> set[int]:
    r = client.get(path, params=params)
    assert r.status_code == 200, (path, params, r.text[:300])
    if path.endswith(".json"):
        urls = [i["url"] for i in json.loads(r.content)["items"]]
    else:
        parsed = feedparser.parse(r.content)
        assert not parsed.bozo, parsed.get("bozo_exception")
        urls = [e.link for e in parsed.entries]
    assert all(u.startswith(f"{BASE}/articles/") for u in urls)
    return {int(u.rsplit("/", 1)[1]) for u in urls}


@pytest.mark.parametrize("path", FORMATS)
def test_every_scope_narrows_the_feed(client: TestClient, world: World, path: str) -> None:
    ids = world.ids
    budget = {ids["uk-budget"], ids["ru-budget"], ids["en-budget"]}
    assert article_ids(client, path, story=world.stories["budget"]) == budget
    assert article_ids(client, path, category="technology") == {ids["en-evil"]}
    assert article_ids(client, path, source=world.sources["pravda"].id) == {
        ids["uk-budget"], ids["uk-draft"]}
    assert article_ids(client, path, source="Ведомости Тест") == {ids["ru-budget"]}
    assert article_ids(client, path, language="ru") == {ids["ru-budget"]}
    assert article_ids(client, path, entity="Олена Коваль") == {ids["uk-budget"]}
    assert ids["uk-budget"] in article_ids(client, path, q="бюджету")
    assert ids["en-promo"] not in article_ids(client, path)  # not news: off the home feed


@pytest.mark.parametrize("path", FORMATS)
def test_bad_values_are_refused(client: TestClient, world: World, path: str) -> None:
    assert client.get(path, params={"category": "gossip"}).status_code == 422
    assert client.get(path, params={"language": "klingon!"}).status_code == 422
    assert client.get(path, params={"story": "abc"}).status_code == 422
    assert client.get(path, params={"catgory": "economy"}).status_code == 422
    assert client.get(path, params={"story": 987654}).status_code == 404
    assert client.get(path, params={"lang": "en"}).status_code == 200


def test_atom_is_valid_atom(client: TestClient, world: World) -> None:
    r = client.get("/feed.atom", params={"lang": "en"})
    assert r.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(r.content)
    assert not feed.bozo and feed.version == "atom10"
    assert feed.feed.title == "Svodka" and feed.feed.id == f"{BASE}/feed.atom?lang=en"
    evil = next(e for e in feed.entries if e.id.endswith(f"/{world.ids['en-evil']}"))
    assert evil.title == EVIL_TITLE and evil.title_detail.type == "text/plain"
    budget = next(e for e in feed.entries if e.id.endswith(f"/{world.ids['uk-budget']}"))
    related = [x.href for x in budget.links if x.rel == "related"]
    assert related == ["https://pravda.example/news/uk-budget"]
    assert budget.author == "Олена Петренко" and budget.published_parsed


def test_feed_titles_and_pages_name_their_scope(client: TestClient, world: World) -> None:
    story = json.loads(client.get("/feed.json", params={
        "story": world.stories["budget"], "lang": "en"}).content)
    assert story["title"] == "Svodka — Рада ухвалила бюджет на наступний рік"
    assert story["home_page_url"] == f"{BASE}/stories/{world.stories['budget']}"
    cat = json.loads(client.get("/feed.json", params={"category": "economy",
                                                      "lang": "en"}).content)
    assert cat["home_page_url"] == f"{BASE}/categories/economy" and "Economy" in cat["title"]
    rss = feedparser.parse(client.get("/feed.xml", params={"q": "budget", "lang": "en"}).content)
    assert rss.feed.title == "Svodka — «budget»"
    assert rss.feed.link == f"{BASE}/search?q=budget"


def test_host_header_never_makes_the_links(client: TestClient) -> None:
    headers = {"Host": "evil.example", "X-Forwarded-Host": "evil.example"}
    feed = json.loads(client.get("/feed.json", headers=headers).content)
    assert feed["home_page_url"] == f"{BASE}/" and feed["feed_url"] == f"{BASE}/feed.json"
    for path in ("/feed.xml", "/feed.atom", "/feed.json", "/api/v1/articles"):
        assert b"evil.example" not in client.get(path, headers=headers).content, path
