"""The cheap serving path: memoised responses stay exact, and the event-loop server speaks
HTTP/1.1 (keep-alive, HEAD, Connection: close, request bodies, bad requests) as before."""

from __future__ import annotations

import gzip
import socket
import threading
import time
from collections.abc import Iterator
from typing import BinaryIO
from urllib.parse import urlsplit

import httpx
import pytest

from svodka.demo import SampleWeb, SyntheticWeb, server
from svodka.demo.site import OutletSite

from .conftest import NOW

SMALL = {"n_outlets": 3, "articles_per_outlet": 6, "now": NOW}
ROOTS = [f"http://127.0.0.1:{9100 + i}" for i in range(3)]  # never bound: sites built alone


def _target(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def _built(*, prerender: bool = False) -> tuple[SyntheticWeb, dict[str, OutletSite]]:
    web = SyntheticWeb(**SMALL, prerender=prerender)
    sites = [s for s in web._build(ROOTS) if isinstance(s, OutletSite)]
    return web, {s.outlet.slug: s for s in sites}


def _targets(web: SyntheticWeb) -> Iterator[tuple[str, str]]:
    for o in web.outlets:
        yield from ((o.slug, t) for t in ("/robots.txt", _target(o.feed_url), "/"))
    for a in web.articles:
        yield from ((a.outlet, _target(u)) for u in (a.url, *a.image_urls))


def test_memoised_responses_are_fresh_objects() -> None:
    web, sites = _built()
    site, target = sites[web.articles[0].outlet], _target(web.articles[0].url)
    gz = {"Accept-Encoding": "gzip"}
    first = site.respond(target, gz)
    assert first.headers["Content-Encoding"] == "gzip"
    plain = gzip.decompress(first.body)
    first.headers["X-Mutated"] = "yes"  # what a caller does to its copy stays there
    first.body = b"mutated"
    again = site.respond(target, gz)
    assert "X-Mutated" not in again.headers and gzip.decompress(again.body) == plain
    identity = site.respond(target, {})
    assert identity.body == plain and "Content-Encoding" not in identity.headers
    assert identity.headers["ETag"] == again.headers["ETag"]


def test_conditional_get_on_memoised_responses() -> None:
    web, sites = _built()
    outlet = web.outlets[0]
    site, target = sites[outlet.slug], _target(outlet.feed_url)
    feed = site.respond(target)
    etag, modified = feed.headers["ETag"], feed.headers["Last-Modified"]
    for headers in ({"If-None-Match": etag}, {"If-Modified-Since": modified}):
        resp = site.respond(target, headers)
        assert (resp.status, resp.body, resp.headers) == (304, b"", {"ETag": etag})
    assert site.respond(target, {"If-None-Match": '"other"'}).status == 200
    old = {"If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"}
    assert site.respond(target, old).status == 200


def test_spellings_of_one_page_share_one_entry() -> None:
    web, sites = _built()
    article = web.articles[1]
    site, target = sites[article.outlet], _target(article.url)
    sep = "&" if "?" in target else "?"
    assert site.respond(target + sep + "utm_source=x&fbclid=1").body == site.respond(target).body
    assert site._memo.size() == len(site.respond(target, {"Accept-Encoding": "gzip"}).body)
    assert site.respond(target + sep + "other=1").status == 404
    assert site.respond("/no/such/page.html").status == 404


def test_memo_stays_within_its_budget() -> None:
    web, sites = _built()
    site = sites[web.outlets[0].slug]
    own = [a for a in web.articles if a.outlet == site.outlet.slug]
    small = OutletSite(site.spec, site.outlet, own, image_size=site.image_size, memo_bytes=8_000)
    bodies = {t: small.respond(t).body for slug, t in _targets(web) if slug == site.outlet.slug}
    assert 0 < small._memo.size() <= 8_000 + max(len(b) for b in bodies.values())
    assert {t: small.respond(t).body for t in bodies} == bodies  # evicted ones render again


def test_prerendered_sites_serve_the_same_bytes() -> None:
    web, lazy = _built()
    _, ready = _built(prerender=True)
    assert all(s._memo.size() > 0 for s in ready.values())
    assert not any(s._memo.size() for s in lazy.values())
    for slug, target in _targets(web):
        for headers in ({}, {"Accept-Encoding": "gzip"}):
            got, want = ready[slug].respond(target, headers), lazy[slug].respond(target, headers)
            assert got.status == want.status == 200 and got.content_type == want.content_type
            assert got.headers.keys() == want.headers.keys()
            assert got.headers["ETag"] == want.headers["ETag"]
            if "Content-Encoding" in got.headers:
                assert gzip.decompress(got.body) == gzip.decompress(want.body)
            else:
                assert got.body == want.body


# -- the HTTP/1.1 server, spoken to over a raw socket -----------------------------------------

@pytest.fixture(scope="module")
def sample() -> Iterator[SampleWeb]:
    with SampleWeb(now=NOW) as web:
        yield web


def _connect(url: str) -> tuple[socket.socket, BinaryIO]:
    parts = urlsplit(url)
    assert parts.hostname and parts.port
    sock = socket.create_connection((parts.hostname, parts.port), timeout=30)
    return sock, sock.makefile("rb")


def _response(reader: BinaryIO, *, head: bool = False) -> tuple[str, dict[str, str], bytes]:
    status = reader.readline().decode().strip()
    headers: dict[str, str] = {}
    while line := reader.readline().decode().strip():
        name, _, value = line.partition(":")
        headers[name.lower()] = value.strip()
    body = b"" if head else reader.read(int(headers.get("content-length", "0")))
    return status, headers, body


def test_keep_alive_head_pipelining_and_close(sample: SampleWeb) -> None:
    article = sample.articles[0]
    target, host = _target(article.url), urlsplit(article.url).netloc
    get = f"GET {target} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode()
    sock, reader = _connect(article.url)
    with sock, reader:
        sock.sendall(get)
        status, headers, body = _response(reader)
        assert status == "HTTP/1.1 200 OK" and len(body) == int(headers["content-length"]) > 0
        assert headers["server"].startswith("svodka-demo/") and headers["date"].endswith("GMT")
        sock.sendall(f"HEAD {target} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
        status, head, _ = _response(reader, head=True)
        assert status == "HTTP/1.1 200 OK" and head["content-length"] == headers["content-length"]
        sock.sendall(get + get)  # two requests in one write: both answered, in order
        assert [_response(reader)[2] for _ in range(2)] == [body, body]
        sock.sendall(f"GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
        status, closing, again = _response(reader)
        assert closing["connection"] == "close" and again == body
        assert reader.read() == b""  # then the server closes


def test_a_client_that_does_not_read_is_not_read_from(sample: SampleWeb) -> None:
    article = sample.articles[0]
    sock, reader = _connect(article.url)
    request = f"GET {_target(article.url)} HTTP/1.1\r\nHost: x\r\n\r\n".encode()
    with sock, reader:
        threading.Thread(target=sock.sendall, args=(request * 2000,), daemon=True).start()
        time.sleep(0.5)  # megabytes of responses asked for, none read yet
        assert sample._http is not None
        held = [c.transport.get_write_buffer_size() + len(c.buffer)
                for c in sample._http.connections if c.transport is not None]
        assert held and max(held) < 1 << 20
        bodies = {_response(reader)[2] for _ in range(2000)}
        assert len(bodies) == 1 and len(next(iter(bodies))) > 1000


def test_http_1_0_request_bodies_and_bad_requests(sample: SampleWeb) -> None:
    url = sample.outlets[0].base_url + "robots.txt"
    sock, reader = _connect(url)
    with sock, reader:  # HTTP/1.0 without keep-alive: one response, then closed
        sock.sendall(b"GET /robots.txt HTTP/1.0\r\n\r\n")
        assert _response(reader)[0] == "HTTP/1.1 200 OK" and reader.read() == b""
    sock, reader = _connect(url)
    with sock, reader:  # a request body is skipped, not read as the next request
        sock.sendall(b"GET /robots.txt HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello"
                     b"GET /robots.txt HTTP/1.1\r\n\r\n")
        first, second = _response(reader), _response(reader)
        assert first[0] == second[0] == "HTTP/1.1 200 OK" and second[2] == first[2]
    for raw, status in ((b"NONSENSE\r\n\r\n", "400"), (b"POST / HTTP/1.1\r\n\r\n", "501"),
                        (b"GET / HTTP/2.0\r\n\r\n", "400"),
                        (b"GET / HTTP/1.1\r\nno colon here\r\n\r\n", "400")):
        sock, reader = _connect(url)
        with sock, reader:
            sock.sendall(raw)
            assert _response(reader)[0].split(" ")[1] == status and reader.read() == b""
    assert all(path != "/" for _, path in sample.request_log())  # bad ones are not served


def test_idle_connections_are_closed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(server, "_IDLE_TIMEOUT", 0.2)
    monkeypatch.setattr(server, "_SWEEP_EVERY", 0.1)
    with SampleWeb(now=NOW) as web:
        sock, reader = _connect(web.outlets[0].base_url)
        with sock, reader:
            started = time.perf_counter()
            assert reader.read() == b""  # closed by the server, no request having come
            assert time.perf_counter() - started < 60  # closed by the sweep, not left open


def test_ipv6_loopback() -> None:
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
    except OSError:
        pytest.skip("no IPv6 loopback")
    with SampleWeb(now=NOW, host="::1") as web, httpx.Client(trust_env=False) as http:
        article = web.articles[0]
        assert web.outlets[0].base_url.startswith("http://[::1]:")
        assert http.get(article.url).status_code == 200
        assert (article.outlet, _target(article.url)) in web.request_log()
