"""OPML import/export and the packaged default sources."""

from __future__ import annotations

import gzip
from collections import Counter
from urllib.parse import urlsplit

import pytest

from svodka.records import Source
from svodka.sources import SourceError, load_default_sources, read_opml, write_opml

NESTED = """<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0"><head><title>My feeds</title></head><body>
  <outline text="Україна" language="uk">
    <outline text="Новини" >
      <outline type="rss" text="Укрінформ" xmlUrl="https://www.ukrinform.ua/rss/block-lastnews"
               htmlUrl="https://www.ukrinform.ua/"/>
    </outline>
    <outline type="rss" title="Only a title" xmlUrl="https://a.example/rss" language="ru"/>
  </outline>
  <outline type="rss" text="BBC" xmlUrl=" https://feeds.bbci.co.uk/news/rss.xml "/>
  <outline text="Empty folder"/>
  <outline type="link" text="A section page" url="https://s.example/world/"/>
</body></opml>"""


def test_nested_outlines_with_inherited_language():
    sources = read_opml(NESTED.encode())
    assert [(s.name, s.url, s.language, s.kind) for s in sources] == [
        ("Укрінформ", "https://www.ukrinform.ua/rss/block-lastnews", "uk", "feed"),
        ("Only a title", "https://a.example/rss", "ru", "feed"),
        ("BBC", "https://feeds.bbci.co.uk/news/rss.xml", None, "feed"),
        ("A section page", "https://s.example/world/", None, "section"),
    ]
    assert sources[0].homepage == "https://www.ukrinform.ua/"


def test_round_trip_keeps_every_field():
    sources = [
        Source(url="https://www.pravda.com.ua/rss/", name="Українська правда", kind="feed",
               homepage="https://www.pravda.com.ua/", language="uk"),
        Source(url="https://www.svoboda.org/", name="Радио Свобода", kind="section",
               language="ru", article_pattern=r"(?i)^https?://[^/]+/a/[^/]+\.html$"),
        Source(url="https://example.com/sitemap_news.xml", name="", kind="sitemap", enabled=False),
        Source(url="https://auto.example/", name="Auto & <Co>", kind="auto", language="en"),
    ]
    text = write_opml(sources, title="Test export")
    assert "<title>Test export</title>" in text
    again = read_opml(text.encode())
    assert again == sources
    assert write_opml(again, title="Test export") == text


def test_gzipped_opml_is_read():
    assert len(read_opml(gzip.compress(NESTED.encode()))) == 4


@pytest.mark.parametrize("data, reason", [
    (b"<opml><body><outline", "malformed OPML"),
    (b"<rss version='2.0'/>", "not OPML"),
    (b"<opml version='2.0'><head/></opml>", "without a body"),
])
def test_bad_opml(data, reason):
    with pytest.raises(SourceError, match=reason):
        read_opml(data)


def test_default_sources_cover_three_languages_with_real_https_urls():
    sources = load_default_sources()
    assert 25 <= len(sources) <= 45
    langs = Counter(s.language for s in sources)
    assert set(langs) == {"uk", "ru", "en"}
    assert min(langs.values()) >= 8
    assert len({s.url for s in sources}) == len(sources)
    for s in sources:
        assert s.name and s.homepage, s
        assert urlsplit(s.url).scheme == "https" and urlsplit(s.url).hostname, s
        assert s.kind in ("feed", "section")
    # round-trips through the writer too
    assert read_opml(write_opml(sources).encode()) == sources
