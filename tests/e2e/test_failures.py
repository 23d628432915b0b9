"""Faulty article pages fail alone, with their reason and a retry; faulty sources get a retry."""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from svodka.config import Settings
from svodka.pipeline import Pipeline
from svodka.records import Source

from .conftest import crawl

ARTICLE = ("<html><head><title>{t}</title><meta charset='utf-8'></head><body><article>"
           "<h1>{t}</h1><p>{body}</p><p>{body}</p></article></body></html>")
BODY = "Міська рада ухвалила рішення про ремонт мосту через річку, роботи почнуться навесні."
PAGES = {
    "/ok": (200, {}, ARTICLE.format(t="Рада ухвалила ремонт мосту", body=BODY).encode()),
    "/broken": (500, {}, b"oops"),
    "/gone": (404, {}, b"not here"),
    "/slow": (200, {"x-slow": "1"}, b""),
    "/truncated-gzip": (200, {"content-encoding": "gzip"},
                        gzip.compress(ARTICLE.format(t="x", body=BODY).encode())[:60]),
    # Declares windows-1251 but is UTF-8: the text must still come out right.
    "/lying-charset": (200, {"content-type": "text/html; charset=windows-1251"},
                       ARTICLE.format(t="Новий графік руху тролейбусів", body=BODY).encode()),
}


def feed(base: str) -> bytes:
    items = "".join(f"<item><title>{p}</title><link>{base}{p}</link></item>" for p in PAGES)
    return (f"<?xml version='1.0'?><rss version='2.0'><channel><title>Flaky</title>"
            f"<link>{base}/</link>{items}</channel></rss>").encode()


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        return None

    def do_GET(self) -> None:  # noqa: N802
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        if self.path == "/rss.xml":
            status, headers, body = 200, {"content-type": "application/rss+xml"}, feed(base)
        elif self.path == "/robots.txt":
            status, headers, body = 404, {}, b""
        else:
            status, headers, body = PAGES.get(self.path, (404, {}, b""))
        if headers.get("x-slow"):
            self.send_response(200)
            self.send_header("content-type", "text/html")
            self.send_header("content-length", "100000")
            self.end_headers()
            for _ in range(40):  # a body that trickles: cut by the total timeout
                try:
                    self.wfile.write(b"<p>.</p>")
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(0.1)
            return
        self.send_response(status)
        headers = {"content-type": "text/html; charset=utf-8", **headers}
        for k, v in headers.items():
            self.send_header(k, v)
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def flaky() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()



def test_each_faulty_page_fails_alone_with_reason_and_retry(flaky: str, tmp_path: Path) -> None:
    pipeline = Pipeline(Settings(data_dir=tmp_path, fetch_allow=["127.0.0.1"], fetch_timeout=1.5))
    pipeline.store.add_source(Source(url=f"{flaky}/rss.xml", name="Flaky"))
    summary = crawl(pipeline)
    by_path = {r.url.removeprefix(flaky): r for r in summary.entries}
    assert by_path["/ok"].article_id and by_path["/lying-charset"].article_id
    stored = pipeline.store.article(by_path["/lying-charset"].article_id)
    assert stored is not None and stored.article.title == "Новий графік руху тролейбусів"
    for path in ("/broken", "/gone", "/slow", "/truncated-gzip"):
        assert by_path[path].error, path
    assert "500" in (by_path["/broken"].error or "")
    assert "404" in (by_path["/gone"].error or "")
    # Temporary failures wait for a retry; a 404 is final.
    retry = pipeline.store.pending_entries(now=datetime(2100, 1, 1, tzinfo=UTC))
    assert {e.url.removeprefix(flaky) for e in retry} >= {"/broken", "/slow"}
    assert "/gone" not in {e.url.removeprefix(flaky) for e in retry}
    assert pipeline.store.pending_entries() == []  # none is retried at once


def test_a_failing_source_is_retried_later(tmp_path: Path) -> None:
    pipeline = Pipeline(Settings(data_dir=tmp_path, fetch_allow=["127.0.0.1"]))
    src = pipeline.store.add_source(Source(url="http://127.0.0.1:9/rss.xml", name="Down"))
    summary = crawl(pipeline)
    assert summary.failed_sources and summary.failed_sources[0].error
    state = pipeline.store.source_state(src.id or 0)
    assert state.failures == 1 and state.last_error
    assert state.next_poll_at is not None and state.next_poll_at > datetime.now(UTC)
