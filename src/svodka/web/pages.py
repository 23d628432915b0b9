"""The HTML pages: home, categories, article, story, outlets, people and places, search."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse, RedirectResponse, Response

from svodka.store import StoryRow

from . import queries
from .entities import EntityKind, entity_page
from .i18n import CATEGORIES, LANGUAGES, valid_zone
from .render import ONE_YEAR, TZ_COOKIE, cached_page, request_language
from .search import search_articles
from .site import Site
from .story_page import story_page
from .views import card

router = APIRouter(include_in_schema=False)  # HTML pages, not the API
READ = ["GET", "HEAD"]  # HEAD for link checkers and uptime probes

TOP_STORIES = 8
PAGE_SIZE = 30
MAX_PAGE = 1000
MAX_ID = 2**62


def site_of(request: Request) -> Site:
    return request.app.state.site


def parse_id(value: str) -> int:
    """A positive database id, else 404 (never a 422 or an overflow)."""
    if not value.isascii() or not value.isdigit() or not 0 < int(value) < MAX_ID:
        raise HTTPException(404)
    return int(value)


def parse_page(value: str | None) -> int:
    if value and value.isascii() and value.isdigit():
        return max(1, min(MAX_PAGE, int(value)))
    return 1


def _listing(request: Request, *, page: str | None, language: str | None, source: str | None,
             category: str | None, front_allowed: bool = True) -> tuple[str, dict[str, Any]]:
    """Home, an outlet's or a category's list: stories on the front page, then the latest."""
    site = site_of(request)
    n = parse_page(page)
    lang_filter = language if language in LANGUAGES else None
    source_id = parse_id(source) if source else None
    source_name = None
    if source_id is not None:
        source_name = next((s.name for s in site.store.sources() if s.id == source_id), None)
        if source_name is None:
            raise HTTPException(404)
    if category is not None and category not in CATEGORIES:
        raise HTTPException(404)
    front = (front_allowed and n == 1 and lang_filter is None and source_id is None
             and category is None)
    stories = site.top_stories(TOP_STORIES, language=request_language(request)) if front else []
    latest, has_next = site.latest(limit=PAGE_SIZE, offset=(n - 1) * PAGE_SIZE,
                                   language=lang_filter, source_id=source_id, category=category)
    return "home.html", {
        "stories": stories, "latest": latest, "page": n, "has_next": has_next,
        "language_filter": lang_filter, "source_name": source_name, "category": category,
        "current_category": category}


@router.api_route("/", methods=READ, response_class=HTMLResponse)
async def home(request: Request) -> HTMLResponse:
    # Query parameters read here, not declared: FastAPI's parsing would cost each cached hit.
    q = request.query_params
    return await cached_page(request, lambda: _listing(
        request, page=q.get("page"), language=q.get("language"), source=q.get("source"),
        category=q.get("category")))


@router.api_route("/categories/{name}", methods=READ, response_class=HTMLResponse)
async def category_page(request: Request, name: str) -> HTMLResponse:
    q = request.query_params
    return await cached_page(request, lambda: _listing(
        request, page=q.get("page"), language=q.get("language"), source=None, category=name))


@router.api_route("/articles/{article_id}", methods=READ, response_class=HTMLResponse)
async def article(request: Request, article_id: str) -> HTMLResponse:
    aid = parse_id(article_id)

    def build() -> tuple[str, dict[str, Any]]:
        page = site_of(request).article_page(aid)
        if page is None:
            raise HTTPException(404)
        return "article.html", {"p": page, "a": page.stored.article, "e": page.stored.enrichment,
                                "stored": page.stored}

    return await cached_page(request, build)


def merged_story(request: Request, row: StoryRow | None, path: str) -> RedirectResponse | None:
    """A permanent redirect to the story that absorbed ``row`` (``path`` formats its id),
    keeping the query; None when the story stands on its own."""
    if row is None or row.merged_into is None:
        return None
    query = request.url.query
    return RedirectResponse(path.format(row.merged_into) + ("?" + query if query else ""),
                            status_code=308)


@router.api_route("/stories/{story_id}", methods=READ, response_class=HTMLResponse)
async def story(request: Request, story_id: str) -> Response:
    site = site_of(request)
    row = await run_in_threadpool(site.store.story, parse_id(story_id))
    if (moved := merged_story(request, row, "/stories/{}")) is not None:
        return moved

    def build() -> tuple[str, dict[str, Any]]:  # top stories: asked by every visitor
        page = story_page(site.store, row, request_language(request)) if row else None
        if page is None:
            raise HTTPException(404)
        return "story.html", {"p": page}

    return await cached_page(request, build)


@router.api_route("/sources", methods=READ, response_class=HTMLResponse)
async def sources(request: Request) -> HTMLResponse:
    return await cached_page(request, lambda: (
        "sources.html", {"sources": queries.source_rows(site_of(request).store.engine)}))


@router.api_route("/sources/{source_id}", methods=READ, response_class=HTMLResponse)
async def outlet(request: Request, source_id: str, page: str | None = None,
           language: str | None = None) -> HTMLResponse:
    sid = parse_id(source_id)

    def build() -> tuple[str, dict[str, Any]]:
        site = site_of(request)
        if not any(s.id == sid for s in site.store.sources()):
            raise HTTPException(404)
        name, context = _listing(request, page=page, language=language, source=str(sid),
                                 category=None, front_allowed=False)
        return "outlet.html", {**context, "health": site.store.source_state(sid)}

    return await cached_page(request, build)


async def entity(request: Request, kind: EntityKind, key: str) -> HTMLResponse:
    def build() -> tuple[str, dict[str, Any]]:
        site = site_of(request)
        page = entity_page(site.store, site.entities, kind, key)
        if page is None:
            raise HTTPException(404)
        return "entity.html", {"p": page}

    return await cached_page(request, build)


def _entity_route(kind: EntityKind) -> None:
    async def route(request: Request, key: str) -> HTMLResponse:
        return await entity(request, kind, key)

    router.add_api_route(f"/{kind.path}/{{key}}", route, methods=READ,
                         response_class=HTMLResponse, name=f"entity_{kind.name.lower()}")


for _kind in EntityKind:  # /people/{key}, /organisations/{key}, /places/{key}
    _entity_route(_kind)


@router.api_route("/search", methods=READ, response_class=HTMLResponse)
async def search(request: Request) -> HTMLResponse:
    q = (request.query_params.get("q") or "").strip()
    return await cached_page(request, lambda: ("search.html", {
        "q": q, "results": [card(a, want=320) for a in search_articles(
            site_of(request).store, q)] if q else []}))


@router.api_route("/settings", methods=READ)
def settings(request: Request, tz: str | None = None, back: str = "/") -> RedirectResponse:
    """The reader's zone (a form in the footer; no script needed), then back to their page."""
    target = back if back.startswith("/") and not back.startswith("//") else "/"
    response = RedirectResponse(target, status_code=303)
    if zone := valid_zone(tz):
        response.set_cookie(TZ_COOKIE, zone, max_age=ONE_YEAR, samesite="lax")
    return response
