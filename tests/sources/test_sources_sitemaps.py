"""Sitemap indexes, news sitemaps, gzip'd and text sitemaps."""

from __future__ import annotations

import gzip
from datetime import UTC, datetime

import pytest
from sources_helpers import fixture_bytes, read

from svodka.sources import SourceError


def test_sitemap_index_lists_children_resolved():
    r = read(fixture_bytes("sitemap_index.xml"), "https://example.com/sitemap.xml",
             kind="sitemap", content_type="text/xml")
    assert r.kind == "sitemapindex"
    assert r.entries == []
    assert r.child_urls == [
        "https://example.com/sitemap-news.xml",
        "https://example.com/sitemaps/2024-11.xml.gz",
        "https://example.com/sitemaps/2024-10.xml.gz",  # relative <loc> resolved
    ]


def test_news_sitemap_titles_dates_and_images():
    r = read(fixture_bytes("news_sitemap.xml"), "https://example.com/news-sitemap.xml")
    assert r.kind == "newssitemap"
    by_url = {e.url: e for e in r.entries}
    assert len(by_url) == 3
    geneva = by_url["https://example.com/world/2024/12/01/talks-resume-in-geneva"]
    assert geneva.title == "Talks resume in Geneva"
    # news:publication_date wins over lastmod, and is converted to UTC
    assert geneva.published == datetime(2024, 12, 1, 8, 20, tzinfo=UTC)
    assert geneva.image_url == "https://example.com/img/geneva.jpg"
    ru = by_url["https://example.com/ru/2024/12/01/peregovory"]
    assert ru.title == "Переговоры возобновились"
    assert ru.published == datetime(2024, 12, 1, tzinfo=UTC)  # a date alone: midnight UTC
    older = by_url["https://example.com/world/2024/11/30/older-story"]
    assert older.title is None
    assert older.published == datetime(2024, 11, 30, 7, 0, tzinfo=UTC)  # lastmod
    assert all(e.published.tzinfo is not None for e in r.entries)


def test_gzipped_sitemap_whatever_the_content_type_says():
    urls = [f"https://example.com/articles/{i}-some-story" for i in range(500)]
    xml = ('<?xml version="1.0" encoding="UTF-8"?>'
           '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
           + "".join(f"<url><loc>{u}</loc><lastmod>2024-12-0{1 + i % 9}</lastmod></url>"
                     for i, u in enumerate(urls))
           + "</urlset>")
    body = gzip.compress(xml.encode())
    r = read(body, "https://example.com/sitemap-1.xml.gz", content_type="application/octet-stream")
    assert r.kind == "sitemap"
    assert [e.url for e in r.entries] == urls
    assert r.entries[3].published == datetime(2024, 12, 4, tzinfo=UTC)


def test_plain_sitemap_with_duplicates_and_junk_locs():
    xml = b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc> https://example.com/a-story </loc></url>
<url><loc>https://example.com/a-story</loc></url>
<url><loc>javascript:alert(1)</loc></url>
<url><loc>mailto:x@example.com</loc></url>
<url><lastmod>2024-01-01</lastmod></url>
<url><loc>https://example.com/b-story</loc><lastmod>not a date</lastmod></url>
</urlset>"""
    r = read(xml, "https://example.com/sitemap.xml")
    assert [e.url for e in r.entries] == ["https://example.com/a-story", "https://example.com/b-story"]
    assert r.entries[1].published is None


def test_text_sitemap():
    body = b"https://example.com/one\nhttps://example.com/two\n\nhttps://example.com/one\n"
    r = read(body, "https://example.com/sitemap.txt", content_type="text/plain")
    assert r.kind == "sitemap"
    assert [e.url for e in r.entries] == ["https://example.com/one", "https://example.com/two"]


def test_truncated_sitemap_is_an_error():
    xml = (b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
           b"<url><loc>https://example.com/1</loc></url><url><loc>https://example.com/2</loc></url>"
           b"<url><loc>https://exa")
    with pytest.raises(SourceError, match="truncated XML"):
        read(xml, "https://example.com/sitemap.xml")


def test_malformed_but_complete_sitemap_keeps_what_it_can():
    xml = (b'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
           b"<url><loc>https://example.com/1</loc></url><url><loc>https://example.com/2&x</loc>"
           b"</url><url><loc>https://example.com/3</loc></oops></url></urlset>")
    r = read(xml, "https://example.com/sitemap.xml")
    assert "https://example.com/1" in [e.url for e in r.entries]


def test_broken_sitemap_with_nothing_usable_raises():
    with pytest.raises(SourceError):
        read(b"<urlset><url><loc></urlset>", "https://example.com/sitemap.xml")
