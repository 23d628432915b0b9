"""Malformed and mislabelled documents: recover what is there, else a clear reason."""

from __future__ import annotations

import pytest
from sources_helpers import fixture_bytes, read

from svodka.records import Page, Source
from svodka.sources import SourceError, read_source


def test_truncated_feed_is_an_error_so_the_poll_is_retried():
    # Reading half a feed would let the poller keep its ETag and never see the other half.
    body = fixture_bytes("rss20.xml")
    cut = body[: body.index(b"<title>Photo story")]
    with pytest.raises(SourceError, match="truncated XML"):
        read(cut, "https://news.example.com.ua/rss/")
    with pytest.raises(SourceError, match="truncated XML"):
        read(body.decode().encode("utf-16")[:-40], "https://news.example.com.ua/rss/")


def test_complete_but_malformed_feed_recovers_its_items():
    body = b"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Broken</title>
<item><title>Unclosed <b>tag</title><link>https://x.example/a.html</link></item>
<item><title>Second</title><link>https://x.example/b.html</link></item>
</channel></rss>
<!-- generated in 0.01s -->
"""
    r = read(body, "https://x.example/rss")
    assert [e.url for e in r.entries][:1] == ["https://x.example/a.html"]


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
    (b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</ti', "truncated XML"),
    (b'<rss version="2.0"><channel><title>x</title><item><link>', "truncated XML"),
    (b'<?xml version="1.0"?><rss version="2.0"><chan<<<>>>&&& </rss>', "malformed feed"),
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


@pytest.mark.parametrize("name", [b"\x80utf-8", b"utf\x00-8", b"8bit", b""])
@pytest.mark.parametrize("quote", [b'"', b"'"])
def test_an_illegal_encoding_name_is_ignored_not_a_crash(name: bytes, quote: bytes):
    # Found by the fuzz test: feedparser decoded the declared name and raised (UnicodeDecodeError,
    # "embedded null character"). The name is dropped and the body read as undeclared.
    body = (b"<?xml version=\"1.0\" encoding=" + quote + name + quote + b"?>"
            b"<rss version=\"2.0\"><channel><title>T</title>"
            b"<item><title>\xd0\x9a\xd0\xb8\xd1\x97\xd0\xb2</title><link>https://x.example/a</link>"
            b"</item></channel></rss>")
    r = read(body, "https://x.example/rss")
    assert [(e.title, e.url) for e in r.entries] == [("Київ", "https://x.example/a")]
