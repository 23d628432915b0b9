"""Body decoding within limits: any chunking, every flavour, bombs and truncation."""

from __future__ import annotations

import asyncio
import gzip
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from svodka.fetch.body import BodyTooLarge, read_body
from svodka.fetch.errors import FetchError


def _encode(data: bytes, flavour: str) -> tuple[bytes, str]:
    if flavour == "gzip":
        return gzip.compress(data), "gzip"
    if flavour == "zlib":
        return zlib.compress(data), "deflate"
    if flavour == "raw":
        c = zlib.compressobj(wbits=-zlib.MAX_WBITS)
        return c.compress(data) + c.flush(), "deflate"
    if flavour == "gzip-twice":
        return gzip.compress(gzip.compress(data)), "gzip, gzip"
    return data, ""


def _read(wire: bytes, cuts: list[int], encoding: str, limit: int) -> bytes:
    points = sorted({min(c, len(wire)) for c in cuts} | {0, len(wire)})

    async def chunks():
        for a, b in zip(points, points[1:], strict=False):
            yield wire[a:b]

    return asyncio.run(read_body(chunks(), encoding, limit))


FLAVOURS = st.sampled_from(["identity", "gzip", "zlib", "raw", "gzip-twice"])


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=5000), FLAVOURS, st.lists(st.integers(0, 6000), max_size=12))
def test_any_chunking_decodes_exactly(data: bytes, flavour: str, cuts: list[int]) -> None:
    wire, encoding = _encode(data, flavour)
    assert _read(wire, cuts, encoding, limit=10_000) == data


@settings(max_examples=80, deadline=None)
@given(st.binary(min_size=1, max_size=3000), FLAVOURS, st.lists(st.integers(0, 4000), max_size=6))
def test_limit_is_exact(data: bytes, flavour: str, cuts: list[int]) -> None:
    wire, encoding = _encode(data, flavour)
    limit = max(len(data), len(wire))
    assert _read(wire, cuts, encoding, limit) == data
    with pytest.raises(BodyTooLarge):
        _read(wire, cuts, encoding, len(data) - 1)


def test_one_byte_chunks_of_deflate() -> None:
    data = "Новини дня. ".encode() * 100
    for flavour in ("zlib", "raw"):
        wire, encoding = _encode(data, flavour)
        assert _read(wire, list(range(len(wire))), encoding, 10_000) == data


def test_bomb_stops_early() -> None:
    wire = gzip.compress(b"\0" * 20_000_000)
    with pytest.raises(BodyTooLarge):
        _read(wire, [], "gzip", 100_000)


@pytest.mark.parametrize("flavour", ["gzip", "zlib", "raw"])
def test_truncation_and_corruption(flavour: str) -> None:
    wire, encoding = _encode(b"some text " * 500, flavour)
    with pytest.raises(FetchError, match="truncated"):
        _read(wire[: len(wire) // 2], [], encoding, 100_000)
    with pytest.raises(FetchError) as err:
        _read(b"\x00\xff" * 50 if flavour != "raw" else b"\xff" * 100, [], encoding, 100_000)
    assert err.value.kind == "decode"


def test_unknown_encoding_is_permanent() -> None:
    with pytest.raises(FetchError) as err:
        _read(b"x", [], "compress", 100)
    assert err.value.permanent and "compress" in err.value.reason
