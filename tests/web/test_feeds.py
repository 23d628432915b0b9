"""Outgoing feeds: RSS 2.0 and JSON Feed 1.1, parsed back by real parsers."""

from __future__ import annotations

import json
from xml.etree import ElementTree as ET

import feedparser
from fastapi.testclient import TestClient
from hypothesis import given, settings
from hypothesis import strategies as st
from web_world import EVIL_TITLE, World

from svodka.web.feeds import _sub, xml_text
from svodka.web.security import DEFAULT_PUBLIC_BASE_URL as BASE


def test_rss_parses_and_escapes(client: TestClient, world: World) -> None:
    r = client.get("/feed.xml?lang=en")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/rss+xml")
    ET.fromstring(r.content)  # well-formed XML
    feed = feedparser.parse(r.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "rss20"
    assert feed.feed.title == "Svodka" and feed.feed.language == "en"
    assert len(feed.entries) == 39  # every article but the one that is not news
    first = feed.entries[0]
    assert first.title == EVIL_TITLE
    assert first.link == f"{BASE}/articles/{world.ids['en-evil']}"
    assert first.published_parsed is not None
    assert b"<script>" not in r.content
    by_link = {e.link: e for e in feed.entries}
    budget = by_link[f"{BASE}/articles/{world.ids['uk-budget']}"]
    assert budget.source.title == "Правда Тест"
    assert budget.source.href == "https://pravda.example/rss"
    assert budget.summary == "Депутати підтримали головний фінансовий документ країни."
    assert budget.author == "Олена Петренко"
    image = budget.media_content[0]
    assert image["url"].startswith(f"{BASE}/media/") and image["medium"] == "image"
    assert client.get(image["url"]).headers["content-type"] == "image/webp"
    for url in world.outlet_image_urls:
        assert url.encode() not in r.content


def test_rss_language_filter(client: TestClient, world: World) -> None:
    feed = feedparser.parse(client.get("/feed.xml?language=uk").content)
    assert {e.link.rsplit("/", 1)[1] for e in feed.entries} == {
        str(world.ids["uk-budget"]), str(world.ids["uk-draft"])}


def test_json_feed(client: TestClient, world: World) -> None:
    r = client.get("/feed.json")
    assert r.headers["content-type"].startswith("application/feed+json")
    feed = json.loads(r.content)
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"] == "Svodka" and feed["home_page_url"] == f"{BASE}/"
    items = {i["id"]: i for i in feed["items"]}
    assert len(items) == 39
    assert f"{BASE}/articles/{world.ids['en-promo']}" not in items
    budget = items[f"{BASE}/articles/{world.ids['uk-budget']}"]
    assert budget["external_url"] == "https://pravda.example/news/uk-budget"
    assert budget["image"].startswith(f"{BASE}/media/")
    assert budget["authors"] == [{"name": "Олена Петренко"}]
    assert "зростання доходів бюджету" in budget["content_text"]
    evil = items[f"{BASE}/articles/{world.ids['en-evil']}"]
    assert evil["title"] == EVIL_TITLE  # JSON keeps the text; it is data, not markup
    # JSON Feed 1.1 requirements (feedparser 6.0 reads no JSON Feed): string ids, a content.
    for item in feed["items"]:
        assert isinstance(item["id"], str) and item["id"]
        assert isinstance(item.get("content_text"), str)
        assert item["date_published"].endswith("+00:00")


def test_control_characters_are_dropped_from_xml() -> None:
    assert xml_text("a\x00b\x0bc\x1fd\ud800e") == "abcde"
    assert xml_text("tab\tnew\nline\r\nend\r") == "tab\tnew\nline\nend\n"


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_round_trips_through_the_rss_serialiser(text: str) -> None:
    item = ET.Element("item")
    _sub(item, "title", text)
    _sub(item, "source", text, url=xml_text(text))
    back = ET.fromstring(ET.tostring(item, encoding="utf-8"))
    assert back.findtext("title") == xml_text(text)
