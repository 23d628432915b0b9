"""FaultyWeb serves each named fault the way real broken sources do."""

from __future__ import annotations

import urllib.robotparser
from collections.abc import Iterator

import feedparser
import httpx
import pytest
from lxml import etree

from svodka.demo import FaultyWeb


@pytest.fixture(scope="module")
def faulty() -> Iterator[FaultyWeb]:
    with FaultyWeb() as web:
        yield web


def test_names_every_fault(faulty: FaultyWeb) -> None:
    assert set(faulty.urls()) >= {"not-found", "html-not-feed", "malformed-xml", "server-error",
                                  "unreachable", "robots-denied", "redirect-loop", "empty-body"}
    assert all(s.fault for s in faulty.sources)
    root = etree.fromstring(faulty.opml().encode())
    assert {o.get("xmlUrl") for o in root.iter("outline")} == set(faulty.urls().values())


def test_each_fault_behaves_as_named(faulty: FaultyWeb, http: httpx.Client) -> None:
    assert http.get(faulty.url("not-found")).status_code == 404
    assert http.get(faulty.url("server-error")).status_code == 500
    html = http.get(faulty.url("html-not-feed"))
    assert html.status_code == 200 and html.headers["content-type"].startswith("text/html")
    assert not feedparser.parse(html.content).entries
    broken = http.get(faulty.url("malformed-xml"))
    assert broken.status_code == 200 and "xml" in broken.headers["content-type"]
    with pytest.raises(etree.XMLSyntaxError):
        etree.fromstring(broken.content)
    empty = http.get(faulty.url("empty-body"))
    assert empty.status_code == 200 and empty.content == b""
    with pytest.raises(httpx.TooManyRedirects):
        http.get(faulty.url("redirect-loop"), follow_redirects=True)
    with pytest.raises(httpx.ConnectError):
        http.get(faulty.url("unreachable"))


def test_robots_denied_feed_is_valid_but_disallowed(faulty: FaultyWeb, http: httpx.Client) -> None:
    url = faulty.url("robots-denied")
    assert feedparser.parse(http.get(url).content).entries
    robots = urllib.robotparser.RobotFileParser()
    robots.parse(http.get(url.split("/private/")[0] + "/robots.txt").text.splitlines())
    assert not robots.can_fetch("svodka", url)
    assert robots.can_fetch("svodka", faulty.url("not-found"))
