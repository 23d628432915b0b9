"""Is it HTML at all? Binary bodies (executables, archives, images, random bytes) are refused."""

from __future__ import annotations

import codecs

import filetype

# The WHATWG MIME Sniffing Standard's "binary data bytes": control characters that no text holds.
_BINARY_BYTES = frozenset(b"\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0e\x0f\x10\x11\x12\x13"
                          b"\x14\x15\x16\x17\x18\x19\x1a\x1c\x1d\x1e\x1f")
_SNIFF_BYTES = 1445  # the standard's resource header: the bytes a browser looks at
_TEXT_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def is_binary(body: bytes) -> bool:
    """Whether ``body`` is binary data rather than text: a known binary format by its magic
    number, or any control byte in its first bytes (text with a byte-order mark is text)."""
    head = body[:_SNIFF_BYTES]
    if not head or head.startswith(_TEXT_BOMS):
        return False
    # No binary format opens with "<": markup skips the slow scan of signatures.
    if head.lstrip()[:1] != b"<" and filetype.guess(head) is not None:
        return True
    return not _BINARY_BYTES.isdisjoint(head)
