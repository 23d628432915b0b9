"""One test per feed flavour: RSS 2.0, RSS 1.0 (RDF), Atom, JSON Feed; dates always aware."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sources_helpers import fixture_bytes, read

from svodka.sources import SourceError


def _aware(result) -> None:
    for e in result.entries:
        assert e.published is None or e.published.tzinfo is not None, e


def test_rss20_content_media_enclosures_and_ttl():
    r = read(fixture_bytes("rss20.xml"), "https://news.example.com.ua/rss/")
    assert r.kind == "rss"
    assert r.title == "Новини — Приклад"
    assert r.ttl_seconds == 15 * 60
    assert [e.url for e in r.entries] == [
        "https://news.example.com.ua/news/2024/12/01/7432101/",
        "https://news.example.com.ua/news/2024/12/01/7432102/",  # relative <link> resolved
        "https://news.example.com.ua/podcast/2024/11/30/tyzhden/",
    ]  # the item without a link is dropped
    first, second, third = r.entries
    assert first.title == "Уряд ухвалив бюджет на 2025 рік"
    assert first.summary == "Верховна Рада ухвалила бюджет."  # description, tags stripped
    assert first.image_url == "https://cdn.example.com.ua/2024/12/budget-1200.jpg"  # media:content
    assert first.published == datetime(2024, 12, 1, 12, 5, tzinfo=UTC)  # +0200 honoured
    assert second.image_url == "https://cdn.example.com.ua/lviv.jpg"  # image enclosure
    assert third.image_url is None  # an audio enclosure is not an image
    assert third.summary.startswith("Only content here")  # content:encoded when no description
    assert third.published == datetime(2024, 11, 30, 16, 30, tzinfo=UTC)  # dc:date
    _aware(r)


def test_rss10_rdf_in_windows_1251_with_syndication_period():
    r = read(fixture_bytes("rss10.rdf"), "https://example.ru/rss", content_type="text/plain")
    assert r.kind == "rdf"
    assert r.title == "Пример: лента новостей"
    assert r.ttl_seconds == 1800  # hourly, twice
    assert [e.title for e in r.entries] == ["Госдума приняла закон во втором чтении",
                                            "Курс рубля снизился"]
    assert r.entries[0].published == datetime(2024, 12, 1, 7, 15, tzinfo=UTC)
    _aware(r)


def test_atom_xml_base_and_relative_links():
    r = read(fixture_bytes("atom.xml"), "https://atom.example.org/feed.atom")
    assert r.kind == "atom"
    assert r.title == "Example Atom News"
    assert [e.url for e in r.entries] == [
        "https://atom.example.org/blog/2024/12/01/ministers-meet-in-brussels",  # feed xml:base
        "https://atom.example.org/world/storm-hits-the-coast-2024",  # entry's own xml:base
        "https://atom.example.org/blog/2024/11/29/id-only",  # id that is a URL, no link
    ]
    first = r.entries[0]
    assert first.title == "Ministers meet in Brussels & agree on aid"
    assert first.summary == "The meeting ran late."
    assert first.image_url == "https://atom.example.org/media/brussels.png"
    assert first.published == datetime(2024, 12, 1, 10, 30, tzinfo=UTC)  # published over updated
    assert r.entries[1].published == datetime(2024, 11, 30, 8, 0, tzinfo=UTC)
    _aware(r)


def test_json_feed_1_1():
    r = read(fixture_bytes("feed.json"), "https://json.example.net/feed.json",
             content_type="application/json")
    assert r.kind == "jsonfeed"
    assert r.title == "JSON Feed Example"
    urls = [e.url for e in r.entries]
    assert urls == [
        "https://json.example.net/2024/12/01/first-post",
        "https://json.example.net/2024/12/02/second-post",
        "https://json.example.net/2024/12/03/third",
    ]
    first, second, third = r.entries
    assert first.summary == "Hello world"
    assert first.image_url == "https://json.example.net/i/first.jpg"  # first <img>, resolved
    assert first.published == datetime(2024, 12, 1, 14, 30, tzinfo=UTC)
    assert second.summary == "A summary." and second.published.tzinfo is not None
    assert third.image_url == "https://json.example.net/i/third.webp"
    _aware(r)


def test_rss_091_with_netscape_doctype_is_fine():
    body = b"""<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"
  "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>Old</title><link>http://old.example/</link>
<item><title>Caf\xe9 opens</title><link>http://old.example/cafe-opens.html</link></item>
</channel></rss>"""
    r = read(body, "http://old.example/rss.xml")
    assert r.kind == "rss"
    assert r.entries[0].title == "Café opens"


def test_undated_entries_stay_undated_and_naive_dates_become_utc():
    body = b"""<rss version="2.0"><channel><title>t</title>
<item><link>https://a.example/1</link><pubDate>2024-12-01T10:00:00</pubDate></item>
<item><link>https://a.example/2</link></item></channel></rss>"""
    r = read(body, "https://a.example/rss")
    assert r.entries[0].published == datetime(2024, 12, 1, 10, 0, tzinfo=UTC)
    assert r.entries[1].published is None


def test_json_that_is_not_a_feed_is_refused():
    with pytest.raises(SourceError, match="JSON"):
        read(b'{"items": [1, 2]}', "https://a.example/api")


def test_header_charset_used_only_when_the_body_declares_none():
    xml = ('<rss version="2.0"><channel><title>Новости</title><item><title>Курс рубля</title>'
           '<link>https://x.example/1</link></item></channel></rss>')
    r = read(xml.encode("cp1251"), "https://x.example/rss",
             content_type="text/xml; charset=windows-1251")
    assert (r.title, r.entries[0].title) == ("Новости", "Курс рубля")
    # the header lies (says UTF-8), the XML declaration tells the truth: the declaration wins
    declared = '<?xml version="1.0" encoding="windows-1251"?>' + xml
    r = read(declared.encode("cp1251"), "https://x.example/rss",
             content_type="application/rss+xml; charset=utf-8")
    assert r.entries[0].title == "Курс рубля"


def test_media_thumbnail_and_atom_without_alternate_rel():
    body = b"""<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/">
<title>T</title><entry><title>Picture story</title><link href="https://p.example/story-one"/>
<media:thumbnail url="https://p.example/thumb.jpg" width="100"/><updated>2024-12-01T00:00:00+05:00</updated>
</entry></feed>"""
    r = read(body, "https://p.example/atom")
    assert r.entries[0].image_url == "https://p.example/thumb.jpg"
    assert r.entries[0].published == datetime(2024, 11, 30, 19, 0, tzinfo=UTC)
