"""``/media/{key}``: mirrored images from the media store; safe keys only."""

from __future__ import annotations

import io

import pytest
from fastapi.testclient import TestClient
from PIL import Image
from web_world import World


def test_serves_originals_and_thumbnails(client: TestClient, world: World) -> None:
    key = world.media_keys[0]
    r = client.get(f"/media/{key}")
    assert r.status_code == 200
    assert r.headers["content-type"] == "image/png"
    assert r.content == world.media.get(key)
    assert "immutable" in r.headers["cache-control"]
    assert "max-age=31536000" in r.headers["cache-control"]
    assert r.headers["x-content-type-options"] == "nosniff"
    assert Image.open(io.BytesIO(r.content)).size == (900, 600)
    thumb = key.replace(".png", ".w320.webp")
    t = client.get(f"/media/{thumb}")
    assert t.status_code == 200 and t.headers["content-type"] == "image/webp"
    assert Image.open(io.BytesIO(t.content)).size == (320, 213)


def test_conditional_get(client: TestClient, world: World) -> None:
    key = world.media_keys[0]
    etag = client.get(f"/media/{key}").headers["etag"]
    again = client.get(f"/media/{key}", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""


@pytest.mark.parametrize("key", [
    "1/0000000000000000000000000000000000000000000000000000000000000000.png",
    "../svodka.db", "..%2Fsvodka.db", "%2e%2e/%2e%2e/etc/passwd", "1/../../svodka.db",
    ".hidden", "1//x.png", "/etc/passwd", "1/x.png%00.jpg",
])
def test_missing_or_unsafe_keys_are_404(client: TestClient, key: str) -> None:
    r = client.get(f"/media/{key}")
    assert r.status_code == 404
    assert b"SQLite" not in r.content
