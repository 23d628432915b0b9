"""Sources that fail the way real ones do, on their own port, each named with its fault."""

from __future__ import annotations

import socket
from collections.abc import Mapping
from dataclasses import dataclass
from xml.sax.saxutils import quoteattr

from svodka.demo.model import SampleOutlet
from svodka.demo.server import App, ServedWeb
from svodka.demo.site import Response

_VALID_RSS = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Private'
              "</title><link>/</link><item><title>Hidden</title><link>/private/1.html</link>"
              "</item></channel></rss>")
_BROKEN_RSS = ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Broken'
               "</title><item><title>Unclosed <b>tag</title><link>/a.html</link></item>"
               "<item><title>Cut off here")
_HTML = ("<!DOCTYPE html><html lang=\"en\"><head><title>Welcome</title></head><body><h1>Our "
         "new website</h1><p>The feed has moved. Please update your bookmarks.</p></body></html>")

# name -> (path, what is wrong, status, content type, body, extra headers)
_ROUTES: dict[str, tuple[str, str, int, str, str, dict[str, str]]] = {
    "not-found": ("/feeds/missing.xml", "HTTP 404", 404, "text/html; charset=utf-8",
                  "<h1>Not found</h1>", {}),
    "html-not-feed": ("/feeds/news.xml", "an HTML page instead of a feed", 200,
                      "text/html; charset=utf-8", _HTML, {}),
    "malformed-xml": ("/feeds/broken.xml", "malformed, truncated XML", 200,
                      "application/rss+xml; charset=utf-8", _BROKEN_RSS, {}),
    "server-error": ("/feeds/error.xml", "HTTP 500", 500, "text/plain; charset=utf-8",
                     "Internal Server Error", {}),
    "empty-body": ("/feeds/empty.xml", "an empty 200 response", 200, "application/rss+xml", "", {}),
    "redirect-loop": ("/feeds/loop.xml", "a redirect to itself", 302, "text/plain", "",
                      {"Location": "/feeds/loop.xml"}),
    "robots-denied": ("/private/feed.xml", "a valid feed that robots.txt disallows", 200,
                      "application/rss+xml; charset=utf-8", _VALID_RSS, {}),
}
_ROBOTS = "User-agent: *\nDisallow: /private/\n"


@dataclass(frozen=True, slots=True)
class FaultySource:
    name: str
    url: str
    fault: str  # what is wrong, in words


class _FaultySite:
    def __init__(self, outlet: SampleOutlet) -> None:
        self.outlet = outlet
        self._by_path = {route[0]: route for route in _ROUTES.values()}

    def respond(self, target: str, headers: Mapping[str, str] | None = None) -> Response:
        path = target.split("?", 1)[0]
        if path == "/robots.txt":
            return Response(200, "text/plain; charset=utf-8", _ROBOTS.encode())
        route = self._by_path.get(path)
        if route is None:
            return Response(404, "text/plain; charset=utf-8", b"not found")
        _, _, status, ctype, body, extra = route
        return Response(status, ctype, body.encode(), dict(extra))


def _closed_port(host: str) -> int:
    """A port nothing listens on (bound, then released)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


class FaultyWeb(ServedWeb):
    """One server with broken feeds, plus an unreachable one. ``sources`` names them all."""

    def __init__(self, *, host: str = "127.0.0.1") -> None:
        super().__init__(host=host)
        self.sources: list[FaultySource] = []

    def _server_count(self) -> int:
        return 1

    def _build(self, roots: list[str]) -> list[App]:
        root = roots[0]
        self.sources = [FaultySource(name, root + path, fault)
                        for name, (path, fault, *_rest) in _ROUTES.items()]
        host = f"[{self.host}]" if ":" in self.host else self.host
        self.sources.append(FaultySource(
            "unreachable", f"http://{host}:{_closed_port(self.host)}/feed.xml",
            "nothing listens on this port"))
        outlet = SampleOutlet(slug="faulty", name="Faulty sources", language="en",
                              base_url=root + "/", feed_url=self.sources[0].url, kind="feed")
        return [_FaultySite(outlet)]

    def start(self) -> FaultyWeb:
        super().start()
        return self

    def __enter__(self) -> FaultyWeb:
        return self.start()

    def url(self, name: str) -> str:
        return next(s.url for s in self.sources if s.name == name)

    def urls(self) -> dict[str, str]:
        """Fault name -> URL, for every faulty source."""
        return {s.name: s.url for s in self.sources}

    def opml(self) -> str:
        rows = "\n".join(f"<outline type=\"rss\" text={quoteattr(s.name)} xmlUrl={quoteattr(s.url)}/>"
                         for s in self.sources)
        return ('<?xml version="1.0" encoding="UTF-8"?>\n<opml version="2.0"><head><title>'
                f"svodka faulty sources</title></head><body>\n{rows}\n</body></opml>\n")
