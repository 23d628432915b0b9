"""A crawl does not wait for its slowest source: a source's articles are fetched and stored
while other sources are still being polled."""

from __future__ import annotations

import asyncio
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from svodka.demo import SampleWeb
from svodka.pipeline import Pipeline
from svodka.pipeline.admin import import_opml
from svodka.records import Source

from .conftest import settings_for

# The slow feed answers once 10 articles of the other sources are stored, or after this long;
# the test then asserts it was the articles that released it (no race with the clock).
HOLD_LIMIT = 120.0
RELEASE = threading.Event()


class _SlowFeed(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802
        if self.path == "/feed.xml":
            RELEASE.wait(HOLD_LIMIT)
            body = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Slow</title>'
            body += b"</channel></rss>"
        else:
            body = b""
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


def test_articles_are_stored_while_a_slow_source_is_polled(sample_web: SampleWeb,
                                                           tmp_path: Path) -> None:
    slow = ThreadingHTTPServer(("127.0.0.1", 0), _SlowFeed)
    threading.Thread(target=slow.serve_forever, daemon=True).start()
    try:
        pipeline = Pipeline(settings_for(tmp_path, sample_web, "127.0.0.1"))
        import_opml(pipeline, sample_web.opml().encode())
        pipeline.store.add_source(Source(url=f"http://127.0.0.1:{slow.server_port}/feed.xml"))
        events: list[tuple[str, int, int, bool]] = []  # (stage, done, total, slow feed held)
        RELEASE.clear()

        def progress(stage: str, done: int, total: int, label: str) -> None:
            events.append((stage, done, total, not RELEASE.is_set()))
            if stage == "articles" and done >= 10:
                RELEASE.set()

        async def go():  # noqa: ANN202
            try:
                return await pipeline.crawl(progress=progress)
            finally:
                await pipeline.aclose()

        summary = asyncio.run(go())
    finally:
        slow.shutdown()
        slow.server_close()
    assert not summary.failed_sources and summary.stored >= 20
    # Ten articles were stored while the slow feed was still being polled: they released it.
    stored_while_held = [e for e in events if e[0] == "articles" and e[1] and e[3]]
    assert len(stored_while_held) >= 10, events[:20]
