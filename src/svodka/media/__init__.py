"""svodka's media stage: a content-addressed image store with WebP thumbnails.

``mirror_image(store, source_id, data)`` validates an image and stores it under
``<source-id>/<sha256>.<ext>`` with thumbnails ``<source-id>/<sha256>.w<width>.webp``;
``open_media_store(settings)`` gives the configured store (filesystem or S3).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from svodka.config import Settings
from svodka.media.errors import MediaError
from svodka.media.images import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_PIXELS,
    DEFAULT_WIDTHS,
    StoredImage,
    mirror_image,
    original_key,
    thumbnail_key,
)
from svodka.media.keys import check_key, guess_content_type
from svodka.media.stores import FileMediaStore, MediaStore

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_PIXELS",
    "DEFAULT_WIDTHS",
    "FileMediaStore",
    "MediaError",
    "MediaStore",
    "StoredImage",
    "check_key",
    "guess_content_type",
    "mirror_image",
    "open_media_store",
    "original_key",
    "thumbnail_key",
]


def open_media_store(settings: Settings) -> MediaStore:
    """The store ``settings.media_url`` names: ``None``/``"file"`` or ``s3://bucket/prefix``."""
    url = (settings.media_url or "file").strip()
    if url == "file":
        return FileMediaStore(settings.media_dir)
    parts = urlsplit(url)
    if parts.scheme == "s3" and parts.netloc:
        from svodka.config import require_extra

        with require_extra("s3", "an S3 media store"):
            from svodka.media.s3 import S3MediaStore
        return S3MediaStore(
            parts.netloc, prefix=parts.path.strip("/"), endpoint_url=settings.s3_endpoint_url
        )
    if parts.scheme == "file" and parts.path:
        return FileMediaStore(parts.path)
    raise ValueError(f"unsupported media store URL: {url!r} (use 'file' or 's3://bucket/prefix')")
