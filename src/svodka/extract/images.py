"""Image URLs as the original: lazy attributes resolved, proxies and resizers unwrapped,
placeholders and spinners dropped."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, unquote, urljoin, urlsplit, urlunsplit

# Lazy-loading attributes, most specific first.
_LAZY_SRC = ("data-src", "data-lazy-src", "data-original", "data-lazy", "data-url",
             "data-full-src", "data-hi-res-src", "data-orig-file", "data-large-file", "data-img",
             "data-image", "data-echo", "data-original-src")
_LAZY_SRCSET = ("data-srcset", "data-lazy-srcset", "srcset")
# Query parameters by which image proxies carry the original URL.
_WRAP_PARAMS = ("url", "src", "image", "img", "imageurl", "image_url", "u", "file")
# Path segments of CDN resizers: "/cdn-cgi/image/width=800,q=75/...", "/unsafe/800x600/...",
# cloudinary "/upload/w_800,h_600,c_fill/...", "/resize/800x600/...".
_RESIZE_SEGMENT = re.compile(
    r"^(?:unsafe|fit-in|resize[ds]?|resize_cache|filters:[^/]*|smart|\d{2,4}_\d{2,4}(?:_\d)?|"
    r"\d{2,4}x\d{0,4}|\d{0,4}x\d{2,4}|[wh]\d{2,4}|[whcqgf]_[^/]*(?:,[a-z]{1,2}_[^/]*)*|"
    r"(?:width|height|quality|fit|format|w|h|q)=[^/]*)$",
    re.IGNORECASE,
)
_WP_SIZE = re.compile(r"-\d{2,4}x\d{2,4}(?=\.(?:jpe?g|png|webp|gif|avif)$)", re.IGNORECASE)
_PLACEHOLDER_NAME = re.compile(
    r"(?:^|[/_.\-])(?:(?:blank|spacer|pixel|transparent|placeholder|loader|loading|spinner|"
    r"1x1|preloader|ajax-loader)[^/]*\.(?:gif|png|svg|webp|jpg)"
    r"|(?:lazy|grey|gray|empty|dummy|icon|arrow|bullet|sprite|button|btn|scroll|label)[^/]*"
    r"\.(?:gif|svg))(?:$|\?)", re.IGNORECASE)
_PLACEHOLDER_ALT = frozenset({"loader", "loading", "spinner", "placeholder", "preloader",
                              "загрузка", "завантаження", "image", "img", "photo", "фото"})
# Image proxies that carry the origin host as the first path segment.
_HOST_IN_PATH = re.compile(r"^i\d\.wp\.com$|^images\.weserv\.nl$")
_RESIZE_PARAMS = frozenset({"w", "h", "width", "height", "q", "quality", "fit", "crop", "resize",
                           "format", "fm", "auto", "dpr", "impolicy", "imwidth", "size", "sz",
                           "strip", "optimize", "ssl", "zoom", "scale"})
_SRCSET_SPLIT = re.compile(r",\s+")
_EMBEDDED_URL = re.compile(r"/(https?:)/+([^/].*)$")
_CF_IMAGE = re.compile(r"/cdn-cgi/image/[^/]+")
_DIM = re.compile(r"\s*(\d{1,5})(?:px)?\s*$")
_IMAGE_EXT = re.compile(r"\.(?:jpe?g|png|webp|gif|avif|bmp|tiff?)(?:$|\?)", re.IGNORECASE)


def best_from_srcset(srcset: str) -> str | None:
    """The widest candidate of a ``srcset`` (URLs may contain commas, so split on ', ')."""
    best, best_w = None, -1.0
    for part in _SRCSET_SPLIT.split(srcset.strip()):
        bits = part.strip().split()
        if not bits:
            continue
        w = 1.0
        if len(bits) > 1:
            d = bits[-1].lower()
            try:
                w = float(d[:-1]) * (1000.0 if d.endswith("x") else 1.0)
            except ValueError:
                w = 1.0
        if w > best_w:
            best, best_w = bits[0], w
    return best


def _is_placeholder_src(src: str) -> bool:
    s = src.strip().lower()
    return s.startswith("data:") or s in ("", "#", "about:blank") or bool(
        _PLACEHOLDER_NAME.search(s))


def unwrap(url: str, depth: int = 0) -> str:
    """The original URL behind an image proxy or resizer URL."""
    parts = urlsplit(url)
    if parts.query and depth < 3:
        qs = parse_qs(parts.query, keep_blank_values=False)
        for key in _WRAP_PARAMS:
            vals = qs.get(key)
            if not vals:
                continue
            inner = vals[0].strip()
            if inner.startswith(("http://", "https://", "//")):
                return unwrap(inner, depth + 1)
            if inner.startswith("/") and _IMAGE_EXT.search(inner):
                return unwrap(urlunsplit((parts.scheme, parts.netloc, inner, "", "")), depth + 1)
    path = parts.path
    if _HOST_IN_PATH.match(parts.netloc) and path.count("/") >= 2 and depth < 3:
        # Photon-style proxies: "https://i0.wp.com/origin.example/path.jpg?resize=...".
        return unwrap("https://" + path.lstrip("/"), depth + 1)
    # A full URL embedded in the path: "https://cdn/resize/800/https://origin/a.jpg".
    m = _EMBEDDED_URL.search(path)
    if m and depth < 3:
        return unwrap(f"{m.group(1)}//{unquote(m.group(2))}", depth + 1)
    path = _CF_IMAGE.sub("", path)
    segs = path.split("/")
    kept = [s for s in segs[:-1] if not _RESIZE_SEGMENT.match(s)] + segs[-1:]
    if len(kept) != len(segs) or path != parts.path:
        path = "/".join(kept)
        # "/unsafe/800x600/origin.example/a.jpg" (thumbor): the first segment is a host.
        first = kept[1] if len(kept) > 2 else ""
        if "." in first and not _IMAGE_EXT.search(first) and first != parts.netloc:
            return unwrap(f"{parts.scheme or 'https'}://{'/'.join(kept[1:])}", depth + 1)
    path = _WP_SIZE.sub("", path)
    query = parts.query if path == parts.path else ""
    if query:
        # Resizer parameters ("?width=1080&quality=50") name a rendition, not the image.
        kept_q = [kv for kv in query.split("&")
                  if kv.split("=", 1)[0].lower() not in _RESIZE_PARAMS]
        query = "&".join(kept_q)
    return urlunsplit((parts.scheme, parts.netloc, path, query, ""))


def resolve(attrs: dict[str, Any], parent: dict[str, Any] | None, base: str | None
            ) -> tuple[str | None, int | None, int | None]:
    """(absolute original URL, width, height) of an <img>, or (None, ...) for a placeholder."""
    src = attrs.get("src") or ""
    candidates: list[str] = []
    href = (parent or {}).get("href")
    if href and _IMAGE_EXT.search(href) and not _is_placeholder_src(href):
        candidates.append(href)  # a thumbnail linking to its full-size original
    for key in _LAZY_SRC:
        v = attrs.get(key)
        if v and not _is_placeholder_src(v):
            candidates.append(v)
    if not _is_placeholder_src(src):
        candidates.append(src)
    for key in _LAZY_SRCSET:
        v = attrs.get(key) or (parent or {}).get(key)
        if v:
            b = best_from_srcset(v)
            if b and not _is_placeholder_src(b):
                candidates.append(b)
    if not candidates:
        return None, None, None
    width, height = _dim(attrs.get("width")), _dim(attrs.get("height"))
    if (width is not None and width <= 2) or (height is not None and height <= 2):
        return None, None, None
    url = candidates[0].strip()
    try:
        absolute = urljoin(base, url) if base else url
        if not absolute.startswith(("http://", "https://")):
            if absolute.startswith("//"):
                absolute = "https:" + absolute
            elif base:
                return None, None, None
        original = unwrap(absolute)
        urlsplit(original)
    except ValueError:
        return None, None, None
    if _is_placeholder_src(original):
        return None, None, None
    if original != absolute:
        width = height = None  # the rendition's size says nothing of the original
    return original, width, height


def clean_alt(alt: Any) -> str | None:
    if not isinstance(alt, str):
        return None
    alt = " ".join(alt.split())
    if not alt or alt.casefold() in _PLACEHOLDER_ALT:
        return None
    return alt


def _dim(v: Any) -> int | None:
    if not v:
        return None
    m = _DIM.match(str(v))
    return int(m.group(1)) if m else None
