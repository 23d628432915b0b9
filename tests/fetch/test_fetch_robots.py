"""robots.txt: the parser's precedence rules, and a crawl that obeys allow/deny and
crawl-delay against a real server (gaps between requests measured server-side)."""

from __future__ import annotations

import asyncio
import time

import pytest
from fetch_servers import LocalServer, Reply

from svodka.fetch import FetchError
from svodka.fetch.robots import parse_robots, product_token

UA = "svodka/0.1 (+https://github.com/svodka/svodka)"

ROBOTS = """\
# comments and blank lines are ignored

User-agent: Googlebot
Disallow: /

User-agent: *
Disallow: /private/
Allow: /private/open-*.html$
Disallow: /*?print=
Crawl-delay: 7

Sitemap: https://example.com/sitemap.xml
"""


def test_product_token() -> None:
    assert product_token(UA) == "svodka"
    assert product_token("  Mozilla/5.0") == "mozilla"


@pytest.mark.parametrize(("path", "allowed"), [
    ("/", True),
    ("/news/1.html", True),
    ("/private/", False),
    ("/private/report.html", False),
    ("/private/open-1.html", True),  # longer Allow beats shorter Disallow
    ("/private/open-1.html?x=1", False),  # "$" anchors the end
    ("/news/1.html?print=1", False),  # "*" wildcard
    ("/robots.txt", True),
])
def test_star_group_rules(path: str, allowed: bool) -> None:
    rules = parse_robots(ROBOTS, UA)
    assert rules.allowed("https://example.com" + path) is allowed
    assert rules.crawl_delay == 7.0
    assert rules.sitemaps == ["https://example.com/sitemap.xml"]


def test_own_group_wins_over_star() -> None:
    text = ROBOTS + "\nUser-agent: svodka\nUser-agent: otherbot\nDisallow: /svodka-only\n"
    rules = parse_robots(text, UA)
    assert rules.allowed("https://example.com/private/x")  # the * group no longer applies
    assert not rules.allowed("https://example.com/svodka-only/page")
    assert rules.crawl_delay is None
    assert not parse_robots("User-agent: SVODKA\nDisallow: /\n", UA).allowed("https://e.com/a")


def test_empty_and_tie_rules() -> None:
    assert parse_robots("User-agent: *\nDisallow:\n", UA).allowed("https://e.com/anything")
    tie = parse_robots("User-agent: *\nDisallow: /page\nAllow: /page\n", UA)
    assert tie.allowed("https://e.com/page")
    encoded = parse_robots("User-agent: *\nDisallow: /%D0%BD%D0%BE%D0%B2\n", UA)
    assert not encoded.allowed("https://e.com/нов/1")
    assert parse_robots("garbage without groups\nDisallow: /\n", UA).allowed("https://e.com/")


async def test_crawl_obeys_disallow_and_crawl_delay(server: LocalServer, make_fetcher) -> None:
    server.routes["/robots.txt"] = Reply(
        200, b"User-agent: *\nDisallow: /private\nCrawl-delay: 0.4\n", {"Content-Type": "text/plain"}
    )
    for i in range(4):
        server.routes[f"/news/{i}"] = Reply(200, f"article {i}".encode())
    fetcher = make_fetcher()
    asked = time.monotonic()
    pages = await asyncio.gather(*(fetcher.fetch(server.url(f"/news/{i}")) for i in range(4)))
    assert sorted(p.body for p in pages) == [f"article {i}".encode() for i in range(4)]
    with pytest.raises(FetchError) as err:
        await fetcher.fetch(server.url("/private/page"))
    assert err.value.kind == "robots" and err.value.permanent
    assert "disallows" in err.value.reason
    assert "/private/page" not in server.paths()
    assert server.paths().count("/robots.txt") == 1  # fetched once, shared by concurrent calls
    # The k-th article starts no earlier than k crawl-delays after they were asked for (the
    # gaps the server sees can be shorter after a request sent late on a busy machine).
    starts = sorted(r.at for r in server.requests if r.path.startswith("/news/"))
    assert len(starts) == 4 and all(at - asked >= 0.4 * k - 0.005
                                    for k, at in enumerate(starts)), starts


async def test_unreachable_robots_blocks_for_now(server: LocalServer, make_fetcher) -> None:
    server.routes["/robots.txt"] = Reply(503, b"")
    server.routes["/a"] = Reply(200, b"a")
    with pytest.raises(FetchError) as err:
        await make_fetcher().fetch(server.url("/a"))
    assert err.value.kind == "robots" and not err.value.permanent
    assert err.value.retry_after is not None
    assert "/a" not in server.paths()


async def test_missing_robots_allows_everything(server: LocalServer, make_fetcher) -> None:
    server.routes["/a"] = Reply(200, b"a")
    fetcher = make_fetcher()
    assert (await fetcher.fetch(server.url("/a"))).body == b"a"
    assert (await fetcher.fetch(server.url("/a"))).body == b"a"
    assert server.paths() == ["/robots.txt", "/a", "/a"]


async def test_robots_redirect_is_followed(server: LocalServer, make_fetcher) -> None:
    server.routes["/robots.txt"] = Reply(301, b"", {"Location": "/real-robots.txt"})
    server.routes["/real-robots.txt"] = Reply(200, b"User-agent: svodka\nDisallow: /x\n")
    with pytest.raises(FetchError) as err:
        await make_fetcher().fetch(server.url("/x/1"))
    assert err.value.kind == "robots"


async def test_robots_rules_expose_sitemaps(server: LocalServer, make_fetcher) -> None:
    server.routes["/robots.txt"] = Reply(200, b"Sitemap: /news-sitemap.xml\nUser-agent: *\n")
    rules = await make_fetcher().robots_rules(server.url("/anything"))
    assert rules.sitemaps == ["/news-sitemap.xml"] and rules.allowed(server.url("/a"))
