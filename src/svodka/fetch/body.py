"""Reading a response body within limits: streamed, decompressed by hand, counted.

Compressed and decompressed bytes both count against the limit, and every inflate
step is bounded, so a gzip/deflate/brotli bomb is stopped after ``limit`` bytes of
output rather than after it has filled memory.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Protocol

from svodka.fetch.errors import FetchError
from svodka.inflate import InflatedTooLarge, InflateError, Inflater

try:  # optional: brotli is advertised only when a decoder is installed
    import brotli as _brotli  # type: ignore[import-not-found]
except ImportError:  # pragma: no cover - depends on the environment
    _brotli = None

__all__ = ["ACCEPT_ENCODING", "BodyTooLarge", "read_body"]

ACCEPT_ENCODING = "gzip, deflate" + (", br" if _brotli is not None else "")


class BodyTooLarge(Exception):
    pass


class _Stage(Protocol):
    def feed(self, data: bytes, room: int) -> bytes: ...

    def finish(self) -> None: ...


class _Zlib:
    """gzip or deflate, through the shared bounded inflater."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._inflater = Inflater(name)

    def feed(self, data: bytes, room: int) -> bytes:
        try:
            return self._inflater.feed(data, room)
        except InflatedTooLarge:
            raise BodyTooLarge from None
        except InflateError as exc:
            raise FetchError(f"corrupt {self.name} body: {exc}", kind="decode") from exc

    def finish(self) -> None:
        try:
            self._inflater.finish()
        except InflateError:
            raise FetchError(f"truncated {self.name} body (stream ended early)",
                             kind="decode") from None


class _Brotli:
    name = "br"

    def __init__(self) -> None:
        self._d = _brotli.Decompressor()  # type: ignore[union-attr]

    def feed(self, data: bytes, room: int) -> bytes:
        try:
            out: bytes = self._d.process(data, output_buffer_limit=room + 1)
        except Exception as exc:
            raise FetchError(f"corrupt br body: {exc}", kind="decode") from exc
        if len(out) > room:
            raise BodyTooLarge
        return out

    def finish(self) -> None:
        if not self._d.is_finished():
            raise FetchError("truncated br body (stream ended early)", kind="decode")


def _stages(content_encoding: str) -> list[_Stage]:
    stages: list[_Stage] = []
    # Encodings are listed in the order applied; undo them last first.
    for name in reversed([e.strip().lower() for e in content_encoding.split(",") if e.strip()]):
        if name in ("identity", ""):
            continue
        if name in ("gzip", "x-gzip", "deflate"):
            stages.append(_Zlib("gzip" if name == "x-gzip" else name))
        elif name == "br" and _brotli is not None:
            stages.append(_Brotli())
        else:
            raise FetchError(f"unsupported content-encoding {name!r}", kind="decode", permanent=True)
    return stages


async def read_body(
    chunks: AsyncIterator[bytes], content_encoding: str, limit: int, *, truncate: bool = False
) -> bytes:
    """The decoded body from raw ``chunks``; BodyTooLarge past ``limit`` bytes (raw or
    decoded), unless ``truncate``, which returns the first ``limit`` bytes instead."""
    stages = _stages(content_encoding)
    out = bytearray()
    raw = 0
    async for chunk in chunks:
        raw += len(chunk)
        data = chunk
        try:
            if raw > limit:
                raise BodyTooLarge
            for stage in stages:
                data = stage.feed(data, limit - len(out))
        except BodyTooLarge:
            if truncate:
                return bytes(out)
            raise
        out += data
        if len(out) > limit:
            if truncate:
                return bytes(out[:limit])
            raise BodyTooLarge
    for stage in stages:
        stage.finish()
    return bytes(out)
