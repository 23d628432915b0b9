"""Article links on HTML section pages, found by URL shapes learned per site.

Same-site links are grouped by their path template (``urlshapes``); a group is article-like when
its URLs carry ids, dates or long slugs, sit deep in the site, and are announced with headline-
length anchor texts; navigation (tags, categories, authors, pagination, static pages) is not.
``learn_article_pattern`` turns the article-like groups of a few pages of one site into the
regular expression kept in ``Source.article_pattern``; ``find_article_links`` honours it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import unquote, urlsplit

import tldextract
from selectolax.lexbor import LexborHTMLParser, LexborNode

from svodka.charset import decode_html
from svodka.markup import collapse
from svodka.records import FeedEntry
from svodka.sources.common import absolute_url, document_base
from svodka.sources.result import SourceError
from svodka.sources.urlshapes import DATE_TOKENS, Shape, skeleton_regex, url_shape

# Path words that mark navigation, listings and site furniture rather than articles
# (English, Russian and Ukrainian transliterations as outlets use them in URLs).
NAV_WORDS = frozenset("""
tag tags tema temy teg tegi topic topics theme themes category categories cat rubric rubrics
rubrika rubriki razdel author authors avtor avtory person persons persona people page pages
search poisk login logout signin signup register subscribe subscription podpiska account profile
about contacts contact kontakty advert advertising reklama privacy terms cookies policy rules
help faq rss feed feeds sitemap archive arhiv arkhiv amp print share comments comment
""".split())
NON_ARTICLE_EXT = re.compile(
    r"\.(?:jpe?g|png|gif|webp|svg|pdf|zip|rar|mp[34]|avi|mov|docx?|xlsx?|pptx?|xml|rss|json|css|js)$",
    re.IGNORECASE,
)
MIN_SCORE = 3.0

_extract_domain = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


@lru_cache(maxsize=4096)
def site_of(host: str) -> str:
    """The registered domain of a host (``www.pravda.com.ua`` -> ``pravda.com.ua``)."""
    ext = _extract_domain(host)
    if ext.suffix:
        return ext.top_domain_under_public_suffix or host
    labels = host.split(".")
    # Unknown suffix (test/private names, IPs): the last two labels, or the host itself.
    return host if host.replace(".", "").isdigit() else ".".join(labels[-2:])


@dataclass(slots=True)
class _Link:
    url: str
    shape: Shape
    text: str = ""
    image: str | None = None


@dataclass(slots=True)
class _Group:
    links: list[_Link] = field(default_factory=list)

    def score(self) -> float:
        shape = self.links[0].shape
        words = [len(link.text.split()) for link in self.links]
        mean_words = sum(words) / len(words)
        s = 0.0
        s += 2.0 if shape.has_id else 0.0
        s += 2.0 if shape.has_slug else 0.0
        s += 1.0 if set(shape.tokens) & DATE_TOKENS else 0.0
        s += 1.0 if shape.depth >= 2 else 0.0
        s += 1.0 if len(self.links) >= 3 else 0.0
        if mean_words >= 4:
            s += 2.0
        elif mean_words >= 3:
            s += 1.0
        elif mean_words < 2:
            s -= 2.0
        if not shape.has_id and not shape.has_slug:
            if not shape.has_words or mean_words < 4:
                return s - 3.0
            s += 1.0
        if len(self.links) == 1 and not shape.has_id:
            s -= 1.0
        return s


def _is_nav(url: str) -> bool:
    path = unquote(urlsplit(url).path).lower()
    if NON_ARTICLE_EXT.search(path):
        return True
    return any(seg in NAV_WORDS for seg in path.split("/"))


def _anchor_text(node: LexborNode) -> str:
    text = collapse(node.text(separator=" ")) or ""
    if not text:
        text = collapse(node.attributes.get("title")) or ""
    if not text:
        img = node.css_first("img[alt]")
        text = collapse(img.attributes.get("alt")) if img is not None else ""
    if not text:
        text = _card_heading(node)
    return text or ""


def _card_heading(node: LexborNode) -> str:
    """An image-only link's headline: the heading of the teaser card around it."""
    parent = node.parent
    for _ in range(2):
        if parent is None or parent.tag in ("body", "html", "main"):
            break
        headings = parent.css("h1, h2, h3, h4")
        if len(headings) == 1:
            return collapse(headings[0].text(separator=" ")) or ""
        if headings:  # several teasers share this container: no telling which is ours
            break
        parent = parent.parent
    return ""


def _anchor_image(node: LexborNode, base: str) -> str | None:
    img = node.css_first("img")
    if img is None:
        return None
    attrs = img.attributes
    return absolute_url(attrs.get("data-src") or attrs.get("src"), base)


def _collect_links(html: str | LexborHTMLParser, page_url: str) -> list[_Link]:
    """Same-site links of a page (nav and footer blocks left out), one per URL, best text kept."""
    tree = html if isinstance(html, LexborHTMLParser) else LexborHTMLParser(html)
    base = document_base(tree, page_url)
    home = urlsplit(page_url)
    site = site_of(home.hostname or "")
    own = page_url.split("#")[0].rstrip("/")
    for node in tree.css("nav, footer"):
        node.decompose()
    links: dict[str, _Link] = {}
    for node in tree.css("a[href]"):
        url = absolute_url(node.attributes.get("href"), base)
        if url is None:
            continue
        url = url.split("#")[0]
        parts = urlsplit(url)
        if url.rstrip("/") == own or parts.path in ("", "/") or site_of(parts.hostname or "") != site:
            continue
        text = _anchor_text(node)
        link = links.get(url)
        if link is None:
            links[url] = _Link(url, url_shape(url), text, _anchor_image(node, base))
        else:
            if len(text) > len(link.text):
                link.text = text
            link.image = link.image or _anchor_image(node, base)
    return list(links.values())


def _groups(links: Iterable[_Link]) -> dict[tuple, _Group]:
    groups: dict[tuple, _Group] = defaultdict(_Group)
    for link in links:
        if not _is_nav(link.url):
            groups[(urlsplit(link.url).hostname, link.shape.skeleton())].links.append(link)
    return groups


def _entries(links: Iterable[_Link]) -> list[FeedEntry]:
    return [FeedEntry(url=link.url, title=link.text or None, image_url=link.image) for link in links]


def find_article_links(
    html: str | LexborHTMLParser, page_url: str, article_pattern: str | None = None
) -> list[FeedEntry]:
    """Article links of a section page, in page order; ``article_pattern`` overrides learning."""
    links = _collect_links(html, page_url)
    if article_pattern:
        try:
            rx = re.compile(article_pattern)
        except re.error as e:
            raise SourceError(f"invalid article_pattern {article_pattern!r}: {e}") from None
        return _entries(link for link in links if rx.search(link.url) and not _is_nav(link.url))
    keep = {
        id(link)
        for group in _groups(links).values()
        if group.score() >= MIN_SCORE
        for link in group.links
    }
    return _entries(link for link in links if id(link) in keep)


def learn_article_pattern(
    pages: Iterable[tuple[str | bytes, str]], min_links: int = 3
) -> str | None:
    """A regex matching the article URLs of one site, learned from (html, url) section pages.

    Groups found on several pages count their links together; each article-like group with at
    least ``min_links`` URLs contributes an alternative. None when nothing article-like is found.
    """
    merged: dict[tuple, _Group] = defaultdict(_Group)
    for html, url in pages:
        text = decode_html(html) if isinstance(html, bytes) else html
        for key, group in _groups(_collect_links(text, url)).items():
            known = {link.url for link in merged[key[1:]].links}
            merged[key[1:]].links.extend(link for link in group.links if link.url not in known)
    chosen = sorted(
        (key for key, g in merged.items() if len(g.links) >= min_links and g.score() >= MIN_SCORE),
        key=lambda key: -len(merged[key].links),
    )
    if not chosen:
        return None
    alternatives = [skeleton_regex(key[0]) for key in chosen]
    if len(alternatives) == 1:
        return alternatives[0]
    return "(?i)" + "|".join(f"(?:{a.removeprefix('(?i)')})" for a in alternatives)
