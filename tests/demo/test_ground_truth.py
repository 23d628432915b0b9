"""The sample web's ground truth has the shape issue 2 asks for."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

import pytest

from svodka.demo import SampleWeb
from svodka.demo.corpus import load_corpus

from .conftest import NOW


def test_outlets_cover_three_languages_with_distinct_styles(web: SampleWeb) -> None:
    assert len(web.outlets) >= 8
    langs = [o.language for o in web.outlets]
    assert langs.count("ru") >= 3 and langs.count("uk") >= 3 and langs.count("en") >= 2
    assert len({s.style for s in web.specs}) == len(web.specs)
    assert len({o.base_url for o in web.outlets}) == len(web.outlets)  # one host:port each
    assert {s.feed_format for s in web.specs} == {"rss", "atom", "jsonfeed", "news-sitemap"}
    assert sum(s.encoding == "windows-1251" for s in web.specs) == 1


def test_enough_articles_per_outlet(web: SampleWeb) -> None:
    assert len(web.articles) >= 40
    per_outlet = defaultdict(int)
    for a in web.articles:
        per_outlet[a.outlet] += 1
    assert set(per_outlet) == {o.slug for o in web.outlets}
    assert min(per_outlet.values()) >= 4
    assert len({a.url for a in web.articles}) == len(web.articles)


def test_events_are_covered_across_outlets_and_languages(web: SampleWeb) -> None:
    events: dict[str, list] = defaultdict(list)
    for a in web.articles:
        if a.event:
            events[a.event].append(a)
    assert 6 <= len(events) <= 8
    for event, reports in events.items():
        assert 3 <= len(reports) <= 6, event
        assert len({a.outlet for a in reports}) == len(reports), event
        assert len({a.language for a in reports}) >= 2, event
    singles = [a for a in web.articles if a.event is None]
    assert len(singles) >= 5
    assert 1 <= sum(not a.is_news for a in web.articles) <= 3


def test_dates_are_relative_to_now_with_outlet_offsets(web: SampleWeb) -> None:
    offsets = {s.slug: timedelta(hours=s.utc_offset_hours) for s in web.specs}
    # 37 minutes apart, newest first; the earlier occurrences (``days=42``) that many days before.
    stamps = sorted((a.published for a in web.articles), reverse=True)
    assert stamps[0] == NOW - timedelta(minutes=37)
    assert all(b - a in (timedelta(minutes=-37), timedelta(days=-42, minutes=-37))
               for a, b in zip(stamps, stamps[1:], strict=False))
    assert sum(NOW - s > timedelta(days=42) for s in stamps) == 3
    for a in web.articles:
        assert a.published.utcoffset() == offsets[a.outlet]
    assert {a.published.utcoffset() for a in web.articles} == {
        timedelta(hours=h) for h in (0, 2, 3)}


def test_images_and_related_links_point_into_the_outlet(web: SampleWeb) -> None:
    by_url = {a.url: a for a in web.articles}
    base = {o.slug: o.base_url for o in web.outlets}
    with_related = 0
    for a in web.articles:
        assert a.image_urls and all(u.startswith(base[a.outlet]) for u in a.image_urls)
        assert len(a.image_urls) == len(set(a.image_urls)) == len(a.image_captions)
        for url in a.related_urls:
            assert by_url[url].outlet == a.outlet and by_url[url].published < a.published
        with_related += bool(a.related_urls)
    assert with_related >= len(web.articles) // 2


def test_corpus_text_is_clean(web: SampleWeb) -> None:
    slugs = [e.slug for e in load_corpus()]
    assert len(slugs) == len(set(slugs))
    for a in web.articles:
        for text in [a.title, a.lead, *a.paragraphs]:
            assert text == text.strip() and "  " not in text and "<" not in text
        assert len(a.paragraphs) >= 2


def test_opml_lists_every_outlet_with_its_language(web: SampleWeb) -> None:
    from lxml import etree

    root = etree.fromstring(web.opml().encode())
    outlines = root.findall(".//outline")
    assert {(o.get("xmlUrl"), o.get("language")) for o in outlines} == {
        (o.feed_url, o.language) for o in web.outlets}
    assert all(o.get("text") and o.get("htmlUrl") for o in outlines)


def test_now_must_be_timezone_aware() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        SampleWeb(now=NOW.replace(tzinfo=None))
