"""One outlet's web site: routes a request target to a response (pages, feeds, images)."""

from __future__ import annotations

import gzip
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC
from email.utils import format_datetime, parsedate_to_datetime
from urllib.parse import parse_qsl, unquote, urlencode, urlsplit

from svodka.demo import feeds, images
from svodka.demo.model import OutletSpec, SampleArticle, SampleOutlet
from svodka.demo.styles import STYLES
from svodka.demo.styles.common import LOADER_PATH, PIXEL_PATH, SiteContext, path_of

_CDN = re.compile(r"^/cdn-cgi/image/([^/]*)(/.*)$")
_DERIVATIVE = re.compile(r"/styles/[^/]+/public/")
_DROPPED_PARAMS = ("utm_", "fbclid", "print")


@dataclass(slots=True)
class Response:
    status: int
    content_type: str
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


def _html(status: int, text: str) -> Response:
    return Response(status, "text/html; charset=utf-8", text.encode())


NOT_FOUND = "<!DOCTYPE html><html><head><title>404</title></head><body><h1>Not found</h1></body></html>"


class OutletSite:
    """Serves one outlet. Pages are rendered on demand (pure functions of the records)."""

    def __init__(self, spec: OutletSpec, outlet: SampleOutlet, articles: list[SampleArticle],
                 *, image_size: tuple[int, int] = (640, 360)) -> None:
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

    # -- routing -------------------------------------------------------------------------
    def respond(self, target: str, headers: Mapping[str, str] | None = None) -> Response:
        headers = headers or {}
        resp = self._route(target)
        if resp.status == 200:
            etag = '"' + hashlib.sha1(resp.body).hexdigest()[:20] + '"'
            resp.headers["ETag"] = etag
            if headers.get("If-None-Match") == etag or self._not_modified_since(resp, headers):
                return Response(304, resp.content_type, b"", {"ETag": etag})
            if "gzip" in headers.get("Accept-Encoding", "") and resp.content_type.startswith(
                    ("text/", "application/")) and len(resp.body) > 1024:
                resp.body = gzip.compress(resp.body, compresslevel=5)
                resp.headers["Content-Encoding"] = "gzip"
                resp.headers["Vary"] = "Accept-Encoding"
        return resp

    def _not_modified_since(self, resp: Response, headers: Mapping[str, str]) -> bool:
        since, modified = headers.get("If-Modified-Since"), resp.headers.get("Last-Modified")
        if not since or not modified:
            return False
        try:
            return parsedate_to_datetime(modified) <= parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False

    def _route(self, target: str) -> Response:
        parts = urlsplit(target)
        path, query = unquote(parts.path), parts.query
        if path == "/robots.txt":
            return Response(200, "text/plain; charset=utf-8", self.robots_txt().encode())
        if path == self.spec.feed_path:
            return self._feed()
        if path in ("/", self.spec.section_path):
            return self._page(self.style.index_page(self.context))
        if path == PIXEL_PATH:
            return Response(200, "image/gif", images.PIXEL_GIF)
        if path == LOADER_PATH:
            return Response(200, "image/gif", images.spinner_gif())
        if path == "/_next/image":
            q = dict(parse_qsl(query))
            return self._image(urlsplit(q.get("url", "")).path, q.get("w"))
        if m := _CDN.match(path):
            opts = dict(o.split("=", 1) for o in m.group(1).split(",") if "=" in o)
            return self._image(m.group(2), opts.get("width"))
        if path in self._images or _DERIVATIVE.search(path):
            width = dict(parse_qsl(query)).get("resize", "").split(",")[0] or None
            return self._image(_DERIVATIVE.sub("/", path), width)
        kept = [(k, v) for k, v in parse_qsl(query) if not k.startswith(_DROPPED_PARAMS)]
        article = self._pages.get(path + (f"?{urlencode(kept)}" if kept else ""))
        if article is None:
            return _html(404, NOT_FOUND)
        return self._page(self.style.article_page(article, self.context))

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

    def _image(self, path: str, width: str | None) -> Response:
        found = self._images.get(path)
        if found is None:
            return _html(404, NOT_FOUND)
        key, label = found
        w, h = self.image_size
        if width and width.isdigit() and 0 < int(width) < w:  # resizers never upscale
            w, h = int(width), int(width) * h // w
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
