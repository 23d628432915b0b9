"""Generated pictures for the sample web: real JPEG/PNG files, distinct per key, cached."""

from __future__ import annotations

import base64
import hashlib
import io
from functools import lru_cache

from PIL import Image, ImageDraw

# A transparent 1x1 GIF: the placeholder lazy-loading markup puts in ``src``.
PIXEL_GIF = base64.b64decode("R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7")
PIXEL_DATA_URI = "data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"


def _palette(key: str) -> tuple[tuple[int, int, int], tuple[int, int, int], int]:
    digest = hashlib.sha256(key.encode()).digest()
    a = (digest[0], digest[1], digest[2])
    b = (255 - digest[3], 255 - digest[4], digest[5])
    return a, b, int.from_bytes(digest[6:10], "big")


@lru_cache(maxsize=8192)
def picture(key: str, width: int = 480, height: int = 270, fmt: str = "jpeg",
            label: str = "") -> bytes:
    """A gradient with a few shapes and ``label``; the same arguments give the same bytes."""
    width = max(16, min(width, 2048))
    height = max(9, min(height, 2048))
    top, bottom, seed = _palette(key)
    img = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(img)
    for y in range(height):
        t = y / max(1, height - 1)
        draw.line([(0, y), (width, y)], fill=tuple(
            int(top[i] + (bottom[i] - top[i]) * t) for i in range(3)))
    for i in range(4):
        s = (seed >> (i * 7)) & 0x7F
        x, y = s * width // 128, ((seed >> (i * 5)) & 0x3F) * height // 64
        r = max(4, (s % 5 + 2) * min(width, height) // 16)
        colour = ((s * 37) % 256, (s * 91) % 256, (s * 53) % 256)
        if i % 2:
            draw.ellipse([x - r, y - r, x + r, y + r], fill=colour)
        else:
            draw.rectangle([x - r, y - r // 2, x + r, y + r // 2], outline=colour, width=3)
    if label:
        draw.rectangle([6, 6, 14 + 7 * len(label), 24], fill=(255, 255, 255))
        draw.text((10, 9), label, fill=(20, 20, 20))
    out = io.BytesIO()
    if fmt == "png":
        img.quantize(colors=64).save(out, format="PNG", optimize=True)
    else:
        img.save(out, format="JPEG", quality=70)
    return out.getvalue()


def spinner_gif() -> bytes:
    """A small grey "loader" GIF, as sites show while lazy images load."""
    return _spinner()


@lru_cache(maxsize=1)
def _spinner() -> bytes:
    img = Image.new("P", (32, 32), 0)
    img.putpalette([255, 255, 255, 160, 160, 160] + [0] * 762)
    ImageDraw.Draw(img).arc([4, 4, 28, 28], 0, 270, fill=1, width=4)
    out = io.BytesIO()
    img.save(out, format="GIF")
    return out.getvalue()
