"""Read-only queries the site needs beyond the Store API (SQLAlchemy Core on the store's schema)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, and_, func, or_, select

from svodka.store import schema as t
from svodka.store.search import ArticleFilter
from svodka.urls import canonicalize


@dataclass(slots=True)
class SourceRow:
    """A source with its polling state and how much it has given us."""

    id: int
    name: str
    url: str
    homepage: str | None
    language: str | None
    enabled: bool
    last_polled_at: datetime | None
    next_poll_at: datetime | None
    failures: int
    last_error: str | None
    n_articles: int
    last_article_at: datetime | None

    @property
    def state(self) -> str:
        if not self.enabled:
            return "disabled"
        if self.failures:
            return "failing"
        return "ok" if self.last_polled_at else "new"


def source_rows(engine: Engine) -> list[SourceRow]:
    a = t.articles.c
    counts = (select(a.source_id, func.count().label("n"),
                     func.max(func.coalesce(a.published, a.fetched_at)).label("last"))
              .group_by(a.source_id).subquery())
    s = t.sources.c
    q = (select(t.sources, counts.c.n, counts.c.last)
         .outerjoin(counts, counts.c.source_id == s.id)
         .order_by(func.lower(s.name), s.id))
    with engine.connect() as c:
        rows = c.execute(q).all()
    out = []
    for r in rows:
        last = r.last
        if isinstance(last, str):  # SQLite gives max() of a timestamp back as text
            last = datetime.fromisoformat(last)
        out.append(SourceRow(
            id=r.id, name=r.name or r.url, url=r.url, homepage=r.homepage, language=r.language,
            enabled=bool(r.enabled), last_polled_at=r.last_polled_at, next_poll_at=r.next_poll_at,
            failures=r.failures, last_error=r.last_error, n_articles=int(r.n or 0),
            last_article_at=t.UTCDateTime().process_result_value(last, None)))
    return out


def count_articles(engine: Engine, flt: ArticleFilter) -> int:
    q = select(func.count()).select_from(t.articles).where(*flt.conditions())
    with engine.connect() as c:
        return int(c.scalar(q) or 0)


def article_keys(engine: Engine, flt: ArticleFilter, *, limit: int, offset: int = 0,
                 after: tuple[datetime, int] | None = None) -> list[tuple[int, datetime]]:
    """(id, sort time) of a page of articles, newest first; ``after`` continues a page by key
    (sort time, id) instead of by offset, so that articles arriving meanwhile shift nothing."""
    a = t.articles.c
    q = select(a.id, a.sort_at).where(*flt.conditions())
    if after is not None:
        when, aid = after
        q = q.where(or_(a.sort_at < when, and_(a.sort_at == when, a.id < aid)))
    q = q.order_by(a.sort_at.desc(), a.id.desc()).limit(limit).offset(offset)
    with engine.connect() as c:
        return [(int(r.id), r.sort_at) for r in c.execute(q)]


def source_id_by_name(engine: Engine, name: str) -> int | None:
    """Case-insensitive in every script (SQLite's lower() folds ASCII only)."""
    wanted = name.strip().casefold()
    with engine.connect() as c:
        rows = c.execute(select(t.sources.c.id, t.sources.c.name).order_by(t.sources.c.id))
        return next((sid for sid, n in rows if (n or "").casefold() == wanted), None)


def article_ids_by_url(engine: Engine, urls: Iterable[str | None]) -> dict[str, int]:
    """Stored article ids for outlet URLs (compared canonicalised); maps each given URL."""
    wanted: dict[str, str] = {}
    for url in urls:
        if url:
            try:
                wanted[url] = canonicalize(url)
            except ValueError:
                continue
    if not wanted:
        return {}
    keys = set(wanted.values()) | set(wanted)
    with engine.connect() as c:
        found = dict(tuple(r) for r in c.execute(select(t.articles.c.url, t.articles.c.id)
                               .where(t.articles.c.url.in_(keys))).all())
    out = {}
    for url, canon in wanted.items():
        aid = found.get(canon, found.get(url))
        if aid is not None:
            out[url] = int(aid)
    return out


def story_titles(engine: Engine, story_ids: Iterable[int]) -> dict[int, str]:
    ids = list(dict.fromkeys(story_ids))
    if not ids:
        return {}
    with engine.connect() as c:
        return dict(tuple(r) for r in c.execute(select(t.stories.c.id, t.stories.c.title)
                              .where(t.stories.c.id.in_(ids))).all())
