"""Metadata: JSON-LD (with @graph), OpenGraph, meta tags, <time>; timezone-aware dates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

from svodka.dates import parse_date
from svodka.extract import extract

BODY = "<article><h1>{t}</h1><div class='entry-content'><p>" + (
    "Городские власти объявили о начале ремонта центральной площади в апреле. " * 3) + "</p></div></article>"


def test_parse_date_forms() -> None:
    kyiv = timezone(timedelta(hours=2))
    assert parse_date("2024-01-05T10:00:00+02:00") == datetime(2024, 1, 5, 10, tzinfo=kyiv)
    assert parse_date("2024-01-05T08:00:00Z") == datetime(2024, 1, 5, 8, tzinfo=UTC)
    assert parse_date("2024-01-05 08:00") == datetime(2024, 1, 5, 8, tzinfo=UTC)
    assert parse_date("2024-01-05T10:00:00.123+0200") == datetime(2024, 1, 5, 10, 0, 0, 123000,
                                                                  tzinfo=kyiv)
    assert parse_date("Fri, 05 Jan 2024 08:00:00 GMT") == datetime(2024, 1, 5, 8, tzinfo=UTC)
    assert parse_date("0001-01-01T00:00:00Z") is None
    assert parse_date("вчера") is None and parse_date("") is None and parse_date(None) is None


def test_jsonld_graph_beats_opengraph_and_gives_people() -> None:
    html = ("<html lang='uk'><head><script type='application/ld+json'>{\"@graph\":[{\"@type\":"
            "\"WebSite\",\"name\":\"Сайт\"},{\"@type\":[\"NewsArticle\"],\"headline\":\"Ремонт площі\","
            "\"datePublished\":\"2024-03-01T09:00:00+02:00\",\"author\":[{\"@type\":\"Person\","
            "\"name\":\"Іван Франко\"},{\"@type\":\"Organization\",\"name\":\"Редакція\"}],"
            "\"keywords\":\"ремонт, площа\",\"articleSection\":\"Місто\"}]}</script>"
            "<meta property='og:title' content='Інший заголовок'>"
            "<meta property='article:published_time' content='2020-01-01T00:00:00Z'></head><body>"
            + BODY.format(t="Ремонт площі") + "</body></html>")
    art = extract(html)
    assert art.published == datetime(2024, 3, 1, 9, tzinfo=timezone(timedelta(hours=2)))
    assert art.authors == ["Іван Франко"]
    assert art.tags == ["ремонт", "площа"]
    assert art.section == "Місто" and art.site_name == "Сайт" and art.language == "uk"
    assert art.title == "Ремонт площі"


def test_opengraph_meta_and_time_element() -> None:
    html = ("<html><head><meta property='og:site_name' content='Вести'>"
            "<meta property='article:tag' content='город'><meta property='article:tag' content='ремонт'>"
            "<meta property='og:locale' content='ru_RU'><meta name='author' content='Пётр Петров'>"
            "<link rel='canonical' href='/news/remont'></head><body>"
            "<time datetime='2024-04-02T12:30:00+03:00' pubdate>2 апреля</time>"
            + BODY.format(t="Ремонт площади") + "</body></html>")
    art = extract(html, url="https://vesti.example/news/remont?utm_source=x")
    assert art.url == "https://vesti.example/news/remont"
    assert art.published is not None and art.published.utcoffset() == timedelta(hours=3)
    assert art.tags == ["город", "ремонт"] and art.site_name == "Вести" and art.language == "ru"
    assert art.authors == ["Пётр Петров"]


def test_dates_are_always_timezone_aware() -> None:
    html = ("<html><head><meta property='article:published_time' content='2024-04-02 12:30'>"
            "</head><body>" + BODY.format(t="Т") + "</body></html>")
    art = extract(html)
    assert art.published is not None and art.published.tzinfo is not None
    assert art.to_dict()["published"] == "2024-04-02T12:30:00+00:00"


def test_authors_and_tags_from_markup_when_no_metadata() -> None:
    html = ("<html><body><article><h1>Budget approved</h1><p class='byline'>By "
            "<a rel='author' href='/a/jane'>Jane Roe</a></p><div class='entry-content'><p>The city "
            "council approved the budget on Monday after a long debate about taxes.</p><p>More text "
            "follows to make the article long enough for the extractor to be sure.</p></div>"
            "<span class='tags-links'><a rel='tag' href='/t/x'>budget</a>, "
            "<a rel='tag' href='/t/y'>council</a></span></article></body></html>")
    art = extract(html)
    assert art.authors == ["Jane Roe"]
    assert art.tags == ["budget", "council"]
    assert "Jane Roe" not in art.text
