"""The store: every write is one transaction, so a crash leaves either the old or the new state."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from importlib import resources
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, and_, create_engine, event, func, insert, select, update
from sqlalchemy.engine import Connection

from svodka.config import require_extra
from svodka.records import (
    Article,
    Enrichment,
    FeedEntry,
    Image,
    OutletRules,
    PendingEntry,
    Source,
    SourceState,
    StoredArticle,
)
from svodka.store import schema as t
from svodka.store.batch import ArticleWrites
from svodka.store.pace import HostPace
from svodka.store.search import ArticleFilter, SearchOrder, SearchQuery, search_ids
from svodka.store.stories import StoryStore

MAX_ATTEMPTS = 5
SQL_IN_CHUNK = 500  # values per IN (...) list: well under SQLite's and PostgreSQL's limits


def _source_values(source: Source, row: Any = None) -> dict[str, Any]:
    """The columns an added source sets (a name it lacks is kept from the stored row)."""
    return {
        "name": source.name or (row.name if row is not None else ""), "kind": source.kind,
        "homepage": source.homepage, "language": source.language,
        "enabled": source.enabled, "article_pattern": source.article_pattern,
        # Rules are set by hand: a source added again without rules keeps its own.
        "rules": source.rules.to_json() if source.rules is not None else (
            row.rules if row is not None else None),
    }


def _now() -> datetime:
    return datetime.now(UTC)


def make_engine(url: str) -> Engine:
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

        return engine
    with require_extra("postgres", "PostgreSQL"):
        return create_engine(url, pool_pre_ping=True)


def _source(row: Any) -> Source:
    return Source(
        id=row.id, url=row.url, name=row.name, kind=row.kind, homepage=row.homepage,
        language=row.language, enabled=row.enabled, article_pattern=row.article_pattern,
        rules=_rules(row.rules),
    )


def _rules(stored: str | None) -> OutletRules | None:
    """A source's stored rules; none when empty or unreadable (they were checked when set)."""
    try:
        rules = OutletRules.from_json(stored) if stored else None
    except ValueError:
        return None
    return rules or None


def _entry(r: Any) -> PendingEntry:
    return PendingEntry(id=r.id, source_id=r.source_id, url=r.url, attempts=r.attempts,
                        title=r.title, published=r.published, image_url=r.image_url)


class Store(ArticleWrites, HostPace, StoryStore):
    """svodka's database. SQLite by default, PostgreSQL by URL; migrated on open."""

    def __init__(self, url: str, *, migrate: bool = True) -> None:
        self.url = url
        self.engine = make_engine(url)
        self.dialect = self.engine.dialect.name
        if migrate:
            self.migrate()

    def migrate(self) -> None:
        cfg = Config()
        cfg.set_main_option("script_location", str(resources.files("svodka.store") / "migrations"))
        with self.engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")

    def close(self) -> None:
        self.engine.dispose()

    # -- sources -------------------------------------------------------------------------------

    def add_source(self, source: Source) -> Source:
        """Insert a source, or update the one with the same URL; returns it with its id."""
        return self.add_sources([source])[0]

    def add_sources(self, sources: list[Source]) -> list[Source]:
        """``add_source`` for many in one transaction, with multi-row statements (an OPML
        import of thousands); a URL named twice is stored once, as named last."""
        latest = {s.url: s for s in sources}
        col = t.sources.c
        with self.engine.begin() as c:
            rows = self._sources_by_url(c, list(latest))
            fresh = [s for url, s in latest.items() if url not in rows]
            if fresh:
                c.execute(insert(t.sources), [
                    {"url": s.url, "poll_interval": 900.0, "failures": 0, "created_at": _now(),
                     **_source_values(s)} for s in fresh])
            for url, row in rows.items():
                values = _source_values(latest[url], row)
                if any(getattr(row, k) != v for k, v in values.items()):  # changed ones only
                    c.execute(update(t.sources).where(col.id == row.id).values(**values))
            rows = self._sources_by_url(c, list(latest))
        return [_source(rows[s.url]) for s in sources]

    @staticmethod
    def _sources_by_url(c: Connection, urls: list[str]) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for i in range(0, len(urls), SQL_IN_CHUNK):
            q = select(t.sources).where(t.sources.c.url.in_(urls[i:i + SQL_IN_CHUNK]))
            found.update((r.url, r) for r in c.execute(q))
        return found

    def sources(self, *, enabled_only: bool = False) -> list[Source]:
        q = select(t.sources).order_by(t.sources.c.id)
        if enabled_only:
            q = q.where(t.sources.c.enabled.is_(True))
        with self.engine.connect() as c:
            return [_source(r) for r in c.execute(q)]

    def source_state(self, source_id: int) -> SourceState:
        with self.engine.connect() as c:
            r = c.execute(select(t.sources).where(t.sources.c.id == source_id)).one()
        return SourceState(
            source=_source(r), etag=r.etag, last_modified=r.last_modified,
            poll_interval=r.poll_interval, next_poll_at=r.next_poll_at,
            last_polled_at=r.last_polled_at, failures=r.failures, last_error=r.last_error,
        )

    def record_poll(
        self, source_id: int, *, ok: bool, etag: str | None = None,
        last_modified: str | None = None, next_poll_at: datetime | None = None,
        interval: float | None = None, error: str | None = None, name: str | None = None,
    ) -> None:
        values: dict[str, Any] = {"last_polled_at": _now(), "next_poll_at": next_poll_at}
        if ok:
            values.update(failures=0, last_error=None)
            if etag is not None:
                values["etag"] = etag
            if last_modified is not None:
                values["last_modified"] = last_modified
        else:
            values.update(failures=t.sources.c.failures + 1, last_error=error)
        if interval is not None:
            values["poll_interval"] = interval
        with self.engine.begin() as c:
            c.execute(update(t.sources).where(t.sources.c.id == source_id).values(**values))
            if name:
                c.execute(update(t.sources).where(
                    t.sources.c.id == source_id, t.sources.c.name == "").values(name=name))

    # -- entries -------------------------------------------------------------------------------

    def add_entries(self, source_id: int, items: Iterable[FeedEntry]) -> int:
        """Queue announced article URLs; a URL seen before is not queued again. Returns new count."""
        items = list({e.url: e for e in items}.values())
        if not items:
            return 0
        with self.engine.begin() as c:
            known = set(c.scalars(select(t.entries.c.url).where(
                t.entries.c.url.in_([e.url for e in items]))))
            fresh = [e for e in items if e.url not in known]
            if fresh:
                now = _now()
                c.execute(insert(t.entries), [{
                    "source_id": source_id, "url": e.url, "title": e.title,
                    "published": e.published, "summary": (e.summary or "")[:4000] or None,
                    "image_url": e.image_url, "status": "pending", "attempts": 0,
                    "next_try_at": None, "created_at": now,
                } for e in fresh])
        return len(fresh)

    def pending_entries(
        self, *, limit: int = 10_000, source_id: int | None = None, now: datetime | None = None,
    ) -> list[PendingEntry]:
        now = now or _now()
        e = t.entries.c
        q = select(t.entries).where(
            (e.status == "pending") | ((e.status == "failed") & (e.attempts < MAX_ATTEMPTS)),
            (e.next_try_at.is_(None)) | (e.next_try_at <= now),
        ).order_by(e.id).limit(limit)
        if source_id is not None:
            q = q.where(e.source_id == source_id)
        with self.engine.connect() as c:
            return [_entry(r) for r in c.execute(q)]

    def entry_for_url(self, url: str) -> PendingEntry | None:
        with self.engine.connect() as c:
            r = c.execute(select(t.entries).where(t.entries.c.url == url)).first()
        return _entry(r) if r is not None else None

    def pending_entry(self, entry_id: int) -> PendingEntry | None:
        """The entry if it still wants processing (a redelivered queue message may find it done)."""
        e = t.entries.c
        with self.engine.connect() as c:
            r = c.execute(select(t.entries).where(
                e.id == entry_id,
                (e.status == "pending") | ((e.status == "failed") & (e.attempts < MAX_ATTEMPTS)),
            )).first()
        return _entry(r) if r is not None else None

    def entry_failed(self, entry_id: int, error: str, *, retry_in: float | None,
                     counted: bool = True) -> None:
        """Record a failure; ``retry_in`` None means permanent (no more attempts). A failure
        that is not the page's (``counted=False``: a full disk here) uses up no attempt."""
        values: dict[str, Any] = {"error": error[:2000],
                                  "attempts": t.entries.c.attempts + (1 if counted else 0)}
        if retry_in is None:
            values.update(status="skipped", next_try_at=None)
        else:
            values.update(status="failed", next_try_at=_now() + timedelta(seconds=retry_in))
        with self.engine.begin() as c:
            c.execute(update(t.entries).where(t.entries.c.id == entry_id).values(**values))

    # -- claims: what the scheduler hands to queue workers, each once -----------------------------

    def claim_due_sources(self, *, lease: float, now: datetime | None = None) -> list[int]:
        """The enabled sources due for a poll, each pushed ``lease`` seconds ahead in the same
        statement, so that any number of schedulers hand each out once; the poll sets the real
        next time, and a poll lost with its message makes the source due again after the
        lease."""
        now = now or _now()
        s = t.sources.c
        with self.engine.begin() as c:
            return sorted(c.scalars(update(t.sources).where(
                s.enabled.is_(True), s.next_poll_at.is_(None) | (s.next_poll_at <= now),
            ).values(next_poll_at=now + timedelta(seconds=lease)).returning(s.id)))

    def claim_due_entries(self, *, lease: float, limit: int, source_id: int | None = None,
                          now: datetime | None = None) -> list[int]:
        """Up to ``limit`` entries wanting processing (``pending_entries``), each leased as
        ``claim_due_sources`` leases sources: a worker killed mid-article leaves its entry due
        again once the lease is over, so no announced article is lost with its message."""
        now = now or _now()
        e = t.entries.c
        want = ((e.status == "pending") | ((e.status == "failed") & (e.attempts < MAX_ATTEMPTS)))
        due = e.next_try_at.is_(None) | (e.next_try_at <= now)
        with self.engine.begin() as c:
            q = select(e.id).where(want, due).order_by(e.id).limit(limit)
            if source_id is not None:
                q = q.where(e.source_id == source_id)
            ids = list(c.scalars(q))
            if not ids:
                return []
            return sorted(c.scalars(update(t.entries).where(e.id.in_(ids), want, due).values(
                next_try_at=now + timedelta(seconds=lease)).returning(e.id)))

    def sources_without_template(self, *, min_articles: int) -> list[int]:
        """Sources with at least ``min_articles`` stored articles and no site template yet."""
        a = t.articles.c
        with self.engine.connect() as c:
            q = (select(a.source_id).group_by(a.source_id)
                 .having(func.count() >= min_articles)
                 .where(a.source_id.not_in(select(t.templates.c.source_id))))
            return sorted(c.scalars(q))

    def entry_counts(self) -> dict[str, int]:
        with self.engine.connect() as c:
            rows = c.execute(select(t.entries.c.status, func.count()).group_by(t.entries.c.status))
            return {status: n for status, n in rows}

    # -- articles ------------------------------------------------------------------------------

    def delete_articles(self, *, source_id: int | None = None) -> int:
        """Remove stored articles (their entries stay, marked done): ``reprocess`` rebuilds them."""
        a = t.articles.c
        with self.engine.begin() as c:
            ids = list(c.scalars(select(a.id).where(
                a.source_id == source_id if source_id is not None else a.id.is_not(None))))
            for chunk in range(0, len(ids), 500):
                part = ids[chunk:chunk + 500]
                c.execute(t.article_fts.delete().where(t.article_fts.c.rowid.in_(part)))
                c.execute(t.images.delete().where(t.images.c.article_id.in_(part)))
                c.execute(t.articles.delete().where(a.id.in_(part)))
            self._recount_stories(c)
        return len(ids)

    @staticmethod
    def _recount_stories(c: Connection) -> None:
        """Drop stories left without articles and recount the others from their articles."""
        a, s = t.articles.c, t.stories.c
        counts = {r.story_id: r for r in c.execute(
            select(a.story_id, func.count().label("n"),
                   func.count(a.source_id.distinct()).label("k"))
            .where(a.story_id.is_not(None)).group_by(a.story_id))}
        gone = [sid for sid in c.scalars(select(s.id).where(s.merged_into.is_(None)))
                if sid not in counts]
        if gone:  # with the redirects to them, and the names of both (an id may be given again)
            c.execute(t.stories.delete().where(s.id.in_(gone) | s.merged_into.in_(gone)))
            c.execute(t.story_names.delete().where(
                t.story_names.c.story_id.not_in(select(s.id))))
        for sid, r in counts.items():
            c.execute(update(t.stories).where(s.id == sid).values(n_articles=r.n, n_sources=r.k))

    def _articles(self, c: Connection, where: Any, *, limit: int, offset: int = 0,
                  order: Any = None) -> list[StoredArticle]:
        a = t.articles.c
        q = (select(t.articles, t.sources.c.name.label("source_name"))
             .join(t.sources, t.sources.c.id == a.source_id)
             .order_by(*(order if order is not None else (a.sort_at.desc(), a.id.desc())))
             .limit(limit).offset(offset))
        if where is not None:
            q = q.where(where)
        rows = c.execute(q).all()
        imgs: dict[int, list[Image]] = {}
        if rows:
            for r in c.execute(select(t.images).where(
                    t.images.c.article_id.in_([r.id for r in rows])).order_by(
                    t.images.c.article_id, t.images.c.position)):
                imgs.setdefault(r.article_id, []).append(Image(
                    url=r.url, alt=r.alt, caption=r.caption, role=r.role, width=r.width,
                    height=r.height, media_key=r.media_key,
                    thumbnails={int(k): v for k, v in (r.thumbnails or {}).items()}))
        out = []
        for r in rows:
            art = Article.from_dict(r.data)
            art.images = imgs.get(r.id, [])
            out.append(StoredArticle(
                id=r.id, source_id=r.source_id, source_name=r.source_name, article=art,
                enrichment=Enrichment.from_dict(r.enrichment), fetched_at=r.fetched_at,
                story_id=r.story_id))
        return out

    def article(self, article_id: int) -> StoredArticle | None:
        with self.engine.connect() as c:
            found = self._articles(c, t.articles.c.id == article_id, limit=1)
        return found[0] if found else None

    def latest_articles(
        self, *, limit: int = 50, offset: int = 0, language: str | None = None,
        source_id: int | None = None, story_id: int | None = None,
        category: str | None = None, news_only: bool = False,
    ) -> list[StoredArticle]:
        conds = []
        if category:
            conds.append(t.articles.c.category == category)
        if news_only:
            conds.append(t.articles.c.is_news.is_(True))
        if language:
            conds.append(t.articles.c.language == language)
        if source_id is not None:
            conds.append(t.articles.c.source_id == source_id)
        if story_id is not None:
            conds.append(t.articles.c.story_id == story_id)
        with self.engine.connect() as c:
            return self._articles(c, and_(*conds) if conds else None, limit=limit, offset=offset)

    def count_articles(self) -> int:
        with self.engine.connect() as c:
            return int(c.scalar(select(func.count()).select_from(t.articles)) or 0)

    def article_urls(self) -> set[str]:
        with self.engine.connect() as c:
            return set(c.scalars(select(t.articles.c.url)))

    def articles_by_ids(self, ids: list[int]) -> list[StoredArticle]:
        """The stored articles of ``ids``, in that order (unknown ids left out)."""
        if not ids:
            return []
        with self.engine.connect() as c:
            found = {a.id: a for a in self._articles(c, t.articles.c.id.in_(ids), limit=len(ids))}
        return [found[i] for i in ids if i in found]

    def search(self, query: str | SearchQuery, flt: ArticleFilter | None = None, *,
               order: SearchOrder = SearchOrder.RELEVANCE, limit: int = 50,
               offset: int = 0) -> list[StoredArticle]:
        """Articles matching ``query`` (a string: every one of its lemmas); see ``search_page``."""
        return self.search_page(query, flt, order=order, limit=limit, offset=offset)[0]

    def search_page(self, query: str | SearchQuery, flt: ArticleFilter | None = None, *,
                    order: SearchOrder = SearchOrder.RELEVANCE, limit: int = 50,
                    offset: int = 0) -> tuple[list[StoredArticle], int]:
        """A page of the articles matching ``query`` within ``flt``, and how many match in all."""
        if isinstance(query, str):
            query = SearchQuery.of_terms(query)
        with self.engine.connect() as c:
            hits = search_ids(c, query, flt, order=order, limit=limit, offset=offset)
        return self.articles_by_ids(hits.ids), hits.total

    # -- site templates ------------------------------------------------------------------------

    def template(self, source_id: int) -> tuple[str, int] | None:
        with self.engine.connect() as c:
            r = c.execute(select(t.templates).where(t.templates.c.source_id == source_id)).first()
        return (r.data, r.pages) if r else None

    def save_template(self, source_id: int, data: str, pages: int) -> None:
        with self.engine.begin() as c:
            c.execute(t.templates.delete().where(t.templates.c.source_id == source_id))
            c.execute(insert(t.templates).values(
                source_id=source_id, data=data, pages=pages, updated=_now()))
