"""The sample web's records: ground truth for tests, and the outlet specifications."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

FeedFormat = str  # "rss" | "atom" | "jsonfeed" | "news-sitemap"


@dataclass(slots=True)
class SampleArticle:
    """One article of the sample web, as a correct pipeline should store it."""

    outlet: str
    url: str  # canonical: what svodka should store (tracking parameters dropped)
    language: str
    title: str
    lead: str
    paragraphs: list[str]
    # The ORIGINAL image URLs a correct extractor yields (proxies unwrapped), hero first.
    image_urls: list[str]
    event: str | None
    is_news: bool
    published: datetime
    related_urls: list[str]  # the in-body "earlier reports" list
    authors: list[str] = field(default_factory=list)
    section: str = ""
    tags: list[str] = field(default_factory=list)
    image_captions: list[str] = field(default_factory=list)
    slug: str = ""
    number: int = 0  # unique within the outlet; used in URLs and images


@dataclass(slots=True)
class SampleOutlet:
    slug: str
    name: str
    language: str
    base_url: str
    feed_url: str
    kind: str  # "feed" | "sitemap"


@dataclass(frozen=True, slots=True)
class OutletSpec:
    """How an outlet looks on the wire: its data, not code branches."""

    slug: str
    name: str
    language: str
    style: str  # a module of svodka.demo.styles
    feed_format: FeedFormat
    utc_offset_hours: int
    # Article URL pattern; fields: {slug}, {number}, {yyyy}, {mm}, {dd}.
    url_pattern: str
    # Original image path pattern; fields as url_pattern plus {index}, {ext}.
    image_pattern: str = "/media/{number}-{index}.{ext}"
    section_path: str = "/news/"
    encoding: str = "utf-8"
    image_format: str = "jpeg"  # "jpeg" | "png"
    # Query string the feed appends to article links (a canonicaliser must drop it).
    feed_link_suffix: str = ""
    tagline: str = ""

    @property
    def tz(self) -> timezone:
        return timezone(timedelta(hours=self.utc_offset_hours))

    @property
    def feed_path(self) -> str:
        return {
            "rss": "/rss.xml",
            "atom": "/feed.atom",
            "jsonfeed": "/feed.json",
            "news-sitemap": "/sitemap-news.xml",
        }[self.feed_format]

    def outlet(self, root: str) -> SampleOutlet:
        """The public description, given the server root ``http://host:port``."""
        kind = "sitemap" if self.feed_format == "news-sitemap" else "feed"
        return SampleOutlet(slug=self.slug, name=self.name, language=self.language,
                            base_url=root + "/", feed_url=root + self.feed_path, kind=kind)

    def _fields(self, a: SampleArticle) -> dict[str, str | int]:
        local = a.published.astimezone(self.tz)
        return {"slug": a.slug, "number": a.number, "yyyy": f"{local.year:04d}",
                "mm": f"{local.month:02d}", "dd": f"{local.day:02d}"}

    def article_path(self, a: SampleArticle) -> str:
        return self.url_pattern.format(**self._fields(a))

    def image_path(self, a: SampleArticle, index: int) -> str:
        ext = "png" if self.image_format == "png" else "jpg"
        return self.image_pattern.format(**self._fields(a), index=index, ext=ext)
