"""Malformed and mislabelled documents: recover what is there, else a clear reason."""

from __future__ import annotations

import pytest
from sources_helpers import fixture_bytes, read

from svodka.records import Page, Source
from svodka.sources import SourceError, read_source


def test_truncated_rss_recovers_complete_items():
    body = fixture_bytes("rss20.xml")
    cut = body[: body.index(b"<title>Photo story")]  # cut inside the second item
    r = read(cut, "https://news.example.com.ua/rss/")
    assert r.entries[0].url == "https://news.example.com.ua/news/2024/12/01/7432101/"
    assert r.entries[0].title == "Уряд ухвалив бюджет на 2025 рік"


def test_unescaped_ampersands_and_bad_entities_still_parse():
    body = b"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>
<title>Tom & Jerry News</title>
<item><title>Cats &nbsp; & dogs</title><link>https://x.example/a?b=1&c=2</link></item>
</channel></rss>"""
    r = read(body, "https://x.example/rss")
    assert r.kind == "rss"
    assert r.entries[0].url == "https://x.example/a?b=1&c=2"


def test_junk_before_the_feed_is_tolerated():
    body = (b"<br />\n<b>Warning</b>: mysql_connect() failed in <b>/var/www/rss.php</b><br />\n"
            + fixture_bytes("rss20.xml"))
    r = read(body, "https://news.example.com.ua/rss/")
    assert len(r.entries) == 3


def test_content_type_lies_the_body_decides():
    r = read(fixture_bytes("atom.xml"), "https://atom.example.org/feed", content_type="text/html")
    assert r.kind == "atom"
    r = read(fixture_bytes("news_sitemap.xml"), "https://example.com/x", kind="feed",
             content_type="application/rss+xml")
    assert r.kind == "newssitemap"


@pytest.mark.parametrize("body, reason", [
    (b"", "empty body"),
    (b"   \n\t ", "empty body"),
    (b"\x00\x01\x02garbage\xff\xfe binary", "not a feed"),
    (b"Just some words, no markup at all.", "not a feed"),
    (b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</ti', "malformed feed"),
    (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"></svg>', "unknown document"),
    (b'{"version": "https://jsonfeed.org/version/1.1", "title": "x"}', "items"),
    (b'{"version": "https://jsonfeed.org/version/1.1", "items": [', "malformed JSON"),
])
def test_unusable_bodies_raise_with_a_reason(body, reason):
    with pytest.raises(SourceError, match=reason) as info:
        read(body, "https://x.example/feed", kind="feed")
    assert info.value.reason


def test_error_statuses_and_not_modified():
    src = Source(url="https://x.example/rss")
    with pytest.raises(SourceError, match="HTTP 503"):
        read_source(src, Page(url=src.url, status=503, body=b"<rss/>"))
    with pytest.raises(SourceError, match="304"):
        read_source(src, Page(url=src.url, status=304))


def test_empty_but_valid_feed_is_not_an_error():
    body = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Quiet</title></channel></rss>'
    r = read(body, "https://x.example/rss")
    assert (r.kind, r.title, r.entries) == ("rss", "Quiet", [])
