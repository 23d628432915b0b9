"""Media keys: validation and the content types their extensions stand for.

A key is a relative, slash-separated path of plain ASCII segments
(``<source-id>/<sha256>.<ext>``). Anything else (``..``, absolute paths, backslashes,
empty or hidden segments, control characters, non-ASCII) is rejected with ``ValueError``
by every store, so a key can never address anything outside the store.
"""

from __future__ import annotations

import re

MAX_KEY_LENGTH = 512

_SEGMENT = r"[A-Za-z0-9_-][A-Za-z0-9._-]*"
_KEY_RE = re.compile(rf"{_SEGMENT}(?:/{_SEGMENT})*")
_SEGMENT_RE = re.compile(_SEGMENT)

# Pillow format name -> (extension, content type). Only formats browsers display.
FORMATS: dict[str, tuple[str, str]] = {
    "JPEG": ("jpg", "image/jpeg"),
    "MPO": ("jpg", "image/jpeg"),  # multi-picture JPEG from cameras: still a JPEG file
    "PNG": ("png", "image/png"),
    "GIF": ("gif", "image/gif"),
    "WEBP": ("webp", "image/webp"),
    "AVIF": ("avif", "image/avif"),
}

CONTENT_TYPES: dict[str, str] = {ext: ctype for ext, ctype in FORMATS.values()}


def check_key(key: str) -> str:
    """Return ``key`` unchanged if it is a safe store key, else raise ``ValueError``."""
    if not isinstance(key, str) or len(key) > MAX_KEY_LENGTH or not _KEY_RE.fullmatch(key):
        raise ValueError(f"unsafe media key: {key!r}")
    return key


def source_segment(source_id: int | str) -> str:
    """The key segment for a source id; raises ``ValueError`` for anything unsafe."""
    if isinstance(source_id, bool) or not isinstance(source_id, int | str):
        raise ValueError(f"source id must be an int or a str, not {source_id!r}")
    segment = str(source_id)
    if len(segment) > 128 or not _SEGMENT_RE.fullmatch(segment):
        raise ValueError(f"unsafe source id for a media key: {source_id!r}")
    return segment


def guess_content_type(key: str) -> str:
    """The content type to serve a key's bytes with (from its extension)."""
    ext = key.rsplit(".", 1)[-1].lower() if "." in key.rsplit("/", 1)[-1] else ""
    return CONTENT_TYPES.get(ext, "application/octet-stream")
