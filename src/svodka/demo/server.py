"""Real HTTP/1.1 servers, one per outlet (each its own port), all served by one asyncio
event loop in a background thread: a request costs a parse and a write, not a thread."""

from __future__ import annotations

import asyncio
import re
import socket
import sys
import threading
import time
from collections.abc import Callable, Sequence
from email.utils import formatdate
from http import HTTPStatus
from typing import Protocol
from xml.sax.saxutils import quoteattr

from svodka.demo.model import SampleArticle, SampleOutlet
from svodka.demo.site import Response


class App(Protocol):
    """What a server serves: an outlet site, or the faulty-source site."""

    outlet: SampleOutlet

    def respond(self, target: str, headers: dict[str, str] | None = None) -> Response: ...


_SERVER = f"svodka-demo/0.1 Python/{sys.version.split()[0]}"
_REASONS = {s.value: s.phrase for s in HTTPStatus}
_HEAD_END = re.compile(rb"\r?\n\r?\n")
_MAX_HEAD = 64 * 1024
_IDLE_TIMEOUT = 15.0  # seconds a keep-alive connection may wait for its next request
_SWEEP_EVERY = 2.0


class _BadRequest(ValueError):
    pass


class _Request:
    __slots__ = ("method", "target", "headers", "keep_alive", "body_length")

    def __init__(self, head: bytes) -> None:
        lines = head.decode("latin-1").split("\n")
        words = lines[0].rstrip("\r").split()
        if len(words) != 3 or words[2] not in ("HTTP/1.0", "HTTP/1.1"):
            raise _BadRequest(lines[0][:100])
        self.method, target, version = words
        # As http.server does: a leading "//" would read as a network path (open redirect).
        self.target = "/" + target.lstrip("/") if target.startswith("//") else target
        self.headers: dict[str, str] = {}
        name = ""
        for line in lines[1:]:
            line = line.rstrip("\r")
            if line[:1] in (" ", "\t") and name:  # an obsolete folded continuation
                self.headers[name] += " " + line.strip()
                continue
            name, sep, value = line.partition(":")
            if not sep or not name or name != name.strip():
                raise _BadRequest(line[:100])
            self.headers[name] = value.strip()
        lowered = {k.lower(): v for k, v in self.headers.items()}
        connection = lowered.get("connection", "").lower()
        self.keep_alive = ("close" not in connection if version == "HTTP/1.1"
                           else "keep-alive" in connection)
        if "transfer-encoding" in lowered:  # a body of unknown length: answer, then close
            self.keep_alive = False
        length = lowered.get("content-length", "0")
        if not length.isdigit():
            raise _BadRequest("Content-Length: " + length[:20])
        self.body_length = int(length)


class _Clock:
    """The Date header, formatted once a second."""

    def __init__(self) -> None:
        self._second, self._text = -1, ""

    def date(self) -> str:
        now = int(time.time())
        if now != self._second:
            self._second, self._text = now, formatdate(now, usegmt=True)
        return self._text


class _Connection(asyncio.Protocol):
    """One client connection: parses requests as they arrive and writes each response."""

    def __init__(self, app: App, loop: _HttpLoop) -> None:
        self.app, self.loop = app, loop
        self.transport: asyncio.Transport | None = None
        self.buffer = bytearray()
        self.discard = 0  # bytes of a request body still to skip
        self.last_active = loop.loop.time()
        self.paused = False  # the client reads its responses slower than it sends requests

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        self.loop.connections.add(self)

    def connection_lost(self, exc: Exception | None) -> None:
        self.loop.connections.discard(self)

    def pause_writing(self) -> None:
        assert self.transport is not None
        self.paused = True
        self.transport.pause_reading()

    def resume_writing(self) -> None:
        assert self.transport is not None
        self.paused = False
        if not self.transport.is_closing():
            self.transport.resume_reading()
            self._process()

    def data_received(self, data: bytes) -> None:
        self.last_active = self.loop.loop.time()
        self.buffer += data
        self._process()

    def _process(self) -> None:
        """Answer the complete requests in the buffer, while the client keeps reading."""
        while self.transport is not None and not self.transport.is_closing() and not self.paused:
            if self.discard:
                skipped = min(self.discard, len(self.buffer))
                del self.buffer[:skipped]
                self.discard -= skipped
                if self.discard:
                    return
            end = _HEAD_END.search(self.buffer)
            if end is None:
                if len(self.buffer) > _MAX_HEAD:
                    self._send(Response(431, "text/plain; charset=utf-8", b"header too large"),
                               body=True, close=True)
                return
            head = bytes(self.buffer[:end.start()]).lstrip(b"\r\n")
            del self.buffer[:end.end()]
            if head:
                self._handle(head)

    def _handle(self, head: bytes) -> None:
        try:
            req = _Request(head)
        except _BadRequest as exc:
            self._send(Response(400, "text/plain; charset=utf-8", f"bad request: {exc}".encode()),
                       body=True, close=True)
            return
        self.discard = req.body_length
        if req.method not in ("GET", "HEAD"):
            self._send(Response(501, "text/plain; charset=utf-8", b"unsupported method"),
                       body=True, close=True)
            return
        self.loop.on_request(self.app.outlet.slug, req.target)
        try:
            resp = self.app.respond(req.target, req.headers)
        except Exception:  # a renderer bug must show as a 500, not a dropped connection
            resp = Response(500, "text/plain; charset=utf-8", b"internal error")
        self._send(resp, body=req.method == "GET", close=not req.keep_alive)

    def _send(self, resp: Response, *, body: bool, close: bool) -> None:
        assert self.transport is not None
        lines = [f"HTTP/1.1 {resp.status} {_REASONS.get(resp.status, '')}",
                 f"Server: {_SERVER}", f"Date: {self.loop.clock.date()}",
                 f"Content-Type: {resp.content_type}"]
        lines += [f"{name}: {value}" for name, value in resp.headers.items()]
        lines.append(f"Content-Length: {len(resp.body)}")
        if close:
            lines.append("Connection: close")
        head = ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")
        self.transport.write(head + resp.body if body and resp.body else head)
        if close:
            self.transport.close()


class _HttpLoop:
    """Listening sockets bound at once (their ports name the sites), then served, one app
    each, by an event loop in a daemon thread."""

    def __init__(self, host: str, count: int, on_request: Callable[[str, str], None]) -> None:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.sockets: list[socket.socket] = []
        try:
            for _ in range(count):
                sock = socket.socket(family, socket.SOCK_STREAM)
                self.sockets.append(sock)
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                sock.bind((host, 0))
                sock.listen(128)
        except OSError:
            self._close_sockets()
            raise
        self.ports: list[int] = [s.getsockname()[1] for s in self.sockets]
        self.on_request = on_request
        self.clock = _Clock()
        self.connections: set[_Connection] = set()
        self.loop = asyncio.new_event_loop()
        self._servers: list[asyncio.Server] = []
        self._thread: threading.Thread | None = None

    def serve(self, apps: Sequence[App], name: str) -> None:
        self._thread = threading.Thread(target=self.loop.run_forever, name=name, daemon=True)
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._listen(apps), self.loop).result(timeout=10)

    async def _listen(self, apps: Sequence[App]) -> None:
        for sock, app in zip(self.sockets, apps, strict=True):
            self._servers.append(await self.loop.create_server(
                lambda app=app: _Connection(app, self), sock=sock))
        self.loop.call_later(_SWEEP_EVERY, self._sweep)

    def _sweep(self) -> None:
        idle_since = self.loop.time() - _IDLE_TIMEOUT
        for conn in list(self.connections):
            if conn.last_active < idle_since and conn.transport is not None:
                conn.transport.close()
        self.loop.call_later(_SWEEP_EVERY, self._sweep)

    def stop(self) -> None:
        """Stop listening, drop live connections, end the thread."""
        if self._thread is not None:
            self.loop.call_soon_threadsafe(self._close_all)
            self._thread.join(timeout=5)
            self._thread = None
        if not self.loop.is_running():
            self.loop.close()
        self._close_sockets()

    def _close_all(self) -> None:
        for server in self._servers:
            server.close()
        for conn in list(self.connections):
            if conn.transport is not None:
                conn.transport.abort()
        self.loop.call_soon(self.loop.stop)  # after the connections' close callbacks

    def _close_sockets(self) -> None:
        for sock in self.sockets:
            sock.close()


class ServedWeb:
    """Base of the sample webs: binds servers, serves apps, logs requests, stops cleanly.

    ``outlets`` and ``articles`` are filled by ``start()`` (URLs need the bound ports).
    """

    def __init__(self, *, host: str = "127.0.0.1") -> None:
        self.host = host
        self.outlets: list[SampleOutlet] = []
        self.articles: list[SampleArticle] = []
        self._http: _HttpLoop | None = None
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
        if self._http is not None:
            return self
        http = _HttpLoop(self.host, self._server_count(), self._record)
        try:
            host = f"[{self.host}]" if ":" in self.host else self.host
            apps = self._build([f"http://{host}:{port}" for port in http.ports])
            http.serve(apps, name=f"svodka-demo-{type(self).__name__}")
        except BaseException:
            http.stop()
            raise
        self._http = http
        return self

    def stop(self) -> None:
        http, self._http = self._http, None
        if http is not None:
            http.stop()

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
