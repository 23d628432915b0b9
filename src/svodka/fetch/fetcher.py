"""The Fetcher: polite, safe async HTTP GET returning ``Page`` records.

Every hop (redirects are followed here, not by httpx) is checked: scheme, the SSRF
guard (IP literals at once, names at connect time on the address actually used),
robots.txt of its origin; then it waits for its host's slot (concurrency cap,
crawl-delay / minimum interval) and a global slot. Bodies are streamed within size and
decompression limits under connect/read/total timeouts. Failures raise ``FetchError``
with a reason and a retry hint; every response but a 304 goes to the WARC archive.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urldefrag, urljoin, urlsplit

import httpcore
import httpx

from svodka import metrics
from svodka.config import Settings
from svodka.fetch.archive import WarcArchive
from svodka.fetch.body import ACCEPT_ENCODING, BodyTooLarge, read_body
from svodka.fetch.errors import FetchError
from svodka.fetch.hosts import HostGate, HostHeld, Pacer
from svodka.fetch.policy import parse_retry_after, retry_delay
from svodka.fetch.pools import PoolSet
from svodka.fetch.robots import MAX_ROBOTS_BYTES, RobotsCache, RobotsRules, RobotsUnavailable
from svodka.fetch.ssrf import AddressPolicy, GuardedBackend, Resolver, SSRFRefused
from svodka.records import Page

__all__ = ["Fetcher", "Timeouts"]

log = logging.getLogger(__name__)

ACCEPT = {
    "page": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
    "feed": "application/rss+xml,application/atom+xml,application/feed+json,"
    "application/xml;q=0.9,text/xml;q=0.9,text/html;q=0.5,*/*;q=0.3",
    "image": "image/avif,image/webp,image/png,image/jpeg,image/*;q=0.8,*/*;q=0.3",
    "robots": "text/plain,*/*;q=0.5",
}
REDIRECTS = frozenset({301, 302, 303, 307, 308})
PERMANENT_STATUSES = frozenset({400, 401, 403, 404, 405, 406, 410, 414, 451, 501})
_DROPPED_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})


@dataclass(frozen=True, slots=True)
class Timeouts:
    connect: float = 10.0
    read: float = 20.0  # longest silence while waiting for bytes
    total: float = 60.0  # one request/response exchange, body included


class _GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's transport over a connection pool whose network backend is the SSRF guard.

    httpx (0.28) offers no network-backend option, so the pool it builds is replaced;
    the request handling and error mapping of ``AsyncHTTPTransport`` are kept.
    """

    def __init__(self, policy: AddressPolicy, ssl_context: ssl.SSLContext, limit: int) -> None:
        super().__init__(verify=ssl_context, retries=0)
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=ssl_context,
            max_connections=limit,
            max_keepalive_connections=limit,
            keepalive_expiry=30.0,
            http1=True,
            http2=False,
            retries=0,
            network_backend=GuardedBackend(policy),
        )


def _page_headers(response: httpx.Response) -> dict[str, str]:
    headers: dict[str, str] = {}
    for name, value in response.headers.multi_items():
        name = name.lower()
        if name not in _DROPPED_HEADERS:
            headers[name] = f"{headers[name]}, {value}" if name in headers else value
    return headers


def _remember_cookies(jar: dict[str, str], set_cookies: list[str]) -> None:
    """Keep name=value of each Set-Cookie (attributes ignored: the jar lives for one fetch,
    so that consent redirects that set a cookie and redirect back do not loop)."""
    for header in set_cookies:
        name, sep, value = header.split(";", 1)[0].partition("=")
        name = name.strip()
        if sep and name:
            if value.strip():
                jar[name] = value.strip()
            else:
                jar.pop(name, None)


def _host_key(url: str) -> str:
    """"host:port" of a URL: the unit of politeness, robots and connection pooling."""
    parts = urlsplit(url)
    default = 443 if parts.scheme.lower() == "https" else 80
    return f"{parts.hostname}:{parts.port or default}"


def _host_label(url: str) -> str:
    """The host for metrics: ``_host_key``, or "invalid" for a URL that has none."""
    try:
        return _host_key(url)
    except ValueError:
        return "invalid"


class Fetcher:
    """Fetch URLs politely and safely; see the module docstring."""

    def __init__(
        self,
        settings: Settings,
        archive: WarcArchive | None = None,
        *,
        max_bytes: int = 15_000_000,
        timeout: Timeouts | float | None = None,
        max_redirects: int = 5,
        resolver: Resolver | None = None,
        host_interval: float = 0.0,
        max_crawl_delay: float = 30.0,
        max_hold_wait: float = 30.0,
        obey_robots: bool = True,
        verify: ssl.SSLContext | bool = True,
        pacer: Pacer | None = None,
    ) -> None:
        self.settings = settings
        self.pacer = pacer  # shares hosts' pacing with other processes
        self.archive = archive
        self.max_bytes = max_bytes
        if timeout is None or isinstance(timeout, Timeouts):
            self.timeouts = timeout or Timeouts()
        else:
            self.timeouts = Timeouts(connect=timeout, read=timeout, total=timeout)
        self.max_redirects = max_redirects
        self.host_interval = host_interval
        self.max_crawl_delay = max_crawl_delay
        self.max_hold_wait = max_hold_wait
        self.obey_robots = obey_robots
        self.policy = AddressPolicy(settings.fetch_allow, resolver)
        if isinstance(verify, ssl.SSLContext):
            ssl_context = verify
        else:
            ssl_context = httpx.create_ssl_context(verify=verify, trust_env=False)
        t = self.timeouts
        # Transports are used directly, without httpx.AsyncClient: redirects, cookies and
        # proxies are not wanted (a proxy would bypass the guard), and the client would parse
        # Location headers that the guard must judge first.
        per_host = max(1, settings.per_host_concurrency) + 1
        self._pools = PoolSet(lambda: _GuardedTransport(self.policy, ssl_context, per_host))
        self._timeout_ext = httpx.Timeout(
            connect=t.connect, read=t.read, write=t.read, pool=t.total
        ).as_dict()
        self._global = asyncio.Semaphore(max(1, settings.fetch_concurrency))
        self._gates: dict[str, HostGate] = {}
        self._robots = RobotsCache(self._fetch_robots, settings.user_agent)

    async def aclose(self) -> None:
        await self._pools.aclose()

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    # -- public ------------------------------------------------------------------------------

    async def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        kind: str = "page",
        max_bytes: int | None = None,
        attempt: int = 0,
    ) -> Page:
        """GET ``url`` following redirects; ``Page(status=304)`` when not modified.

        ``attempt`` (0 for a first try) only scales the retry hint of a FetchError.
        """
        started = time.monotonic()
        outcome = "internal"
        try:
            page = await self._fetch(url, etag=etag, last_modified=last_modified, kind=kind,
                                     max_bytes=max_bytes, attempt=attempt)
            outcome = metrics.fetch_outcome(status=page.status)
            return page
        except FetchError as exc:
            outcome = metrics.fetch_outcome(error_kind=exc.kind)
            raise
        finally:
            metrics.FETCHES.labels(outcome, kind, _host_label(url)).inc()
            metrics.FETCH_SECONDS.labels(kind).observe(time.monotonic() - started)

    async def _fetch(self, url: str, *, etag: str | None, last_modified: str | None, kind: str,
                     max_bytes: int | None, attempt: int) -> Page:
        limit = max_bytes or self.max_bytes
        headers = self._headers(kind)
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        chain: list[str] = []
        seen: set[tuple[str, str]] = set()  # (url, cookies sent): revisiting one is a loop
        jars: dict[str, dict[str, str]] = {}  # cookies set during this fetch, per host
        current = url
        for _ in range(self.max_redirects + 1):
            jar = jars.setdefault(_host_key(current), {})
            cookie = "; ".join(f"{k}={v}" for k, v in jar.items())
            if (current, cookie) in seen:
                raise FetchError(
                    "redirect loop: " + " -> ".join([*chain, current]), kind="redirect",
                    url=url, retry_after=retry_delay(attempt, url),
                )
            seen.add((current, cookie))
            chain.append(current)
            hop_headers = {**headers, "Cookie": cookie} if cookie else headers
            try:
                page = await self._hop(current, hop_headers, limit, url, attempt, jar)
            except FetchError as exc:
                exc.url = exc.url or current
                if exc.kind == "ssrf" and current != url:  # a redirect into a refused network
                    log.warning("fetch %s: redirected to %s: %s", url, current, exc.reason)
                raise
            page.requested_url = url
            if page.status != 304 and self.archive is not None:
                await self._archive(page)
            location = page.headers.get("location")
            if page.status in REDIRECTS and location:
                current = urldefrag(urljoin(current, location.strip()))[0]
                continue
            if page.status >= 400:
                raise self._status_error(page, url, attempt)
            return page
        raise FetchError(
            f"too many redirects (more than {self.max_redirects}): " + " -> ".join(chain),
            kind="redirect", url=url, retry_after=retry_delay(attempt, url),
        )

    async def _archive(self, page: Page) -> None:
        # Small pages are written inline (a thread hop costs more than the write); big
        # bodies are compressed in a thread so the event loop keeps serving other fetches.
        assert self.archive is not None
        if len(page.body) <= 256 * 1024:
            self.archive.record(page)
        else:
            await asyncio.to_thread(self.archive.record, page)

    async def robots_rules(self, url: str) -> RobotsRules:
        """The robots.txt rules for ``url``'s origin (cached), e.g. for its Sitemap lines."""
        try:
            return await self._robots.rules_for(url)
        except RobotsUnavailable as exc:
            raise FetchError(str(exc), kind="robots", url=url, retry_after=retry_delay(0, url)) from exc

    # -- one hop -----------------------------------------------------------------------------

    def _headers(self, kind: str) -> dict[str, str]:
        return {
            "User-Agent": self.settings.user_agent,
            "Accept": ACCEPT.get(kind, ACCEPT["page"]),
            "Accept-Encoding": ACCEPT_ENCODING,
            "Accept-Language": "uk,ru;q=0.9,en;q=0.8",
        }

    def _check_url(self, url: str) -> str:
        """Scheme and IP-literal checks; returns the host key ("host:port")."""
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in ("http", "https"):
            raise FetchError(
                f"refused: scheme {scheme or '(none)'!r} is not fetched", kind="ssrf", url=url,
                permanent=True,
            )
        try:
            host, port = parts.hostname, parts.port  # reading .port validates it
        except ValueError as exc:
            raise FetchError(f"invalid URL {url!r}: {exc}", kind="url", permanent=True) from exc
        if not host:
            raise FetchError(f"invalid URL {url!r}: no host", kind="url", permanent=True)
        try:
            self.policy.check_url_host(
                host, port or (443 if scheme == "https" else 80))
        except SSRFRefused as exc:
            raise FetchError(exc.reason, kind="ssrf", url=url, permanent=True) from exc
        return _host_key(url)

    async def _hop(self, url: str, headers: dict[str, str], limit: int, key: str,
                   attempt: int, jar: dict[str, str] | None = None) -> Page:
        host_key = self._check_url(url)
        delay = self.host_interval
        if self.obey_robots:
            try:
                rules = await self._robots.rules_for(url)
            except RobotsUnavailable as exc:
                raise FetchError(
                    f"robots.txt unavailable, not crawling for now: {exc}", kind="robots",
                    url=url, retry_after=retry_delay(attempt, key),
                ) from exc
            if not rules.allowed(url):
                raise FetchError(
                    f"robots.txt of {urlsplit(url).netloc} disallows {url}", kind="robots",
                    url=url, permanent=True,
                )
            delay = max(delay, min(rules.crawl_delay or 0.0, self.max_crawl_delay))
        gate = self._gates.get(host_key)
        if gate is None:
            gate = self._gates[host_key] = HostGate(self.settings.per_host_concurrency,
                                                    max_hold_wait=self.max_hold_wait)
        try:
            async with gate.slot(delay, host=host_key, pacer=self.pacer), self._global:
                page = await self._exchange(url, headers, limit, key, attempt, jar=jar)
        except HostHeld as exc:
            raise FetchError(f"{host_key} {exc}", kind="backoff", url=url,
                             retry_after=exc.remaining) from exc
        if page.status in (429, 503):
            hint = parse_retry_after(page.headers.get("retry-after"))
            if hint:
                gate.back_off(min(hint, 3600.0))
                if self.pacer is not None:
                    await asyncio.to_thread(self.pacer.hold_host, host_key, min(hint, 3600.0))
        return page

    async def _exchange(self, url: str, headers: dict[str, str], limit: int, key: str,
                        attempt: int, *, truncate: bool = False,
                        jar: dict[str, str] | None = None) -> Page:
        """One request and its (bounded) response; transport failures become FetchError.
        Cookies the response sets are put in ``jar`` (when given)."""

        def fail(kind: str, reason: str, permanent: bool = False) -> FetchError:
            return FetchError(reason, kind=kind, url=url, permanent=permanent,
                              retry_after=retry_delay(attempt, key))

        t = self.timeouts
        try:
            request = httpx.Request("GET", url, headers=headers,
                                    extensions={"timeout": self._timeout_ext})
            pool = self._pools.use(_host_key(url))
            async with asyncio.timeout(t.total), pool as transport:
                try:
                    response = await transport.handle_async_request(request)
                except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError):
                    # The server may close a kept-alive connection just as it is reused; a GET
                    # is safe to send once more (on a new connection: the broken one is gone).
                    response = await transport.handle_async_request(request)
                try:
                    status = response.status_code
                    page_headers = _page_headers(response)
                    if jar is not None:
                        _remember_cookies(jar, response.headers.get_list("set-cookie"))
                    body = b""
                    if status not in REDIRECTS and status != 304:
                        declared = response.headers.get("content-length", "")
                        if declared.isdigit() and int(declared) > limit and not truncate:
                            raise BodyTooLarge
                        encoding = response.headers.get("content-encoding", "")
                        body = await read_body(response.aiter_raw(), encoding, limit,
                                               truncate=truncate)
                finally:
                    await response.aclose()
        except BodyTooLarge:
            raise fail("too_large", f"body of {url} exceeds {limit} bytes", permanent=True) from None
        except FetchError as exc:  # decoding errors from read_body
            raise fail(exc.kind, f"{url}: {exc.reason}", exc.permanent) from exc
        except SSRFRefused as exc:
            raise FetchError(exc.reason, kind="ssrf", url=url, permanent=True) from exc
        except TimeoutError as exc:
            raise fail("timeout", f"{url}: total timeout of {t.total:g}s exceeded "
                       "(slow server or slow body)") from exc
        except httpx.ConnectTimeout as exc:
            raise fail("timeout", f"{url}: connect timeout ({t.connect:g}s)") from exc
        except httpx.TimeoutException as exc:
            raise fail("timeout", f"{url}: read timeout (no data for {t.read:g}s)") from exc
        except httpx.ConnectError as exc:
            raise fail("connect", f"{url}: cannot connect: {exc}") from exc
        except (httpx.RemoteProtocolError, httpx.ReadError, httpx.WriteError) as exc:
            raise fail("protocol", f"{url}: connection broken: {exc}") from exc
        except (httpx.InvalidURL, httpx.UnsupportedProtocol, httpx.LocalProtocolError) as exc:
            raise FetchError(f"invalid URL {url!r}: {exc}", kind="url", url=url,
                             permanent=True) from exc
        return Page(url=url, status=status, headers=page_headers, body=body,
                    fetched_at=datetime.now(UTC))

    def _status_error(self, page: Page, url: str, attempt: int) -> FetchError:
        hint = parse_retry_after(page.headers.get("retry-after"))
        return FetchError(
            f"{page.url} answered HTTP {page.status}", kind="http", url=url, status=page.status,
            permanent=page.status in PERMANENT_STATUSES,
            retry_after=hint if hint is not None else retry_delay(attempt, url),
        )

    async def _fetch_robots(self, url: str) -> tuple[int, bytes]:
        """robots.txt for the cache, following up to 5 redirects. A refused, unreachable or
        silent host fails the fetch as such; other failures make the origin "unavailable"."""
        try:
            for _ in range(5):
                self._check_url(url)
                async with self._global:
                    page = await self._exchange(url, self._headers("robots"), MAX_ROBOTS_BYTES,
                                                url, 0, truncate=True)
                location = page.headers.get("location")
                if page.status not in REDIRECTS or not location:
                    return page.status, page.body
                url = urljoin(url, location.strip())
            return 404, b""  # a redirect maze: treated as no robots.txt
        except FetchError as exc:
            if exc.kind in ("ssrf", "connect", "timeout"):  # the host itself is the problem:
                # say so about the host, not about the robots.txt it was asked for first
                raise FetchError(exc.reason.removeprefix(f"{url}: "), kind=exc.kind,
                                 url=url, status=exc.status, retry_after=exc.retry_after,
                                 permanent=exc.permanent) from exc
            raise RobotsUnavailable(exc.reason) from exc
