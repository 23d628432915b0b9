"""Every outlet's feed parses and announces the ground-truth articles."""

from __future__ import annotations

import json
from datetime import datetime
from email.utils import parsedate_to_datetime
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import feedparser
import httpx
import pytest
from lxml import etree

from svodka.demo import SampleWeb

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
      "news": "http://www.google.com/schemas/sitemap-news/0.9"}


def strip_tracking(url: str) -> str:
    parts = urlsplit(url)
    kept = [(k, v) for k, v in parse_qsl(parts.query) if not k.startswith("utm_")]
    return urlunsplit(parts._replace(query=urlencode(kept)))


def announced(web: SampleWeb, http: httpx.Client, slug: str) -> list[tuple[str, str, datetime]]:
    """(link, title, published) of every item of the outlet's feed, parsed strictly."""
    outlet = next(o for o in web.outlets if o.slug == slug)
    resp = http.get(outlet.feed_url)
    assert resp.status_code == 200
    ctype = resp.headers["content-type"]
    if "json" in ctype:
        doc = json.loads(resp.content)
        assert doc["version"].startswith("https://jsonfeed.org/version/1")
        return [(i["url"], i["title"], datetime.fromisoformat(i["date_published"]))
                for i in doc["items"]]
    root = etree.fromstring(resp.content)  # strict XML: raises on anything malformed
    if root.tag.endswith("urlset"):
        return [(u.findtext("sm:loc", namespaces=NS), u.findtext(".//news:title", namespaces=NS),
                 datetime.fromisoformat(u.findtext(".//news:publication_date", namespaces=NS)))
                for u in root.findall("sm:url", NS)]
    parsed = feedparser.parse(resp.content)
    assert not parsed.bozo, parsed.bozo_exception
    return [(e.link, e.title, datetime.fromisoformat(_iso(e.published))) for e in parsed.entries]


def _iso(value: str) -> str:
    """RSS dates are RFC 822, Atom dates ISO 8601: both as ISO 8601."""
    try:
        return parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError):
        return value


@pytest.mark.parametrize("slug", ["severny", "nevsky", "gorod", "dnipro-hvylia", "kyiv-ohliadach",
                                  "podillia", "harbour-post", "meridian"])
def test_feed_announces_the_outlets_articles(web: SampleWeb, http: httpx.Client, slug: str) -> None:
    items = announced(web, http, slug)
    truth = {a.url: a for a in web.articles if a.outlet == slug}
    assert len(items) >= 4 and len(items) == len(truth)
    for link, title, published in items:
        article = truth[strip_tracking(link)]
        assert title == article.title
        assert published == article.published and published.utcoffset() == article.published.utcoffset()


def test_feed_kinds_match_the_outlet_description(web: SampleWeb, http: httpx.Client) -> None:
    kinds = {}
    for o in web.outlets:
        ctype = http.get(o.feed_url).headers["content-type"].split(";")[0]
        kinds[ctype] = kinds.get(ctype, 0) + 1
        assert (o.kind == "sitemap") == (ctype == "application/xml")
    assert kinds["application/rss+xml"] >= 3 and kinds["application/atom+xml"] >= 1
    assert kinds["application/feed+json"] == 1


def test_some_feed_links_carry_tracking_parameters(web: SampleWeb, http: httpx.Client) -> None:
    links = [link for o in web.outlets for link, _, _ in announced(web, http, o.slug)]
    tracked = [link for link in links if "utm_source=" in link]
    assert tracked and all(strip_tracking(link) != link for link in tracked)
    # The article page answers on the tracked URL too, as real sites do.
    assert http.get(tracked[0]).status_code == 200


def test_feeds_carry_metadata(web: SampleWeb, http: httpx.Client) -> None:
    rss = next(o for o in web.outlets if o.slug == "dnipro-hvylia")
    entry = feedparser.parse(http.get(rss.feed_url).content).entries[0]
    truth = next(a for a in web.articles if a.title == entry.title)
    assert entry.summary == truth.lead
    assert entry.author == truth.authors[0]
    assert {t.term for t in entry.tags} == set(truth.tags)
    assert entry.enclosures[0].href == truth.image_urls[0]
