"""The JSON API, ``/api/v1``: articles, stories, sources."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request

from svodka.records import Image, StoredArticle
from svodka.store import StoryRow

from . import queries
from .pages import MAX_ID, parse_id, site_of
from .views import lead_picture, media_url, story_view

router = APIRouter(prefix="/api/v1")

MAX_LIMIT = 200
MAX_OFFSET = 1_000_000


def absolute(request: Request, path: str | None) -> str | None:
    return str(request.base_url).rstrip("/") + path if path else None


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def article_item(request: Request, a: StoredArticle) -> dict[str, Any]:
    """The list shape of an article. ``image`` is svodka's mirrored copy, never the outlet's."""
    pic = lead_picture(a, want=640)
    return {
        "id": a.id,
        "title": a.article.title,
        "url": a.article.url,
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


@router.get("/articles")
def articles(
    request: Request,
    limit: int = Query(20, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
    language: str | None = None,
    source: str | None = Query(None, description="a source id or name"),
) -> dict[str, Any]:
    site = site_of(request)
    source_id = None
    if source:
        numeric = source.isascii() and source.isdigit() and int(source) < MAX_ID
        source_id = int(source) if numeric else queries.source_id_by_name(
            site.store.engine, source)
        if source_id is None:
            return {"items": [], "total": 0, "limit": limit, "offset": offset}
    found = site.store.latest_articles(limit=limit, offset=offset, language=language or None,
                                       source_id=source_id)
    total = queries.count_articles(site.store.engine, language=language or None,
                                   source_id=source_id)
    return {"items": [article_item(request, a) for a in found], "total": total,
            "limit": limit, "offset": offset}


@router.get("/articles/{article_id}")
def article(request: Request, article_id: str) -> dict[str, Any]:
    a = site_of(request).store.article(parse_id(article_id))
    if a is None:
        raise HTTPException(404, "no such article")
    body = a.article.to_dict()
    body["images"] = [_image(request, im) for im in a.article.images]
    return {**body, "id": a.id, "source": a.source_name, "source_id": a.source_id,
            "story_id": a.story_id, "fetched_at": _iso(a.fetched_at),
            "enrichment": a.enrichment.to_dict(), "link": absolute(request, f"/articles/{a.id}")}


@router.get("/stories")
def stories(
    request: Request,
    limit: int = Query(20, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=10_000),
) -> dict[str, Any]:
    rows = site_of(request).store.story_rows(order="score", limit=offset + limit)
    return {"items": [story_item(request, r) for r in rows[offset:offset + limit]],
            "limit": limit, "offset": offset}


@router.get("/stories/{story_id}")
def story(request: Request, story_id: str) -> dict[str, Any]:
    site = site_of(request)
    row = site.store.story(parse_id(story_id))
    if row is None:
        raise HTTPException(404, "no such story")
    articles = site.store.latest_articles(story_id=row.id, limit=200)
    view = story_view(row, articles)
    order = [view.lead.id, *(c.id for c in view.others)] if view else []
    by_id = {a.id: a for a in articles}
    return {**story_item(request, row),
            "articles": [article_item(request, by_id[i]) for i in order],
            "earlier_stories": [{"id": sid, "title": title} for sid, title in site.earlier(row)]}


@router.get("/sources")
def sources(request: Request) -> dict[str, Any]:
    rows = queries.source_rows(site_of(request).store.engine)
    return {"items": [{
        "id": s.id, "name": s.name, "url": s.url, "homepage": s.homepage,
        "language": s.language, "enabled": s.enabled, "state": s.state,
        "articles": s.n_articles, "last_article": _iso(s.last_article_at),
        "last_polled": _iso(s.last_polled_at), "next_poll": _iso(s.next_poll_at),
        "failures": s.failures, "last_error": s.last_error,
    } for s in rows]}
