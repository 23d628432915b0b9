"""read_source against the project's sample web (eight outlets in eight markup styles), served
by the test on 127.0.0.1: feeds, section pages and homepages give back the ground truth."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import pytest

from svodka.demo import SampleWeb
from svodka.demo.sample import OUTLET_SPECS
from svodka.records import Page, Source
from svodka.sources import read_opml, read_source, sitemaps_from_robots
from svodka.urls import canonicalize


@pytest.fixture(scope="module")
def web() -> Iterator[SampleWeb]:
    with SampleWeb() as served:
        yield served


def _get(client: httpx.Client, url: str) -> Page:
    r = client.get(url)
    return Page(url=str(r.url), status=r.status_code, body=r.content,
                headers={k.lower(): v for k, v in r.headers.items()})


def _key(url: str) -> str:
    # The sample web tags JSON Feed links with ?ref=jsonfeed, which canonicalize() keeps.
    return re.sub(r"[?&]ref=[^&#]*$", "", canonicalize(url))


def _truth(web: SampleWeb, slug: str) -> dict:
    return {_key(a.url): a for a in web.articles if a.outlet == slug}


def test_every_outlets_feed_announces_its_articles_with_titles_and_dates(web):
    kinds = set()
    with httpx.Client(timeout=10) as client:
        for outlet in web.outlets:
            truth = _truth(web, outlet.slug)
            result = read_source(Source(url=outlet.feed_url), _get(client, outlet.feed_url))
            kinds.add(result.kind)
            got = {_key(e.url): e for e in result.entries}
            assert set(got) == set(truth), outlet.slug
            for url, entry in got.items():
                assert entry.title == truth[url].title, url
                assert entry.published == truth[url].published, url
    assert kinds == {"rss", "atom", "jsonfeed", "newssitemap"}


def test_section_pages_yield_only_articles(web):
    found = total = 0
    with httpx.Client(timeout=10) as client:
        for outlet, spec in zip(web.outlets, OUTLET_SPECS, strict=True):
            truth = _truth(web, outlet.slug)
            url = outlet.base_url + spec.section_path
            result = read_source(Source(url=url, kind="section"), _get(client, url))
            urls = {_key(e.url) for e in result.entries}
            assert urls <= set(truth), (outlet.slug, urls - set(truth))  # no nav, tags, ads
            assert all(e.title for e in result.entries), outlet.slug
            found += len(urls)
            total += len(truth)
    assert found >= 0.9 * total, f"{found}/{total}"


def test_homepages_lead_to_the_outlets_feeds(web):
    with httpx.Client(timeout=10) as client:
        for outlet in web.outlets:
            home = outlet.base_url + "/"
            result = read_source(Source(url=home), _get(client, home))
            assert result.kind == "html"
            robots = client.get(outlet.base_url + "/robots.txt").text
            candidates = sitemaps_from_robots(robots, home) + result.child_urls
            assert outlet.feed_url in candidates, outlet.slug


def test_the_sample_webs_opml(web):
    sources = read_opml(web.opml().encode())
    assert [(s.url, s.language) for s in sources] == [
        (o.feed_url, o.language) for o in web.outlets]
