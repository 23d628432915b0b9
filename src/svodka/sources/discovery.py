"""Feed auto-discovery on an outlet's homepage: declared feeds, then common paths to try."""

from __future__ import annotations

import re
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
# Sitemaps to try after the feeds (news sitemaps first); robots.txt names them best.
COMMON_SITEMAP_PATHS = ("/sitemap-news.xml", "/news-sitemap.xml", "/sitemap_news.xml",
                        "/sitemap.xml", "/sitemap_index.xml")
_FEED_PATH = re.compile(r"(?:^|/)(?:rss|feeds?|atom)(?:/|\.xml$|\.rss$|\.asp$|$)|\.rss$|/rss[\w-]*\.xml$")
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


def linked_feeds(html: str | LexborHTMLParser, base_url: str, limit: int = 5) -> list[str]:
    """Same-site ``<a>`` links that look like feeds ("/rss/", "rss.xml", "/feeds/news.xml",
    or an "RSS" label) — outlets that declare no ``<link rel="alternate">`` often have them."""
    tree = html if isinstance(html, LexborHTMLParser) else LexborHTMLParser(html)
    base = document_base(tree, base_url)
    host = urlsplit(base_url).hostname
    found: list[str] = []
    for node in tree.css("a[href]"):
        url = absolute_url(node.attributes.get("href"), base)
        if url is None or urlsplit(url).hostname != host:
            continue
        path = urlsplit(url).path.lower()
        label = (node.text(strip=True) or "").lower()
        if _FEED_PATH.search(path) or label in ("rss", "atom", "rss feed", "rss-стрічка"):
            found.append(url)
            if len(found) >= limit:
                break
    return _unique(found)


def candidate_feed_urls(base_url: str, *, sitemaps: bool = False) -> list[str]:
    """The common feed paths on the site of ``base_url`` (then common sitemap paths, if asked)."""
    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return []
    paths = COMMON_FEED_PATHS + (COMMON_SITEMAP_PATHS if sitemaps else ())
    return [urlunsplit((parts.scheme, parts.netloc, path, "", "")) for path in paths]


def discover_feeds(html: str, base_url: str, *, sitemaps: bool = False) -> list[str]:
    """Declared feeds (in page order, comment feeds last), feed-like links, then common paths.

    With ``sitemaps=True`` the common sitemap paths follow, for outlets that publish no feed.
    """
    tree = LexborHTMLParser(html)
    return _unique(declared_feeds(tree, base_url) + linked_feeds(tree, base_url)
                   + candidate_feed_urls(base_url, sitemaps=sitemaps))


def sitemaps_from_robots(robots_txt: str, base_url: str) -> list[str]:
    """The ``Sitemap:`` URLs a robots.txt names (absolute, http(s) only), in order."""
    found: list[str] = []
    for line in robots_txt.splitlines():
        key, _, value = line.partition(":")
        if key.strip().lower() == "sitemap":
            url = absolute_url(value.split("#")[0].strip(), base_url)
            if url:
                found.append(url)
    return _unique(found)


def _unique(urls: list[str]) -> list[str]:
    return list(dict.fromkeys(urls))
