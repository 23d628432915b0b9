"""URL canonicalisation: one URL per article.

``canonicalize`` gives the form under which an article is fetched and stored once:
scheme and host lower-cased, IDNA host, trailing dot and default port dropped,
dot segments resolved, percent-encoding normalised, tracking parameters removed,
query sorted, fragment dropped. ``registered_domain`` names the site a URL belongs
to (public-suffix aware, offline), ``outlet`` the outlet (the same; the publisher on a
platform of many, ``t.me/rian_ru``; host and port for a test server).
"""

from __future__ import annotations

import ipaddress
import re
from functools import lru_cache
from urllib.parse import unquote_plus, urlsplit, urlunsplit

import tldextract
from w3lib.url import canonicalize_url

__all__ = ["TRACKING_PARAMS", "TRACKING_PREFIXES", "canonicalize", "outlet", "registered_domain"]

# Query parameters that only say how a reader arrived, never what they read.
TRACKING_PARAMS: frozenset[str] = frozenset({
    "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "yclid", "ysclid", "msclkid",
    "twclid", "ttclid", "igshid", "igsh", "li_fat_id", "mc_cid", "mc_eid", "mkt_tok",
    "_openstat", "_ga", "_gl", "_hsenc", "_hsmi", "vero_id", "vero_conv", "oly_anon_id",
    "oly_enc_id", "rb_clickid", "s_cid", "wt_mc", "wt.mc_id", "ncid", "cmpid", "sr_share",
    "fb_action_ids", "fb_action_types", "fb_ref", "fb_source", "action_object_map",
    "action_type_map", "action_ref_map", "spm", "scid", "srsltid", "_branch_match_id",
})
TRACKING_PREFIXES: tuple[str, ...] = ("utm_", "pk_", "hsa_", "at_", "ga_", "yclid_", "mtm_")

_DEFAULT_PORTS = {"http": 80, "https": 443}
_SCHEME_RE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def _is_tracking(name: str) -> bool:
    key = name.strip().lower()
    return key in TRACKING_PARAMS or key.startswith(TRACKING_PREFIXES)


def _clean_query(query: str) -> str:
    """Drop tracking parameters, keeping the others byte for byte (any charset)."""
    kept = []
    for piece in query.split("&"):
        name = unquote_plus(piece.partition("=")[0])
        if piece and not _is_tracking(name):
            kept.append(piece)
    return "&".join(kept)


def _normalise_netloc(scheme: str, netloc: str) -> str:
    userinfo, at, hostport = netloc.rpartition("@")
    host, port = hostport, ""
    match = re.fullmatch(r"(.*?)(?::(\d*))?", hostport)
    if match and not hostport.endswith("]"):
        host, port = match.group(1), match.group(2) or ""
    host = host.lower().rstrip(".")
    if port and int(port) != _DEFAULT_PORTS[scheme]:
        host = f"{host}:{int(port)}"
    return f"{userinfo}{at}{host}"


def canonicalize(url: str) -> str:
    """The canonical form of ``url`` (absolute http(s) URLs; others are returned trimmed).

    >>> canonicalize("HTTPS://Example.com:443/a/../b?utm_source=x&b=2&a=1#top")
    'https://example.com/b?a=1&b=2'
    """
    url = url.strip()
    if not _SCHEME_RE.match(url):
        if url.startswith("//"):
            url = "http:" + url
        else:
            return url
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.netloc:
        return url
    cleaned = urlunsplit((scheme, parts.netloc, parts.path or "/", _clean_query(parts.query), ""))
    canon = canonicalize_url(cleaned, keep_fragments=False)
    parts = urlsplit(canon)
    netloc = _normalise_netloc(scheme, parts.netloc)
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))


@lru_cache(maxsize=1)
def _extractor() -> tldextract.TLDExtract:
    # Offline: the public suffix list snapshot bundled with tldextract, no cache writes.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def registered_domain(url_or_host: str) -> str:
    """The registrable domain of a URL or host ("news.bbc.co.uk" -> "bbc.co.uk").

    IP addresses and hosts without a public suffix are returned as the bare host.
    """
    value = url_or_host.strip()
    host = urlsplit(value).hostname if "//" in value else value.split(":")[0]
    host = (host or "").lower().rstrip(".")
    ext = _extractor()(host)
    return ext.top_domain_under_public_suffix or host


# Platforms where many publishers write, sorted (outlet knowledge kept as data). On these the
# publisher is the first segment of the path: a Telegram channel, a VK group, a Dzen channel.
PATH_PUBLISHERS: frozenset[str] = frozenset({
    "dzen.ru", "facebook.com", "instagram.com", "medium.com", "ok.ru", "t.me", "telegram.me",
    "threads.net", "tiktok.com", "twitter.com", "vk.com", "x.com", "youtube.com",
    "zen.yandex.ru",
})
# ... the publisher is the host: a blog's own subdomain ("user.livejournal.com").
HOST_PUBLISHERS: frozenset[str] = frozenset({
    "blogspot.com", "livejournal.com", "substack.com", "tumblr.com", "wordpress.com",
})
# Aggregators and syndication hosts whose addresses do not say whose report it is.
NO_PUBLISHER: frozenset[str] = frozenset({
    "flipboard.com", "msn.com", "news.google.com", "news.yahoo.com", "news.yandex.ru",
})
# Path segments before the publisher's: a Telegram web preview (``/s/``), a YouTube or Dzen
# channel prefix (``/channel/``, ``/media/id/``), a profile page.
_PREFIX_SEGMENTS = frozenset({"c", "channel", "id", "media", "profile.php", "s", "share", "user"})
# Path segments of an item's own address, which does not name its publisher (a YouTube video, a
# Dzen article).
_ITEM_SEGMENTS = frozenset({"a", "watch"})


def outlet(url: str | None) -> str | None:
    """The outlet a page belongs to: the registered domain of its address (``m.zn.ua`` and
    ``zn.ua`` are one); on a platform of many publishers, the publisher (``t.me/rian_ru``,
    ``user.livejournal.com``; ``PATH_PUBLISHERS``, ``HOST_PUBLISHERS``); for an IP address or a
    host without a dot (a test or demo server, one outlet per port), host and port. None without
    a usable address, or where the address does not say (``NO_PUBLISHER``)."""
    try:
        parts = urlsplit(url or "")
        host, port = parts.hostname, parts.port
    except ValueError:
        return None
    if not host:
        return None
    try:
        ipaddress.ip_address(host)
    except ValueError:
        if "." in host:
            return _publisher(host.rstrip("."), parts.path)
    return f"{host}:{port}" if port else host


def _publisher(host: str, path: str) -> str | None:
    domain = registered_domain(host)
    bare = host.removeprefix("www.").removeprefix("m.")
    if bare in NO_PUBLISHER or domain in NO_PUBLISHER:
        return None
    if domain in HOST_PUBLISHERS:
        return bare
    if bare in PATH_PUBLISHERS or domain in PATH_PUBLISHERS:
        segments = [unquote_plus(p).lower() for p in path.split("/") if p]
        while segments and segments[0] in _PREFIX_SEGMENTS:
            segments = segments[1:]
        if not segments or segments[0] in _ITEM_SEGMENTS:
            return None
        name = segments[0].removeprefix("@")
        if name.startswith("wall-"):  # vk.com/wall-15755094_123: the group's post
            name = name.split("_", 1)[0]
        return f"{domain if domain in PATH_PUBLISHERS else bare}/{name}"
    return domain
