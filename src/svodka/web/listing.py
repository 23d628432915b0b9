"""What a list of articles asks for, the same in the API and the feeds: filters parsed, checked, run.

Every advertised parameter either works or is refused with a 422; a query parameter nobody
advertised is refused too (``reject_unknown_params``), so a misspelt filter never passes unnoticed.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any

from fastapi import Query, Request
from fastapi.exceptions import RequestValidationError

from svodka.records import StoredArticle
from svodka.store.search import ArticleFilter, SearchOrder, SearchQuery

from . import queries
from .i18n import CATEGORIES
from .search import MAX_QUERY_CHARS, search_page
from .site import Site

CategoryName = StrEnum("CategoryName", {c: c for c in CATEGORIES})  # type: ignore[misc]
LANGUAGE_PATTERN = r"^[a-z]{2,3}$"  # ISO 639 codes, as the enrichment gives them
MAX_ID = 2**62
MAX_ENTITIES = 5
MAX_NAME_CHARS = 300
# Parameters every route takes besides its own: the interface language.
COMMON_PARAMS = frozenset({"lang"})


def _query_names(dependant: Any) -> set[str]:
    names = {p.alias for p in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


def reject_unknown_params(request: Request) -> None:
    """422 for a query parameter the route does not take (never silently ignored)."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    known = _query_names(dependant) | COMMON_PARAMS
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        raise RequestValidationError([
            {"type": "extra_forbidden", "loc": ("query", name), "msg": "unknown parameter",
             "input": request.query_params[name]} for name in unknown])


def _invalid(name: str, message: str, value: object) -> RequestValidationError:
    return RequestValidationError([{"type": "value_error", "loc": ("query", name),
                                    "msg": message, "input": value}])


def _utc(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


@dataclass(slots=True)
class ArticleQuery:
    """Which articles a list shows: filters, words to search, entities."""

    flt: ArticleFilter
    q: str = ""
    entities: tuple[str, ...] = ()
    source_name: str | None = None  # a source asked for by a name no source has: no articles

    @property
    def searches(self) -> bool:
        return bool(self.q or self.entities)


def article_query(
    request: Request,
    language: Annotated[str | None, Query(pattern=LANGUAGE_PATTERN,
                                          description="ISO 639 code: uk, ru, en ...")] = None,
    category: Annotated[CategoryName | None, Query(description="the enrichment's category")] = None,
    source: Annotated[str | None, Query(max_length=MAX_NAME_CHARS,
                                        description="a source id or name")] = None,
    story: Annotated[int | None, Query(ge=1, lt=MAX_ID, description="a story id")] = None,
    q: Annotated[str | None, Query(max_length=MAX_QUERY_CHARS,
                                   description="words to search for")] = None,
    entity: Annotated[list[str] | None, Query(
        max_length=MAX_ENTITIES, description="a person, organisation or place (repeatable)")] = None,
    since: Annotated[datetime | None, Query(description="published at or after (ISO 8601)")] = None,
    until: Annotated[datetime | None, Query(description="published before (ISO 8601)")] = None,
    news: Annotated[bool | None, Query(description="true: news only; false: the rest")] = None,
) -> ArticleQuery:
    site: Site = request.app.state.site
    source_id, missing = None, None
    if source:
        numeric = source.isascii() and source.isdigit() and int(source) < MAX_ID
        source_id = int(source) if numeric else queries.source_id_by_name(site.store.engine,
                                                                           source)
        if source_id is None:
            missing = source
    names = tuple(n.strip()[:MAX_NAME_CHARS] for n in entity or [] if n.strip())
    flt = ArticleFilter(language=language, source_id=source_id,
                        category=category.value if category else None, story_id=story,
                        since=_utc(since), until=_utc(until), news_only=bool(news))
    if news is False:
        raise _invalid("news", "only news=true filters; leave it out for every article", news)
    return ArticleQuery(flt=flt, q=(q or "").strip(), entities=names, source_name=missing)


@dataclass(slots=True)
class ArticlePage:
    articles: list[StoredArticle]
    total: int
    next_cursor: str | None
    search: SearchQuery | None = None  # what was searched (for snippets)


def encode_cursor(data: dict[str, object]) -> str:
    raw = json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> dict[str, object]:
    try:
        data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise _invalid("cursor", "not a cursor this API gave", cursor) from exc
    if not isinstance(data, dict):
        raise _invalid("cursor", "not a cursor this API gave", cursor)
    return data


def _keyset(cursor: str) -> tuple[datetime, int]:
    data = decode_cursor(cursor)
    try:
        return datetime.fromisoformat(str(data["t"])), int(str(data["id"]))
    except (KeyError, ValueError) as exc:
        raise _invalid("cursor", "not a cursor of this list", cursor) from exc


def _search_offset(cursor: str) -> int:
    value = decode_cursor(cursor).get("o")
    if not isinstance(value, int) or value < 0:
        raise _invalid("cursor", "not a cursor of this search", cursor)
    return value


def fetch(site: Site, aq: ArticleQuery, *, limit: int, offset: int = 0,
          cursor: str | None = None, order: SearchOrder | None = None) -> ArticlePage:
    """A page of the articles ``aq`` asks for: searched (relevance first unless ``order``) or
    listed newest first; ``cursor`` continues where the previous page's ``next_cursor`` left."""
    if aq.source_name is not None:
        return ArticlePage([], 0, None)
    if cursor and offset:
        raise _invalid("cursor", "give a cursor or an offset, not both", cursor)
    if aq.searches:
        start = _search_offset(cursor) if cursor else offset
        found = search_page(site.store, aq.q, aq.flt, entities=aq.entities, limit=limit,
                            offset=start, order=order or SearchOrder.RELEVANCE)
        more = start + len(found.articles) < found.total and len(found.articles) == limit
        nxt = encode_cursor({"o": start + limit}) if more else None
        return ArticlePage(found.articles, found.total, nxt, found.query)
    if order is SearchOrder.RELEVANCE:
        raise _invalid("sort", "relevance needs words to search (q) or an entity", order.value)
    keys = queries.article_keys(site.store.engine, aq.flt, limit=limit + 1, offset=offset,
                                after=_keyset(cursor) if cursor else None)
    page = keys[:limit]
    nxt = None
    if len(keys) > limit and page[-1][1] is not None:
        nxt = encode_cursor({"t": page[-1][1].isoformat(), "id": page[-1][0]})
    articles = site.store.articles_by_ids([aid for aid, _ in page])
    return ArticlePage(articles, queries.count_articles(site.store.engine, aq.flt), nxt)
