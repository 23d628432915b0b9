"""Helpers for the media tests: store inspection and sample (and hostile) images."""

from __future__ import annotations

import io
import struct
import uuid
import zlib
from typing import Any

import boto3
from PIL import Image

from svodka.media import FileMediaStore, MediaStore
from svodka.media.s3 import S3MediaStore


def s3_client(endpoint: str) -> Any:
    return boto3.client("s3", endpoint_url=endpoint)


def new_bucket_name() -> str:
    return f"svodka-test-{uuid.uuid4().hex[:16]}"


def stored_keys(store: MediaStore) -> set[str]:
    """Every object a store holds, temp files included, as store keys."""
    if isinstance(store, FileMediaStore):
        if not store.root.exists():
            return set()
        return {p.relative_to(store.root).as_posix() for p in store.root.rglob("*") if p.is_file()}
    assert isinstance(store, S3MediaStore)
    pages = store.client.get_paginator("list_objects_v2").paginate(Bucket=store.bucket)
    prefix = f"{store.prefix}/" if store.prefix else ""
    keys = {obj["Key"] for page in pages for obj in page.get("Contents", [])}
    assert all(k.startswith(prefix) for k in keys), keys
    return {k[len(prefix):] for k in keys}


def delete_key(store: MediaStore, key: str) -> None:
    if isinstance(store, FileMediaStore):
        (store.root / key).unlink()
    else:
        assert isinstance(store, S3MediaStore)
        store.client.delete_object(Bucket=store.bucket, Key=f"{store.prefix}/{key}")


class CountingStore:
    """Wraps a real store and records the keys written through it."""

    def __init__(self, inner: MediaStore) -> None:
        self.inner = inner
        self.puts: list[str] = []

    def put(self, key: str, data: bytes, content_type: str) -> None:
        self.puts.append(key)
        self.inner.put(key, data, content_type)

    def get(self, key: str) -> bytes:
        return self.inner.get(key)

    def exists(self, key: str) -> bool:
        return self.inner.exists(key)

    def open_url(self, key: str) -> str | None:
        return self.inner.open_url(key)


# --- sample images -------------------------------------------------------------------------

def gradient(width: int, height: int, mode: str = "RGB") -> Image.Image:
    """A smooth, photo-like test picture (compresses like a photo, unlike noise)."""
    xs = Image.linear_gradient("L").resize((width, height))
    ys = xs.transpose(Image.Transpose.ROTATE_90).resize((width, height))
    im = Image.merge("RGB", (xs, ys, Image.new("L", (width, height), 96)))
    return im.convert(mode) if mode != "RGB" else im


def encode(im: Image.Image, fmt: str, **params: Any) -> bytes:
    buf = io.BytesIO()
    im.save(buf, fmt, **params)
    return buf.getvalue()


def jpeg(width: int = 1600, height: int = 1000, **params: Any) -> bytes:
    return encode(gradient(width, height), "JPEG", quality=85, **params)


def two_halves_jpeg(width: int, height: int, orientation: int) -> bytes:
    """Left half red, right half blue, tagged with an EXIF orientation."""
    im = Image.new("RGB", (width, height), (0, 0, 255))
    im.paste((255, 0, 0), (0, 0, width // 2, height))
    exif = Image.Exif()
    exif[0x0112] = orientation
    return encode(im, "JPEG", quality=90, exif=exif.tobytes())


def animated_gif(size: tuple[int, int] = (400, 300)) -> bytes:
    frames = [Image.new("RGB", size, c) for c in ((255, 0, 0), (0, 255, 0), (0, 0, 255))]
    return encode(frames[0], "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)


def _png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _zeros_zlib(total: int, chunk_len: int = 750_100) -> bytes:
    """A valid zlib stream of ``total`` zero bytes, built in milliseconds (blocks repeat)."""
    assert total % chunk_len == 0
    chunk = bytes(chunk_len)
    c = zlib.compressobj(9)
    head = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)
    block = c.compress(chunk) + c.flush(zlib.Z_FULL_FLUSH)  # independent of history
    tail = c.flush()[:-4]
    adler = ((total % 65521) << 16) | 1  # Adler-32 of zeros only: a = 1, b = n
    return head + block * (total // chunk_len - 1) + tail + adler.to_bytes(4, "big")


def png_bomb(width: int = 60000, height: int = 60000, *, with_data: bool = True) -> bytes:
    """A 1-bit greyscale PNG declaring width x height; with_data: a full, valid IDAT."""
    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    row = 1 + (width + 7) // 8
    idat = _zeros_zlib(row * height, row * 100) if with_data and height % 100 == 0 else b""
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", ihdr) + _png_chunk(b"IDAT", idat)
            + _png_chunk(b"IEND", b""))


def gif_bomb(width: int = 65535, height: int = 65535) -> bytes:
    """A GIF whose logical screen and only frame declare width x height."""
    small = encode(Image.new("P", (8, 8)), "GIF")
    data = bytearray(small)
    struct.pack_into("<HH", data, 6, width, height)  # logical screen descriptor
    desc = data.index(b"\x2c")  # image descriptor: 0x2C, left, top, width, height
    struct.pack_into("<HH", data, desc + 5, width, height)
    return bytes(data)


def jpeg_bomb(width: int = 60000, height: int = 60000) -> bytes:
    """A small JPEG whose SOF header is patched to declare width x height."""
    data = bytearray(jpeg(64, 64))
    sof = data.index(b"\xff\xc0")
    struct.pack_into(">HH", data, sof + 5, height, width)
    return bytes(data)
