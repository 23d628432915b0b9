"""Small helpers shared by the sources submodules: URLs, dates, a fragment's first image."""

from __future__ import annotations

import calendar
import time
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser


def absolute_url(href: str | None, base: str | None) -> str | None:
    """``href`` resolved against ``base``; None unless the result is an http(s) URL with a host."""
    if not href:
        return None
    href = href.strip().replace("\n", "").replace("\r", "").replace("\t", "")
    if not href or href.startswith("#"):
        return None
    try:
        url = urljoin(base or "", href)
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url


def first_image_src(fragment: str | None) -> str | None:
    if not fragment or "<img" not in fragment.lower():
        return None
    node = LexborHTMLParser(fragment).css_first("img[src]")
    return node.attributes.get("src") if node is not None else None


def struct_to_datetime(value: time.struct_time | None) -> datetime | None:
    """feedparser's UTC struct_time as an aware datetime."""
    if not value:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), tz=UTC)
    except (OverflowError, ValueError, OSError):
        return None


def document_base(tree: LexborHTMLParser, url: str) -> str:
    """The URL relative links resolve against: ``<base href>`` when present, else ``url``."""
    node = tree.css_first("base[href]")
    href = node.attributes.get("href") if node is not None else None
    return absolute_url(href, url) or url
