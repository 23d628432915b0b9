"""Feed auto-discovery on homepages, and how read_source answers for an HTML page."""

from __future__ import annotations

import pytest
from sources_helpers import fixture_bytes, read

from svodka.sources import SourceError, discover_feeds


def test_declared_feeds_first_comments_last_then_common_paths():
    html = fixture_bytes("homepage.html").decode()
    assert discover_feeds(html, "https://outlet.example/") == [
        "https://outlet.example/feed/",
        "https://outlet.example/atom.xml",
        "https://outlet.example/feed.json",
        "https://outlet.example/comments/feed/",  # a comments feed is the last declared
        "https://outlet.example/rss",
        "https://outlet.example/feed",
        "https://outlet.example/rss.xml",
        # /atom.xml already declared above: not repeated
        "https://outlet.example/feed.xml",
        "https://outlet.example/index.xml",
    ]  # hreflang alternates, stylesheets and the WordPress JSON API are not feeds


def test_common_paths_are_on_the_site_root_even_from_a_deep_page():
    found = discover_feeds("<html><head></head><body>hi</body></html>",
                           "https://deep.example/a/b/c.html?x=1")
    assert found == [f"https://deep.example{p}" for p in
                     ("/rss", "/feed", "/rss.xml", "/atom.xml", "/feed.xml", "/index.xml")]


def test_base_href_and_case_of_attributes():
    html = """<HTML><HEAD><BASE HREF="https://cdn.example/site/">
    <LINK REL="Alternate" TYPE="application/RSS+XML; charset=utf-8" HREF="news.rss"></HEAD></HTML>"""
    assert discover_feeds(html, "https://www.example/")[0] == "https://cdn.example/site/news.rss"


def test_homepage_through_read_source_gives_kind_html_with_feeds_and_articles():
    body = b"""<html><head><title>Outlet</title>
<link rel="alternate" type="application/rss+xml" href="/rss/"></head><body>
<a href="/news/2024/12/01/7432101/">Government adopts the budget for next year</a>
<a href="/news/2024/12/01/7432102/">Winter arrives early in the western regions</a>
<a href="/about/">About</a></body></html>"""
    r = read(body, "https://outlet.example/", content_type="text/html; charset=utf-8")
    assert r.kind == "html"
    assert r.title == "Outlet"
    assert r.child_urls[0] == "https://outlet.example/rss/"
    assert "https://outlet.example/feed" in r.child_urls
    assert [e.url for e in r.entries] == [
        "https://outlet.example/news/2024/12/01/7432101/",
        "https://outlet.example/news/2024/12/01/7432102/",
    ]


def test_html_instead_of_a_feed_without_any_links_is_an_error():
    body = b"<!DOCTYPE html><html><head><title>Maintenance</title></head><body>Back soon.</body></html>"
    with pytest.raises(SourceError, match="expected a feed"):
        read(body, "https://outlet.example/rss", kind="feed", content_type="application/rss+xml")


def test_feed_links_in_the_footer_count_when_nothing_is_declared():
    html = """<html><head><title>Українська правда</title></head><body>
    <a href="/news/2024/12/01/7432101/">Уряд ухвалив бюджет на наступний рік</a>
    <footer><a href="/rss/">RSS</a> <a href="https://partner.example/rss.xml">Partner RSS</a>
    <a href="/feedback/">Зворотний зв'язок</a> <a href="/static/rss/all.ukr.rss.xml">Усі новини</a>
    </footer></body></html>"""
    found = discover_feeds(html, "https://www.up.example/")
    assert found[:2] == ["https://www.up.example/rss/", "https://www.up.example/static/rss/all.ukr.rss.xml"]
    # a page that was supposed to be a feed but only links to one is not an error
    r = read(html.encode(), "https://www.up.example/", kind="feed")
    assert r.kind == "html" and r.child_urls[0] == "https://www.up.example/rss/"
