"""View models: stored records turned into what the templates, the API and the feeds show.

Only mirrored images (with a ``media_key``) ever become a :class:`Picture`; an outlet's own
image URL is never handed to a browser.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import quote

from svodka.records import Block, Image, StoredArticle
from svodka.store import StoryRow

MEDIA_PREFIX = "/media/"


def media_url(key: str) -> str:
    return MEDIA_PREFIX + quote(key, safe="/")


@dataclass(slots=True)
class Picture:
    """A mirrored image ready for ``<img src srcset width height>``."""

    src: str
    srcset: str
    width: int | None
    height: int | None
    alt: str
    caption: str | None
    role: str


def picture(image: Image, *, want: int = 640) -> Picture | None:
    """The image as served from the media store, or None when it was not mirrored."""
    if not image.media_key:
        return None
    thumbs = sorted(image.thumbnails.items())
    candidates = [(w, media_url(k)) for w, k in thumbs]
    if image.width and all(w < image.width for w, _ in thumbs):
        candidates.append((image.width, media_url(image.media_key)))
    src_w, src = next(((w, u) for w, u in candidates if w >= want),
                      candidates[-1] if candidates else (image.width, media_url(image.media_key)))
    height = None
    if src_w and image.width and image.height:
        height = max(1, round(image.height * src_w / image.width))
    srcset = ", ".join(f"{u} {w}w" for w, u in candidates if w)
    return Picture(src=src, srcset=srcset, width=src_w, height=height,
                   alt=image.alt or image.caption or "", caption=image.caption, role=image.role)


def lead_picture(article: StoredArticle, *, want: int = 640) -> Picture | None:
    """The hero image if mirrored, else the first mirrored image."""
    images = sorted(article.article.images, key=lambda im: im.role != "hero")
    for im in images:
        pic = picture(im, want=want)
        if pic is not None:
            return pic
    return None


@dataclass(slots=True)
class Card:
    """An article in a list: home, story, search, other reports."""

    id: int
    title: str
    url: str | None
    source_id: int
    source_name: str
    language: str | None
    category: str | None
    published: datetime | None
    lead: str | None
    picture: Picture | None
    story_id: int | None


def card(a: StoredArticle, *, want: int = 640) -> Card:
    return Card(
        id=a.id, title=a.article.title or a.article.url or f"#{a.id}", url=a.article.url,
        source_id=a.source_id, source_name=a.source_name,
        language=a.enrichment.language or a.article.language, category=a.enrichment.category,
        published=a.published, lead=a.article.lead or _first_text(a.article.blocks),
        picture=lead_picture(a, want=want), story_id=a.story_id)


def _first_text(blocks: list[Block]) -> str | None:
    for b in blocks:
        if b.kind == "p" and b.text.strip():
            return b.text if len(b.text) <= 280 else b.text[:277].rsplit(" ", 1)[0] + "…"
    return None


@dataclass(slots=True)
class BodyBlock:
    """A body block for the template: list blocks carry their items."""

    kind: str
    text: str
    level: int = 2
    items: list[str] = field(default_factory=list)


def body_blocks(blocks: list[Block], lead: str | None) -> list[BodyBlock]:
    out: list[BodyBlock] = []
    for i, b in enumerate(blocks):
        if i == 0 and lead and b.text.strip() == lead.strip():
            continue  # the lead is shown on its own
        if b.kind in ("ul", "ol"):
            items = [line.strip()[2:].strip() if line.strip().startswith("- ") else line.strip()
                     for line in b.text.splitlines() if line.strip()]
            out.append(BodyBlock(kind=b.kind, text=b.text, items=items))
        elif b.kind == "h":
            out.append(BodyBlock(kind="h", text=b.text, level=min(6, max(2, (b.level or 2)))))
        else:
            out.append(BodyBlock(kind=b.kind, text=b.text))
    return out


@dataclass(slots=True)
class StoryView:
    """A story with its reports: the lead article first, then the others, newest first."""

    row: StoryRow
    lead: Card
    others: list[Card]
    picture: Picture | None

    @property
    def n_reports(self) -> int:
        return max(self.row.n_articles, 1 + len(self.others))

    @property
    def n_outlets(self) -> int:
        return max(self.row.n_sources, len({c.source_id for c in [self.lead, *self.others]}))

    @property
    def first_reported(self) -> datetime | None:
        """The earliest of the story's first sighting and its reports' own times: never later
        than its first report."""
        times = [t for t in (self.row.first_seen, *(c.published for c in self.cards)) if t]
        return min(times) if times else None

    @property
    def cards(self) -> list[Card]:
        return [self.lead, *self.others]


def _earliest(cards: list[Card]) -> Card:
    return min(cards, key=lambda c: (c.published is None, c.published or _FAR, c.id))


_FAR = datetime.max.replace(tzinfo=UTC)


def story_view(row: StoryRow, articles: list[StoredArticle], *, want: int = 640,
               language: str | None = None) -> StoryView | None:
    """The story's lead: the report whose title the story took in the reader's ``language``,
    else its earliest report in that language, else the report carrying the story's title, else
    the earliest."""
    if not articles:
        return None
    cards = [card(a, want=want) for a in articles]
    own = [c for c in cards if language and c.language == language]
    chosen = row.titles.get(language or "")
    lead = next((c for c in own if c.title == chosen), None) if chosen else None
    lead = lead or (_earliest(own) if own else next((c for c in cards if c.title == row.title),
                                                    None))
    if lead is None:
        lead = _earliest(cards)
    others = [c for c in cards if c.id != lead.id]
    pic = lead.picture or next((c.picture for c in others if c.picture), None)
    return StoryView(row=row, lead=lead, others=others, picture=pic)
