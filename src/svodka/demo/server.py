"""Real HTTP servers in background threads: one per outlet, each its own host and port."""

from __future__ import annotations

import socket
import socketserver
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Protocol
from xml.sax.saxutils import quoteattr

from svodka.demo.model import SampleArticle, SampleOutlet
from svodka.demo.site import Response


class App(Protocol):
    """What a server serves: an outlet site, or the faulty-source site."""

    outlet: SampleOutlet

    def respond(self, target: str, headers: dict[str, str] | None = None) -> Response: ...


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "svodka-demo/0.1"
    timeout = 15
    disable_nagle_algorithm = True
    server: _Server

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        self._serve(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802
        self._serve(send_body=False)

    def _serve(self, *, send_body: bool) -> None:
        app = self.server.app
        if app is None:
            self.send_error(503)
            return
        self.server.on_request(app.outlet.slug, self.path)
        try:
            resp = app.respond(self.path, dict(self.headers.items()))
        except Exception:  # a renderer bug must show as a 500, not a dropped connection
            resp = Response(500, "text/plain; charset=utf-8", b"internal error")
        self.send_response(resp.status)
        self.send_header("Content-Type", resp.content_type)
        for name, value in resp.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(resp.body)))
        self.end_headers()
        if send_body and resp.body:
            self.wfile.write(resp.body)

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, host: str, on_request: Callable[[str, str], None]) -> None:
        self.address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.app: App | None = None
        self.on_request = on_request
        self._connections: set[socket.socket] = set()
        self._conn_lock = threading.Lock()
        super().__init__((host, 0), _Handler)

    def server_bind(self) -> None:
        # Skip HTTPServer's getfqdn(): a reverse DNS lookup per server slows startup.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[0], self.server_address[1]

    def process_request(self, request, client_address) -> None:  # type: ignore[no-untyped-def]
        with self._conn_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request) -> None:  # type: ignore[no-untyped-def]
        with self._conn_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        with self._conn_lock:
            conns = list(self._connections)
        for conn in conns:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class ServedWeb:
    """Base of the sample webs: binds servers, serves apps, logs requests, stops cleanly.

    ``outlets`` and ``articles`` are filled by ``start()`` (URLs need the bound ports).
    """

    def __init__(self, *, host: str = "127.0.0.1") -> None:
        self.host = host
        self.outlets: list[SampleOutlet] = []
        self.articles: list[SampleArticle] = []
        self._servers: list[_Server] = []
        self._threads: list[threading.Thread] = []
        self._log: list[tuple[str, str]] = []
        self._log_lock = threading.Lock()

    # Subclasses: how many servers, and the apps given the server roots.
    def _server_count(self) -> int:
        raise NotImplementedError

    def _build(self, roots: list[str]) -> list[App]:
        raise NotImplementedError

    def _record(self, slug: str, path: str) -> None:
        with self._log_lock:
            self._log.append((slug, path))

    def start(self) -> ServedWeb:
        if self._servers:
            return self
        self._servers = [_Server(self.host, self._record) for _ in range(self._server_count())]
        host = f"[{self.host}]" if ":" in self.host else self.host
        apps = self._build([f"http://{host}:{s.server_port}" for s in self._servers])
        for server, app in zip(self._servers, apps, strict=True):
            server.app = app
            thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                                      name=f"svodka-demo-{app.outlet.slug}", daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self) -> None:
        stoppers = [threading.Thread(target=s.shutdown) for s in self._servers]
        for t in stoppers:
            t.start()
        for t in stoppers:
            t.join()
        for server in self._servers:
            server.close_connections()
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=5)
        self._servers, self._threads = [], []

    def __enter__(self) -> ServedWeb:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def request_log(self) -> list[tuple[str, str]]:
        """(outlet slug, request target) of every request served so far."""
        with self._log_lock:
            return list(self._log)

    def opml(self) -> str:
        """An OPML 2.0 list of the outlets' feeds, with their language."""
        rows = []
        for o in self.outlets:
            kind = "sitemap" if o.kind == "sitemap" else "rss"
            rows.append(f"<outline type=\"{kind}\" text={quoteattr(o.name)} title={quoteattr(o.name)} "
                        f"xmlUrl={quoteattr(o.feed_url)} htmlUrl={quoteattr(o.base_url)} "
                        f"language=\"{o.language}\"/>")
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0"><head>'
                "<title>svodka sample web</title></head><body>\n"
                + "\n".join(rows) + "\n</body></opml>\n")
