"""The sources stage's result record and error (kept apart so every submodule can import them)."""

from __future__ import annotations

from dataclasses import dataclass, field

from svodka.records import FeedEntry

# Upper bound on entries taken from one document: a feed or sitemap announcing more is cut here.
MAX_ENTRIES = 50_000


@dataclass(slots=True)
class SourceResult:
    """What one fetched source document announced."""

    # "rss", "atom", "rdf", "jsonfeed", "sitemap", "sitemapindex", "newssitemap", "section", "html"
    kind: str
    title: str | None = None
    # Absolute article URLs (not yet canonicalised) with what the source said of them.
    entries: list[FeedEntry] = field(default_factory=list)
    # Sitemap index children, or feeds discovered on an HTML homepage (candidates, best first).
    child_urls: list[str] = field(default_factory=list)
    # How long the source asks to be left alone (<ttl>, sy:updatePeriod/updateFrequency).
    ttl_seconds: int | None = None


class SourceError(Exception):
    """A source document that cannot be read; ``reason`` says why in a few words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
