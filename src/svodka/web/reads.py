"""Batched reads behind the pages: many stories' reports, or a list of articles, in one query."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, or_, select

from svodka.records import StoredArticle
from svodka.store import Store
from svodka.store import schema as t


def story_reports(store: Store, story_ids: Sequence[int], newest: int
                  ) -> dict[int, list[StoredArticle]]:
    """For each story: its ``newest`` reports, its first, and the first in each language
    (what a story card needs to pick its lead), all stories in one query."""
    if not story_ids:
        return {}
    a = t.articles.c
    when = func.coalesce(a.published, a.sort_at)
    ranked = (select(
        a.id,
        func.row_number().over(partition_by=a.story_id,
                               order_by=(a.sort_at.desc(), a.id.desc())).label("recent"),
        func.row_number().over(partition_by=a.story_id, order_by=(when, a.id)).label("first"),
        func.row_number().over(partition_by=(a.story_id, a.language),
                               order_by=(when, a.id)).label("first_in_language"))
        .where(a.story_id.in_(list(story_ids))).subquery())
    wanted = select(ranked.c.id).where(or_(ranked.c.recent <= newest, ranked.c.first == 1,
                                           ranked.c.first_in_language == 1))
    out: dict[int, list[StoredArticle]] = {}
    for art in articles_where(store, a.id.in_(wanted), limit=len(story_ids) * (newest + 4)):
        if art.story_id is not None:
            out.setdefault(art.story_id, []).append(art)
    return out


def articles_by_id(store: Store, ids: Sequence[int]) -> list[StoredArticle]:
    """Stored articles in the order of ``ids`` (missing ones left out)."""
    if not ids:
        return []
    found = {x.id: x for x in articles_where(store, t.articles.c.id.in_(list(ids)),
                                            limit=len(ids))}
    return [found[i] for i in ids if i in found]


def articles_where(store: Store, where: object, *, limit: int) -> list[StoredArticle]:
    """Articles (newest first) with their images, through the store's one row reader."""
    with store.engine.connect() as c:
        return store._articles(c, where, limit=limit)  # noqa: SLF001 - the store's reader
