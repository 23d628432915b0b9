"""Page metadata from JSON-LD, OpenGraph, meta tags, ``<link>`` and ``<time>``."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from svodka.dates import parse_date

_ARTICLE_TYPES = ("article", "newsarticle", "blogposting", "reportagenewsarticle", "report",
                  "analysisnewsarticle", "opinionnewsarticle", "backgroundnewsarticle",
                  "liveblogposting", "webpage", "socialmediaposting", "posting")
_MAX_JSONLD = 2_000_000


@dataclass(slots=True)
class Meta:
    title: str | None = None
    og_title: str | None = None
    h_title: str | None = None  # <title>
    description: str | None = None
    canonical: str | None = None
    base: str | None = None
    site_name: str | None = None
    published: datetime | None = None
    modified: datetime | None = None
    authors: list[str] = field(default_factory=list)
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    language: str | None = None
    body_text: str | None = None  # JSON-LD articleBody, when a page has one


def _text(v: Any) -> str | None:
    if isinstance(v, str):
        v = " ".join(v.split())
        return v or None
    if isinstance(v, dict):
        return _text(v.get("name") or v.get("@value"))
    if isinstance(v, list) and v:
        return _text(v[0])
    return None


def _names(v: Any, persons_only: bool = True) -> list[str]:
    out: list[str] = []
    items = v if isinstance(v, list) else [v]
    for it in items:
        if isinstance(it, str):
            name = _text(it)
        elif isinstance(it, dict):
            kind = str(it.get("@type", "")).lower()
            if persons_only and kind and "person" not in kind:
                continue
            name = _text(it.get("name"))
        else:
            name = None
        if name and not name.startswith("http") and name not in out:
            out.append(name)
    return out


def _image_urls(v: Any) -> list[str]:
    out: list[str] = []
    for it in v if isinstance(v, list) else [v]:
        if isinstance(it, str):
            out.append(it)
        elif isinstance(it, dict):
            u = it.get("url") or it.get("contentUrl")
            if isinstance(u, str):
                out.append(u)
    return out


def _jsonld_objects(doc: LexborHTMLParser) -> list[dict[str, Any]]:
    objs: list[dict[str, Any]] = []
    for node in doc.css('script[type="application/ld+json"]'):
        raw = node.text(deep=True)
        if not raw or len(raw) > _MAX_JSONLD:
            continue
        try:
            data = json.loads(raw.strip().rstrip(";"))
        except (ValueError, RecursionError):
            continue
        stack = [data]
        while stack and len(objs) < 200:
            d = stack.pop()
            if isinstance(d, list):
                stack.extend(reversed(d))
            elif isinstance(d, dict):
                objs.append(d)
                g = d.get("@graph")
                if isinstance(g, list):
                    stack.extend(reversed(g))
    return objs


def _types(d: dict[str, Any]) -> list[str]:
    t = d.get("@type")
    items = t if isinstance(t, list) else [t]
    return [str(x).lower() for x in items if x]


def _apply_jsonld(meta: Meta, objs: list[dict[str, Any]]) -> None:
    article = None
    for d in objs:
        ts = _types(d)
        if any(t in _ARTICLE_TYPES and t != "webpage" for t in ts):
            article = d
            break
    if article is None:
        article = next((d for d in objs if "webpage" in _types(d) and d.get("headline")), None)
    for d in objs:
        if "website" in _types(d) or "organization" in _types(d) or "newsmediaorganization" in _types(d):
            meta.site_name = meta.site_name or _text(d.get("name"))
    if article is None:
        return
    meta.title = _text(article.get("headline")) or _text(article.get("name"))
    meta.published = parse_date(article.get("datePublished")) or parse_date(
        article.get("dateCreated"))
    meta.modified = parse_date(article.get("dateModified"))
    meta.authors = _names(article.get("author"))
    meta.section = _text(article.get("articleSection"))
    kw = article.get("keywords")
    if isinstance(kw, str):
        meta.tags = [k.strip() for k in kw.split(",") if k.strip()]
    elif isinstance(kw, list):
        meta.tags = [k for k in (_text(x) for x in kw) if k]
    meta.images = _image_urls(article.get("image"))
    pub = article.get("publisher")
    if isinstance(pub, dict):
        meta.site_name = _text(pub.get("name")) or meta.site_name
    body = article.get("articleBody")
    if isinstance(body, str) and len(body) > 200:
        meta.body_text = body
    meta.description = _text(article.get("description"))


def read_meta(doc: LexborHTMLParser) -> Meta:
    meta = Meta()
    _apply_jsonld(meta, _jsonld_objects(doc))
    props: dict[str, list[str]] = {}
    for node in doc.css("meta"):
        a = node.attributes
        key = a.get("property") or a.get("name") or a.get("itemprop") or a.get("http-equiv")
        val = a.get("content")
        if key and val:
            props.setdefault(key.strip().lower(), []).append(" ".join(val.split()))

    def first(*keys: str) -> str | None:
        for k in keys:
            v = props.get(k)
            if v and v[0]:
                return v[0]
        return None

    meta.og_title = first("og:title", "twitter:title")
    meta.site_name = first("og:site_name", "application-name") or meta.site_name
    meta.description = first("og:description", "description", "twitter:description") or \
        meta.description
    meta.published = meta.published or parse_date(first(
        "article:published_time", "og:article:published_time", "datepublished", "pubdate",
        "publishdate", "date", "dc.date.issued", "dc.date", "dcterms.created",
        "parsely-pub-date", "sailthru.date", "article.published", "published_time"))
    meta.modified = meta.modified or parse_date(first(
        "article:modified_time", "og:updated_time", "datemodified", "dcterms.modified",
        "last-modified", "article.updated"))
    meta.section = meta.section or first("article:section", "og:article:section",
                                         "parsely-section", "section")
    if not meta.tags:
        tags = props.get("article:tag") or props.get("og:article:tag")
        if tags:
            meta.tags = [t for t in tags if t]
        else:
            kw = first("news_keywords", "parsely-tags")
            if kw:
                meta.tags = [k.strip() for k in kw.split(",") if k.strip()]
    if not meta.authors:
        for a in props.get("author", []) + props.get("article:author", []) + props.get(
                "parsely-author", []) + props.get("sailthru.author", []):
            if a and not a.startswith("http") and a not in meta.authors:
                meta.authors.append(a)
    og_images = props.get("og:image") or props.get("og:image:url") or props.get(
        "og:image:secure_url") or props.get("twitter:image") or []
    for u in og_images:
        if u not in meta.images:
            meta.images.insert(0, u) if not meta.images else meta.images.append(u)
    lang = first("og:locale", "content-language", "language", "dc.language")
    html = doc.css_first("html")
    if html is not None and html.attributes.get("lang"):
        lang = html.attributes.get("lang")
    if lang:
        meta.language = lang.replace("_", "-").split("-")[0].strip().lower() or None
    t = doc.css_first("title")
    if t is not None:
        meta.h_title = " ".join(t.text().split()) or None
    for node in doc.css("link[rel]"):
        a = node.attributes
        if "canonical" in (a.get("rel") or "").lower().split() and a.get("href"):
            meta.canonical = meta.canonical or a.get("href").strip()
    if not meta.canonical:
        meta.canonical = first("og:url")
    b = doc.css_first("base[href]")
    if b is not None:
        meta.base = b.attributes.get("href")
    if meta.published is None:
        _time_elements(doc, meta)
    return meta


def _time_elements(doc: LexborHTMLParser, meta: Meta) -> None:
    """``<time datetime>`` (preferring one marked as publication date) and itemprop dates."""
    chosen = None
    for node in doc.css("time[datetime], [itemprop=datePublished], [itemprop=dateModified]"):
        a = node.attributes
        value = a.get("datetime") or a.get("content")
        dt = parse_date(value)
        if dt is None:
            continue
        prop = (a.get("itemprop") or "").lower()
        if prop == "datemodified":
            meta.modified = meta.modified or dt
            continue
        if prop == "datepublished" or "pubdate" in a:
            meta.published = dt
            return
        chosen = chosen or dt
    meta.published = chosen
