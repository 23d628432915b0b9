"""Decode an HTML body to text: charset from the HTTP header, BOM, ``<meta>``, or detection.

Order of evidence, as browsers use it: a byte-order mark wins, then the ``Content-Type`` header,
then a ``<meta charset>`` / ``http-equiv`` declaration in the first bytes. A declaration is checked
against the bytes: a body that is valid UTF-8 with non-ASCII text is UTF-8 whatever the label says
(mislabelled pages are common; Cyrillic single-byte text is practically never valid UTF-8), and a
Cyrillic single-byte decode that comes out mostly upper-case is retried in its sibling encoding
(koi8-r <-> windows-1251). Without a usable declaration the charset is detected with
charset-normalizer on a bounded sample.
"""

from __future__ import annotations

import codecs
import re

_META_SCAN = 4096
_DETECT_SAMPLE = 65536
_META_RE = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([a-zA-Z0-9_:.\-]+)""", re.IGNORECASE
)
_NON_ASCII_RE = re.compile(rb"[\x80-\xff]")
_HEADER_RE = re.compile(r"""charset\s*=\s*["']?\s*([a-zA-Z0-9_:.\-]+)""", re.IGNORECASE)

# WHATWG encoding labels that Python spells differently or that browsers remap.
_ALIASES = {
    "iso-8859-1": "windows-1252",
    "latin1": "windows-1252",
    "latin-1": "windows-1252",
    "us-ascii": "windows-1252",
    "ascii": "windows-1252",
    "x-cp1251": "windows-1251",
    "win-1251": "windows-1251",
    "cp-1251": "windows-1251",
    "koi8r": "koi8-r",
    "koi8": "koi8-r",
    "x-user-defined": "windows-1252",
    "utf8": "utf-8",
    "unicode": "utf-8",
}
# svodka reads Ukrainian, Russian and English outlets: detection chooses among their encodings.
_LIKELY = ("utf_8", "cp1251", "koi8_r", "koi8_u", "cp1252", "iso8859_5", "cp866", "mac_cyrillic")
_CYRILLIC_SIBLINGS = {"cp1251": "koi8_r", "koi8_r": "cp1251", "koi8_u": "cp1251"}


def _codec(label: str | None) -> str | None:
    """Python codec name for an encoding label, or None when unknown."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def charset_from_content_type(content_type: str | None) -> str | None:
    if not content_type:
        return None
    m = _HEADER_RE.search(content_type)
    return _codec(m.group(1)) if m else None


def charset_from_meta(body: bytes) -> str | None:
    m = _META_RE.search(body[:_META_SCAN])
    return _codec(m.group(1).decode("ascii", "ignore")) if m else None


def _bom(body: bytes) -> tuple[str, int] | None:
    if body.startswith(codecs.BOM_UTF8):
        return "utf-8", 3
    if body.startswith(codecs.BOM_UTF16_LE):
        return "utf-16-le", 2
    if body.startswith(codecs.BOM_UTF16_BE):
        return "utf-16-be", 2
    return None


def _is_utf8(body: bytes) -> bool:
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte sequence cut by truncation at the very end is still UTF-8.
        return exc.start >= len(body) - 3 and exc.reason == "unexpected end of data"
    return True


def _mostly_upper_cyrillic(text: str) -> bool:
    """Single-byte Cyrillic read in the wrong sibling code page comes out mostly upper-case."""
    sample = text[:20000]
    lower = upper = 0
    for ch in sample:
        if "\u0400" <= ch <= "\u04ff":
            if ch.isupper():
                upper += 1
            else:
                lower += 1
    return upper + lower > 20 and upper > lower


def _decode_single_byte(body: bytes, codec: str) -> str:
    text = body.decode(codec, "replace")
    sibling = _CYRILLIC_SIBLINGS.get(codec)
    if sibling and _mostly_upper_cyrillic(text):
        other = body.decode(sibling, "replace")
        if not _mostly_upper_cyrillic(other):
            return other
    return text


def _detect(body: bytes) -> str | None:
    from charset_normalizer import from_bytes

    first = _NON_ASCII_RE.search(body)
    start = max(0, first.start() - 1024) if first else 0
    sample = body[start:start + _DETECT_SAMPLE]
    best = from_bytes(sample, cp_isolation=list(_LIKELY)).best()
    return _codec(best.encoding) if best is not None else None


def utf8_bytes(body: bytes, content_type: str | None = None) -> bytes | None:
    """The body as UTF-8 bytes, ready for a UTF-8 parser, when :func:`decode_html` would read
    it as UTF-8 (or ASCII) anyway; ``None`` when it needs decoding from another charset."""
    if body.startswith(codecs.BOM_UTF8):
        return body[3:]
    if _bom(body):
        return None
    declared = charset_from_content_type(content_type) or charset_from_meta(body)
    if (declared or "").startswith("utf-16"):
        return None
    if body.isascii() or _is_utf8(body):
        return body
    return None


def decode_html(body: bytes | str, content_type: str | None = None) -> str:
    """Decode an HTML document to ``str``. Never raises on bad bytes (undecodable bytes become U+FFFD)."""
    if isinstance(body, str):
        return body
    if not body:
        return ""
    bom = _bom(body)
    if bom:
        return body[bom[1]:].decode(bom[0], "replace")
    declared = charset_from_content_type(content_type) or charset_from_meta(body)
    has_non_ascii = not body.isascii()
    if not has_non_ascii:
        return body.decode("ascii")
    if not (declared or "").startswith("utf-16"):
        try:
            return body.decode("utf-8")
        except UnicodeDecodeError as exc:
            if exc.start >= len(body) - 3 and exc.reason == "unexpected end of data":
                return body.decode("utf-8", "replace")  # valid UTF-8 cut at the very end
    if declared and declared != "utf-8":
        if declared.startswith("utf-16"):
            return body.decode(declared, "replace")
        return _decode_single_byte(body, declared)
    detected = _detect(body)
    if detected and detected != "utf-8":
        return _decode_single_byte(body, detected)
    return body.decode("utf-8", "replace")
