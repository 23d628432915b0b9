"""Outgoing feeds: RSS 2.0 (``/feed.xml``), Atom 1.0 (``/feed.atom``), JSON Feed 1.1 (``/feed.json``).

Each takes the filters of the API's article list (``listing.article_query``): ``category``,
``source``, ``story``, ``language``, ``entity`` and ``q`` give the feed of a category, an outlet, a
story, a person and a search; the home page's feed is the unfiltered one. Items link to svodka's
article page; the outlet's page is the RSS ``source``, the Atom ``related`` link and the JSON
``external_url``, and only when it is http(s). Text is escaped by the XML serialiser, and characters
XML 1.0 forbids are dropped first. Every absolute URL starts with the public base URL.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any
from urllib.parse import urlencode
from xml.etree import ElementTree as ET

from fastapi import APIRouter, Depends, HTTPException, Request
from starlette.responses import JSONResponse, Response

from svodka.records import StoredArticle
from svodka.store.search import SearchOrder

from .api import absolute, article_item
from .i18n import Formatter
from .listing import ArticleQuery, article_query, fetch, reject_unknown_params
from .pages import site_of
from .render import request_language
from .security import public_url, safe_url
from .views import lead_picture

router = APIRouter(dependencies=[Depends(reject_unknown_params)])

FEED_SIZE = 50
MAX_AUTHORS = 5
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
ATOM_NS = "http://www.w3.org/2005/Atom"
DC_NS = "http://purl.org/dc/elements/1.1/"
MEDIA_NS = "http://search.yahoo.com/mrss/"
ET.register_namespace("atom", ATOM_NS)
ET.register_namespace("dc", DC_NS)
ET.register_namespace("media", MEDIA_NS)


def xml_text(value: str | None) -> str:
    """Text that survives XML 1.0 as is: forbidden characters dropped, line ends as parsers give them."""
    return _XML_INVALID.sub("", value or "").replace("\r\n", "\n").replace("\r", "\n")


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, {k: xml_text(v) for k, v in attrs.items()})
    if text is not None:
        el.text = xml_text(text)
    return el


@dataclass(slots=True)
class Feed:
    """One feed whatever its format: what it is about, where, and its newest articles."""

    title: str
    description: str
    lang: str
    page_url: str  # the site's page showing the same articles
    self_url: str
    articles: list[StoredArticle]
    fmt: Formatter

    @property
    def updated(self) -> datetime:
        times = [a.published for a in self.articles if a.published is not None]
        return max(times) if times else datetime(1970, 1, 1, tzinfo=UTC)


def _scope(request: Request, aq: ArticleQuery, fmt: Formatter) -> tuple[list[str], str]:
    """What the filters narrow the feed to (for its title), and the site page showing it."""
    site = site_of(request)
    flt, parts, page = aq.flt, [], "/"
    if flt.story_id is not None:
        row = site.store.story(flt.story_id)
        if row is None:
            raise HTTPException(404, "no such story")
        parts.append(row.title)
        page = f"/stories/{row.id}"
    if flt.source_id is not None:
        name = next((s.name for s in site.store.sources() if s.id == flt.source_id), None)
        if name is None:
            raise HTTPException(404, "no such source")
        parts.append(name)
        page = f"/sources/{flt.source_id}"
    if flt.category is not None:
        parts.append(fmt.category(flt.category))
        page = f"/categories/{flt.category}" if page == "/" else page
    parts += list(aq.entities)
    if aq.q:
        parts.append(f"«{aq.q}»")
    if aq.q or aq.entities:
        page = "/search?" + urlencode({"q": " ".join([aq.q, *aq.entities]).strip()})
    if flt.language is not None:
        parts.append(flt.language)
    return parts, page


def build_feed(request: Request, aq: ArticleQuery) -> Feed:
    site = site_of(request)
    fmt = site.formatter(request_language(request))
    aq.flt.news_only = True  # as on the front page: what is not news stays out of feeds
    parts, page = _scope(request, aq, fmt)
    found = fetch(site, aq, limit=FEED_SIZE, order=SearchOrder.TIME)
    query = request.url.query
    self_path = request.url.path + (f"?{query}" if query else "")
    return Feed(
        title=" — ".join([fmt("site_name"), " · ".join(parts)]) if parts else fmt("site_name"),
        description=fmt("tagline"), lang=fmt.lang, page_url=public_url(request, page) or "",
        self_url=public_url(request, self_path) or "", articles=found.articles, fmt=fmt)


def _link(request: Request, a: StoredArticle) -> str:
    return absolute(request, f"/articles/{a.id}") or ""


def _when(a: StoredArticle) -> datetime:
    return a.published or a.fetched_at


@router.get("/feed.xml")
def rss(request: Request, aq: ArticleQuery = Depends(article_query)) -> Response:
    """RSS 2.0 of the newest news articles, narrowed by the filters."""
    feed = build_feed(request, aq)
    feed_urls = {s.id: safe_url(s.url) for s in site_of(request).store.sources()}
    root = ET.Element("rss", {"version": "2.0"})
    ch = _sub(root, "channel")
    _sub(ch, "title", feed.title)
    _sub(ch, "link", feed.page_url)
    _sub(ch, "description", feed.description)
    _sub(ch, "language", feed.lang)
    _sub(ch, f"{{{ATOM_NS}}}link", href=feed.self_url, rel="self", type="application/rss+xml")
    if feed.articles:
        _sub(ch, "lastBuildDate", format_datetime(feed.updated))
    for a in feed.articles:
        item = _sub(ch, "item")
        link = _link(request, a)
        _sub(item, "title", a.article.title or link)
        _sub(item, "link", link)
        _sub(item, "guid", link, isPermaLink="true")
        _sub(item, "pubDate", format_datetime(_when(a)))
        if a.article.lead:  # readers take an RSS description as HTML: the text escaped for it
            _sub(item, "description", html.escape(a.article.lead, quote=False))
        if a.enrichment.category:
            _sub(item, "category", feed.fmt.category(a.enrichment.category))
        if feed_urls.get(a.source_id):  # RSS <source>: the outlet's name and its feed
            _sub(item, "source", a.source_name, url=feed_urls[a.source_id] or "")
        for author in a.article.authors[:MAX_AUTHORS]:
            _sub(item, f"{{{DC_NS}}}creator", author)
        pic = lead_picture(a, want=640)
        if pic is not None:  # svodka's mirrored copy, never the outlet's URL
            attrs = {"url": absolute(request, pic.src) or "", "medium": "image"}
            if pic.width and pic.height:
                attrs.update(width=str(pic.width), height=str(pic.height))
            _sub(item, f"{{{MEDIA_NS}}}content", **attrs)
    body = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return Response(body, media_type="application/rss+xml; charset=utf-8")


def _atom(tag: str) -> str:
    return f"{{{ATOM_NS}}}{tag}"


@router.get("/feed.atom")
def atom(request: Request, aq: ArticleQuery = Depends(article_query)) -> Response:
    """Atom 1.0 (RFC 4287) of the newest news articles, narrowed by the filters."""
    feed = build_feed(request, aq)
    root = ET.Element(_atom("feed"), {"{http://www.w3.org/XML/1998/namespace}lang": feed.lang})
    _sub(root, _atom("id"), feed.self_url)
    _sub(root, _atom("title"), feed.title, type="text")
    _sub(root, _atom("subtitle"), feed.description, type="text")
    _sub(root, _atom("updated"), feed.updated.isoformat())
    _sub(root, _atom("link"), href=feed.self_url, rel="self", type="application/atom+xml")
    _sub(root, _atom("link"), href=feed.page_url, rel="alternate", type="text/html")
    _sub(_sub(root, _atom("author")), _atom("name"), feed.fmt("site_name"))
    for a in feed.articles:
        entry = _sub(root, _atom("entry"))
        link = _link(request, a)
        _sub(entry, _atom("id"), link)
        _sub(entry, _atom("title"), a.article.title or link, type="text")
        _sub(entry, _atom("link"), href=link, rel="alternate", type="text/html")
        if (outlet := safe_url(a.article.url)) is not None:
            _sub(entry, _atom("link"), href=outlet, rel="related", type="text/html")
        _sub(entry, _atom("published"), _when(a).isoformat())
        _sub(entry, _atom("updated"), (a.article.modified or _when(a)).isoformat())
        for name in a.article.authors[:MAX_AUTHORS] or [a.source_name]:
            _sub(_sub(entry, _atom("author")), _atom("name"), name)
        if a.article.lead:
            _sub(entry, _atom("summary"), a.article.lead, type="text")
        if a.enrichment.category:
            _sub(entry, _atom("category"), term=a.enrichment.category,
                 label=feed.fmt.category(a.enrichment.category))
    body = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return Response(body, media_type="application/atom+xml; charset=utf-8")


def json_item(request: Request, a: StoredArticle) -> dict[str, Any]:
    base = article_item(request, a)
    item: dict[str, Any] = {
        "id": base["link"], "url": base["link"], "external_url": safe_url(a.article.url),
        "title": a.article.title, "summary": a.article.lead,
        "content_text": a.article.text or a.article.lead or a.article.title or "",
        "date_published": base["published"], "language": base["language"],
        "tags": [x for x in [a.enrichment.category, *a.article.tags] if x],
        "authors": [{"name": n} for n in a.article.authors] or [{"name": a.source_name}],
    }
    if base["image"]:
        item["image"] = base["image"]
    return {k: v for k, v in item.items() if v not in (None, [], "")}


@router.get("/feed.json")
def json_feed(request: Request, aq: ArticleQuery = Depends(article_query)) -> JSONResponse:
    """JSON Feed 1.1 of the newest news articles, narrowed by the filters."""
    feed = build_feed(request, aq)
    body = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed.title,
        "home_page_url": feed.page_url,
        "feed_url": feed.self_url,
        "description": feed.description,
        "language": feed.lang,
        "items": [json_item(request, a) for a in feed.articles],
    }
    return JSONResponse(body, media_type="application/feed+json")
