"""The HTML pages: home, article, story, sources, search."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from starlette.responses import HTMLResponse

from . import queries
from .i18n import CATEGORIES, LANGUAGES
from .render import render
from .search import search_articles
from .site import Site
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


@router.api_route("/", methods=READ, response_class=HTMLResponse)
def home(request: Request, page: str | None = None, language: str | None = None,
         source: str | None = None, category: str | None = None) -> HTMLResponse:
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
    front = n == 1 and lang_filter is None and source_id is None and category is None
    stories = site.top_stories(TOP_STORIES) if front else []
    latest, has_next = site.latest(limit=PAGE_SIZE, offset=(n - 1) * PAGE_SIZE,
                                   language=lang_filter, source_id=source_id, category=category)
    return render(request, "home.html", stories=stories, latest=latest, page=n,
                  has_next=has_next, language_filter=lang_filter, source_name=source_name,
                  category=category)


@router.api_route("/articles/{article_id}", methods=READ, response_class=HTMLResponse)
def article(request: Request, article_id: str) -> HTMLResponse:
    page = site_of(request).article_page(parse_id(article_id))
    if page is None:
        raise HTTPException(404)
    return render(request, "article.html", p=page, a=page.stored.article,
                  e=page.stored.enrichment, stored=page.stored)


@router.api_route("/stories/{story_id}", methods=READ, response_class=HTMLResponse)
def story(request: Request, story_id: str) -> HTMLResponse:
    site = site_of(request)
    row = site.store.story(parse_id(story_id))
    view = site.story_view(row) if row is not None else None
    if row is None or view is None:
        raise HTTPException(404)
    return render(request, "story.html", s=view, earlier=site.earlier(row))


@router.api_route("/sources", methods=READ, response_class=HTMLResponse)
def sources(request: Request) -> HTMLResponse:
    return render(request, "sources.html",
                  sources=queries.source_rows(site_of(request).store.engine))


@router.api_route("/search", methods=READ, response_class=HTMLResponse)
def search(request: Request, q: str = "") -> HTMLResponse:
    q = q.strip()
    found = search_articles(site_of(request).store, q) if q else []
    return render(request, "search.html", q=q, results=[card(a, want=320) for a in found])
