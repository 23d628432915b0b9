"""Article pages carry the ground truth (modulo markup) amid real-world clutter."""

from __future__ import annotations

import json
import re
from datetime import datetime
from urllib.parse import urlsplit

import httpx
import pytest
from selectolax.lexbor import LexborHTMLParser

from svodka.demo import SampleWeb
from svodka.demo.styles.phrases import PHRASES

from .conftest import decoded, norm, visible_text


@pytest.fixture(scope="module")
def pages(web: SampleWeb, http: httpx.Client) -> dict[str, str]:
    out = {}
    for a in web.articles:
        resp = http.get(a.url)
        assert resp.status_code == 200, a.url
        assert resp.headers["content-type"].startswith("text/html")
        out[a.url] = decoded(resp)
    return out


def test_pages_contain_the_ground_truth_text(web: SampleWeb, pages: dict[str, str]) -> None:
    for a in web.articles:
        text = visible_text(pages[a.url])
        for part in [a.title, a.lead, *a.paragraphs]:
            assert norm(part) in text, (a.url, part)


def test_pages_carry_the_outlets_clutter(web: SampleWeb, pages: dict[str, str]) -> None:
    for a in web.articles:
        text = visible_text(pages[a.url])
        words = PHRASES[a.language]
        for key in ("promo", "cookie", "comment_a", "fiction", "most_read"):
            assert norm(str(words[key])) in text, (a.url, key)
        assert (norm(str(words["earlier"])) in text) == bool(a.related_urls), a.url


def test_earlier_reports_link_the_related_articles(web: SampleWeb, pages: dict[str, str]) -> None:
    for a in web.articles:
        tree = LexborHTMLParser(pages[a.url])
        hrefs = {urlsplit(n.attributes.get("href") or "").path for n in tree.css("a")}
        for url in a.related_urls:
            assert urlsplit(url).path in hrefs, (a.url, url)


def test_metadata_matches_the_ground_truth(web: SampleWeb, pages: dict[str, str]) -> None:
    with_jsonld = with_lang = 0
    for a in web.articles:
        tree = LexborHTMLParser(pages[a.url])
        lang = tree.css_first("html").attributes.get("lang") or ""
        assert lang.startswith(a.language) or not lang  # old sites declare none
        with_lang += bool(lang)
        og = tree.css_first('meta[property="og:title"]')
        assert og is not None and og.attributes["content"] == a.title
        canonical = tree.css_first('link[rel="canonical"]')
        assert canonical is not None and canonical.attributes["href"] == a.url
        for node in tree.css('script[type="application/ld+json"]'):
            data = json.loads(node.text())
            assert data["headline"] == a.title and data["image"][0] == a.image_urls[0]
            assert datetime.fromisoformat(data["datePublished"]) == a.published
            with_jsonld += 1
        times = [datetime.fromisoformat(t.attributes["datetime"]) for t in tree.css("time")
                 if t.attributes.get("datetime")]
        assert not times or times[0] == a.published
    assert with_jsonld >= len(web.articles) * 3 // 4
    assert with_lang >= len(web.articles) * 3 // 4


def test_inline_whitespace_traps_are_present(pages: dict[str, str]) -> None:
    leading_space_links = sum(len(re.findall(r'\w<a href="[^"]*"> \w', html))
                              for html in pages.values())
    trailing_space_strong = sum(len(re.findall(r"\w </strong>\w", html)) for html in pages.values())
    assert leading_space_links >= 20 and trailing_space_strong >= 10


@pytest.mark.parametrize("marker", [
    'alt="loader"', "data:image/gif;base64,", "data-lazy-src=", "data-lazy-srcset=",
    "data-original=", "<noscript><img", "/_next/image?url=", "/cdn-cgi/image/", "<amp-img",
    "srcSet=", "Bitrix", "__NEXT_DATA__", "itok=", "<br />\n<br />",
])
def test_real_world_markup_is_present(pages: dict[str, str], marker: str) -> None:
    assert any(marker.lower() in html.lower() for html in pages.values()), marker


def test_section_and_home_pages_link_every_article(web: SampleWeb, http: httpx.Client) -> None:
    for spec, outlet in zip(web.specs, web.outlets, strict=True):
        for path in ("/", spec.section_path):
            html = decoded(http.get(outlet.base_url.rstrip("/") + path))
            hrefs = {n.attributes.get("href") for n in LexborHTMLParser(html).css("a")}
            for a in web.articles:
                if a.outlet == outlet.slug:
                    assert any(h and a.url.endswith(h) and h.startswith("/") for h in hrefs), a.url


def test_unknown_paths_are_404(web: SampleWeb, http: httpx.Client) -> None:
    for o in web.outlets:
        assert http.get(o.base_url + "no/such/page.html").status_code == 404
