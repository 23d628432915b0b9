"""The JSON API, ``/api/v1``: articles, search, stories, sources.

Every URL in it is http(s) (``security.safe_url``) and every absolute one starts with the public
base URL; a query parameter a route does not advertise is refused with a 422.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from starlette.responses import Response

from svodka.records import Image, StoredArticle
from svodka.store import StoryRow
from svodka.store.search import SearchOrder

from . import queries
from .cache import cacheable
from .listing import ArticlePage, ArticleQuery, article_query, fetch, reject_unknown_params
from .pages import merged_story, parse_id, site_of
from .search import snippet, snippet_text
from .security import public_url, safe_url
from .story_page import story_page
from .views import Card, lead_picture, media_url

router = APIRouter(prefix="/api/v1", dependencies=[Depends(reject_unknown_params)])

MAX_LIMIT = 200
MAX_OFFSET = 1_000_000


def absolute(request: Request, path: str | None) -> str | None:
    """A site path as an absolute URL under the public base URL (never the Host header)."""
    return public_url(request, path)


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def article_item(request: Request, a: StoredArticle) -> dict[str, Any]:
    """The list shape of an article. ``image`` is svodka's mirrored copy, never the outlet's."""
    pic = lead_picture(a, want=640)
    return {
        "id": a.id,
        "title": a.article.title,
        "url": safe_url(a.article.url),
        "source": a.source_name,
        "source_id": a.source_id,
        "published": _iso(a.published),
        "language": a.enrichment.language or a.article.language,
        "category": a.enrichment.category,
        "is_news": a.enrichment.is_news,
        "lead": a.article.lead,
        "image": absolute(request, pic.src) if pic else None,
        "story_id": a.story_id,
        "link": absolute(request, f"/articles/{a.id}"),
    }


def _image(request: Request, im: Image) -> dict[str, Any]:
    d = im.to_dict()
    d["url"] = safe_url(im.url)
    d["thumbnails"] = {str(w): absolute(request, media_url(k)) for w, k in im.thumbnails.items()}
    d["mirrored_url"] = absolute(request, media_url(im.media_key)) if im.media_key else None
    return d


def story_item(request: Request, row: StoryRow) -> dict[str, Any]:
    return {
        "id": row.id, "title": row.title, "score": row.score, "n_articles": row.n_articles,
        "n_sources": row.n_sources, "languages": row.languages,
        "first_seen": _iso(row.first_seen), "updated": _iso(row.updated),
        "earlier": row.earlier, "link": absolute(request, f"/stories/{row.id}"),
    }


@dataclass(slots=True)
class Paging:
    limit: int
    offset: int
    cursor: str | None


def paging(
    limit: int = Query(20, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
    cursor: str | None = Query(None, max_length=200, description="next_cursor of a page"),
) -> Paging:
    return Paging(limit, offset, cursor)


def _listed(request: Request, aq: ArticleQuery, p: Paging, order: SearchOrder | None,
            ) -> tuple[ArticlePage, dict[str, Any]]:
    page = fetch(site_of(request), aq, limit=p.limit, offset=p.offset, cursor=p.cursor,
                 order=order)
    return page, {"items": [article_item(request, a) for a in page.articles],
                  "total": page.total, "limit": p.limit, "offset": p.offset,
                  "next_cursor": page.next_cursor}


@router.get("/articles")
def articles(
    request: Request,
    aq: ArticleQuery = Depends(article_query),
    p: Paging = Depends(paging),
    sort: SearchOrder | None = Query(None, description="relevance (with q or entity) or time"),
) -> dict[str, Any]:
    """Articles, newest first, or the ones matching ``q``/``entity``; every filter combines."""
    cacheable(request.scope)  # the same query gives the same answer until the store changes
    return _listed(request, aq, p, sort)[1]


@router.get("/search")
def search(
    request: Request,
    aq: ArticleQuery = Depends(article_query),
    p: Paging = Depends(paging),
    sort: SearchOrder = Query(SearchOrder.RELEVANCE),
) -> dict[str, Any]:
    """Full-text search (``q``, ``entity``) with every filter of ``/articles`` and a snippet per
    item: ``snippet`` as text, ``snippet_html`` as escaped text with the hits in ``<mark>``.
    ``total`` counts at most 1000 matches (500 by relevance: the newest matches are ranked)."""
    if not aq.searches:
        raise HTTPException(422, [{"type": "missing", "loc": ["query", "q"],
                                   "msg": "q or entity is required"}])
    cacheable(request.scope)
    page, body = _listed(request, aq, p, sort)
    for item, a in zip(body["items"], page.articles, strict=True):
        marked = snippet(a, page.search) if page.search is not None else None
        item.update(snippet=snippet_text(marked) if marked else "",
                    snippet_html=str(marked or ""))
    return body


@router.get("/articles/{article_id}")
def article(request: Request, article_id: str) -> dict[str, Any]:
    a = site_of(request).store.article(parse_id(article_id))
    if a is None:
        raise HTTPException(404, "no such article")
    body = a.article.to_dict()
    body["url"] = safe_url(a.article.url)
    body["images"] = [_image(request, im) for im in a.article.images]
    body["related"] = [{"url": safe_url(r.url), "text": r.text} for r in a.article.related]
    return {**body, "id": a.id, "source": a.source_name, "source_id": a.source_id,
            "story_id": a.story_id, "fetched_at": _iso(a.fetched_at),
            "enrichment": a.enrichment.to_dict(), "link": absolute(request, f"/articles/{a.id}")}


@router.get("/stories")
def stories(
    request: Request,
    limit: int = Query(20, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=10_000),
) -> dict[str, Any]:
    cacheable(request.scope)
    rows = site_of(request).store.story_rows(order="score", limit=offset + limit)
    return {"items": [story_item(request, r) for r in rows[offset:offset + limit]],
            "limit": limit, "offset": offset}


@router.get("/stories/{story_id}", response_model=None)
def story(request: Request, story_id: str,
          lang: Literal["uk", "ru", "en"] | None = Query(
              None, description="the reader's language: the story's title in it when a report is"),
          ) -> dict[str, Any] | Response:
    """A story with its reports, one item per near-duplicate text ("also published by"), its
    outlets, first and last report and earlier coverage; a story merged into another answers 308
    to that one."""
    site = site_of(request)
    row = site.store.story(parse_id(story_id))
    if (moved := merged_story(request, row, "/api/v1/stories/{}")) is not None:
        return moved
    page = story_page(site.store, row, lang) if row is not None else None
    if row is None or page is None:
        raise HTTPException(404, "no such story")
    by_id = {a.id: a for a in site.store.articles_by_ids([c.id for c in page.view.cards])}

    def item(c: Card) -> dict[str, Any]:
        return article_item(request, by_id[c.id])

    return {
        **story_item(request, row), "title": page.title, "titles": row.titles, "lead": page.lead,
        "first_reported": _iso(page.first_reported), "last_reported": _iso(page.last_reported),
        "outlets": [{"source_id": o.source_id, "name": o.name, "languages": o.languages,
                     "reports": o.n_reports} for o in page.outlets],
        "articles": [item(c) for c in page.view.cards],
        "groups": [{"article": item(g.card), "also": [item(c) for c in g.also],
                    "also_published_by": g.also_published_by} for g in page.groups],
        "earlier_stories": [{"id": e.id, "title": e.title}  # most alike first
                            for e in sorted(page.earlier, key=lambda e: row.earlier.index(e.id))],
        "timeline": [{"id": e.id, "title": e.title, "first_seen": _iso(e.first_seen),
                      "updated": _iso(e.updated), "n_sources": e.n_sources,
                      "link": absolute(request, f"/stories/{e.id}")}
                     for e in page.earlier]}  # newest first


@router.get("/sources")
def sources(request: Request) -> dict[str, Any]:
    rows = queries.source_rows(site_of(request).store.engine)
    return {"items": [{
        "id": s.id, "name": s.name, "url": safe_url(s.url), "homepage": safe_url(s.homepage),
        "language": s.language, "enabled": s.enabled, "state": s.state,
        "articles": s.n_articles, "last_article": _iso(s.last_article_at),
        "last_polled": _iso(s.last_polled_at), "next_poll": _iso(s.next_poll_at),
        "failures": s.failures, "last_error": s.last_error,
    } for s in rows]}
