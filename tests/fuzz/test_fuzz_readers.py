"""Every reader of outlet or user input under hypothesis: random bytes and mutated real documents
never crash it (only its declared errors), and each input is answered in bounded CPU time.
``bench/fuzz.py`` runs the same targets coverage-guided over a million inputs."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

import fuzz_targets  # noqa: E402

# Far above any real input's cost (a few ms; tens for a long page), below a runaway.
CPU_SECONDS_PER_INPUT = 20.0


@st.composite
def mutated(draw: st.DrawFn, seeds: list[bytes]) -> bytes:
    """A real document cut, spliced and sprinkled with random bytes and markup."""
    data = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(0, 8))):
        at = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["insert", "delete", "splice", "markup"]))
        if action == "insert":
            data[at:at] = draw(st.binary(max_size=64))
        elif action == "delete":
            del data[at:at + draw(st.integers(1, 4096))]
        elif action == "splice":
            other = draw(st.sampled_from(seeds))
            start = draw(st.integers(0, len(other)))
            data[at:at] = other[start:start + draw(st.integers(1, 2048))]
        else:
            data[at:at] = draw(st.sampled_from([
                b"<", b"</div>", b"<![CDATA[", b"&#0;", b"&lol;", b"<!DOCTYPE x [", b"\x00",
                b"\xff\xfe", b'"}', b"{", b"[" * 200, b"<outline>" * 50, b"\xd0", b"\r"]))
    return bytes(data)


def _check(target: str, data: bytes) -> None:
    started = time.process_time()
    fuzz_targets.TARGETS[target](data)
    assert time.process_time() - started < CPU_SECONDS_PER_INPUT


@pytest.mark.parametrize("target", sorted(fuzz_targets.TARGETS))
def test_random_bytes_never_crash(target: str) -> None:
    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.binary(max_size=4096))
    def run(data: bytes) -> None:
        _check(target, data)

    run()


@pytest.mark.parametrize("target", sorted(fuzz_targets.TARGETS))
def test_mutated_real_documents_never_crash(target: str) -> None:
    seeds = fuzz_targets.seeds(target)
    assert seeds, f"no seed documents for {target}"

    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(mutated(seeds))
    def run(data: bytes) -> None:
        _check(target, data)

    run()
