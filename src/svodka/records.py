"""The typed records that flow through svodka's pipeline.

Every stage takes and returns these; nothing else crosses a stage boundary.
``sources -> fetch -> extract -> enrich -> stories -> store -> web``.

Records are plain dataclasses. ``to_dict``/``from_dict`` give the JSON shape used by
the CLI, the API and the queue workers (datetimes as timezone-aware ISO 8601).
"""

from __future__ import annotations

import enum
import json
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from typing import Any, Literal

ImageRole = Literal["hero", "inline", "gallery"]
BlockKind = Literal["p", "h", "ul", "ol", "quote", "table", "pre"]
SourceKind = Literal["auto", "feed", "sitemap", "section"]
EntityType = Literal["PER", "ORG", "LOC"]


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _parse_dt(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


@dataclass(slots=True)
class OutletRules:
    """What an outlet's markup says, set by hand for a domain or a source (CSS selectors): the
    article's elements (``keep``), elements never part of it (``drop``), and where its date and
    authors are. Merged with what svodka learns of the site; ``problems()`` checks it."""

    keep: list[str] = field(default_factory=list)
    drop: list[str] = field(default_factory=list)
    date: str | None = None
    author: str | None = None

    def __bool__(self) -> bool:
        return bool(self.keep or self.drop or self.date or self.author)

    def to_json(self) -> str:
        d = {"keep": self.keep, "drop": self.drop, "date": self.date, "author": self.author}
        return json.dumps({k: v for k, v in d.items() if v}, ensure_ascii=False)

    @classmethod
    def from_json(cls, s: str | dict[str, Any]) -> OutletRules:
        """From JSON text or a parsed dict; ValueError when it is not outlet rules."""
        d = json.loads(s) if isinstance(s, str) else s
        if not isinstance(d, dict) or set(d) - {"keep", "drop", "date", "author", "domain"}:
            raise ValueError("outlet rules are an object with keep, drop, date, author")
        keep, drop = d.get("keep") or [], d.get("drop") or []
        date, author = d.get("date") or None, d.get("author") or None
        if not all(isinstance(x, list) and all(isinstance(v, str) for v in x)
                   for x in (keep, drop)) or not all(
                       v is None or isinstance(v, str) for v in (date, author)):
            raise ValueError("outlet rules: keep and drop are lists of selectors, date and "
                             "author one selector each")
        return cls(keep=list(keep), drop=list(drop), date=date, author=author)

    def problems(self) -> list[str]:
        """What is wrong with these rules (an unreadable CSS selector), one line each."""
        from selectolax.lexbor import LexborHTMLParser, SelectolaxError

        probe = LexborHTMLParser("<p></p>")
        out = []
        named = [("keep", s) for s in self.keep] + [("drop", s) for s in self.drop] + [
            (k, s) for k, s in (("date", self.date), ("author", self.author)) if s is not None]
        for name, sel in named:
            try:
                probe.css(sel)
            except SelectolaxError:
                out.append(f"{name}: not a CSS selector: {sel!r}")
        return out


@dataclass(slots=True)
class Source:
    """An outlet's entry point: a feed, a sitemap or a section page."""

    url: str
    name: str = ""
    kind: SourceKind = "auto"
    homepage: str | None = None
    language: str | None = None
    id: int | None = None
    enabled: bool = True
    # Section pages: regex that article URLs match (learned or configured).
    article_pattern: str | None = None
    rules: OutletRules | None = None  # set by hand: the outlet's markup (see OutletRules)


@dataclass(slots=True)
class FeedEntry:
    """One item announced by a source: an article URL and what the source said of it."""

    url: str
    title: str | None = None
    published: datetime | None = None
    summary: str | None = None
    image_url: str | None = None
    source_id: int | None = None

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["published"] = _iso(self.published)
        return d


@dataclass(slots=True)
class Page:
    """A fetched HTTP response. ``body`` is the raw (decompressed) bytes."""

    url: str  # final URL after redirects
    status: int
    headers: dict[str, str] = field(default_factory=dict)  # lower-cased names
    body: bytes = b""
    requested_url: str | None = None
    fetched_at: datetime | None = None

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass(slots=True)
class Image:
    url: str
    alt: str | None = None
    caption: str | None = None
    role: ImageRole = "inline"
    width: int | None = None
    height: int | None = None
    # Filled by the media stage: key of the mirrored original in the media store,
    # and thumbnail keys by width.
    media_key: str | None = None
    thumbnails: dict[int, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"url": self.url, "role": self.role}
        for name in ("alt", "caption", "width", "height", "media_key"):
            if (value := getattr(self, name)) is not None:
                d[name] = value
        if self.thumbnails:
            d["thumbnails"] = dict(self.thumbnails)
        return d


@dataclass(slots=True)
class RelatedLink:
    """An entry of the outlet's in-body "earlier reports" list."""

    text: str
    url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"url": self.url, "text": self.text}


@dataclass(slots=True)
class Block:
    """A body block. ``text`` is readable plain text; lists use one "- item" line per item."""

    text: str
    kind: BlockKind = "p"
    level: int = 0  # heading level for kind == "h"


class NoArticle(enum.Enum):
    """Why a page gave no article (``Article.missing``)."""

    NOT_HTML = "not an HTML page (binary data)"
    NO_TEXT = "the page has no text"
    NO_PROSE = "no article text on the page"


@dataclass(slots=True)
class Article:
    """A clean, structured article, as the extractor produces it."""

    url: str | None = None
    title: str | None = None
    lead: str | None = None
    blocks: list[Block] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    related: list[RelatedLink] = field(default_factory=list)
    published: datetime | None = None
    modified: datetime | None = None
    authors: list[str] = field(default_factory=list)
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    site_name: str | None = None
    language: str | None = None  # as declared by the markup
    missing: NoArticle | None = None  # set when the page holds no article: why

    @property
    def paragraphs(self) -> list[str]:
        return [b.text for b in self.blocks]

    @property
    def text(self) -> str:
        """Lead and body as plain text, a blank line between blocks, without the title."""
        parts = list(self.paragraphs)
        if self.lead and (not parts or parts[0] != self.lead):
            parts.insert(0, self.lead)
        return "\n\n".join(parts)

    @property
    def markdown(self) -> str:
        out: list[str] = []
        if self.title:
            out.append(f"# {self.title}")
        if self.lead and (not self.blocks or self.blocks[0].text != self.lead):
            out.append(f"**{self.lead}**")
        for b in self.blocks:
            if b.kind == "h":
                out.append("#" * max(2, min(6, b.level or 2)) + " " + b.text)
            elif b.kind == "quote":
                out.append("\n".join("> " + line for line in b.text.splitlines()))
            elif b.kind == "pre":
                out.append("```\n" + b.text + "\n```")
            else:
                out.append(b.text)
        for im in self.images:
            out.append(f"![{im.alt or ''}]({im.url})" + (f"\n*{im.caption}*" if im.caption else ""))
        if self.related:
            out.append("\n".join(
                f"- [{r.text}]({r.url})" if r.url else f"- {r.text}" for r in self.related
            ))
        return "\n\n".join(out)

    def to_dict(self, *, derived: bool = True) -> dict[str, Any]:
        """A JSON-ready dict; ``derived=False`` leaves out what the blocks give (text, markdown,
        paragraphs)."""
        d = {
            "url": self.url,
            "title": self.title,
            "lead": self.lead,
            "blocks": [{"text": b.text, "kind": b.kind, "level": b.level} for b in self.blocks],
            "images": [i.to_dict() for i in self.images],
            "related": [r.to_dict() for r in self.related],
            "published": _iso(self.published),
            "modified": _iso(self.modified),
            "authors": list(self.authors),
            "section": self.section,
            "tags": list(self.tags),
            "site_name": self.site_name,
            "language": self.language,
        }
        if self.missing is not None:
            d["missing"] = self.missing.name
        if derived:
            d.update(paragraphs=self.paragraphs, text=self.text, markdown=self.markdown)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Article:
        blocks = d.get("blocks")
        if blocks is None:
            blocks = [{"text": t} for t in d.get("paragraphs", [])]
        return cls(
            url=d.get("url"),
            title=d.get("title"),
            lead=d.get("lead"),
            blocks=[Block(**b) for b in blocks],
            images=[_image(i) for i in d.get("images", [])],
            related=[RelatedLink(text=r["text"], url=r.get("url")) for r in d.get("related", [])],
            published=_parse_dt(d.get("published")),
            modified=_parse_dt(d.get("modified")),
            authors=list(d.get("authors", [])),
            section=d.get("section"),
            tags=list(d.get("tags", [])),
            site_name=d.get("site_name"),
            language=d.get("language"),
            missing=NoArticle[d["missing"]] if d.get("missing") in NoArticle.__members__
            else None,
        )


def _image(d: dict[str, Any]) -> Image:
    thumbs = {int(k): v for k, v in (d.get("thumbnails") or {}).items()}
    return Image(**{**d, "thumbnails": thumbs})


@dataclass(slots=True)
class Quote:
    speaker: str | None
    text: str
    direct: bool = True
    speaker_key: str | None = None  # the speaker's Entity.key, when the speaker is a named entity

    def to_dict(self) -> dict[str, Any]:
        return {"speaker": self.speaker, "text": self.text, "direct": self.direct,
                "speaker_key": self.speaker_key}


@dataclass(slots=True)
class Entity:
    """A person, organisation or place an article names."""

    type: EntityType
    name: str  # base form of the name as the article writes it («ЄС» stays «ЄС»)
    # Canonical key, one per entity across languages, spellings and cases (Лавров, Лаврова,
    # Lavrov -> "per:lvrv"; ЄС, ЕС, EU -> "org:european-union"): one page per key.
    key: str
    mentions: int = 1

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "name": self.name, "key": self.key, "mentions": self.mentions}


@dataclass(slots=True)
class Enrichment:
    """What svodka understood of an article."""

    language: str | None = None
    is_news: bool = True
    category: str = "other"
    entities: dict[str, list[str]] = field(
        default_factory=lambda: {"PER": [], "ORG": [], "LOC": []}
    )
    quotes: list[Quote] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    # Lemmatised text for full-text search and story matching (space-separated lemmas).
    lemmas: str = ""
    # The same people, organisations and places as ``entities``, each with its canonical key.
    named_entities: list[Entity] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "language": self.language, "is_news": self.is_news, "category": self.category,
            "entities": {kind: list(names) for kind, names in self.entities.items()},
            "quotes": [q.to_dict() for q in self.quotes], "keywords": list(self.keywords),
            "lemmas": self.lemmas, "named_entities": [e.to_dict() for e in self.named_entities],
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Enrichment:
        kw = {f.name: d[f.name] for f in fields(cls) if f.name in d}
        kw["quotes"] = [Quote(**q) for q in d.get("quotes", [])]
        kw["named_entities"] = [Entity(**e) for e in d.get("named_entities", [])]
        return cls(**kw)


@dataclass(slots=True)
class Story:
    """Reports of one event from several outlets and languages."""

    id: int | None
    title: str
    article_ids: list[int] = field(default_factory=list)
    score: float = 0.0
    first_seen: datetime | None = None
    updated: datetime | None = None
    languages: list[str] = field(default_factory=list)
    earlier_story_ids: list[int] = field(default_factory=list)


@dataclass(slots=True)
class SourceState:
    """A source's polling state, kept by the store."""

    source: Source
    etag: str | None = None
    last_modified: str | None = None
    poll_interval: float = 900.0
    next_poll_at: datetime | None = None
    last_polled_at: datetime | None = None
    failures: int = 0
    last_error: str | None = None


@dataclass(slots=True)
class PendingEntry:
    """An announced article not yet stored: the unit of work of ``process_entry``."""

    id: int
    source_id: int
    url: str
    attempts: int = 0
    title: str | None = None
    published: datetime | None = None
    image_url: str | None = None


@dataclass(slots=True)
class TextFingerprint:
    """A body's MinHash signature and its LSH band keys (``svodka.stories.duplicates``): the
    store finds near-duplicates (one text rewritten or reposted) by shared bands, then checks
    ``resemblance`` against ``min_resemblance``."""

    signature: bytes  # uint32 values
    bands: list[int]  # signed 64-bit keys, one per band
    min_resemblance: float

    def resemblance(self, other: bytes) -> float:
        """Estimated Jaccard similarity of the two bodies' shingles (share of equal values)."""
        a, b = memoryview(self.signature).cast("I"), memoryview(other).cast("I")
        if len(a) != len(b) or not len(a):
            return 0.0
        return sum(x == y for x, y in zip(a, b, strict=True)) / len(a)


@dataclass(slots=True)
class ArticleWrite:
    """An analysed article on its way into the store (``Store.save_articles``)."""

    entry_id: int | None  # the entry it closes, if any
    source_id: int
    article: Article
    enrichment: Enrichment
    fetched_at: datetime
    url: str
    fingerprint: TextFingerprint | None = None  # for its near-duplicate group
    story_features: dict[str, Any] | None = None  # its own StoryFeatures.to_json()

    @property
    def when(self) -> datetime:
        """The report's time: published, else fetched."""
        return self.article.published or self.fetched_at


@dataclass(slots=True)
class StoryRegroup:
    """What the story matcher changed beyond placing new articles, for the store to apply:
    stories fused and articles moved (a split), with the new centroids of the stories concerned."""

    merges: list[tuple[int, int]] = field(default_factory=list)  # (absorbed, survivor)
    moves: list[tuple[int, int]] = field(default_factory=list)  # (article id, story key)
    features: dict[int, dict[str, Any]] = field(default_factory=dict)  # story key -> centroid

    def __bool__(self) -> bool:
        return bool(self.merges or self.moves)


@dataclass(slots=True)
class StoryPlacement:
    """Where a stored article goes: an existing story, or (negative key) one its batch starts."""

    story: int
    features: dict[str, Any]  # the story's centroid once this article is in it
    when: datetime  # the article's publication (or fetch) time
    title: str = ""  # a new story's title
    language: str | None = None


@dataclass(slots=True)
class StoredArticle:
    """An article as the store gives it back to the site and the API."""

    id: int
    source_id: int
    source_name: str
    article: Article
    enrichment: Enrichment
    fetched_at: datetime
    story_id: int | None = None

    @property
    def published(self) -> datetime | None:
        return self.article.published or self.fetched_at
