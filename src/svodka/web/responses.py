"""Whole responses kept as bytes and answered before routing, with ETag and 304."""

from __future__ import annotations

import asyncio
import hashlib
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .cache import CACHEABLE, MAX_AGE_SECONDS, PageCache
from .render import request_language, request_zone

# A kept answer past its freshness is still served, once a new one is being made, while it is
# younger than this (past ``MAX_AGE_SECONDS``, so a page unchanged for a minute is remade in
# the background too): readers never wait for a page that every visitor asks for.
STALE_SECONDS = 2 * MAX_AGE_SECONDS
# Headers a 304 leaves out (RFC 9110 15.4.5: it has no body).
_NOT_IN_304 = frozenset({b"content-length", b"content-type", b"set-cookie"})


@dataclass(slots=True)
class Kept:
    """One answer as it goes out: status, header lines with its ETag, body, and its route."""

    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes
    etag: bytes
    route: Any  # for the metrics' route label on a hit


def _keeps(scope: Scope, start: Message) -> bool:
    """Whether the answer starting with ``start`` is one to keep: a 200 to a GET whose route
    marked it cacheable."""
    return bool(scope.get(CACHEABLE)) and start["status"] == 200 and scope["method"] == "GET"


def _etag(body: bytes) -> bytes:
    return b'"' + hashlib.blake2b(body, digest_size=12).hexdigest().encode() + b'"'


def _kept(status: int, headers: list[tuple[bytes, bytes]], body: bytes, route: Any) -> Kept:
    etag = _etag(body)
    lines = [(k, v) for k, v in headers if k.lower() not in (b"etag", b"cache-control")]
    # no-cache: browsers keep the page but ask again each time (a 304 costs little)
    lines += [(b"etag", etag), (b"cache-control", b"no-cache")]
    return Kept(status=status, headers=lines, body=body, etag=etag, route=route)


class ResponseCache:
    """Pure ASGI middleware: a GET or HEAD whose answer a route marked ``cacheable`` is answered
    from ``pages`` (keyed by path, raw query, language and zone; valid as ``PageCache`` says)
    without routing, FastAPI or the store. An answer past its freshness is still served while
    one background task makes the new one."""

    def __init__(self, app: ASGIApp, pages: PageCache) -> None:
        self.app = app
        self.pages = pages
        self.making: set[Hashable] = set()
        self.checking: asyncio.Future[Any] | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        key = ("response", scope["path"], scope["query_string"], request_language(request),
               request_zone(request))
        if self.pages.generation_due():
            await self._check_generation()
        kept = self.pages.lookup(key)
        if kept is None:
            kept = self._stale(key)
            if kept is not None and key not in self.making:  # one remake at a time per key
                self.making.add(key)
                asyncio.ensure_future(self._remake(key, dict(scope)))
        if kept is not None:
            scope["route"] = kept.route
            await _answer(kept, scope, request, send)
            return
        await self._make(key, scope, receive, send)

    async def _check_generation(self) -> None:
        """Ask the store for its generation in the thread pool, once for all the requests that
        come meanwhile."""
        if self.checking is None:
            self.checking = asyncio.ensure_future(run_in_threadpool(self.pages.generation))
            self.checking.add_done_callback(self._checked)
        await asyncio.shield(self.checking)

    def _checked(self, _: asyncio.Future[Any]) -> None:
        self.checking = None

    def _stale(self, key: Hashable) -> Kept | None:
        """The kept answer while it may stand in for one being made (None: make it now)."""
        entry = self.pages.entries.get(key)
        if entry is None or self.pages.clock() - entry.made >= STALE_SECONDS:
            return None
        return entry.value

    async def _make(self, key: Hashable, scope: Scope, receive: Receive, send: Send) -> None:
        """Route the request; an answer the route marked is held whole, given its ETag, kept
        and sent (so the first answer is the same as the kept ones); others pass through."""
        generation = self.pages.generation()
        made = self.pages.clock()
        start: Message | None = None
        body: list[bytes] = []

        async def keeping(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start" and _keeps(scope, message):
                start = message
                return
            if start is None:
                await send(message)
                return
            body.append(message.get("body", b""))
            if not message.get("more_body", False):
                kept = _kept(start["status"], list(start.get("headers", [])), b"".join(body),
                             scope.get("route"))
                self.pages.put(key, generation, made, kept)
                await _answer(kept, scope, Request(scope), send)

        await self.app(scope, receive, keeping)

    async def _remake(self, key: Hashable, scope: Scope) -> None:
        """Make the answer again with no client waiting for it."""
        scope = {**scope, "method": "GET"}
        scope.pop(CACHEABLE, None)

        async def receive() -> Message:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def discard(message: Message) -> None:
            return None

        try:
            if self.pages.generation_due():
                await self._check_generation()
            await self._make(key, scope, receive, discard)
        except Exception:  # noqa: BLE001 - the next request makes it again, and says why
            self.pages.drop(key)
        finally:
            self.making.discard(key)


async def _answer(kept: Kept, scope: Scope, request: Request, send: Send) -> None:
    """The kept answer, or a 304 when the client holds it (If-None-Match)."""
    if _matches(request.headers.get("if-none-match"), kept.etag):
        headers = [(k, v) for k, v in kept.headers if k not in _NOT_IN_304]
        await send({"type": "http.response.start", "status": 304, "headers": headers})
        await send({"type": "http.response.body", "body": b""})
        return
    await send({"type": "http.response.start", "status": kept.status, "headers": kept.headers})
    await send({"type": "http.response.body",
                "body": b"" if scope["method"] == "HEAD" else kept.body})


def _matches(if_none_match: str | None, etag: bytes) -> bool:
    """Whether an If-None-Match header names ``etag`` (weakly compared, RFC 9110 13.1.2)."""
    if not if_none_match:
        return False
    tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
    return "*" in tags or etag.decode() in tags
