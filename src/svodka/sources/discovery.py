"""Feed auto-discovery on an outlet's homepage: declared feeds, then common paths to try."""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from selectolax.lexbor import LexborHTMLParser

from svodka.sources.common import absolute_url, document_base

FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
)
# Where feeds usually live, tried in this order when the page declares none that work.
COMMON_FEED_PATHS = ("/rss", "/feed", "/rss.xml", "/atom.xml", "/feed.xml", "/index.xml")
# Declared feeds whose title says they are comments, not articles, go last.
_COMMENT_WORDS = ("comment", "коммент", "комент")


def declared_feeds(html: str | LexborHTMLParser, base_url: str) -> list[str]:
    """Feeds the page declares with ``<link rel="alternate" type="...">``, article feeds first."""
    tree = html if isinstance(html, LexborHTMLParser) else LexborHTMLParser(html)
    base = document_base(tree, base_url)
    main: list[str] = []
    comments: list[str] = []
    for node in tree.css("link[href]"):
        attrs = node.attributes
        rels = (attrs.get("rel") or "").lower().split()
        kind = (attrs.get("type") or "").split(";")[0].strip().lower()
        if "alternate" not in rels or kind not in FEED_TYPES:
            continue
        url = absolute_url(attrs.get("href"), base)
        if url is None:
            continue
        title = (attrs.get("title") or "").lower()
        (comments if any(w in title for w in _COMMENT_WORDS) else main).append(url)
    return _unique(main + comments)


def candidate_feed_urls(base_url: str) -> list[str]:
    """The common feed paths on the site of ``base_url``."""
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return []
    return [urlunsplit((parts.scheme, parts.netloc, path, "", "")) for path in COMMON_FEED_PATHS]


def discover_feeds(html: str, base_url: str) -> list[str]:
    """Declared feeds (in page order, comment feeds last), then common paths as candidates."""
    return _unique(declared_feeds(html, base_url) + candidate_feed_urls(base_url))


def _unique(urls: list[str]) -> list[str]:
    return list(dict.fromkeys(urls))
