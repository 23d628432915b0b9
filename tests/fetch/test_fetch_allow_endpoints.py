"""An allow-list entry host:port opens that one port of a private address, no other."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from svodka.config import Settings
from svodka.fetch import Fetcher, FetchError


class _Ok(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        return None

    def do_GET(self) -> None:  # noqa: N802
        body = b"<html><body>ok</body></html>"
        self.send_response(404 if self.path == "/robots.txt" else 200)
        self.send_header("content-type", "text/html")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture
def two_servers() -> Iterator[tuple[int, int]]:
    servers = [ThreadingHTTPServer(("127.0.0.1", 0), _Ok) for _ in range(2)]
    for s in servers:
        threading.Thread(target=s.serve_forever, daemon=True).start()
    yield servers[0].server_address[1], servers[1].server_address[1]
    for s in servers:
        s.shutdown()
        s.server_close()


async def test_endpoint_entry_allows_only_its_port(two_servers: tuple[int, int]) -> None:
    allowed, other = two_servers
    async with Fetcher(Settings(fetch_allow=[f"127.0.0.1:{allowed}"])) as fetcher:
        page = await fetcher.fetch(f"http://127.0.0.1:{allowed}/a")
        assert page.status == 200
        with pytest.raises(FetchError) as refused:
            await fetcher.fetch(f"http://127.0.0.1:{other}/a")
        assert refused.value.kind == "ssrf" and "loopback" in refused.value.reason
        with pytest.raises(FetchError):
            await fetcher.fetch(f"http://localhost:{other}/a")
