"""Section pages (ru/uk/en markup): article links found by learned URL shapes, nav ignored."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest
from sources_helpers import FIXTURES, fixture_bytes, read

from svodka.charset import decode_html
from svodka.sources import SourceError, find_article_links, learn_article_pattern

SHARED_BENCH = Path(__file__).resolve().parents[3] / "shared/data/article-extraction-benchmark"


def _paths(result) -> list[str]:
    return ["/" + e.url.split("/", 3)[3] for e in result.entries]


def test_russian_section_page_numeric_ids():
    r = read(fixture_bytes("section_ru.html"), "https://www.example.ru/politics/", kind="section")
    assert r.kind == "section"
    assert _paths(r) == [
        "/politics/1001234", "/russia/1001230", "/politics/1001228", "/world/1001221",
        "/politics/1001219", "/business/1001100",  # the "most read" aside counts too
    ]  # no nav sections, tags, persons, pagination, footer, or other sites
    photo_story = r.entries[2]
    assert photo_story.title == "Совфед одобрил поправки в Налоговый кодекс"  # text link wins
    assert photo_story.image_url == "https://www.example.ru/photo/1001228.jpg"


def test_ukrainian_section_page_in_windows_1251_with_dated_ids():
    r = read(fixture_bytes("section_uk.html"), "https://www.example.com.ua/news/", kind="section")
    assert _paths(r) == [
        "/news/2024/12/01/7432101/", "/news/2024/12/01/7432099/", "/news/2024/12/01/7432095/",
        "/articles/2024/12/01/7432050/", "/columns/2024/11/30/7432000/",
    ]  # not /news/date_01122024/, /tags/..., /authors/..., /archives/
    assert r.entries[0].title == "Уряд ухвалив бюджет на 2025 рік: головне"


def test_english_section_page_with_base_href_and_slugs():
    r = read(fixture_bytes("section_en.html"), "https://www.example.co.uk/world", kind="section")
    assert _paths(r) == [
        "/world/2024/dec/01/ceasefire-talks-resume-in-cairo",  # relative to <base href>
        "/world/2024/dec/01/france-government-faces-no-confidence-vote",
        "/uk-news/2024/nov/30/storm-bert-flooding-wales-clean-up",
        "/world/2024/nov/30/south-korea-election-result-explained",
        "/commentisfree/2024/nov/29/europe-must-decide-what-it-wants",
    ]  # not /world/series/the-long-read, /profile/..., /tone/analysis, /world?page=2
    korea = r.entries[3]
    assert korea.title == "South Korea’s election result, explained"
    assert korea.image_url == "https://i.example.co.uk/sk.jpg"


def test_configured_article_pattern_is_honoured():
    r = read(fixture_bytes("section_ru.html"), "https://www.example.ru/politics/",
             kind="section", pattern=r"/politics/\d+$")
    assert _paths(r) == ["/politics/1001234", "/politics/1001228", "/politics/1001219"]


def test_learned_pattern_generalises_to_other_pages_of_the_site():
    pages = [
        (fixture_bytes("section_en.html").decode(), "https://www.example.co.uk/world"),
    ]
    pattern = learn_article_pattern(pages)
    assert pattern is not None
    rx = re.compile(pattern)
    assert rx.search("https://www.example.co.uk/business/2025/jan/07/markets-rally-after-rate-cut")
    assert rx.search("https://www.example.co.uk/us-news/live/2025/jan/07/trump-news-today-updates")
    assert not rx.search("https://www.example.co.uk/world/europe-news")
    assert not rx.search("https://www.example.co.uk/profile/jane-doe")
    # and read_source with it finds the same articles as learning did
    learned = read(fixture_bytes("section_en.html"), "https://www.example.co.uk/world",
                   kind="section", pattern=pattern)
    fresh = read(fixture_bytes("section_en.html"), "https://www.example.co.uk/world",
                 kind="section")
    assert [e.url for e in learned.entries] == [e.url for e in fresh.entries]


def test_learning_merges_sections_of_one_site_across_pages():
    page_a = """<html><body>
      <a href="/politika/20241201/vybory-v-moldove-itogi-1921234567.html">Выборы в Молдове: итоги голосования</a>
      <a href="/politika/20241201/zakon-o-nalogakh-1921234568.html">Закон о налогах принят Госдумой окончательно</a>
      <a href="/politika/">Политика</a></body></html>"""
    page_b = """<html><body>
      <a href="/ekonomika/20241130/kurs-rublya-snizilsya-1921230001.html">Курс рубля снизился на торгах в пятницу</a>
      <a href="/ekonomika/20241130/neft-dorozhaet-1921230002.html">Нефть дорожает третий день подряд на биржах</a>
      <a href="/tag/neft/">нефть</a></body></html>"""
    assert learn_article_pattern([(page_a, "https://ria.example/politika/")]) is None  # 2 < 3
    pattern = learn_article_pattern([
        (page_a, "https://ria.example/politika/"), (page_b, "https://ria.example/ekonomika/"),
    ])
    assert pattern is not None
    rx = re.compile(pattern)
    assert rx.search("https://ria.example/sport/20241202/khokkey-itogi-matcha-1921239999.html")
    assert not rx.search("https://ria.example/tag/neft/")


def test_a_page_without_article_links_is_an_error_for_a_section_source():
    html = b"<html><body><nav><a href='/news/'>News</a></nav><a href='/about'>About</a></body></html>"
    with pytest.raises(SourceError, match="without article links"):
        read(html, "https://nolinks.example/", kind="section")


def test_links_to_other_sites_and_non_pages_are_ignored():
    html = """<html><body>
      <a href="https://other.example/2024/12/01/some-very-long-article-slug">Other site story</a>
      <a href="/media/2024/12/01/some-very-long-document-name.pdf">A PDF with a long name</a>
      <a href="mailto:desk@news.example">Write to us</a>
      <a href="https://m.news.example/2024/12/01/mobile-version-of-a-story">Mobile copy of a story</a>
    </body></html>"""
    urls = [e.url for e in find_article_links(html, "https://www.news.example/")]
    assert urls == ["https://m.news.example/2024/12/01/mobile-version-of-a-story"]  # same site


def test_real_pages_related_links_teach_the_pages_own_url_shape():
    """On real article pages (the shared extraction benchmark), the article links found on the
    page should describe the page's own URL: learn a pattern from each page, check its URL."""
    if not SHARED_BENCH.exists():
        pytest.skip(f"{SHARED_BENCH} is absent (shared data is only in the workplace and CI)")
    truth = json.loads((SHARED_BENCH / "ground-truth.json").read_text())
    learned = matched = 0
    for page_id, rec in truth.items():
        html = decode_html(gzip.decompress((SHARED_BENCH / "html" / f"{page_id}.html.gz").read_bytes()))
        pattern = learn_article_pattern([(html, rec["url"])], min_links=2)
        if pattern is None:
            continue
        learned += 1
        matched += bool(re.search(pattern, rec["url"]))
    assert learned >= 0.8 * len(truth), learned
    assert matched / learned >= 0.9, f"{matched}/{learned}"


def test_fixture_files_exist():
    assert (FIXTURES / "section_uk.html").read_bytes().count(b"\xd3\xf0\xff\xe4") >= 1  # cp1251


def test_learning_takes_raw_bytes_and_a_bad_configured_pattern_is_a_clear_error():
    raw = fixture_bytes("section_uk.html")  # windows-1251 bytes, as fetched
    pattern = learn_article_pattern([(raw, "https://www.example.com.ua/news/")])
    assert pattern is not None
    assert re.search(pattern, "https://www.example.com.ua/news/2025/01/07/7433000/")
    with pytest.raises(SourceError, match="invalid article_pattern"):
        read(raw, "https://www.example.com.ua/news/", kind="section", pattern="(unclosed")
