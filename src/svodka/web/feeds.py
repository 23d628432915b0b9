"""Outgoing feeds of the latest articles: RSS 2.0 (``/feed.xml``) and JSON Feed 1.1 (``/feed.json``).

Items link to svodka's article page; the outlet's page is the RSS ``source``/JSON ``external_url``.
Text is escaped by the XML serialiser, and characters XML 1.0 forbids are dropped first.
"""

from __future__ import annotations

import re
from email.utils import format_datetime
from typing import Any
from xml.etree import ElementTree as ET

from fastapi import APIRouter, Query, Request
from starlette.responses import JSONResponse, Response

from svodka.records import StoredArticle

from .api import absolute, article_item
from .i18n import LANGUAGES
from .pages import site_of
from .render import request_language
from .views import lead_picture

router = APIRouter()

FEED_SIZE = 50
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


def _latest(request: Request, language: str | None) -> list[StoredArticle]:
    lang = language if language in LANGUAGES else None
    found = site_of(request).store.latest_articles(limit=FEED_SIZE, language=lang)
    return [a for a in found if a.enrichment.is_news]  # as on the front page


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    el = ET.SubElement(parent, tag, attrs)
    if text is not None:
        el.text = xml_text(text)
    return el


@router.get("/feed.xml")
def rss(request: Request, language: str | None = Query(None)) -> Response:
    site = site_of(request)
    fmt = site.formatter(request_language(request))
    feed_urls = {s.id: s.url for s in site.store.sources()}
    root = ET.Element("rss", {"version": "2.0"})
    ch = _sub(root, "channel")
    _sub(ch, "title", fmt("site_name"))
    _sub(ch, "link", absolute(request, "/"))
    _sub(ch, "description", fmt("tagline"))
    _sub(ch, "language", fmt.lang)
    _sub(ch, f"{{{ATOM_NS}}}link", href=str(request.url), rel="self", type="application/rss+xml")
    articles = _latest(request, language)
    if articles:
        _sub(ch, "lastBuildDate", format_datetime(max(a.published for a in articles)))
    for a in articles:
        item = _sub(ch, "item")
        link = absolute(request, f"/articles/{a.id}") or ""
        _sub(item, "title", a.article.title or link)
        _sub(item, "link", link)
        _sub(item, "guid", link, isPermaLink="true")
        _sub(item, "pubDate", format_datetime(a.published))
        if a.article.lead:
            _sub(item, "description", a.article.lead)
        if a.enrichment.category:
            _sub(item, "category", fmt.category(a.enrichment.category))
        if a.source_id in feed_urls:  # RSS <source>: the outlet's name and its feed
            _sub(item, "source", a.source_name, url=xml_text(feed_urls[a.source_id]))
        for author in a.article.authors[:5]:
            _sub(item, f"{{{DC_NS}}}creator", author)
        pic = lead_picture(a, want=640)
        if pic is not None:  # svodka's mirrored copy, never the outlet's URL
            attrs = {"url": absolute(request, pic.src) or "", "medium": "image"}
            if pic.width and pic.height:
                attrs.update(width=str(pic.width), height=str(pic.height))
            _sub(item, f"{{{MEDIA_NS}}}content", **attrs)
    body = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return Response(body, media_type="application/rss+xml; charset=utf-8")


def json_item(request: Request, a: StoredArticle) -> dict[str, Any]:
    base = article_item(request, a)
    item: dict[str, Any] = {
        "id": base["link"], "url": base["link"], "external_url": a.article.url,
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
def json_feed(request: Request, language: str | None = Query(None)) -> JSONResponse:
    fmt = site_of(request).formatter(request_language(request))
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": fmt("site_name"),
        "home_page_url": absolute(request, "/"),
        "feed_url": str(request.url),
        "description": fmt("tagline"),
        "language": fmt.lang,
        "items": [json_item(request, a) for a in _latest(request, language)],
    }
    return JSONResponse(feed, media_type="application/feed+json")
