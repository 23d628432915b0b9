"""Writing articles: one transaction stores a batch of articles, closes their entries and places
them in stories, with a handful of multi-row statements instead of a dozen per article.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import bindparam, func, insert, select, text, update

from svodka.records import ArticleWrite, StoryPlacement, StoryRegroup
from svodka.store import schema as t
from svodka.store.duplicates import group_duplicates
from svodka.store.search import index_row, write_index

if TYPE_CHECKING:
    from sqlalchemy import Engine
    from sqlalchemy.engine import Connection

# place(article ids) -> one placement (or None) per article, decided inside the transaction.
Placer = Callable[[list[int]], Sequence[StoryPlacement | None]]
# After placing: what the matcher merged and moved meanwhile (applied in the same transaction).
Regrouper = Callable[[], StoryRegroup]

_SET_STORY = (update(t.articles).where(t.articles.c.id == bindparam("aid"))
              .values(story_id=bindparam("sid")))
_CLOSE_ENTRY = (update(t.entries).where(t.entries.c.id == bindparam("eid"))
                .values(status="done", article_id=bindparam("aid"), error=None,
                        attempts=t.entries.c.attempts + 1))
_STORY_STATE = (update(t.stories).where(t.stories.c.id == bindparam("sid")).values(
    n_articles=bindparam("n"), n_sources=bindparam("k"), languages=bindparam("langs"),
    first_seen=bindparam("first"), updated=bindparam("upd"), touched_at=bindparam("now")))
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
        "sort_at": w.when,
        "fingerprint": w.fingerprint.signature if w.fingerprint is not None else None,
        "dup_group": None,  # set by group_duplicates when it has one
        "story_features": w.story_features,
    }


class ArticleWrites:
    engine: Engine

    def save_article(self, *, entry_id: int | None, source_id: int, article: Any,
                     enrichment: Any, fetched_at: datetime, url: str) -> int:
        """Store one article (see ``save_articles``)."""
        ids, _ = self.save_articles([ArticleWrite(entry_id=entry_id, source_id=source_id,
                                                  article=article, enrichment=enrichment,
                                                  fetched_at=fetched_at, url=url)])
        return ids[0]

    def save_articles(self, items: Sequence[ArticleWrite], place: Placer | None = None,
                      regroup: Regrouper | None = None) -> tuple[list[int], dict[int, int]]:
        """Store articles with their images and search text and close their entries, then (with
        ``place``) put each into its story and (with ``regroup``) apply the merges and moves the
        story matcher made meanwhile; all in one transaction.

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
            group_duplicates(c, ids, [w.fingerprint for w in items])
            started: dict[int, int] = {}
            if place is not None:
                lock_placements(c)
                started = _place(c, ids, list(place(ids)), moved_from,
                                 regroup() if regroup is not None else None)
        return ids, started

    def place_articles(self, placements: dict[int, StoryPlacement],
                       regroup: StoryRegroup | None = None) -> dict[int, int]:
        """Put stored articles (by id) into stories and apply ``regroup``, in one transaction;
        returns the ids given to the stories started (provisional key -> id)."""
        if not placements and not regroup:
            return {}
        a = t.articles.c
        with self.engine.begin() as c:
            lock_placements(c)
            rows = {r.id: r for r in c.execute(select(a.id, a.story_id)
                                               .where(a.id.in_(list(placements))))}
            ids = [aid for aid in placements if aid in rows]
            moved_from = {rows[i].story_id for i in ids if rows[i].story_id is not None}
            return _place(c, ids, [placements[i] for i in ids], moved_from, regroup)

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
        write_index(c, [index_row(aid, w.article, w.enrichment)
                        for w, aid in zip(items, ids, strict=True)])
        closing = [{"eid": w.entry_id, "aid": aid}
                   for w, aid in zip(items, ids, strict=True) if w.entry_id is not None]
        if closing:
            c.execute(_CLOSE_ENTRY, closing)
        moved_from = {sid for _, sid in known.values() if sid is not None}
        return ids, moved_from


# The PostgreSQL advisory lock that makes story placement one at a time across processes (any
# number fixed here; SQLite's write transaction already is one at a time).
PLACEMENT_LOCK = 0x5376_6F64


def lock_placements(c: Connection) -> None:
    """Hold the placement lock until the transaction ends: a process placing articles sees the
    stories of every placement committed before its own."""
    if c.dialect.name == "postgresql":
        c.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": PLACEMENT_LOCK})


def _place(c: Connection, ids: list[int], placements: list[StoryPlacement | None],
           moved_from: set[int], regroup: StoryRegroup | None = None) -> dict[int, int]:
    """Start the stories a batch brings, point its articles at their stories, apply the
    matcher's merges and moves, and bring every story it touched up to date (from the articles
    themselves, so reprocessing an article that changes story keeps both stories right).

    A placement into a story that another process has merged meanwhile goes to its survivor.
    """
    now = datetime.now(UTC)
    first: dict[int, StoryPlacement] = {}
    for p in placements:
        if p is not None and p.story < 0:
            first.setdefault(p.story, p)
    started = _start_stories(c, first, now)
    latest: dict[int, StoryPlacement] = {}  # story -> its last placement in this batch
    links = []
    for aid, p in zip(ids, placements, strict=True):
        if p is None:
            continue
        sid = started.get(p.story, p.story)
        latest[sid] = p
        links.append({"aid": aid, "sid": sid})
    survivors = _survivors(c, set(latest))
    newest: dict[int, datetime] = {}
    for x, p in zip(links, (p for p in placements if p is not None), strict=True):
        x["sid"] = survivors.get(x["sid"], x["sid"])
        newest[x["sid"]] = max(newest.get(x["sid"], p.when), p.when)
    if links:
        c.execute(_SET_STORY, links)
        c.execute(_STORY_FEATURES, [{"sid": survivors.get(sid, sid), "f": p.features}
                                    for sid, p in latest.items()])
    shrunk = set(moved_from)
    if regroup:
        shrunk |= _regroup(c, regroup, started, now)
    _recount(c, shrunk | set(newest), shrunk, newest, now)
    return started


def _start_stories(c: Connection, first: dict[int, StoryPlacement], now: datetime
                   ) -> dict[int, int]:
    """Insert the stories a batch starts; provisional key -> id."""
    if not first:
        return {}
    s = t.stories.c
    new_ids = c.scalars(insert(t.stories).returning(s.id, sort_by_parameter_order=True), [
        {"title": p.title, "features": p.features, "n_articles": 1, "n_sources": 1,
         "languages": [p.language] if p.language else [], "first_seen": p.when,
         "updated": p.when, "score": 0.0, "earlier": [], "touched_at": now,
         "titles": {p.language: p.title} if p.language and p.title else {}}
        for p in first.values()]).all()
    return dict(zip(first, (int(i) for i in new_ids), strict=True))


def _survivors(c: Connection, story_ids: set[int]) -> dict[int, int]:
    """The stories among ``story_ids`` that were merged into another: id -> survivor."""
    if not story_ids:
        return {}
    s = t.stories.c
    return {int(r.id): int(r.merged_into) for r in c.execute(
        select(s.id, s.merged_into).where(s.id.in_(story_ids), s.merged_into.is_not(None)))}


def _regroup(c: Connection, regroup: StoryRegroup, started: dict[int, int], now: datetime
             ) -> set[int]:
    """Apply merges (the absorbed story's articles move to the survivor, which its old id
    redirects to from now on) and moves (a split: an article goes to another story, a new one
    when its key is provisional, added to ``started``). Returns the stories touched (their
    dates are recomputed)."""
    s, a = t.stories.c, t.articles.c
    real = started  # the stories a split starts are given ids here too
    fresh = {key: aid for aid, key in regroup.moves if key < 0 and key not in real}
    if fresh:
        rows = {r.id: r for r in c.execute(select(a.id, a.title, a.language, a.sort_at)
                                           .where(a.id.in_(list(fresh.values()))))}
        real |= _start_stories(c, {key: StoryPlacement(
            story=key, features=regroup.features.get(key, {}), when=rows[aid].sort_at or now,
            title=rows[aid].title, language=rows[aid].language)
            for key, aid in fresh.items() if aid in rows}, now)
    touched: set[int] = set()
    merged: dict[int, int] = {}  # absorbed -> survivor, as applied here

    def final(key: int) -> int:
        sid = real.get(key, key)
        while sid in merged:
            sid = merged[sid]
        return sid

    for gone_key, keep_key in regroup.merges:
        gone, keep = final(gone_key), final(keep_key)
        keep = _survivors(c, {keep}).get(keep, keep)
        if gone == keep or gone < 0 or keep < 0:
            continue
        c.execute(update(t.articles).where(a.story_id == gone).values(story_id=keep))
        c.execute(update(t.stories).where((s.id == gone) | (s.merged_into == gone))
                  .values(merged_into=keep, touched_at=now))
        merged[gone] = keep
        touched |= {gone, keep}
    moves = [{"aid": aid, "sid": final(key)} for aid, key in regroup.moves if final(key) > 0]
    if moves:
        touched |= set(c.scalars(select(a.story_id).where(
            a.id.in_([m["aid"] for m in moves]), a.story_id.is_not(None))))
        c.execute(_SET_STORY, moves)
        touched |= {m["sid"] for m in moves}
    features = [{"sid": final(k), "f": f} for k, f in regroup.features.items()
                if final(k) > 0 and final(k) == real.get(k, k)]  # not an absorbed story's
    if features:
        c.execute(_STORY_FEATURES, features)
    return touched


def _recount(c: Connection, touched: set[int], shrunk: set[int],
             newest: dict[int, datetime], now: datetime) -> None:
    """Counts, outlets and languages of the touched stories, from their articles; their first
    report never later than their earliest article, their last never earlier than the latest
    placed. A story that lost articles (``shrunk``: moved, merged away) takes both dates from the
    articles it keeps (none left: it keeps its dates, with zero counts)."""
    if not touched:
        return
    a, s = t.articles.c, t.stories.c
    counts = {r.story_id: r for r in c.execute(
        select(a.story_id, func.count().label("n"), func.count(a.source_id.distinct()).label("k"),
               func.min(a.sort_at).label("first"), func.max(a.sort_at).label("last"))
        .where(a.story_id.in_(touched)).group_by(a.story_id))}
    langs: dict[int, set[str]] = {}
    for sid, lang in c.execute(select(a.story_id, a.language).distinct()
                               .where(a.story_id.in_(touched), a.language.is_not(None))):
        langs.setdefault(sid, set()).add(lang)
    values = []
    for r in c.execute(select(s.id, s.first_seen, s.updated).where(s.id.in_(touched))):
        got = counts.get(r.id)
        first, last = r.first_seen, max(r.updated, newest.get(r.id, r.updated))
        if got is not None and r.id in shrunk:
            first, last = _when(got.first), _when(got.last)
        elif got is not None:
            first, last = min(first, _when(got.first)), max(last, _when(got.last))
        values.append({"sid": r.id, "n": got.n if got else 0, "k": got.k if got else 0,
                       "langs": sorted(langs.get(r.id, ())), "first": first, "upd": last,
                       "now": now})
    if values:
        c.execute(_STORY_STATE, values)


def _when(value: datetime | str) -> datetime:
    """An aggregated timestamp (SQLite may give text back), timezone-aware."""
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
