"""Stories as reader-app items: one stable item id per story, in the articles' id order, and each
user's read and starred stories."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Engine,
    Integer,
    MetaData,
    Table,
    and_,
    delete,
    exists,
    func,
    insert,
    select,
)
from sqlalchemy.exc import IntegrityError

from svodka.store import schema as t
from svodka.store.users import ItemQuery, item_conditions

# An article's item id is its id shifted left; a story's is the newest article id when it was
# first listed, shifted, plus a slot: so items sort by when they appeared, which Fever apps
# need (they page down by id and keep the highest seen). 8 bits keep ids under 2**53 (exact in
# JavaScript apps) up to 35 trillion articles.
ITEM_SHIFT = 8
SLOTS = (1 << ITEM_SHIFT) - 1  # stories that can appear between two articles
# A story becomes an item once this many outlets report it: one outlet's story is that outlet's
# article, already an item of its own subscription.
MIN_OUTLETS = 2
# Stories updated this recently become items: a first sync over years of stories gets the news.
RECENT = timedelta(days=2)
SQL_IN_CHUNK = 500  # values per IN (...) list
MAX_MARKED = 100_000  # story items one "mark all read" reads: years of stories, a bounded list

metadata = MetaData()
story_items = Table(
    "story_items", metadata,
    Column("story_id", Integer, primary_key=True),
    Column("item_id", BigInteger, nullable=False, unique=True),
    Column("created_at", t.UTCDateTime, nullable=False),
)
user_stories = Table(
    "user_stories", metadata,
    Column("user_id", Integer, primary_key=True),
    Column("story_id", Integer, primary_key=True),
    Column("is_read", Boolean, nullable=False),
    Column("is_starred", Boolean, nullable=False),
)


def article_item(article_id: int) -> int:
    return article_id << ITEM_SHIFT


def item_article(item_id: int) -> int | None:
    """The article an item id names, or None when it names a story."""
    return None if item_id & SLOTS else item_id >> ITEM_SHIFT


@dataclass(frozen=True, slots=True)
class StoryItem:
    item_id: int
    story_id: int
    created_at: datetime  # when the story first became an item


def _chunks(values: list[int]) -> Iterable[list[int]]:
    for i in range(0, len(values), SQL_IN_CHUNK):
        yield values[i:i + SQL_IN_CHUNK]


class StoryItems:
    """The stories reader apps see, and each user's marks on them."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def expose(self, now: datetime) -> int:
        """Give the stories that have just qualified their item ids; returns how many.

        Their ids follow every article stored so far, so an app that saw items up to some id
        sees them after it. At most ``SLOTS`` stories per newest article: the rest wait for the
        next article."""
        s, si = t.stories.c, story_items.c
        with self.engine.begin() as c:
            newest = c.scalar(select(func.max(t.articles.c.id))) or 0
            want = list(c.scalars(
                select(s.id).where(s.n_sources >= MIN_OUTLETS, s.merged_into.is_(None),
                                   s.updated >= now - RECENT,
                                   ~exists().where(si.story_id == s.id))
                .order_by(s.updated.desc(), s.id.desc()).limit(SLOTS)))
            if not want:
                return 0
            base = article_item(newest)
            used = c.scalar(select(func.max(si.item_id)).where(
                si.item_id > base, si.item_id <= base + SLOTS))
            first = (used - base + 1) if used else 1
            rows = [{"story_id": sid, "item_id": base + slot, "created_at": now}
                    for sid, slot in zip(want, range(first, SLOTS + 1), strict=False)]
            if not rows:
                return 0
            try:
                c.execute(insert(story_items), rows)
            except IntegrityError:  # another process gave them ids at the same moment
                return 0
        return len(rows)

    def _where(self, user_id: int, q: ItemQuery) -> Any:
        si, s, us = story_items.c, t.stories.c, user_stories.c
        mine = and_(us.user_id == user_id, us.story_id == si.story_id)
        return and_(s.merged_into.is_(None), s.n_articles > 0,
                    *item_conditions(q, mine=mine, is_read=us.is_read, is_starred=us.is_starred,
                                     item_id=si.item_id, when=si.created_at))

    def _select(self, *cols: Any) -> Any:
        return select(*cols).select_from(
            story_items.join(t.stories, t.stories.c.id == story_items.c.story_id))

    def ids(self, user_id: int, q: ItemQuery, *, limit: int, offset: int = 0) -> list[int]:
        """Item ids, newest first unless asked."""
        si = story_items.c
        order = si.item_id.asc() if q.oldest_first else si.item_id.desc()
        with self.engine.connect() as c:
            return list(c.scalars(self._select(si.item_id).where(self._where(user_id, q))
                                  .order_by(order).limit(limit).offset(offset)))

    def count(self, user_id: int, q: ItemQuery) -> int:
        with self.engine.connect() as c:
            return int(c.scalar(self._select(func.count()).where(self._where(user_id, q))) or 0)

    def unread(self, user_id: int) -> tuple[int, datetime | None]:
        """Unread story items, and when the newest of them appeared."""
        si = story_items.c
        with self.engine.connect() as c:
            n, when = c.execute(self._select(func.count(), func.max(si.created_at))
                                .where(self._where(user_id, ItemQuery(unread=True)))).one()
        return int(n or 0), when

    def items(self, item_ids: list[int]) -> dict[int, StoryItem]:
        si = story_items.c
        out: dict[int, StoryItem] = {}
        with self.engine.connect() as c:
            for chunk in _chunks(item_ids):
                for r in c.execute(select(story_items).where(si.item_id.in_(chunk))):
                    out[r.item_id] = StoryItem(r.item_id, r.story_id, r.created_at)
        return out

    def states(self, user_id: int, item_ids: list[int]) -> dict[int, tuple[bool, bool]]:
        """{item id: (read, starred)} for the story items with marks."""
        si, us = story_items.c, user_stories.c
        out: dict[int, tuple[bool, bool]] = {}
        with self.engine.connect() as c:
            for chunk in _chunks(item_ids):
                for r in c.execute(select(si.item_id, us.is_read, us.is_starred)
                                   .join(user_stories, us.story_id == si.story_id)
                                   .where(us.user_id == user_id, si.item_id.in_(chunk))):
                    out[r.item_id] = (bool(r.is_read), bool(r.is_starred))
        return out

    def mark(self, user_id: int, item_ids: Iterable[int], *, read: bool | None = None,
             starred: bool | None = None) -> int:
        """Set read and/or starred on story items; returns how many were found."""
        found = self.items(sorted(set(item_ids)))
        old = self.states(user_id, list(found))
        rows = [{"user_id": user_id, "story_id": it.story_id,
                 "is_read": old.get(i, (False, False))[0] if read is None else read,
                 "is_starred": old.get(i, (False, False))[1] if starred is None else starred}
                for i, it in found.items()]
        self._replace(user_id, rows)
        return len(rows)

    def _replace(self, user_id: int, rows: list[dict[str, Any]]) -> None:
        us = user_stories.c
        with self.engine.begin() as c:
            for chunk in _chunks([r["story_id"] for r in rows]):
                c.execute(delete(user_stories).where(us.user_id == user_id,
                                                     us.story_id.in_(chunk)))
            if rows:
                c.execute(insert(user_stories), rows)

    def mark_all_read(self, user_id: int, q: ItemQuery) -> int:
        """Mark every unread story item ``q`` selects as read; returns how many."""
        ids = self.ids(user_id, replace(q, unread=True), limit=MAX_MARKED)
        return self.mark(user_id, ids, read=True)
