"""The site's read model: what each page shows, gathered from the store (no HTTP here)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from svodka.config import Settings
from svodka.records import Quote, StoredArticle
from svodka.store import Store, StoryRow

from . import queries, reads
from .cache import PageCache, store_generation
from .entities import EntityIndex, EntityKind, EntityRef, entity_refs, speaker_key
from .i18n import DEFAULT_TIMEZONE, Formatter, timezone, valid_zone
from .views import BodyBlock, Card, Picture, StoryView, body_blocks, card, picture, story_view

MAX_STORY_REPORTS = 100
# Reports per story fetched for the home page: the newest, plus each language's first.
HOME_REPORTS = 8


@dataclass(slots=True)
class RelatedItem:
    text: str
    article_id: int | None  # the report as stored by svodka, when it is
    url: str | None  # the outlet's page


@dataclass(slots=True)
class ArticlePage:
    stored: StoredArticle
    hero: Picture | None
    gallery: list[Picture]
    blocks: list[BodyBlock]
    related: list[RelatedItem]
    entities: list[tuple[str, list[EntityRef]]]  # (label key, entities)
    story: StoryRow | None
    other_reports: list[Card]
    earlier: list[tuple[int, str]]

    def speaker(self, quote: Quote) -> EntityRef | None:
        """The quote's speaker among the article's people and organisations (for a link)."""
        key = speaker_key(quote)
        return next((r for _, refs in self.entities for r in refs if r.key == key), None)

    @property
    def title(self) -> str:
        a = self.stored.article
        return a.title or a.url or f"#{self.stored.id}"


class Site:
    """Store + media + settings, and the queries behind each page."""

    def __init__(self, store: Store, media: Any, settings: Settings | None = None) -> None:
        self.store = store
        self.media = media
        self.settings = settings
        self.zone = valid_zone(getattr(settings, "timezone", None)) or DEFAULT_TIMEZONE
        self.pages = PageCache(lambda: store_generation(store.engine))
        self.entities = EntityIndex(store.engine)

    def formatter(self, lang: str, zone: str | None = None, now: datetime | None = None
                  ) -> Formatter:
        return Formatter(lang, timezone(zone or self.zone), now)

    # -- stories -------------------------------------------------------------------------------

    def story_view(self, row: StoryRow, *, want: int = 640) -> StoryView | None:
        articles = self.store.latest_articles(story_id=row.id, limit=MAX_STORY_REPORTS)
        return story_view(row, articles, want=want)

    def top_stories(self, n: int, *, min_reports: int = 2, language: str | None = None
                    ) -> list[StoryView]:
        """The best-scored stories that more than one report carries; their reports come in
        one query (no query per story)."""
        rows = [r for r in self.store.story_rows(order="score", limit=max(4 * n, 50))
                if r.n_articles >= min_reports][:n]
        found = reads.story_reports(self.store, [r.id for r in rows], HOME_REPORTS)
        out: list[StoryView] = []
        for row in rows:
            view = story_view(row, found.get(row.id, []), want=640, language=language)
            if view is not None and len(view.others) + 1 >= min_reports:
                out.append(view)
        return out

    def earlier(self, row: StoryRow | None) -> list[tuple[int, str]]:
        if row is None or not row.earlier:
            return []
        titles = queries.story_titles(self.store.engine, row.earlier)
        return [(sid, titles[sid]) for sid in row.earlier if sid in titles]

    # -- lists ---------------------------------------------------------------------------------

    def latest(self, *, limit: int, offset: int = 0, language: str | None = None,
               source_id: int | None = None, category: str | None = None,
               ) -> tuple[list[Card], bool]:
        """A page of the newest news articles as cards, and whether there is a next page.

        Articles that are not news stay reachable by id but are left out of lists.
        """
        found = self.store.latest_articles(limit=limit + 1, offset=offset, language=language,
                                           source_id=source_id, category=category, news_only=True)
        more = len(found) > limit
        return [card(a, want=320) for a in found[:limit]], more

    # -- article -------------------------------------------------------------------------------

    def article_page(self, article_id: int) -> ArticlePage | None:
        sa = self.store.article(article_id)
        if sa is None:
            return None
        art = sa.article
        pictures = [(im, picture(im, want=1200)) for im in art.images]
        hero = next((p for im, p in pictures if p and im.role == "hero"), None)
        if hero is None:
            hero = next((p for _, p in pictures if p), None)
        gallery = [p for _, p in pictures if p and p is not hero]
        local = queries.article_ids_by_url(self.store.engine, [r.url for r in art.related])
        related = [RelatedItem(r.text, local.get(r.url or ""), r.url) for r in art.related]
        refs = entity_refs(sa.enrichment.entities)
        entities = [(kind.path, [r for r in refs if r.kind is kind]) for kind in EntityKind
                    if any(r.kind is kind for r in refs)]
        story = self.store.story(sa.story_id) if sa.story_id is not None else None
        others: list[Card] = []
        if story is not None:
            others = [card(a, want=320) for a in self.store.latest_articles(
                story_id=story.id, limit=MAX_STORY_REPORTS) if a.id != sa.id]
        return ArticlePage(
            stored=sa, hero=hero, gallery=gallery, blocks=body_blocks(art.blocks, art.lead),
            related=related, entities=entities, story=story, other_reports=others,
            earlier=self.earlier(story))
