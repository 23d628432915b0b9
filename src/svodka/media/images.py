"""Mirroring one image: validate, store the original as is, add WebP thumbnails."""

from __future__ import annotations

import hashlib
import io
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from typing import Any

from PIL import Image, UnidentifiedImageError

from svodka.media import thumbs
from svodka.media.errors import MediaError
from svodka.media.keys import FORMATS, source_segment
from svodka.media.sniff import refusal
from svodka.media.stores import MediaStore

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_PIXELS = 50_000_000
DEFAULT_WIDTHS: tuple[int, ...] = (320, 640, 1200)
THUMBNAIL_CONTENT_TYPE = "image/webp"
# Pillow plugins tried on untrusted bytes (MPO is not a plugin of its own: JPEG yields it).
_OPEN_FORMATS = [name for name in FORMATS if name != "MPO"]


@dataclass(slots=True)
class StoredImage:
    """A mirrored image. ``width``/``height`` are as displayed (EXIF orientation applied)."""

    key: str
    sha256: str
    content_type: str
    width: int
    height: int
    size: int
    thumbnails: dict[int, str] = field(default_factory=dict)  # width -> key
    original_url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def original_key(source_id: int | str, sha256: str, ext: str) -> str:
    return f"{source_segment(source_id)}/{sha256}.{ext}"


def thumbnail_key(source_id: int | str, sha256: str, width: int) -> str:
    return f"{source_segment(source_id)}/{sha256}.w{width}.webp"


def mirror_image(
    store: MediaStore,
    source_id: int | str,
    data: bytes,
    *,
    original_url: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    widths: tuple[int, ...] | list[int] = DEFAULT_WIDTHS,
) -> StoredImage:
    """Store ``data`` under ``<source-id>/<sha256>.<ext>`` with its thumbnails.

    Raises :class:`MediaError` for anything that is not a sound JPEG, PNG, GIF, WebP or
    AVIF of at most ``max_bytes`` bytes and ``max_pixels`` pixels (checked on the declared
    dimensions, before decoding). Bytes already in the store are not written again.
    Store failures (disk, S3) propagate as they are. ``ValueError`` for an unsafe source id.
    """
    data = bytes(data)
    source_segment(source_id)
    if len(data) > max_bytes:
        raise MediaError(f"image too large: {len(data)} bytes > {max_bytes}", "too_large")
    if not data:
        raise MediaError("empty file", "empty")
    digest = hashlib.sha256(data).hexdigest()

    with _pillow_guard(data):
        im = _open_checked(data, max_pixels)
    try:
        with _pillow_guard(data):
            ext, content_type = FORMATS[im.format or ""]
            display = thumbs.display_size(im)
            widths_wanted = thumbs.thumbnail_widths(display, widths, im.format)
        key = original_key(source_id, digest, ext)
        thumb_keys = {w: thumbnail_key(source_id, digest, w) for w in widths_wanted}
        if store.exists(key):  # validated when it was first stored
            missing = [w for w, k in thumb_keys.items() if not store.exists(k)]
            original_missing = False
        else:
            missing, original_missing = widths_wanted, True
        rendered: dict[int, bytes] = {}
        if original_missing or missing:
            with _pillow_guard(data):
                thumbs.decode(im, max(missing, default=None), display)
                rendered = thumbs.render(im, missing, display)
    finally:
        im.close()

    for width, blob in rendered.items():
        store.put(thumb_keys[width], blob, THUMBNAIL_CONTENT_TYPE)
    if original_missing:  # last: its presence marks the mirror complete
        store.put(key, data, content_type)
    return StoredImage(
        key=key,
        sha256=digest,
        content_type=content_type,
        width=display[0],
        height=display[1],
        size=len(data),
        thumbnails=thumb_keys,
        original_url=original_url,
    )


def _open_checked(data: bytes, max_pixels: int) -> Image.Image:
    """Open (header only) and refuse bombs on the declared dimensions."""
    im = Image.open(io.BytesIO(data), formats=_OPEN_FORMATS)
    width, height = im.size
    if width <= 0 or height <= 0:
        im.close()
        raise MediaError(f"corrupt image: declared size {width}x{height}", "corrupt")
    if width * height > max_pixels:
        im.close()
        raise MediaError(
            f"decompression bomb: {width}x{height} declared, over {max_pixels} pixels", "bomb"
        )
    return im


@contextmanager
def _pillow_guard(data: bytes) -> Iterator[None]:
    """Turn whatever Pillow raises on hostile input into a MediaError."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            yield
        except MediaError:
            raise
        except UnidentifiedImageError:
            raise refusal(data) from None
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise MediaError(f"decompression bomb: {exc}", "bomb") from None
        except Exception as exc:  # Pillow raises many types on corrupt input
            raise MediaError(f"corrupt image: {type(exc).__name__}: {exc}", "corrupt") from None
