"""Helpers shared by the markup styles: the site context, escaping, inline traps, metadata."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from html import escape
from urllib.parse import quote, urlsplit

from svodka.demo.model import OutletSpec, SampleArticle, SampleOutlet
from svodka.demo.styles.phrases import phrase, phrase_list

PIXEL_PATH = "/static/1x1.gif"
LOADER_PATH = "/static/loader.gif"
SVG_PLACEHOLDER = ("data:image/svg+xml,%3Csvg%20xmlns='http://www.w3.org/2000/svg'"
                   "%20viewBox='0%200%20800%20450'%3E%3C/svg%3E")


@dataclass(slots=True)
class SiteContext:
    """What a renderer may know about the outlet besides the article it renders."""

    spec: OutletSpec
    outlet: SampleOutlet
    articles: list[SampleArticle]  # newest first
    by_url: dict[str, SampleArticle] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_url = {a.url: a for a in self.articles}

    @property
    def lang(self) -> str:
        return self.spec.language

    def p(self, key: str) -> str:
        return phrase(self.spec.language, key)

    def plist(self, key: str) -> list[str]:
        return phrase_list(self.spec.language, key)

    def others(self, a: SampleArticle | None, n: int = 4) -> list[SampleArticle]:
        return [x for x in self.articles if x is not a][:n]

    def local(self, a: SampleArticle) -> datetime:
        return a.published.astimezone(self.spec.tz)

    def human_date(self, a: SampleArticle) -> str:
        d = self.local(a)
        month = self.plist("months")[d.month - 1]
        if self.lang == "en":
            return f"{d.day} {month} {d.year}, {d:%H:%M}"
        return f"{d.day} {month} {d.year}, {d:%H:%M}"

    def related(self, a: SampleArticle) -> list[SampleArticle]:
        return [self.by_url[u] for u in a.related_urls if u in self.by_url]


def esc(text: str) -> str:
    return escape(text, quote=True)


def path_of(url: str) -> str:
    """The local part (path and query) of an absolute URL, as relative links use it."""
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


def inline(text: str, n: int, href: str) -> str:
    """Escaped paragraph text with inline markup whose text content equals ``text``.

    Every third paragraph gets a link whose leading space sits inside the anchor
    (``Россией<a> по поводу</a>``), the next gets a ``<strong>`` with its trailing space
    inside; an extractor that joins text nodes carelessly glues or doubles words here.
    """
    words = text.split(" ")
    if len(words) < 6 or n % 3 == 0:
        return esc(text)
    i = len(words) // 2
    head, mid, tail = " ".join(words[:i]), " ".join(words[i:i + 2]), " ".join(words[i + 2:])
    if n % 3 == 1:
        return f'{esc(head)}<a href="{esc(href)}"> {esc(mid)}</a> {esc(tail)}'
    return f"{esc(head)} <strong>{esc(mid)} </strong>{esc(tail)}"


def next_image(url: str, width: int) -> str:
    """A Next.js image-optimiser URL for a same-host image."""
    return f"/_next/image?url={quote(path_of(url), safe='')}&w={width}&q=75"


def cdn_image(url: str, width: int) -> str:
    """A Cloudflare-style resizing URL for a same-host image."""
    return f"/cdn-cgi/image/width={width},quality=80,format=auto{path_of(url)}"


def resized(url: str, width: int) -> str:
    """A WordPress/Jetpack-style resize query on the original image path."""
    return f"{path_of(url)}?resize={width}%2C{width * 9 // 16}"


def caption(a: SampleArticle, i: int) -> str:
    return a.image_captions[i] if i < len(a.image_captions) else a.title


def json_ld(a: SampleArticle, site: SiteContext) -> str:
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": a.title,
        "description": a.lead,
        "datePublished": site.local(a).isoformat(),
        "dateModified": site.local(a).isoformat(),
        "inLanguage": a.language,
        "mainEntityOfPage": a.url,
        "image": a.image_urls[:1],
        "author": [{"@type": "Person", "name": n} for n in a.authors],
        "publisher": {"@type": "Organization", "name": site.outlet.name},
        "keywords": ", ".join(a.tags),
        "articleSection": a.section,
    }
    text = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return f'<script type="application/ld+json">{text}</script>'


def head_meta(a: SampleArticle, site: SiteContext) -> str:
    """OpenGraph, article:* and canonical tags."""
    items = [
        ("og:type", "article"), ("og:title", a.title), ("og:description", a.lead),
        ("og:url", a.url), ("og:site_name", site.outlet.name),
        ("og:image", a.image_urls[0] if a.image_urls else ""),
        ("article:published_time", site.local(a).isoformat()),
        ("article:section", a.section),
    ] + [("article:tag", t) for t in a.tags]
    tags = [f'<meta property="{k}" content="{esc(v)}">' for k, v in items if v]
    tags.append(f'<meta name="description" content="{esc(a.lead)}">')
    tags.append(f'<link rel="canonical" href="{esc(a.url)}">')
    return "\n".join(tags)


def feed_link(site: SiteContext) -> str:
    kinds = {"rss": "application/rss+xml", "atom": "application/atom+xml",
             "jsonfeed": "application/feed+json"}
    kind = kinds.get(site.spec.feed_format)
    if kind is None:
        return ""
    return (f'<link rel="alternate" type="{kind}" title="{esc(site.outlet.name)}" '
            f'href="{esc(site.outlet.feed_url)}">')


def menu_links(site: SiteContext, sep: str = "") -> str:
    return sep.join(f'<a href="{site.spec.section_path}">{esc(m)}</a>' for m in site.plist("menu"))


def earlier_items(a: SampleArticle, site: SiteContext) -> str:
    return "".join(f'<li><a href="{esc(path_of(r.url))}">{esc(r.title)}</a></li>'
                   for r in site.related(a))


def article_list(articles: list[SampleArticle], wrap: str = "li") -> str:
    return "".join(f'<{wrap}><a href="{esc(path_of(x.url))}">{esc(x.title)}</a></{wrap}>'
                   for x in articles)


Part = str  # "p", "img", "ad", "promo", "earlier", "readalso"


def body_plan(a: SampleArticle, *, earlier_mid: bool = False) -> list[tuple[Part, int]]:
    """Where the body's clutter goes between the paragraphs; the same for every style."""
    plan: list[tuple[Part, int]] = []
    for i in range(len(a.paragraphs)):
        plan.append(("p", i))
        if i == 0 and len(a.image_urls) > 1:
            plan.append(("img", 1))
        if i == 0:
            plan.append(("ad", 0))
        if i == 1:
            plan.append(("promo", 0))
            if earlier_mid and a.related_urls:
                plan.append(("earlier", 0))
        if i == 2 and len(a.paragraphs) > 3:
            plan.append(("readalso", 0))
    if not earlier_mid and a.related_urls:
        plan.append(("earlier", 0))
    return plan


def render_body(a: SampleArticle, parts: dict[Part, object], *, earlier_mid: bool = False,
                sep: str = "\n") -> str:
    """Join the style's ``parts`` (callables of the index) in ``body_plan`` order.

    A style leaves out a part it does not have.
    """
    out = []
    for kind, i in body_plan(a, earlier_mid=earlier_mid):
        fn = parts.get(kind)
        if callable(fn):
            out.append(fn(i))
    return sep.join(out)
