"""``read_source``: sniff a fetched body and hand it to the right reader.

The body decides, not the Content-Type (which lies): gzip magic, then JSON Feed, then the XML
root element (after the entity guard), then HTML.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

from svodka.charset import decode_html
from svodka.records import Page, Source
from svodka.sources.discovery import candidate_feed_urls, declared_feeds, linked_feeds
from svodka.sources.feeds import is_json_feed, read_json_feed, read_xml_feed
from svodka.sources.result import SourceError, SourceResult
from svodka.sources.safexml import gunzip_bounded, local_name, root_closed, scan_prolog
from svodka.sources.sections import find_article_links
from svodka.sources.sitemaps import read_text_sitemap, read_xml_sitemap

# A body larger than this is not parsed (the fetcher's own limit is usually lower).
MAX_BODY_BYTES = 64 * 1024 * 1024

_FEED_ROOTS = {"rss", "rdf", "feed", "channel"}
_SITEMAP_ROOTS = {"urlset", "sitemapindex"}
_FEED_START = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]")


def read_source(source: Source, page: Page) -> SourceResult:
    """What ``page`` (fetched for ``source``) announces; raises SourceError with a reason.

    Kinds: "rss", "atom", "rdf", "jsonfeed" (entries, ttl); "sitemap", "newssitemap" (entries);
    "sitemapindex" (child_urls); "section" (article links, when ``source.kind == "section"`` or
    ``source.article_pattern`` is set); "html" (any other page: declared feeds then common feed
    and sitemap paths in child_urls, and the page's article links as entries).
    Refused: error statuses and 304, empty bodies, entity declarations (UnsafeXMLError),
    gzip bombs, truncated XML, documents with nothing usable, an HTML page with neither feed
    links nor article links where a feed or sitemap was expected.
    """
    if page.status == 304:
        raise SourceError("not modified (304): nothing to read")
    if page.status >= 400:
        raise SourceError(f"HTTP {page.status}")
    body = page.body
    if len(body) > MAX_BODY_BYTES:
        raise SourceError(f"body of {len(body)} bytes is over the {MAX_BODY_BYTES} limit")
    body = gunzip_bounded(body)
    if not body.strip():
        raise SourceError("empty body")
    if is_json_feed(body):
        return read_json_feed(body, page.url)
    head = body.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head[:1] == b"{" or head[:1] == b"[":
        raise SourceError("JSON that is not a JSON Feed")
    try:
        prolog = scan_prolog(body)
    except SourceError as e:
        # An unsafe declaration is refused outright; a truncated prolog may still be HTML.
        if type(e) is not SourceError or not _looks_like_html(body):
            raise
        return _read_html(source, page, body)
    root = local_name(prolog.root)
    ctype = page.headers.get("content-type", "")
    if root in _FEED_ROOTS and not prolog.text_first:
        _require_complete(body, prolog.root or root)
        return read_xml_feed(body, page.url, ctype)
    if root in _SITEMAP_ROOTS and not prolog.text_first:
        _require_complete(body, prolog.root or root)
        return read_xml_sitemap(body, page.url)
    junk_then_feed = _FEED_START.search(body[:4096])
    if root not in _FEED_ROOTS and junk_then_feed:
        # Junk (a PHP warning, a stray tag) before the feed: feedparser's loose parser copes.
        _require_complete(body, junk_then_feed.group(1).decode())
        return read_xml_feed(body, page.url, ctype)
    if not root and not _looks_like_html(body):
        if head.startswith((b"http://", b"https://")):
            return read_text_sitemap(decode_html(body, page.headers.get("content-type")), page.url)
        raise SourceError("not a feed, sitemap or web page: no markup found")
    if root == "html" or _looks_like_html(body):
        return _read_html(source, page, body)
    raise SourceError(f"unknown document type: root element <{prolog.root}>")


def _require_complete(body: bytes, root: str) -> None:
    """Refuse a document cut short (malformed ones that end properly are recovered instead)."""
    if not root_closed(body, root):
        raise SourceError(f"truncated XML: the document ends before </{root}> (incomplete transfer?)")


def _looks_like_html(body: bytes) -> bool:
    sample = body[:65536].lower()
    return any(tag in sample for tag in (b"<html", b"<body", b"<a ", b"<div", b"<head"))


def _read_html(source: Source, page: Page, body: bytes) -> SourceResult:
    html = decode_html(body, page.headers.get("content-type"))
    tree = LexborHTMLParser(html)
    title_node = tree.css_first("title")
    title = title_node.text(strip=True) if title_node is not None else None
    title = title or None
    if source.kind == "section" or source.article_pattern:
        entries = find_article_links(tree, page.url, source.article_pattern)
        if not entries:
            raise SourceError("section page without article links")
        return SourceResult(kind="section", title=title, entries=entries)
    declared = declared_feeds(tree, page.url) + linked_feeds(tree, page.url)
    entries = find_article_links(tree, page.url)  # (drops nav and footer from the tree)
    if source.kind in ("feed", "sitemap") and not declared and not entries:
        raise SourceError(f"expected a {source.kind}, got an HTML page with no feed or article links")
    child_urls = list(dict.fromkeys(declared + candidate_feed_urls(page.url, sitemaps=True)))
    return SourceResult(kind="html", title=title, entries=entries, child_urls=child_urls)
