"""svodka's sources stage: what a feed, sitemap or section page announces.

``read_source(source, page) -> SourceResult`` sniffs the fetched body (RSS 0.9x/1.0/2.0, Atom,
JSON Feed, XML/news/gzip'd/text sitemaps, sitemap indexes, HTML section pages and homepages)
and raises ``SourceError(reason)`` when nothing usable is there. XML entity declarations are
refused before any parser runs. OPML import/export lives in ``svodka.sources.opml``.
"""

from svodka.sources.discovery import discover_feeds, sitemaps_from_robots
from svodka.sources.opml import load_default_sources, read_opml, write_opml
from svodka.sources.reader import read_source
from svodka.sources.result import SourceError, SourceResult
from svodka.sources.safexml import UnsafeXMLError
from svodka.sources.sections import find_article_links, learn_article_pattern

__all__ = [
    "SourceError",
    "SourceResult",
    "UnsafeXMLError",
    "discover_feeds",
    "find_article_links",
    "learn_article_pattern",
    "load_default_sources",
    "read_opml",
    "read_source",
    "sitemaps_from_robots",
    "write_opml",
]
