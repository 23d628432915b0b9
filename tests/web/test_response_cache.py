"""The response cache: kept answers as bytes, ETag and 304, what is never kept, stale answers
while a new one is made, and the pure ASGI middlewares' headers and metrics."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from svodka.media import FileMediaStore
from svodka.records import Article, Block, Enrichment, Source
from svodka.store import Store
from svodka.web import create_app
from svodka.web import responses as responses_module
from svodka.web.cache import FRESH_SECONDS, PageCache

WHEN = datetime(2026, 7, 1, 12, 0, tzinfo=UTC)


def _add(store: Store, source: Source, n: int) -> int:
    assert source.id is not None
    art = Article(url=f"https://o.example/{n}", title=f"Report number {n}", lead="Lead.",
                  blocks=[Block("Body text of the report.")], published=WHEN, language="en")
    return store.save_article(entry_id=None, source_id=source.id, article=art,
                              enrichment=Enrichment(language="en", category="society"),
                              fetched_at=WHEN, url=art.url or "")


@pytest.fixture()
def site(tmp_path: Path) -> Iterator[tuple[TestClient, Store, Source, list[str]]]:
    """A client over a small store, and the SQL statements that touch articles."""
    store = Store(f"sqlite:///{tmp_path / 'c.db'}")
    source = store.add_source(Source(url="https://o.example/rss", name="O", language="en"))
    _add(store, source, 1)
    statements: list[str] = []
    event.listen(store.engine, "before_cursor_execute",
                 lambda *a: statements.append(a[2]) if "articles.data" in a[2] else None)
    with TestClient(create_app(store, FileMediaStore(tmp_path / "media"))) as client:
        yield client, store, source, statements
    store.close()


@pytest.mark.parametrize("path", ["/", "/articles/1", "/search?q=report",
                                  "/api/v1/articles?limit=20", "/api/v1/search?q=report"])
def test_a_kept_answer_is_the_same_bytes_without_the_store(site, path: str) -> None:  # noqa: ANN001
    client, _, _, statements = site
    first = client.get(path)
    assert first.status_code == 200 and statements  # made from the store
    statements.clear()
    again = client.get(path)
    assert again.content == first.content and not statements  # kept: no article read
    assert again.headers == first.headers
    assert first.headers["etag"] and first.headers["cache-control"] == "no-cache"
    assert first.headers["x-content-type-options"] == "nosniff"
    assert "default-src 'none'" in first.headers["content-security-policy"]


def test_if_none_match_gets_a_304_with_the_safety_headers(site) -> None:  # noqa: ANN001
    client, *_ = site
    first = client.get("/")
    etag = first.headers["etag"]
    for given in (etag, f'"other", {etag}', f"W/{etag}", "*"):
        r = client.get("/", headers={"If-None-Match": given})
        assert r.status_code == 304 and r.content == b"" and r.headers["etag"] == etag
        assert "content-security-policy" in r.headers and "set-cookie" not in r.headers
    assert client.get("/", headers={"If-None-Match": '"other"'}).status_code == 200
    head = client.head("/")
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-length"] == str(len(first.content))


def test_the_key_holds_the_query_language_and_zone(site) -> None:  # noqa: ANN001
    client, *_ = site
    uk = client.get("/", headers={"Accept-Language": "uk"}).text
    en = client.get("/", headers={"Accept-Language": "en"}).text
    assert 'lang="uk"' in uk and 'lang="en"' in en
    set_lang = client.get("/?lang=ru")
    assert "lang=ru" in set_lang.headers["set-cookie"]  # the cookie is part of the answer
    assert "lang=ru" in client.get("/?lang=ru").headers["set-cookie"]
    client.cookies.set("tz", "Asia/Tokyo")
    zoned = client.get("/").text
    assert "Asia/Tokyo" in zoned and zoned != en


def test_errors_redirects_and_private_pages_are_never_kept(site) -> None:  # noqa: ANN001
    client, store, _, statements = site
    assert client.get("/articles/999").status_code == 404
    statements.clear()
    assert client.get("/articles/999").status_code == 404 and statements  # asked again
    assert client.get("/settings?tz=UTC", follow_redirects=False).status_code == 303
    for path in ("/admin/login", "/healthz", "/static/site.css", "/sources/999"):
        client.get(path)
    pages: PageCache = client.app.state.site.pages  # type: ignore[attr-defined]
    assert {k[1] for k in pages.entries} == set()  # nothing above was kept
    client.get("/sources")
    assert {k[1] for k in pages.entries} == {"/sources"}


def test_a_changed_store_is_seen_and_a_stale_answer_stands_in_meanwhile(
        site, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    client, store, source, _ = site
    pages: PageCache = client.app.state.site.pages  # type: ignore[attr-defined]
    clock = [1000.0]
    monkeypatch.setattr(pages, "clock", lambda: clock[0])
    pages.clear()
    assert "number 2" not in client.get("/").text
    _add(store, source, 2)
    clock[0] += 1  # the generation is asked again, but the page is still fresh
    assert "number 2" not in client.get("/").text
    clock[0] += FRESH_SECONDS  # stale: served as it was while it is made again, no one waiting
    assert "number 2" not in client.get("/").text
    _remade(client)  # on the TestClient's event loop, with no request waiting for it
    assert "number 2" in client.get("/").text
    clock[0] += responses_module.STALE_SECONDS + 10  # too old to stand in: made on request
    _add(store, source, 3)
    assert "number 3" in client.get("/").text


def test_while_an_answer_is_remade_others_get_the_kept_one(
        site, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    client, store, source, statements = site
    pages: PageCache = client.app.state.site.pages  # type: ignore[attr-defined]
    clock = [1000.0]
    monkeypatch.setattr(pages, "clock", lambda: clock[0])
    pages.clear()
    first = client.get("/").content
    key = next(k for k in pages.entries if k[1] == "/")
    cache = next(m for m in _middlewares(client) if isinstance(m, responses_module.ResponseCache))
    cache.making.add(key)  # a remake of "/" in flight
    _add(store, source, 2)
    clock[0] += FRESH_SECONDS + 1
    statements.clear()
    assert client.get("/").content == first and not statements  # neither made nor remade
    cache.making.discard(key)
    client.get("/")  # starts the remake
    _remade(client)
    assert "number 2" in client.get("/").text


def test_metrics_count_kept_answers_under_their_route(site) -> None:  # noqa: ANN001
    client, *_ = site
    for _ in range(3):
        client.get("/articles/1")
    text = client.get("/metrics").text
    line = next(ln for ln in text.splitlines() if ln.startswith("svodka_http_requests_total{")
                and 'route="/articles/{article_id}"' in ln and 'status="200"' in ln)
    assert line.endswith(" 3.0")  # one made, two kept: all three under the route


def test_a_failed_remake_is_forgotten(site, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    client, *_ = site
    cache = next(m for m in _middlewares(client) if isinstance(m, responses_module.ResponseCache))

    async def broken(scope, receive, send) -> None:  # noqa: ANN001
        raise RuntimeError("store down")

    monkeypatch.setattr(cache, "app", broken)
    client.app.state.site.pages.put(("k",), (), cache.pages.clock(), "x")  # type: ignore[attr-defined]
    asyncio.run(cache._remake(("k",), {"type": "http", "method": "GET", "path": "/",
                                        "query_string": b"", "headers": []}))
    assert ("k",) not in cache.pages.entries and ("k",) not in cache.making


def _remade(client: TestClient) -> None:
    """Wait until no remake is in flight (they run on the TestClient's event loop)."""
    cache = next(m for m in _middlewares(client) if isinstance(m, responses_module.ResponseCache))
    deadline = time.monotonic() + 30
    while cache.making:
        assert time.monotonic() < deadline, "a remake did not end in 30 s"
        time.sleep(0.01)


def _middlewares(client: TestClient) -> Iterator[object]:
    app = client.app.middleware_stack  # type: ignore[attr-defined]
    while app is not None:
        yield app
        app = getattr(app, "app", None)
