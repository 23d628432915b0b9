"""Reader-app items: the outlets' articles and svodka's stories (one subscription, "svodka: top
stories"), listed, counted and marked as one stream of item ids."""

from __future__ import annotations

import html
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from fastapi import Request

from svodka.records import StoredArticle
from svodka.store.stories import StoryMember, StoryRow
from svodka.store.story_items import (
    ITEM_SHIFT,
    SLOTS,
    StoryItem,
    StoryItems,
    article_item,
    item_article,
)
from svodka.store.users import ItemQuery, ReaderState

from ..pages import site_of
from ..security import public_url
from .common import item_html, item_link, source_site, sources_of, state_of

# The stories' subscription: an id no outlet gets (the sources table would need 2**31 rows),
# numeric because Fever apps want numbers; its folder is named after the site.
STORIES_FEED_ID = 2**31 - 1
STORIES_FOLDER = "svodka"
STORIES_TITLE = "svodka: top stories"
OUTLETS_LISTED = 30  # outlets named in a story item: its page lists them all


def stories_wanted(q: ItemQuery) -> bool:
    return q.source_id in (None, STORIES_FEED_ID) and q.language in (None, STORIES_FOLDER)


def articles_wanted(q: ItemQuery) -> bool:
    return q.source_id != STORIES_FEED_ID and q.language != STORIES_FOLDER


def article_query(q: ItemQuery) -> ItemQuery:
    """``q`` (its id window in item ids) with its id window in article ids."""
    after = None if q.after_id is None else q.after_id >> ITEM_SHIFT
    before = None if q.before_id is None else (q.before_id + SLOTS) >> ITEM_SHIFT
    return replace(q, after_id=after, before_id=before)


@dataclass(slots=True)
class Entry:
    """One item as both APIs show it."""

    item_id: int
    feed_id: int
    feed_title: str
    site: str  # the feed's site
    folder: str | None
    title: str
    author: str
    html: str
    url: str
    published: datetime
    crawled: datetime
    read: bool = False
    starred: bool = False


class Items:
    """One user's items; story items are given out (``StoryItems.expose``) on first use."""

    def __init__(self, request: Request, user_id: int) -> None:
        self.request, self.user_id = request, user_id
        self.articles: ReaderState = state_of(request)
        self.stories = StoryItems(site_of(request).store.engine)
        self.sources = {s.id: s for s in sources_of(request)}
        self.stories.expose(datetime.now(UTC))

    def ids(self, q: ItemQuery, *, limit: int, offset: int = 0) -> list[int]:
        """Item ids by id, newest first unless asked: both kinds merged."""
        found: list[int] = []
        if articles_wanted(q):
            found += map(article_item, self.articles.ids(
                self.user_id, article_query(q), limit=limit + offset))
        if stories_wanted(q):
            found += self.stories.ids(self.user_id, q, limit=limit + offset)
        found.sort(reverse=not q.oldest_first)
        return found[offset:offset + limit]

    def count(self, q: ItemQuery) -> int:
        n = self.articles.count(self.user_id, article_query(q)) if articles_wanted(q) else 0
        return n + (self.stories.count(self.user_id, q) if stories_wanted(q) else 0)

    def unread_by_feed(self) -> dict[int, tuple[int, datetime | None]]:
        """{feed id: (unread items, the newest one's time)}, the stories' feed among them."""
        counts = self.articles.unread_by_source(self.user_id)
        n, when = self.stories.unread(self.user_id)
        if n:
            counts[STORIES_FEED_ID] = (n, when)
        return counts

    def mark(self, item_ids: list[int], *, read: bool | None = None,
             starred: bool | None = None) -> None:
        arts = [a for a in map(item_article, item_ids) if a is not None]
        if arts:
            self.articles.mark(self.user_id, arts, read=read, starred=starred)
        stories = [i for i in item_ids if item_article(i) is None]
        if stories:
            self.stories.mark(self.user_id, stories, read=read, starred=starred)

    def mark_all_read(self, q: ItemQuery) -> None:
        if articles_wanted(q):
            self.articles.mark_all_read(self.user_id, article_query(q))
        if stories_wanted(q):
            self.stories.mark_all_read(self.user_id, q)

    def entries(self, item_ids: list[int]) -> list[Entry]:
        """The items of ``item_ids`` that exist, in that order, with this user's marks."""
        art_ids = [a for a in map(item_article, item_ids) if a is not None]
        store = site_of(self.request).store
        arts = {article_item(a.id): a for a in store.articles_by_ids(art_ids)}
        marks = {article_item(k): v for k, v in self.articles.states(self.user_id, art_ids).items()}
        story_ids = [i for i in item_ids if item_article(i) is None]
        stories = self.stories.items(story_ids)
        marks |= self.stories.states(self.user_id, story_ids)
        out = []
        for i in item_ids:
            if i in arts:
                entry = self._article(arts[i])
            elif i in stories and (e := self._story(stories[i])) is not None:
                entry = e
            else:
                continue
            entry.read, entry.starred = marks.get(i, (False, False))
            out.append(entry)
        return out

    def _article(self, a: StoredArticle) -> Entry:
        lang = a.enrichment.language or a.article.language
        src = self.sources.get(a.source_id)
        return Entry(item_id=article_item(a.id), feed_id=a.source_id, feed_title=a.source_name,
                     site=source_site(src) if src else "",
                     folder=lang, title=a.article.title, author=", ".join(a.article.authors)
                     or a.source_name, html=item_html(a), url=item_link(self.request, a),
                     published=a.published or a.fetched_at, crawled=a.fetched_at)

    def _story(self, item: StoryItem) -> Entry | None:
        store = site_of(self.request).store
        row = store.story(item.story_id)
        if row is None or row.merged_into is not None:
            return None
        members = store.story_members([row.id]).get(row.id, [])
        return Entry(item_id=item.item_id, feed_id=STORIES_FEED_ID, feed_title=STORIES_TITLE,
                     site=public_url(self.request, "/") or "",
                     folder=STORIES_FOLDER, title=row.title, author="svodka",
                     html=self._story_html(row, members),
                     url=public_url(self.request, f"/stories/{row.id}") or "",
                     published=row.first_seen, crawled=item.created_at)

    def _story_html(self, row: StoryRow, members: list[StoryMember]) -> str:
        """Each outlet's first report of the story, linked, then the counts."""
        first: dict[int, StoryMember] = {}
        for m in members:
            first.setdefault(m.source_id, m)
        shown = list(first.values())[:OUTLETS_LISTED]
        arts = {a.id: a for a in site_of(self.request).store.articles_by_ids(
            [m.article_id for m in shown])}
        lines = []
        for m in shown:
            a = arts.get(m.article_id)
            link = html.escape(item_link(self.request, a)) if a else ""
            src = self.sources.get(m.source_id)
            outlet = html.escape(src.name or src.url if src else "")
            lines.append(f'<li><a href="{link}">{html.escape(m.title)}</a> — {outlet}</li>')
        counts = f"{row.n_sources} outlets, {row.n_articles} reports"
        return f"<ul>{''.join(lines)}</ul><p>{counts}</p>"
