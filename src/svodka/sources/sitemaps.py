"""XML sitemaps, sitemap indexes, Google news sitemaps (and image sitemaps' images), text sitemaps.

Gzip'd bodies are inflated by ``read_source`` (bounded) before they get here, and the prolog
has been checked for entity declarations; the lxml parser resolves none anyway.
"""

from __future__ import annotations

import io

from lxml import etree

from svodka.dates import parse_date
from svodka.markup import collapse
from svodka.records import FeedEntry
from svodka.sources.common import absolute_url
from svodka.sources.result import MAX_ENTRIES, SourceError, SourceResult

_NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
_IMAGE_NS = "http://www.google.com/schemas/sitemap-image/1.1"


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _ns(tag: object) -> str:
    return tag[1:].split("}", 1)[0] if isinstance(tag, str) and tag.startswith("{") else ""


def _text(el: etree._Element | None) -> str | None:
    return collapse(el.text) if el is not None and el.text else None


def _child(el: etree._Element, name: str, ns: str | None = None) -> etree._Element | None:
    for child in el:
        if _local(child.tag) == name and (ns is None or _ns(child.tag) == ns):
            return child
    return None


def read_xml_sitemap(body: bytes, url: str) -> SourceResult:
    """A <urlset> (plain, news or image sitemap) or a <sitemapindex>."""
    parser = etree.iterparse(
        io.BytesIO(body), events=("start", "end"), resolve_entities=False, load_dtd=False,
        no_network=True, recover=True, huge_tree=False, remove_comments=True, remove_pis=True,
    )
    root_name = ""
    entries: list[FeedEntry] = []
    children: list[str] = []
    seen: set[str] = set()
    news = False
    try:
        for event, el in parser:
            name = _local(el.tag)
            if event == "start":
                root_name = root_name or name
                continue
            if name == "url" and root_name == "urlset":
                entry, is_news = _url_entry(el, url)
                news = news or is_news
                if entry is not None and entry.url not in seen and len(entries) < MAX_ENTRIES:
                    seen.add(entry.url)
                    entries.append(entry)
                _release(el)
            elif name == "sitemap" and root_name == "sitemapindex":
                loc = absolute_url(_text(_child(el, "loc")), url)
                if loc and loc not in seen and len(children) < MAX_ENTRIES:
                    seen.add(loc)
                    children.append(loc)
                _release(el)
    except etree.XMLSyntaxError as e:
        if not entries and not children:
            raise SourceError(f"malformed sitemap: {e}") from None
    errors = parser.error_log.filter_from_errors()
    if errors and not entries and not children:
        raise SourceError(f"malformed sitemap, nothing usable: {errors[0].message}")
    if root_name == "sitemapindex":
        return SourceResult(kind="sitemapindex", child_urls=children)
    if root_name != "urlset":
        raise SourceError(f"not a sitemap: root element <{root_name or '?'}>")
    return SourceResult(kind="newssitemap" if news else "sitemap", entries=entries)


def _release(el: etree._Element) -> None:
    """Free parsed <url>/<sitemap> elements so a 50k-URL sitemap stays small in memory."""
    el.clear(keep_tail=False)
    parent = el.getparent()
    if parent is not None:
        while el.getprevious() is not None:
            del parent[0]


def _url_entry(el: etree._Element, base: str) -> tuple[FeedEntry | None, bool]:
    loc = absolute_url(_text(_child(el, "loc")), base)
    if loc is None:
        return None, False
    news_el = _child(el, "news", _NEWS_NS)
    if news_el is None:
        news_el = _child(el, "news")
    title = published = None
    if news_el is not None:
        title = _text(_child(news_el, "title"))
        published = parse_date(_text(_child(news_el, "publication_date")))
    published = published or parse_date(_text(_child(el, "lastmod")))
    image_el = _child(el, "image", _IMAGE_NS)
    image = absolute_url(_text(_child(image_el, "loc")), base) if image_el is not None else None
    return FeedEntry(url=loc, title=title, published=published, image_url=image), (
        news_el is not None
    )


def read_text_sitemap(text: str, url: str) -> SourceResult:
    """The sitemap protocol's plain-text form: one absolute URL a line, nothing else."""
    entries: list[FeedEntry] = []
    seen: set[str] = set()
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        loc = absolute_url(line, url) if line.startswith(("http://", "https://")) else None
        if loc is None or " " in line:
            raise SourceError("not a text sitemap: a line is not a URL")
        if loc not in seen:
            seen.add(loc)
            entries.append(FeedEntry(url=loc))
            if len(entries) >= MAX_ENTRIES:
                break
    if not entries:
        raise SourceError("empty text sitemap")
    return SourceResult(kind="sitemap", entries=entries)
