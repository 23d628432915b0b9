"""The servers: robots.txt, legacy charset, conditional GET, gzip, logging, start and stop."""

from __future__ import annotations

import gzip
import re
import socket
import threading
import time
import urllib.robotparser
from urllib.parse import urlsplit

import httpx
import pytest
from lxml import etree

from svodka.demo import SampleWeb


def test_every_outlet_serves_robots_txt(web: SampleWeb, http: httpx.Client) -> None:
    for o in web.outlets:
        resp = http.get(o.base_url + "robots.txt")
        assert resp.status_code == 200 and resp.headers["content-type"].startswith("text/plain")
        robots = urllib.robotparser.RobotFileParser()
        robots.parse(resp.text.splitlines())
        own = [a for a in web.articles if a.outlet == o.slug]
        assert all(robots.can_fetch("svodka", a.url) for a in own)
        assert robots.can_fetch("svodka", o.feed_url)
        assert not robots.can_fetch("svodka", o.base_url + "private/x.html")
        assert not robots.can_fetch("BadBot", own[0].url)
        if o.kind == "sitemap":
            assert robots.site_maps() == [o.feed_url]


def test_legacy_outlet_is_windows_1251_only(web: SampleWeb, http: httpx.Client) -> None:
    spec = next(s for s in web.specs if s.encoding == "windows-1251")
    outlet = next(o for o in web.outlets if o.slug == spec.slug)
    article = next(a for a in web.articles if a.outlet == spec.slug)
    resp = http.get(article.url)
    assert resp.headers["content-type"] == "text/html; charset=windows-1251"
    body = resp.content
    assert not body.startswith((b"\xef\xbb\xbf", b"\xff\xfe"))
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    text = body.decode("cp1251")
    assert article.title in text and article.paragraphs[-1] in text
    assert re.search(r'<META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=windows-1251">', text)
    assert "utf-8" not in text.lower()
    feed = http.get(outlet.feed_url)
    assert feed.headers["content-type"].endswith("charset=windows-1251")
    with pytest.raises(UnicodeDecodeError):
        feed.content.decode("utf-8")
    root = etree.fromstring(feed.content)  # the XML declaration names the encoding
    assert root.findtext("channel/item/title") == article.title


def test_conditional_get(web: SampleWeb, http: httpx.Client) -> None:
    outlet = web.outlets[1]
    first = http.get(outlet.feed_url)
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    assert http.get(outlet.feed_url, headers={"If-None-Match": etag}).status_code == 304
    assert http.get(outlet.feed_url, headers={"If-Modified-Since": modified}).status_code == 304
    assert http.get(outlet.feed_url, headers={"If-None-Match": '"other"'}).status_code == 200
    page = web.articles[0].url
    tag = http.get(page).headers["etag"]
    assert http.get(page, headers={"If-None-Match": tag}).status_code == 304


def test_gzip_and_head(web: SampleWeb) -> None:
    url = web.articles[3].url
    with httpx.Client(trust_env=False) as client:
        plain = client.get(url, headers={"Accept-Encoding": "identity"})
        with client.stream("GET", url, headers={"Accept-Encoding": "gzip"}) as resp:
            raw = b"".join(resp.iter_raw())
            assert resp.headers["content-encoding"] == "gzip"
        assert gzip.decompress(raw) == plain.content
        head = client.head(url, headers={"Accept-Encoding": "identity"})
        assert head.status_code == 200 and head.content == b""
        assert int(head.headers["content-length"]) == len(plain.content)


def test_request_log_names_outlet_and_path(web: SampleWeb, http: httpx.Client) -> None:
    article = web.articles[-1]
    target = urlsplit(article.url).path + "?probe=1"
    http.get(article.url + "?probe=1")
    assert (article.outlet, target) in web.request_log()


def _refused(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return False
    except OSError:
        return True


def test_starts_fast_and_stops_cleanly() -> None:
    before = {t.name for t in threading.enumerate()}
    started = time.perf_counter()
    sample = SampleWeb().start()
    took = time.perf_counter() - started
    ports = [urlsplit(o.base_url).port for o in sample.outlets]
    client = httpx.Client(trust_env=False)  # holds a keep-alive connection open
    assert client.get(sample.articles[0].url).status_code == 200
    stopping = time.perf_counter()
    sample.stop()
    # Bounds far above the real times (about 0.1 s each) yet below a hang or a wait for the
    # keep-alive connection to time out: a busy machine must not fail them.
    assert time.perf_counter() - stopping < 20
    assert took < 30, f"SampleWeb started in {took:.2f}s"
    assert all(_refused(p) for p in ports if p is not None)
    with pytest.raises(httpx.TransportError):
        client.get(sample.articles[0].url)
    client.close()
    time.sleep(0.1)
    left = {t.name for t in threading.enumerate()} - before
    assert not {n for n in left if n.startswith("svodka-demo")}, left
    sample.stop()  # stopping twice is harmless
