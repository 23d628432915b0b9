"""One outlet's web site: routes a request target to a response (pages, feeds, images)."""

from __future__ import annotations

import gzip
import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC
from email.utils import format_datetime
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from svodka.dates import parse_http_date
from svodka.demo import feeds, images
from svodka.demo.model import OutletSpec, SampleArticle, SampleOutlet
from svodka.demo.styles import STYLES
from svodka.demo.styles.common import LOADER_PATH, PIXEL_PATH, SiteContext, path_of

_CDN = re.compile(r"^/cdn-cgi/image/([^/]*)(/.*)$")
_DERIVATIVE = re.compile(r"/styles/[^/]+/public/")
_DROPPED_PARAMS = ("utm_", "fbclid", "print")
# What a request target names, independent of its spelling: ("page", key), ("image", path,
# width, height), ("feed",), ...; every target naming it gets the same response.
_Key = tuple[str | int, ...]


@dataclass(slots=True)
class Response:
    status: int
    content_type: str
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


def _html(status: int, text: str) -> Response:
    return Response(status, "text/html; charset=utf-8", text.encode())


NOT_FOUND = "<!DOCTYPE html><html><head><title>404</title></head><body><h1>Not found</h1></body></html>"


@dataclass(frozen=True, slots=True)
class _Rendered:
    """A 200 response rendered once: its ETag, its body (stored gzipped when it would be
    served gzipped), and the route's own headers. Immutable: every request gets a fresh
    ``Response`` built from it."""

    content_type: str
    headers: tuple[tuple[str, str], ...]  # the route's headers, then the ETag
    etag: str
    last_modified: str | None
    body: bytes
    gzipped: bool

    @classmethod
    def of(cls, resp: Response) -> _Rendered:
        etag = '"' + hashlib.sha1(resp.body).hexdigest()[:20] + '"'
        compress = resp.content_type.startswith(("text/", "application/")) and len(resp.body) > 1024
        body = gzip.compress(resp.body, compresslevel=5) if compress else resp.body
        return cls(resp.content_type, (*resp.headers.items(), ("ETag", etag)), etag,
                   resp.headers.get("Last-Modified"), body, compress)

    def response(self, accept_gzip: bool) -> Response:
        if self.gzipped and accept_gzip:
            return Response(200, self.content_type, self.body, {
                **dict(self.headers), "Content-Encoding": "gzip", "Vary": "Accept-Encoding"})
        body = gzip.decompress(self.body) if self.gzipped else self.body
        return Response(200, self.content_type, body, dict(self.headers))


class _Memo:
    """Rendered responses by key; the least recently used go beyond ``budget`` bytes."""

    def __init__(self, budget: int) -> None:
        self._items: OrderedDict[_Key, _Rendered] = OrderedDict()
        self._size = 0
        self._budget = budget
        self._lock = threading.Lock()

    def get(self, key: _Key) -> _Rendered | None:
        with self._lock:
            item = self._items.get(key)
            if item is not None:
                self._items.move_to_end(key)
            return item

    def put(self, key: _Key, item: _Rendered) -> None:
        with self._lock:
            old = self._items.pop(key, None)
            self._size += len(item.body) - (len(old.body) if old else 0)
            self._items[key] = item
            while self._size > self._budget and len(self._items) > 1:
                _, dropped = self._items.popitem(last=False)
                self._size -= len(dropped.body)

    def size(self) -> int:
        with self._lock:
            return self._size


class OutletSite:
    """Serves one outlet. Pages are pure functions of the records: each is rendered (and
    gzipped) once, then served from a memo of at most ``memo_bytes``."""

    def __init__(self, spec: OutletSpec, outlet: SampleOutlet, articles: list[SampleArticle],
                 *, image_size: tuple[int, int] = (640, 360), memo_bytes: int = 16 << 20) -> None:
        self.spec = spec
        self.outlet = outlet
        ordered = sorted(articles, key=lambda a: a.published, reverse=True)
        self.context = SiteContext(spec, outlet, ordered)
        self.style = STYLES[spec.style]
        self.image_size = image_size
        self._pages = {path_of(a.url): a for a in ordered}
        self._images: dict[str, tuple[str, str]] = {}
        for a in ordered:
            for i, url in enumerate(a.image_urls):
                self._images[urlsplit(url).path] = (f"{spec.slug}/{a.number}/{i}",
                                                    f"{spec.slug} #{a.number}.{i}")
        self._last_modified = ordered[0].published if ordered else None
        self._memo = _Memo(memo_bytes)

    # -- routing -------------------------------------------------------------------------
    def respond(self, target: str, headers: Mapping[str, str] | None = None) -> Response:
        headers = headers or {}
        key = self._resolve(target)
        if key is None:
            return _html(404, NOT_FOUND)
        done = self._rendered(key)
        if headers.get("If-None-Match") == done.etag or self._not_modified_since(done, headers):
            return Response(304, done.content_type, b"", {"ETag": done.etag})
        return done.response("gzip" in headers.get("Accept-Encoding", ""))

    def prerender(self) -> int:
        """Render every page, feed and full-size image now; returns the bytes memoised."""
        keys: list[_Key] = [("robots",), ("feed",), ("index",), ("pixel",), ("loader",)]
        keys += [("page", path) for path in self._pages]
        keys += [k for path in self._images if (k := self._image_key(path, None))]
        for key in keys:
            self._rendered(key)
        return self._memo.size()

    def _rendered(self, key: _Key) -> _Rendered:
        done = self._memo.get(key)
        if done is None:
            done = _Rendered.of(self._render(key))
            self._memo.put(key, done)
        return done

    def _not_modified_since(self, done: _Rendered, headers: Mapping[str, str]) -> bool:
        since, modified = headers.get("If-Modified-Since"), done.last_modified
        if not since or not modified:
            return False
        when, seen = parse_http_date(modified), parse_http_date(since)
        return when is not None and seen is not None and when <= seen

    def _resolve(self, target: str) -> _Key | None:
        """What ``target`` names, or None (a 404)."""
        parts = urlsplit(target)
        path, query = unquote(parts.path), parts.query
        if path == "/robots.txt":
            return ("robots",)
        if path == self.spec.feed_path:
            return ("feed",)
        if path in ("/", self.spec.section_path):
            return ("index",)
        if path == PIXEL_PATH:
            return ("pixel",)
        if path == LOADER_PATH:
            return ("loader",)
        if path == "/_next/image":
            q = dict(parse_qsl(query))
            return self._image_key(urlsplit(q.get("url", "")).path, q.get("w"))
        if m := _CDN.match(path):
            opts = dict(o.split("=", 1) for o in m.group(1).split(",") if "=" in o)
            return self._image_key(m.group(2), opts.get("width"))
        if path in self._images or _DERIVATIVE.search(path):
            width = dict(parse_qsl(query)).get("resize", "").split(",")[0] or None
            return self._image_key(_DERIVATIVE.sub("/", path), width)
        kept = [(k, v) for k, v in parse_qsl(query) if not k.startswith(_DROPPED_PARAMS)]
        page = path + (f"?{urlencode(kept)}" if kept else "")
        return ("page", page) if page in self._pages else None

    def _image_key(self, path: str, width: str | None) -> _Key | None:
        if path not in self._images:
            return None
        w, h = self.image_size
        if width and width.isdigit() and 0 < int(width) < w:  # resizers never upscale
            w, h = int(width), int(width) * h // w
        return ("image", path, w, h)

    def _render(self, key: _Key) -> Response:
        kind = key[0]
        if kind == "page":
            return self._page(self.style.article_page(self._pages[str(key[1])], self.context))
        if kind == "image":
            return self._image(str(key[1]), int(key[2]), int(key[3]))
        if kind == "robots":
            return Response(200, "text/plain; charset=utf-8", self.robots_txt().encode())
        if kind == "feed":
            return self._feed()
        if kind == "index":
            return self._page(self.style.index_page(self.context))
        if kind == "pixel":
            return Response(200, "image/gif", images.PIXEL_GIF)
        return Response(200, "image/gif", images.spinner_gif())

    # -- responses -----------------------------------------------------------------------
    def _page(self, html: str) -> Response:
        enc = self.spec.encoding
        return Response(200, f"text/html; charset={enc}",
                        html.encode(enc, errors="xmlcharrefreplace"))

    def _feed(self) -> Response:
        fmt = self.spec.feed_format
        text = feeds.RENDERERS[fmt](self.context)
        enc = self.spec.encoding if fmt == "rss" else "utf-8"
        resp = Response(200, f"{feeds.CONTENT_TYPES[fmt]}; charset={enc}",
                        text.encode(enc, errors="xmlcharrefreplace"))
        if self._last_modified is not None:
            resp.headers["Last-Modified"] = format_datetime(
                self._last_modified.astimezone(UTC), usegmt=True)
        return resp

    def _image(self, path: str, w: int, h: int) -> Response:
        key, label = self._images[path]
        fmt = self.spec.image_format
        data = images.picture(key, w, h, fmt, label)
        return Response(200, "image/png" if fmt == "png" else "image/jpeg", data,
                        {"Cache-Control": "public, max-age=86400"})

    def robots_txt(self) -> str:
        lines = ["User-agent: *", "Disallow: /search/", "Disallow: /admin/",
                 "Disallow: /private/", "", "User-agent: BadBot", "Disallow: /", ""]
        root = self.outlet.base_url.rstrip("/")
        if self.spec.feed_format == "news-sitemap":
            lines.append(f"Sitemap: {root}{self.spec.feed_path}")
        return "\n".join(lines) + "\n"
