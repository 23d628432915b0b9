"""What mirror_image refuses, on both stores: nothing is written for any of it."""

from __future__ import annotations

import gzip
import tempfile
import time
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from media_samples import encode, gif_bomb, gradient, jpeg, jpeg_bomb, png_bomb, stored_keys

from svodka.media import DEFAULT_MAX_BYTES, FileMediaStore, MediaError, MediaStore, mirror_image


def refused(store: MediaStore, data: bytes, **kwargs: object) -> MediaError:
    with pytest.raises(MediaError) as info:
        mirror_image(store, 1, data, **kwargs)  # type: ignore[arg-type]
    assert stored_keys(store) == set()
    return info.value


def test_real_png_bomb_is_refused_fast(store: MediaStore) -> None:
    data = png_bomb(60000, 60000)
    # It is a genuine bomb: a few hundred KB that inflate to 450 MB of pixels.
    assert len(data) < 600_000
    idat = data[data.index(b"IDAT") + 4:]
    assert len(zlib.decompressobj().decompress(idat, 50_000_000)) == 50_000_000
    started = time.process_time()  # CPU time: decoding 450 MB of pixels would take seconds
    error = refused(store, data)
    assert error.code == "bomb" and "bomb" in error.reason
    assert time.process_time() - started < 3.0


@pytest.mark.parametrize(
    "data",
    [png_bomb(60000, 60000, with_data=False), gif_bomb(), jpeg_bomb(), png_bomb(8000, 7000)],
    ids=["png-header-only", "gif-65535", "jpeg-sof-60000", "png-56mpx"],
)
def test_declared_dimensions_are_checked_before_decoding(store: MediaStore, data: bytes) -> None:
    # The header-only and patched files hold no decodable pixels: a "bomb" verdict (not
    # "corrupt") shows the dimensions were judged before any decoding. 8000x7000 is under
    # Pillow's own limit (89 Mpx) but over svodka's 50 Mpx.
    assert refused(store, data).code == "bomb"


def test_pixel_limit_is_configurable(store: MediaStore) -> None:
    data = jpeg(1000, 1000)
    assert refused(store, data, max_pixels=999_999).code == "bomb"
    assert mirror_image(store, 1, data, max_pixels=1_000_000).width == 1000


def test_pillow_bomb_warning_is_an_error(store: MediaStore) -> None:
    # Even with svodka's own limit lifted, Pillow's DecompressionBombWarning refuses it.
    header_only = png_bomb(10000, 10000, with_data=False)
    assert refused(store, header_only, max_pixels=10**12).code == "bomb"


def test_oversized_files_are_refused(store: MediaStore) -> None:
    big = jpeg(64, 64) + bytes(DEFAULT_MAX_BYTES)
    error = refused(store, big)
    assert error.code == "too_large"
    small = jpeg(300, 200)
    assert refused(store, small, max_bytes=len(small) - 1).code == "too_large"
    assert mirror_image(store, 1, small, max_bytes=len(small)).size == len(small)


SVGS = {
    "plain": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "prolog": b'<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x">\n'
              b'<svg width="10" height="10"/>',
    "bom-whitespace": b'\xef\xbb\xbf \n<svg onload="alert(1)"/>',
    "utf16": '\ufeff<svg xmlns="http://www.w3.org/2000/svg"/>'.encode("utf-16-le"),
    "comment-first": b"<!-- generator -->\n<SVG></SVG>",
}


@pytest.mark.parametrize("name", sorted(SVGS))
def test_svg_is_refused(store: MediaStore, name: str) -> None:
    error = refused(store, SVGS[name])
    assert error.code == "svg" and "SVG" in error.reason


@pytest.mark.parametrize(
    ("data", "code", "words"),
    [
        (b"<!doctype html><html><body><img src=x></body></html>", "not_image", "markup"),
        (b"  <html><head><title>404</title></head></html>", "not_image", "markup"),
        (b'{"error": "not found"}', "not_image", "text"),
        ("Доступ заборонено / доступ запрещён".encode(), "not_image", "text"),
        (gzip.compress(b"<svg/>"), "not_image", "gzip"),
        (bytes(range(256)) * 4, "not_image", "unrecognised"),
        (b"", "empty", "empty"),
        (encode(gradient(50, 50), "BMP"), "unsupported", "BMP"),
        (encode(gradient(50, 50), "TIFF"), "unsupported", "TIFF"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "unsupported", "PDF"),
    ],
    ids=["html", "html-space", "json", "cyrillic-text", "svgz", "binary", "empty", "bmp", "tiff",
         "pdf"],
)
def test_non_images_are_refused(store: MediaStore, data: bytes, code: str, words: str) -> None:
    error = refused(store, data)
    assert error.code == code and words in error.reason


@pytest.mark.parametrize("fraction", [0.1, 0.5, 0.9, 0.999])
def test_truncated_jpeg_is_refused(store: MediaStore, fraction: float) -> None:
    data = jpeg(800, 600)
    error = refused(store, data[: int(len(data) * fraction)])
    assert error.code in {"corrupt", "not_image"}, error
    if fraction >= 0.5:
        assert error.code == "corrupt" and "truncated" in error.reason


def test_truncated_png_and_gif_are_refused(store: MediaStore) -> None:
    png = encode(gradient(600, 400), "PNG")
    assert refused(store, png[: len(png) // 2]).code == "corrupt"
    gif = encode(gradient(600, 400), "GIF")
    assert refused(store, gif[: len(gif) // 2]).code == "corrupt"


def test_corrupt_png_data_is_refused(store: MediaStore) -> None:
    png = bytearray(encode(gradient(600, 400), "PNG"))
    start = png.index(b"IDAT") + 8
    png[start:start + 64] = bytes(64)  # zeroes in the middle of the zlib stream
    assert refused(store, bytes(png)).code == "corrupt"


_VALID = [jpeg(120, 90), encode(gradient(120, 90), "PNG"), encode(gradient(120, 90), "GIF"),
          encode(gradient(120, 90), "WEBP")]


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(_VALID),
    st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), max_size=6),
    st.floats(0.0, 1.0),
)
def test_damaged_images_only_ever_raise_media_error(
    base: bytes, edits: list[tuple[float, int]], keep: float
) -> None:
    data = bytearray(base)
    for where, value in edits:
        data[min(int(where * len(data)), len(data) - 1)] = value
    data = data[: max(1, int(len(data) * keep))] if keep < 1.0 else data
    with tempfile.TemporaryDirectory() as tmp:
        store = FileMediaStore(Path(tmp))
        try:
            stored = mirror_image(store, 1, bytes(data))
        except MediaError:
            assert stored_keys(store) == set()
        else:
            assert store.get(stored.key) == bytes(data)
            assert stored_keys(store) == {stored.key, *stored.thumbnails.values()}
