"""RSS 0.9x/1.0 (RDF)/2.0 and Atom through feedparser; JSON Feed 1.0/1.1 by hand.

Callers run ``safexml.scan_prolog`` first (``read_source`` does): entity declarations never
reach feedparser.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Iterable, Mapping
from typing import Any

import feedparser

from svodka.dates import parse_date
from svodka.markup import collapse, html_to_text
from svodka.records import FeedEntry
from svodka.sources.common import absolute_url, first_image_src, struct_to_datetime
from svodka.sources.result import MAX_ENTRIES, SourceError, SourceResult

SUMMARY_CHARS = 1000
# feedparser reads ~3,000 items a second; a bigger XML feed than this is refused, not parsed,
# so one source cannot hold a worker for long (real feeds are rarely over 2 MB).
MAX_FEED_BYTES = 10 * 1024 * 1024
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=""", re.IGNORECASE)
_XML_ENCODING_NAME = re.compile(
    rb"""^\s*<\?xml[^>]*?(\sencoding\s*=\s*(?:"([^"]*)"|'([^']*)'))""", re.IGNORECASE)
_ENC_NAME = re.compile(rb"[A-Za-z][A-Za-z0-9._-]*")  # XML 1.0, production [81]
_CHARSET = re.compile(r"charset=[\"']?([\w.:-]+)", re.IGNORECASE)
_IMAGE_EXT = re.compile(r"\.(?:jpe?g|png|gif|webp|avif)(?:$|[?#])", re.IGNORECASE)
_PERIOD_SECONDS = {"hourly": 3600, "daily": 86400, "weekly": 604800,
                   "monthly": 2592000, "yearly": 31536000}


def read_xml_feed(body: bytes, url: str, content_type: str = "") -> SourceResult:
    """Parse an RSS/RDF/Atom body; recover what a malformed one still holds."""
    if len(body) > MAX_FEED_BYTES:
        raise SourceError(f"feed of {len(body)} bytes is over the {MAX_FEED_BYTES}-byte limit")
    body = _without_bad_encoding_name(body)
    headers = {"content-location": url, "content-type": _feed_content_type(body, content_type)}
    try:
        parsed = feedparser.parse(
            io.BytesIO(body), response_headers=headers,
            resolve_relative_uris=False, sanitize_html=False,
        )
    except (UnicodeError, ValueError, LookupError) as exc:  # feedparser's own decoding gave up
        raise SourceError(f"malformed feed, undecodable: {exc}") from None
    version = parsed.get("version") or ""
    feed = parsed.get("feed") or {}
    entries = _collect(_xml_entry(e, url) for e in parsed.get("entries") or [])
    if parsed.get("bozo") and not entries:
        exc = parsed.get("bozo_exception")
        raise SourceError(f"malformed feed, nothing usable: {exc or 'unparseable'}")
    if not version and not entries:
        raise SourceError("not a feed: no RSS/Atom structure found")
    return SourceResult(
        kind=_kind(version),
        title=collapse(feed.get("title")),
        entries=entries,
        ttl_seconds=_ttl_seconds(feed),
    )


def read_json_feed(body: bytes, url: str) -> SourceResult:
    try:
        doc = json.loads(body)
    except (ValueError, UnicodeDecodeError) as e:
        raise SourceError(f"malformed JSON: {e}") from None
    if not isinstance(doc, dict) or not str(doc.get("version", "")).startswith(
        ("https://jsonfeed.org/version/", "http://jsonfeed.org/version/")
    ):
        raise SourceError("JSON document is not a JSON Feed (no jsonfeed.org version)")
    items = doc.get("items")
    if not isinstance(items, list):
        raise SourceError("JSON Feed without an items list")
    base = absolute_url(doc.get("feed_url"), url) or url
    return SourceResult(
        kind="jsonfeed",
        title=collapse(_str(doc.get("title"))),
        entries=_collect(_json_entry(i, base) for i in items if isinstance(i, dict)),
    )


def is_json_feed(body: bytes) -> bool:
    head = body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"{") and b"jsonfeed.org/version" in body[:65536]


def _collect(entries: Iterable[FeedEntry | None]) -> list[FeedEntry]:
    seen: set[str] = set()
    out: list[FeedEntry] = []
    for e in entries:
        if e is None or e.url in seen:
            continue
        seen.add(e.url)
        out.append(e)
        if len(out) >= MAX_ENTRIES:
            break
    return out


def _without_bad_encoding_name(body: bytes) -> bytes:
    """The body without its XML declaration's encoding when that is no legal encoding name
    (XML 1.0 EncName: «encoding="\x80utf-8"» made feedparser raise): the charset is then found
    as for an undeclared one."""
    m = _XML_ENCODING_NAME.match(body[:512])
    if m is None or _ENC_NAME.fullmatch(m.group(2) if m.group(2) is not None else m.group(3)):
        return body
    return body[:m.start(1)] + body[m.end(1):]


def _feed_content_type(body: bytes, declared: str) -> str:
    """Tell feedparser "XML", passing the header's charset only when the body declares none."""
    m = _CHARSET.search(declared or "")
    has_own = body[:3] == b"\xef\xbb\xbf" or body[:2] in (b"\xff\xfe", b"\xfe\xff")
    if m and not has_own and not _XML_ENCODING.match(body[:512]):
        return f"application/xml; charset={m.group(1)}"
    return "application/xml"


def _kind(version: str) -> str:
    if version.startswith("atom"):
        return "atom"
    if version in ("rss10", "rss090"):
        return "rdf"
    return "rss"


def _ttl_seconds(feed: Mapping[str, Any]) -> int | None:
    ttl = _int(feed.get("ttl"))
    if ttl is not None and ttl > 0:
        return ttl * 60
    period = str(feed.get("sy_updateperiod") or "").strip().lower()
    if period in _PERIOD_SECONDS:
        freq = _int(feed.get("sy_updatefrequency")) or 1
        return max(1, _PERIOD_SECONDS[period] // max(1, freq))
    return None


def _int(value: Any) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def _str(value: Any) -> str | None:
    return value if isinstance(value, str) else None


def _xml_entry(e: Mapping[str, Any], base: str) -> FeedEntry | None:
    link = absolute_url(e.get("link"), base)
    if link is None:
        for candidate in e.get("links") or []:
            if candidate.get("rel", "alternate") == "alternate":
                link = absolute_url(candidate.get("href"), base)
                if link:
                    break
    if link is None and e.get("guidislink", True):
        link = absolute_url(e.get("id"), base) if str(e.get("id", "")).startswith("http") else None
    if link is None:
        return None
    content = (e.get("content") or [{}])[0].get("value")
    summary = html_to_text(e.get("summary")) or html_to_text(content)
    published = (
        struct_to_datetime(e.get("published_parsed"))
        or struct_to_datetime(e.get("updated_parsed"))
        or struct_to_datetime(e.get("created_parsed"))
    )
    return FeedEntry(
        url=link,
        title=html_to_text(e.get("title")),
        published=published,
        summary=_shorten(summary),
        image_url=_xml_image(e, base, content),
    )


def _xml_image(e: Mapping[str, Any], base: str, content: str | None) -> str | None:
    for media in e.get("media_content") or []:
        kind = (media.get("medium") or media.get("type") or "").lower()
        src = media.get("url")
        if src and (kind.startswith("image") or (not kind and _IMAGE_EXT.search(src))):
            return absolute_url(src, base)
    for thumb in e.get("media_thumbnail") or []:
        if thumb.get("url"):
            return absolute_url(thumb["url"], base)
    for link in e.get("links") or []:
        if link.get("rel") == "enclosure" and str(link.get("type", "")).startswith("image/"):
            return absolute_url(link.get("href"), base)
    image = e.get("image")
    if isinstance(image, Mapping) and image.get("href"):
        return absolute_url(image["href"], base)
    src = first_image_src(content) or first_image_src(e.get("summary"))
    return absolute_url(src, base)


def _json_entry(item: Mapping[str, Any], base: str) -> FeedEntry | None:
    link = absolute_url(_str(item.get("url")), base) or absolute_url(
        _str(item.get("external_url")), base
    )
    item_id = _str(item.get("id")) or ""
    if link is None and item_id.startswith("http"):
        link = absolute_url(item_id, base)
    if link is None:
        return None
    summary = (
        collapse(_str(item.get("summary")))
        or collapse(_str(item.get("content_text")))
        or html_to_text(_str(item.get("content_html")))
    )
    image = _str(item.get("image")) or _str(item.get("banner_image"))
    if image is None:
        for att in item.get("attachments") or []:
            if isinstance(att, dict) and str(att.get("mime_type", "")).startswith("image/"):
                image = _str(att.get("url"))
                break
    return FeedEntry(
        url=link,
        title=collapse(_str(item.get("title"))),
        published=parse_date(_str(item.get("date_published")))
        or parse_date(_str(item.get("date_modified"))),
        summary=_shorten(summary),
        image_url=absolute_url(image, base) or absolute_url(
            first_image_src(_str(item.get("content_html"))), base
        ),
    )


def _shorten(text: str | None, limit: int = SUMMARY_CHARS) -> str | None:
    if text is None or len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip(" ,;:") + "…"
