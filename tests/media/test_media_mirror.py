"""mirror_image on both stores: keys, formats, thumbnails, orientation, dedup."""

from __future__ import annotations

import hashlib
import io
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from media_samples import (
    CountingStore,
    animated_gif,
    delete_key,
    encode,
    gradient,
    jpeg,
    stored_keys,
    two_halves_jpeg,
)
from PIL import Image

from svodka.media import MediaStore, StoredImage, mirror_image


def open_image(data: bytes) -> Image.Image:
    im = Image.open(io.BytesIO(data))
    im.load()
    return im


def assert_thumbnails(store: MediaStore, stored: StoredImage, expected: list[int]) -> None:
    assert sorted(stored.thumbnails) == expected
    for width, key in stored.thumbnails.items():
        assert key == stored.key.rsplit(".", 1)[0] + f".w{width}.webp"
        thumb = open_image(store.get(key))
        assert thumb.format == "WEBP"
        assert thumb.size == (width, round(stored.height * width / stored.width))


def test_jpeg_original_and_thumbnails(store: MediaStore) -> None:
    data = jpeg(1600, 1000)
    stored = mirror_image(store, 7, data, original_url="https://outlet.example/a/photo.jpg")
    digest = hashlib.sha256(data).hexdigest()
    assert stored.key == f"7/{digest}.jpg"
    assert stored.sha256 == digest
    assert (stored.content_type, stored.width, stored.height) == ("image/jpeg", 1600, 1000)
    assert stored.size == len(data)
    assert stored.original_url == "https://outlet.example/a/photo.jpg"
    assert store.get(stored.key) == data  # the original, byte for byte
    assert_thumbnails(store, stored, [320, 640, 1200])
    assert stored_keys(store) == {stored.key, *stored.thumbnails.values()}
    assert stored.to_dict()["thumbnails"][320] == stored.thumbnails[320]


@pytest.mark.parametrize(
    ("width", "expected"),
    [(500, [320]), (640, [320, 640]), (1200, [320, 640, 1200]), (300, [])],
)
def test_thumbnails_never_upscale(store: MediaStore, width: int, expected: list[int]) -> None:
    stored = mirror_image(store, "kyiv-post", encode(gradient(width, 200), "PNG"))
    assert stored.key.endswith(".png")
    assert_thumbnails(store, stored, expected)
    assert stored_keys(store) == {stored.key, *stored.thumbnails.values()}


@pytest.mark.parametrize(("width", "expected"), [(1200, [320, 640]), (1300, [320, 640]),
                                               (1400, [320, 640, 1200])])
def test_a_jpeg_serves_its_own_width(store: MediaStore, width: int, expected: list[int]) -> None:
    stored = mirror_image(store, 1, jpeg(width, 800))
    assert_thumbnails(store, stored, expected)


def test_custom_widths(store: MediaStore) -> None:
    stored = mirror_image(store, 1, jpeg(900, 600), widths=(100, 800, 2000))
    assert_thumbnails(store, stored, [100, 800])


@pytest.mark.parametrize(
    ("fmt", "ext", "ctype"),
    [("PNG", "png", "image/png"), ("WEBP", "webp", "image/webp"), ("AVIF", "avif", "image/avif"),
     ("GIF", "gif", "image/gif"), ("JPEG", "jpg", "image/jpeg")],
)
def test_extension_comes_from_the_bytes(store: MediaStore, fmt: str, ext: str, ctype: str) -> None:
    data = encode(gradient(700, 400), fmt)
    # The URL lies about the format; the key follows what Pillow reads.
    stored = mirror_image(store, 3, data, original_url="https://cdn.example/img.bmp?w=700")
    assert stored.key.endswith(f".{ext}") and stored.content_type == ctype
    assert store.get(stored.key) == data
    # a JPEG or WebP original serves its own width; PNG, GIF and AVIF get a WebP at 640 too
    assert_thumbnails(store, stored, [320] if fmt in ("JPEG", "WEBP") else [320, 640])


def test_png_alpha_survives_in_thumbnails(store: MediaStore) -> None:
    im = gradient(800, 400, "RGBA")
    im.putalpha(0)
    im.paste((10, 20, 30, 255), (0, 0, 400, 400))
    stored = mirror_image(store, 1, encode(im, "PNG"))
    thumb = open_image(store.get(stored.thumbnails[640])).convert("RGBA")
    assert thumb.getpixel((100, 100))[3] == 255  # opaque half
    assert thumb.getpixel((500, 100))[3] == 0  # transparent half


def test_animated_gif_is_stored_as_is(store: MediaStore) -> None:
    data = animated_gif((400, 300))
    stored = mirror_image(store, 9, data)
    assert stored.key.endswith(".gif") and store.get(stored.key) == data
    original = Image.open(io.BytesIO(store.get(stored.key)))
    assert original.n_frames == 3
    thumb = open_image(store.get(stored.thumbnails[320]))
    assert not getattr(thumb, "is_animated", False)
    red, green, blue = thumb.convert("RGB").getpixel((160, 120))
    assert red > 200 and green < 50 and blue < 50  # the first frame


def test_exif_orientation_applies_to_thumbnails_only(store: MediaStore) -> None:
    # Stored landscape, left half red; orientation 6 = rotate 90 degrees clockwise to show.
    data = two_halves_jpeg(1600, 800, orientation=6)
    stored = mirror_image(store, 4, data)
    assert (stored.width, stored.height) == (800, 1600)
    assert_thumbnails(store, stored, [320, 640])
    thumb = open_image(store.get(stored.thumbnails[640])).convert("RGB")
    assert thumb.size == (640, 1280)
    top, bottom = thumb.getpixel((320, 300)), thumb.getpixel((320, 980))
    assert top[0] > 200 and top[2] < 60, top  # red is on top once rotated
    assert bottom[2] > 200 and bottom[0] < 60, bottom
    original = Image.open(io.BytesIO(store.get(stored.key)))
    assert original.size == (1600, 800) and original.getexif()[0x0112] == 6  # nothing stripped


def test_same_bytes_twice_write_nothing(store: MediaStore) -> None:
    counting = CountingStore(store)
    data = jpeg(1300, 700)
    first = mirror_image(counting, 11, data, original_url="https://a.example/1.jpg")
    assert len(counting.puts) == 3 and counting.puts[-1] == first.key  # original last
    keys = stored_keys(store)
    counting.puts.clear()
    second = mirror_image(counting, 11, data, original_url="https://b.example/copy.jpg")
    assert counting.puts == []
    assert stored_keys(store) == keys
    assert (second.key, second.thumbnails, second.width) == (first.key, first.thumbnails, 1300)
    assert second.original_url == "https://b.example/copy.jpg"


def test_missing_thumbnail_is_rebuilt_alone(store: MediaStore) -> None:
    data = jpeg(1300, 700)
    stored = mirror_image(store, 11, data)
    delete_key(store, stored.thumbnails[640])
    counting = CountingStore(store)
    mirror_image(counting, 11, data)
    assert counting.puts == [stored.thumbnails[640]]
    assert_thumbnails(store, stored, [320, 640])  # 1200 is the original's own width


def test_same_bytes_from_another_source_get_their_own_keys(store: MediaStore) -> None:
    data = jpeg(400, 300)
    a = mirror_image(store, 1, data)
    b = mirror_image(store, 2, data)
    assert a.sha256 == b.sha256
    assert a.key.startswith("1/") and b.key.startswith("2/")
    assert len(stored_keys(store)) == 4


def test_different_bytes_different_keys(store: MediaStore) -> None:
    a = mirror_image(store, 1, jpeg(400, 300))
    b = mirror_image(store, 1, jpeg(401, 300))
    assert a.key != b.key
    assert re.fullmatch(r"1/[0-9a-f]{64}\.jpg", a.key)


@pytest.mark.parametrize("source_id", ["../x", "", "a/b", ".", None, 1.5, True])
def test_unsafe_source_ids_are_rejected(store: MediaStore, source_id: object) -> None:
    with pytest.raises(ValueError):
        mirror_image(store, source_id, jpeg(100, 100))  # type: ignore[arg-type]
    assert stored_keys(store) == set()


def test_mirroring_from_threads(store: MediaStore) -> None:
    datas = [jpeg(700 + i, 400) for i in range(8)] * 2  # each image twice, concurrently
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda d: mirror_image(store, 5, d), datas))
    assert len({r.key for r in results}) == 8
    assert stored_keys(store) == {k for r in results for k in (r.key, *r.thumbnails.values())}
    for r, d in zip(results, datas, strict=True):
        assert store.get(r.key) == d
