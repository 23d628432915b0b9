"""``/media/{key}``: mirrored images and thumbnails from the media store.

Keys are content-addressed (``<source-id>/<sha256>...``), so the bytes under a key never change
and are cached for a year. An unsafe key (traversal, odd characters) is a 404 like a missing one.
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from starlette.responses import Response

from svodka.media import check_key, guess_content_type

from .pages import READ, site_of

router = APIRouter(include_in_schema=False)  # image bytes, not the API

CACHE = "public, max-age=31536000, immutable"


@router.api_route("/media/{key:path}", methods=READ)
def media(request: Request, key: str) -> Response:
    try:
        check_key(key)
        data = site_of(request).media.get(key)
    except (ValueError, KeyError):
        raise HTTPException(404) from None
    etag = '"' + key.rsplit("/", 1)[-1] + '"'  # the file name holds the content hash
    headers = {"Cache-Control": CACHE, "ETag": etag, "X-Content-Type-Options": "nosniff",
               "Content-Security-Policy": "default-src 'none'; sandbox"}
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(data, media_type=guess_content_type(key), headers=headers)
