"""Test HTTP servers on loopback for the fetcher tests, started by the tests themselves.

``LocalServer`` is a small raw asyncio HTTP/1.1 server (one request per connection) whose
routes are either fixed ``Reply`` objects or handlers that write whatever bytes they like
(slow drips, truncated gzip, lying lengths). It logs every request and counts every
connection, so tests can prove that a forbidden destination was never contacted.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field


@dataclass
class Request:
    method: str
    path: str
    headers: dict[str, str]
    at: float  # time.monotonic() when the request line arrived


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    def encode(self) -> bytes:
        head = [f"HTTP/1.1 {self.status} X"]
        headers = {"Content-Length": str(len(self.body)), "Connection": "close", **self.headers}
        head += [f"{k}: {v}" for k, v in headers.items()]
        return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + self.body


Handler = Callable[[Request, asyncio.StreamWriter], Awaitable["Reply | None"]]


class LocalServer:
    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host
        self.port = 0
        self.routes: dict[str, Reply | Handler] = {}
        self.requests: list[Request] = []
        self.connections = 0
        self._server: asyncio.base_events.Server | None = None

    def url(self, path: str = "/") -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}{path}"

    def paths(self) -> list[str]:
        return [r.path for r in self.requests]

    async def start(self) -> LocalServer:
        self._server = await asyncio.start_server(self._handle, self.host, 0)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            method, path, _ = lines[0].split(" ", 2)
            headers = {}
            for line in lines[1:]:
                if ":" in line:
                    name, value = line.split(":", 1)
                    headers[name.strip().lower()] = value.strip()
            request = Request(method, path, headers, time.monotonic())
            self.requests.append(request)
            route = self.routes.get(path) or self.routes.get(path.split("?")[0])
            if route is None:
                reply: Reply | None = Reply(404, b"not found")
            elif isinstance(route, Reply):
                reply = route
            else:
                reply = await route(request, writer)
            if reply is not None:
                writer.write(reply.encode())
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()
