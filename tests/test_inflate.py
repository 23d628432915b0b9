"""The one inflater: walking gzip members without holding what they inflate to (the archive's repair)."""

from __future__ import annotations

import gzip
import tracemalloc

import pytest

from svodka.inflate import InflateError, Inflater

BIG = 8 << 20  # a member inflating to 8 MiB: eight times the drain's step


def test_drain_walks_a_member_to_its_end_and_leaves_the_next():
    first, second = gzip.compress(b"\0" * BIG), gzip.compress(b"next record")
    member = Inflater("gzip")
    tracemalloc.start()
    member.drain(first + second)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert member.eof and member.unused == second
    assert peak < BIG // 2  # the inflated bytes were never held at once


def test_drain_across_chunks_and_a_corrupt_member():
    data = gzip.compress(b"x" * 100_000)
    member = Inflater("gzip")
    for i in range(0, len(data), 7):
        member.drain(data[i:i + 7])
    assert member.eof and member.unused == b""
    with pytest.raises(InflateError):
        Inflater("gzip").drain(data[:20] + b"\xff" * 40)
