"""Why some bytes are not an image svodka mirrors: a precise reason for the refusal."""

from __future__ import annotations

from svodka.media.errors import MediaError

# Image formats Pillow or a browser might know but svodka does not mirror.
_UNSUPPORTED_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"BM", "BMP"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"\x00\x00\x01\x00", "ICO"),
    (b"\x00\x00\x02\x00", "CUR"),
    (b"8BPS", "PSD"),
    (b"\xff\x0a", "JPEG XL"),
    (b"\x00\x00\x00\x0cJXL ", "JPEG XL"),
    (b"%PDF", "PDF"),
)
_HEIF_BRANDS = (b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1")
_WHITESPACE = b" \t\r\n\x0c"
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


def refusal(data: bytes) -> MediaError:
    """The error for ``data`` that Pillow could not open as a supported image."""
    head = data[:4096]
    # UTF-16 text has NULs between ASCII characters; drop them to spot markup.
    flat = head.replace(b"\x00", b"").lower()
    for bom in _BOMS:
        if flat.startswith(bom):
            flat = flat[len(bom):]
    flat = flat.lstrip(_WHITESPACE)
    if b"<svg" in flat or flat.startswith(b"<?xml") and b"svg" in flat:
        return MediaError("SVG refused: it can carry scripts", "svg")
    if flat.startswith(b"<"):
        return MediaError("not an image: HTML/XML markup", "not_image")
    if head.startswith(b"\x1f\x8b"):
        return MediaError("not an image: gzip-compressed data", "not_image")
    for magic, name in _UNSUPPORTED_MAGIC:
        if head.startswith(magic):
            return MediaError(f"unsupported image format: {name}", "unsupported")
    if head[4:8] == b"ftyp" and head[8:12] in _HEIF_BRANDS:
        return MediaError("unsupported image format: HEIF", "unsupported")
    if _looks_like_text(head):
        return MediaError("not an image: text", "not_image")
    return MediaError("not an image: unrecognised data", "not_image")


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 4:  # not merely a character cut at the end
            return False
        text = head[: exc.start].decode("utf-8")
    printable = sum(ch.isprintable() or ch in "\t\r\n" for ch in text)
    return bool(text) and printable / len(text) > 0.95
