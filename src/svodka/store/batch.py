"""Writing articles: one transaction stores a batch of articles, closes their entries and places
them in stories, with a handful of multi-row statements instead of a dozen per article.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, func, insert, select, update

from svodka.records import ArticleWrite, StoryPlacement
from svodka.store import schema as t

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.engine import Connection

# place(article ids) -> one placement (or None) per article, decided inside the transaction.
Placer = Callable[[list[int]], Sequence[StoryPlacement | None]]

_SET_STORY = (update(t.articles).where(t.articles.c.id == bindparam("aid"))
              .values(story_id=bindparam("sid")))
_CLOSE_ENTRY = (update(t.entries).where(t.entries.c.id == bindparam("eid"))
                .values(status="done", article_id=bindparam("aid"), error=None,
                        attempts=t.entries.c.attempts + 1))
_STORY_STATE = (update(t.stories).where(t.stories.c.id == bindparam("sid")).values(
    n_articles=bindparam("n"), n_sources=bindparam("k"), languages=bindparam("langs"),
    updated=bindparam("upd"), touched_at=bindparam("now")))
_STORY_FEATURES = (update(t.stories).where(t.stories.c.id == bindparam("sid"))
                   .values(features=bindparam("f")))


def _row(w: ArticleWrite) -> dict[str, Any]:
    data = w.article.to_dict(derived=False)  # text and markdown are rebuilt from the blocks
    return {
        "source_id": w.source_id, "url": w.url, "title": w.article.title or w.url,
        "lead": w.article.lead, "published": w.article.published, "fetched_at": w.fetched_at,
        "language": w.enrichment.language, "category": w.enrichment.category,
        "is_news": w.enrichment.is_news, "data": data, "enrichment": w.enrichment.to_dict(),
        "content_hash": hashlib.sha256(w.article.text.encode("utf-8")).hexdigest(),
        "sort_at": w.article.published or w.fetched_at,
    }


class ArticleWrites:
    engine: Engine

    def save_article(self, *, entry_id: int | None, source_id: int, article: Any,
                     enrichment: Any, fetched_at: datetime, url: str) -> int:
        """Store one article (see ``save_articles``)."""
        ids, _ = self.save_articles([ArticleWrite(entry_id, source_id, article, enrichment,
                                                  fetched_at, url)])
        return ids[0]

    def save_articles(self, items: Sequence[ArticleWrite], place: Placer | None = None
                      ) -> tuple[list[int], dict[int, int]]:
        """Store articles with their images and search text and close their entries, then (with
        ``place``) put each into its story; all in one transaction.

        An article whose URL is stored already is updated in place (reprocessing), never doubled;
        URLs must be distinct within a batch. Returns the article ids, in order, and the ids
        given to the stories the batch started (provisional key -> id).
        """
        if len({w.url for w in items}) != len(items):
            raise ValueError("a batch holds one article per URL")
        if not items:
            return [], {}
        with self.engine.begin() as c:
            ids, moved_from = self._write_articles(c, items)
            started: dict[int, int] = {}
            if place is not None:
                languages = [w.enrichment.language for w in items]
                started = _place(c, ids, languages, list(place(ids)), moved_from)
        return ids, started

    def place_articles(self, placements: dict[int, StoryPlacement]) -> dict[int, int]:
        """Put stored articles (by id) into stories, in one transaction; returns the ids given
        to the stories started (provisional key -> id)."""
        if not placements:
            return {}
        a = t.articles.c
        with self.engine.begin() as c:
            rows = {r.id: r for r in c.execute(select(a.id, a.language, a.story_id)
                                               .where(a.id.in_(list(placements))))}
            ids = [aid for aid in placements if aid in rows]
            moved_from = {rows[i].story_id for i in ids if rows[i].story_id is not None}
            return _place(c, ids, [rows[i].language for i in ids],
                          [placements[i] for i in ids], moved_from)

    @staticmethod
    def _write_articles(c: Connection, items: Sequence[ArticleWrite]
                        ) -> tuple[list[int], set[int]]:
        a = t.articles.c
        rows = [_row(w) for w in items]
        known = {r.url: (r.id, r.story_id) for r in c.execute(
            select(a.url, a.id, a.story_id).where(a.url.in_([w.url for w in items])))}
        fresh = [r for r in rows if r["url"] not in known]
        new_ids = iter(c.scalars(insert(t.articles).returning(a.id, sort_by_parameter_order=True),
                                 fresh).all() if fresh else [])
        ids: list[int] = []
        for r in rows:
            if r["url"] in known:
                aid = known[r["url"]][0]
                c.execute(update(t.articles).where(a.id == aid).values(**r))
            else:
                aid = next(new_ids)
            ids.append(int(aid))
        again = [known[w.url][0] for w in items if w.url in known]
        if again:
            c.execute(t.images.delete().where(t.images.c.article_id.in_(again)))
            c.execute(t.article_fts.delete().where(t.article_fts.c.rowid.in_(again)))
        images = [
            {"article_id": aid, "position": i, "url": im.url, "role": im.role, "alt": im.alt,
             "caption": im.caption, "width": im.width, "height": im.height,
             "media_key": im.media_key,
             "thumbnails": {str(k): v for k, v in im.thumbnails.items()} or None}
            for w, aid in zip(items, ids, strict=True) for i, im in enumerate(w.article.images)]
        if images:
            c.execute(insert(t.images), images)
        c.execute(insert(t.article_fts), [
            {"rowid": aid, "title": w.article.title or "", "lemmas": w.enrichment.lemmas}
            for w, aid in zip(items, ids, strict=True)])
        closing = [{"eid": w.entry_id, "aid": aid}
                   for w, aid in zip(items, ids, strict=True) if w.entry_id is not None]
        if closing:
            c.execute(_CLOSE_ENTRY, closing)
        moved_from = {sid for _, sid in known.values() if sid is not None}
        return ids, moved_from


def _place(c: Connection, ids: list[int], languages: list[str | None],
           placements: list[StoryPlacement | None], moved_from: set[int]) -> dict[int, int]:
    """Start the stories a batch brings, point its articles at their stories, and bring every
    story it touched up to date (counts from the articles themselves, so reprocessing an
    article that changes story keeps both stories right)."""
    now = datetime.now(UTC)
    s = t.stories.c
    first: dict[int, StoryPlacement] = {}
    for p in placements:
        if p is not None and p.story < 0:
            first.setdefault(p.story, p)
    started: dict[int, int] = {}
    if first:
        new_ids = c.scalars(insert(t.stories).returning(s.id, sort_by_parameter_order=True), [
            {"title": p.title, "features": p.features, "n_articles": 1, "n_sources": 1,
             "languages": [p.language] if p.language else [], "first_seen": p.when,
             "updated": p.when, "score": 0.0, "earlier": [], "touched_at": now}
            for p in first.values()]).all()
        started = dict(zip(first, (int(i) for i in new_ids), strict=True))
    latest: dict[int, StoryPlacement] = {}  # story -> its last placement in this batch
    newest: dict[int, datetime] = {}
    langs: dict[int, set[str]] = {}
    links = []
    for aid, lang, p in zip(ids, languages, placements, strict=True):
        if p is None:
            continue
        sid = started.get(p.story, p.story)
        latest[sid] = p
        newest[sid] = max(newest.get(sid, p.when), p.when)
        langs.setdefault(sid, set()).update([lang] if lang else [])
        links.append({"aid": aid, "sid": sid})
    if not links:
        return started
    c.execute(_SET_STORY, links)
    c.execute(_STORY_FEATURES, [{"sid": sid, "f": p.features} for sid, p in latest.items()])
    touched = set(latest) | moved_from
    a = t.articles.c
    counts = {r.story_id: (r.n, r.k) for r in c.execute(
        select(a.story_id, func.count().label("n"), func.count(a.source_id.distinct()).label("k"))
        .where(a.story_id.in_(touched)).group_by(a.story_id))}
    rows = c.execute(select(s.id, s.languages, s.updated).where(s.id.in_(touched))).all()
    c.execute(_STORY_STATE, [{
        "sid": r.id, "n": counts.get(r.id, (0, 0))[0], "k": counts.get(r.id, (0, 0))[1],
        "langs": sorted(set(r.languages) | langs.get(r.id, set())),
        "upd": max(r.updated, newest.get(r.id, r.updated)), "now": now,
    } for r in rows])
    return started
