"""Bounded inflation of gzip and deflate data, for HTTP bodies and gzipped feeds alike: every
step yields at most the room left, so a decompression bomb stops at the limit, not in memory."""

from __future__ import annotations

import zlib
from typing import Any

GZIP_MAGIC = b"\x1f\x8b"


class InflateError(ValueError):
    """Corrupt or truncated compressed data."""


class InflatedTooLarge(Exception):
    """The data inflates past the room it was given."""


class Inflater:
    """A streaming gzip (``"gzip"``) or deflate (``"deflate"``: zlib-wrapped or raw, as servers
    send it) decoder; ``feed`` returns at most ``room`` bytes or raises ``InflatedTooLarge``."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self._d: Any = None
        self._head = b""  # first bytes, until the deflate flavour can be told

    @property
    def eof(self) -> bool:
        return self._d is not None and self._d.eof

    @property
    def unused(self) -> bytes:
        """Bytes after the end of the stream (the next gzip member, or trailing junk)."""
        return self._d.unused_data if self._d is not None else b""

    def _start(self, data: bytes) -> Any:
        if self.encoding == "deflate":
            wrapped = len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0
            return zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
        return zlib.decompressobj(16 + zlib.MAX_WBITS)

    def feed(self, data: bytes, room: int) -> bytes:
        if self._d is None:
            data = self._head + data
            if len(data) < 2:
                self._head = data
                return b""
            self._d = self._start(data)
        if self._d.eof:  # trailing bytes after the stream: not this decoder's
            return b""
        out = bytearray()
        try:
            out += self._d.decompress(data, room + 1)
            # A stream that ends in a call cut by its length leaves what follows it in
            # ``unconsumed_tail`` as well as in ``unused_data``: decoding that would return
            # nothing for ever.
            while self._d.unconsumed_tail and len(out) <= room and not self._d.eof:
                out += self._d.decompress(self._d.unconsumed_tail, room + 1 - len(out))
        except zlib.error as exc:
            raise InflateError(f"corrupt {self.encoding} data: {exc}") from exc
        if len(out) > room:
            raise InflatedTooLarge
        return bytes(out)

    def drain(self, data: bytes, step: int = 1 << 20) -> None:
        """Decode ``data`` and throw the output away, ``step`` bytes of it at a time: for walking
        a stream's members (``eof``, ``unused``) without holding what they inflate to."""
        while data and not self.eof:
            try:
                self.feed(data, step)
                return
            except InflatedTooLarge:
                data = self._d.unconsumed_tail

    def finish(self) -> None:
        """Raise ``InflateError`` when the stream ended before its end."""
        if (self._d is not None and not self._d.eof) or (self._d is None and self._head):
            raise InflateError(f"truncated {self.encoding} data (stream ended early)")


def gunzip_all(data: bytes, limit: int) -> bytes:
    """Every gzip member of ``data`` inflated, at most ``limit`` bytes in all; data that is not
    gzip is returned as it is."""
    out: list[bytes] = []
    size = 0
    rest = data
    while rest[:2] == GZIP_MAGIC:
        member = Inflater("gzip")
        chunk = member.feed(rest, limit - size)
        member.finish()
        size += len(chunk)
        out.append(chunk)
        rest = member.unused
    return b"".join(out) if out else data
