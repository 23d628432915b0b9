"""The Fetcher against real servers on 127.0.0.1: success paths, limits and failures."""

from __future__ import annotations

import asyncio
import gzip
import time
import zlib

import pytest
from fetch_servers import LocalServer, Reply, Request

from svodka.fetch import FetchError, Timeouts, WarcArchive

SILENCE = 20.0  # how long the silent test server keeps quiet: far beyond the timeouts tested

ARTICLE = "<html><body><h1>Новини</h1><p>Текст статті.</p></body></html>".encode()


async def test_plain_fetch_sends_honest_headers(server: LocalServer, make_fetcher) -> None:
    server.routes["/a"] = Reply(200, ARTICLE, {"Content-Type": "text/html; charset=utf-8"})
    page = await make_fetcher().fetch(server.url("/a"))
    assert page.status == 200
    assert page.body == ARTICLE
    assert page.content_type == "text/html"
    assert page.url == page.requested_url == server.url("/a")
    assert page.fetched_at is not None
    sent = server.requests[-1].headers
    assert sent["user-agent"].startswith("svodka/")
    assert "gzip" in sent["accept-encoding"]


@pytest.mark.parametrize("encoding", ["gzip", "deflate-zlib", "deflate-raw"])
async def test_compressed_bodies_are_decoded(server: LocalServer, make_fetcher, encoding) -> None:
    if encoding == "gzip":
        data, header = gzip.compress(ARTICLE), "gzip"
    elif encoding == "deflate-zlib":
        data, header = zlib.compress(ARTICLE), "deflate"
    else:
        c = zlib.compressobj(wbits=-zlib.MAX_WBITS)
        data, header = c.compress(ARTICLE) + c.flush(), "deflate"
    server.routes["/z"] = Reply(200, data, {"Content-Encoding": header})
    page = await make_fetcher().fetch(server.url("/z"))
    assert page.body == ARTICLE
    assert "content-encoding" not in page.headers


async def test_conditional_get_returns_304_and_archives_nothing(
    server: LocalServer, make_fetcher, tmp_path
) -> None:
    async def conditional(req: Request, _w) -> Reply:
        if req.headers.get("if-none-match") == '"v1"':
            return Reply(304, b"", {"ETag": '"v1"'})
        return Reply(200, ARTICLE, {"ETag": '"v1"', "Last-Modified": "Wed, 25 Nov 2026 10:00:00 GMT"})

    server.routes["/feed"] = conditional
    archive = WarcArchive(tmp_path / "warc")
    fetcher = make_fetcher(archive=archive)
    first = await fetcher.fetch(server.url("/feed"), kind="feed")
    second = await fetcher.fetch(server.url("/feed"), kind="feed", etag=first.headers["etag"],
                                 last_modified=first.headers["last-modified"])
    assert first.status == 200 and not first.not_modified
    assert second.not_modified and second.body == b""
    assert server.requests[-1].headers["if-modified-since"] == "Wed, 25 Nov 2026 10:00:00 GMT"
    archive.close()
    replayed = list(archive.iter_pages())
    assert [(p.status, p.body) for p in replayed] == [(200, ARTICLE)]


async def test_5xx_raises_with_retry_hint(server: LocalServer, make_fetcher) -> None:
    server.routes["/broken"] = Reply(500, b"oops")
    server.routes["/busy"] = Reply(503, b"later", {"Retry-After": "120"})
    fetcher = make_fetcher()
    with pytest.raises(FetchError) as broken:
        await fetcher.fetch(server.url("/broken"), attempt=3)
    assert (broken.value.kind, broken.value.status) == ("http", 500)
    assert not broken.value.permanent and "500" in broken.value.reason
    assert broken.value.retry_after is not None and broken.value.retry_after >= 30 * 2**3 * 0.5
    with pytest.raises(FetchError) as busy:
        await fetcher.fetch(server.url("/busy"))
    assert (busy.value.status, busy.value.retry_after) == (503, 120.0)
    # The host asked for two minutes: the next request fails fast instead of queueing.
    started = time.monotonic()
    with pytest.raises(FetchError) as held:
        await fetcher.fetch(server.url("/other"))
    assert held.value.kind == "backoff" and 110 < held.value.retry_after <= 120
    assert time.monotonic() - started < 60  # not the two minutes the host asked for
    assert server.paths().count("/other") == 0


async def test_short_retry_after_delays_the_next_request(server: LocalServer, make_fetcher) -> None:
    server.routes["/busy"] = Reply(429, b"", {"Retry-After": "1"})
    server.routes["/ok"] = Reply(200, b"ok")
    fetcher = make_fetcher()
    with pytest.raises(FetchError):
        await fetcher.fetch(server.url("/busy"))
    page = await fetcher.fetch(server.url("/ok"))
    assert page.body == b"ok"
    busy, ok = (r for r in server.requests if r.path in ("/busy", "/ok"))
    assert ok.at - busy.at >= 0.95


async def test_404_is_permanent(server: LocalServer, make_fetcher) -> None:
    with pytest.raises(FetchError) as err:
        await make_fetcher().fetch(server.url("/missing"))
    assert err.value.status == 404 and err.value.permanent and err.value.retry_after is None


async def test_silent_server_hits_read_timeout(server: LocalServer, make_fetcher) -> None:
    async def silent(_req, _w) -> None:
        await asyncio.sleep(SILENCE)

    server.routes["/silent"] = silent
    fetcher = make_fetcher(timeout=Timeouts(connect=1.0, read=0.3, total=5.0))
    started = time.monotonic()
    with pytest.raises(FetchError) as err:
        await fetcher.fetch(server.url("/silent"))
    assert err.value.kind == "timeout" and "read timeout" in err.value.reason
    assert err.value.retry_after is not None and not err.value.permanent
    assert time.monotonic() - started < SILENCE / 2  # the timeout ended it, not the server


async def test_slow_body_hits_total_timeout(server: LocalServer, make_fetcher) -> None:
    async def drip(_req, writer) -> None:
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n")
        for _ in range(300):  # one byte every 0.1 s: never silent long enough for read timeout
            writer.write(b"x")
            await writer.drain()
            await asyncio.sleep(0.1)

    server.routes["/drip"] = drip
    fetcher = make_fetcher(timeout=Timeouts(connect=1.0, read=0.5, total=1.0))
    started = time.monotonic()
    with pytest.raises(FetchError) as err:
        await fetcher.fetch(server.url("/drip"))
    assert err.value.kind == "timeout" and "total timeout" in err.value.reason
    assert err.value.retry_after is not None
    assert 0.9 < time.monotonic() - started < 15  # the total timeout, not the 30 s body


async def test_truncated_gzip_is_reported(server: LocalServer, make_fetcher) -> None:
    data = gzip.compress(ARTICLE * 50)
    server.routes["/cut"] = Reply(200, data[: len(data) // 2], {"Content-Encoding": "gzip"})
    with pytest.raises(FetchError) as err:
        await make_fetcher().fetch(server.url("/cut"))
    assert err.value.kind == "decode" and "truncated gzip" in err.value.reason
    assert not err.value.permanent and err.value.retry_after is not None


async def test_body_shorter_than_content_length(server: LocalServer, make_fetcher) -> None:
    async def liar(_req, writer) -> None:
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: 5000\r\nConnection: close\r\n\r\nshort")

    server.routes["/liar"] = liar
    with pytest.raises(FetchError) as err:
        await make_fetcher().fetch(server.url("/liar"))
    assert err.value.kind == "protocol" and err.value.retry_after is not None


async def test_declared_oversized_body_is_refused_unread(server: LocalServer, make_fetcher) -> None:
    server.routes["/big"] = Reply(200, b"x" * 200_000)
    with pytest.raises(FetchError) as err:
        await make_fetcher(max_bytes=100_000).fetch(server.url("/big"))
    assert err.value.kind == "too_large" and "100000" in err.value.reason


async def test_undeclared_oversized_body_is_cut_off(server: LocalServer, make_fetcher) -> None:
    sent = 0

    async def endless(_req, writer) -> None:
        nonlocal sent
        writer.write(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n")  # no length: until close
        try:
            for _ in range(2000):
                writer.write(b"y" * 16384)
                await writer.drain()
                sent += 16384
        except ConnectionError:
            pass

    server.routes["/endless"] = endless
    with pytest.raises(FetchError) as err:
        await make_fetcher().fetch(server.url("/endless"), max_bytes=200_000)
    assert err.value.kind == "too_large"
    assert sent < 2000 * 16384  # the client hung up long before the end


async def test_gzip_bomb_is_stopped(server: LocalServer, make_fetcher) -> None:
    bomb = gzip.compress(b"\0" * 50_000_000, compresslevel=9)  # ~50 kB on the wire
    assert len(bomb) < 100_000
    server.routes["/bomb"] = Reply(200, bomb, {"Content-Encoding": "gzip"})
    with pytest.raises(FetchError) as err:
        await make_fetcher(max_bytes=1_000_000).fetch(server.url("/bomb"))
    assert err.value.kind == "too_large"


async def test_redirects_are_followed_and_archived(
    server: LocalServer, make_fetcher, tmp_path
) -> None:
    server.routes["/old"] = Reply(301, b"", {"Location": "/new?x=1#section"})
    server.routes["/new"] = Reply(200, ARTICLE)
    archive = WarcArchive(tmp_path / "warc")
    page = await make_fetcher(archive=archive).fetch(server.url("/old"))
    assert page.url == server.url("/new?x=1") and page.requested_url == server.url("/old")
    archive.close()
    statuses = [(p.status, p.url, p.requested_url) for p in archive.iter_pages()]
    assert statuses == [
        (301, server.url("/old"), server.url("/old")),
        (200, server.url("/new?x=1"), server.url("/old")),
    ]


async def test_redirect_loop_and_limit(server: LocalServer, make_fetcher) -> None:
    server.routes["/a"] = Reply(302, b"", {"Location": "/b"})
    server.routes["/b"] = Reply(302, b"", {"Location": "/a"})
    for i in range(10):
        server.routes[f"/chain{i}"] = Reply(302, b"", {"Location": f"/chain{i + 1}"})
    fetcher = make_fetcher(max_redirects=5)
    with pytest.raises(FetchError) as loop:
        await fetcher.fetch(server.url("/a"))
    assert loop.value.kind == "redirect" and "redirect loop" in loop.value.reason
    assert loop.value.retry_after is not None
    with pytest.raises(FetchError) as chain:
        await fetcher.fetch(server.url("/chain0"))
    assert "too many redirects" in chain.value.reason
    assert server.paths().count("/chain6") == 0 and server.paths().count("/chain5") == 1


async def test_connection_refused(make_fetcher) -> None:
    probe = await LocalServer().start()
    url = probe.url("/gone")
    await probe.stop()  # nothing listens on that port any more
    with pytest.raises(FetchError) as err:
        await make_fetcher(obey_robots=False).fetch(url)
    assert err.value.kind == "connect" and err.value.retry_after is not None


async def test_per_host_concurrency_is_capped(server: LocalServer, make_fetcher) -> None:
    in_flight = peak = 0

    async def slow(_req, _w) -> Reply:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        await asyncio.sleep(0.15)
        in_flight -= 1
        return Reply(200, b"ok")

    for i in range(8):
        server.routes[f"/p{i}"] = slow
    fetcher = make_fetcher()  # settings: per_host_concurrency=2
    pages = await asyncio.gather(*(fetcher.fetch(server.url(f"/p{i}")) for i in range(8)))
    assert all(p.body == b"ok" for p in pages)
    assert peak == 2


async def test_host_interval_spaces_requests(server: LocalServer, make_fetcher) -> None:
    for i in range(4):
        server.routes[f"/r{i}"] = Reply(200, b"ok")
    fetcher = make_fetcher(host_interval=0.2)
    asked = time.monotonic()
    await asyncio.gather(*(fetcher.fetch(server.url(f"/r{i}")) for i in range(4)))
    starts = sorted(r.at for r in server.requests if r.path != "/robots.txt")
    # What the gate guarantees: the k-th request starts no earlier than k intervals after they
    # were asked for (a late request on a busy machine may shorten the gap after it, so the
    # gaps the server sees are not asserted).
    assert all(at - asked >= 0.2 * k - 0.005 for k, at in enumerate(starts)), starts


async def test_global_concurrency_is_capped(settings, make_fetcher) -> None:
    servers = [await LocalServer().start() for _ in range(4)]
    in_flight = peak = 0

    async def slow(_req, _w) -> Reply:
        nonlocal in_flight, peak
        in_flight += 1
        peak = max(peak, in_flight)
        await asyncio.sleep(0.1)
        in_flight -= 1
        return Reply(200, b"ok")

    try:
        for srv in servers:
            srv.routes["/x"] = slow
            srv.routes["/robots.txt"] = Reply(200, b"User-agent: *\nAllow: /\n")
        settings.fetch_concurrency = 3
        fetcher = make_fetcher(settings=settings)
        await asyncio.gather(*(fetcher.fetch(s.url("/x")) for s in servers for _ in range(2)))
        assert peak == 3
    finally:
        for srv in servers:
            await srv.stop()


async def test_accept_header_follows_kind(server: LocalServer, make_fetcher) -> None:
    server.routes["/f"] = Reply(200, b"<rss/>")
    fetcher = make_fetcher()
    await fetcher.fetch(server.url("/f"), kind="feed")
    await fetcher.fetch(server.url("/f"), kind="image")
    feed, image = (r.headers["accept"] for r in server.requests if r.path == "/f")
    assert "application/rss+xml" in feed and image.startswith("image/")


async def test_cookie_set_on_a_redirect_is_sent_back(server: LocalServer, make_fetcher) -> None:
    """Consent walls: set a cookie and redirect to the same URL; that must not be a loop."""

    async def consent(req: Request, _w) -> Reply:
        if "consent=yes" in req.headers.get("cookie", ""):
            return Reply(200, b"article")
        return Reply(302, b"", {"Set-Cookie": "consent=yes; Path=/; Max-Age=3600",
                                "Location": "/consent-check"})

    async def check(req: Request, _w) -> Reply:
        return Reply(302, b"", {"Location": "/story"})

    server.routes["/story"] = consent
    server.routes["/consent-check"] = check
    fetcher = make_fetcher()
    page = await fetcher.fetch(server.url("/story"))
    assert page.body == b"article" and page.url == server.url("/story")
    assert server.requests[-1].headers["cookie"] == "consent=yes"
    second = await fetcher.fetch(server.url("/story"))  # jars do not outlive a fetch
    assert second.body == b"article"
    assert "cookie" not in [r for r in server.requests if r.path == "/story"][-2].headers


async def test_error_responses_are_archived_too(server: LocalServer, make_fetcher, tmp_path) -> None:
    server.routes["/e"] = Reply(500, b"error page")
    archive = WarcArchive(tmp_path / "warc")
    with pytest.raises(FetchError):
        await make_fetcher(archive=archive).fetch(server.url("/e"))
    archive.close()
    assert [(p.status, p.body) for p in archive.iter_pages()] == [(500, b"error page")]


async def test_a_dropped_request_is_sent_once_more(server: LocalServer, make_fetcher) -> None:
    """A server closing a connection without answering (as when it shuts a kept-alive one
    just as it is reused) gets the GET once more; a server that always does so fails it."""
    tries = {"flaky": 0}

    async def drop_first(request, writer):  # noqa: ANN001, ANN202
        tries["flaky"] += 1
        return None if tries["flaky"] == 1 else Reply(200, b"second time")

    async def always_drop(request, writer):  # noqa: ANN001, ANN202
        return None

    server.routes["/flaky"] = drop_first
    server.routes["/dead"] = always_drop
    fetcher = make_fetcher()
    assert (await fetcher.fetch(server.url("/flaky"))).body == b"second time"
    with pytest.raises(FetchError) as err:
        await fetcher.fetch(server.url("/dead"))
    assert err.value.kind == "protocol" and not err.value.permanent
    assert server.paths().count("/dead") == 2  # once more, not again and again
