"""The tests that watch time pass while both cores are kept busy by other processes: how the suite
is checked on a loaded machine (`SVODKA_CI_BUSY=1 .ci/run` does it for the whole suite)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# The tests that measure time, pace requests or race writers: where a machine's load shows.
TIMED = [
    "tests/fetch/test_fetch_shared_pacing.py",
    "tests/fetch/test_fetch_http.py",
    "tests/store/test_batch_writes.py",
    "tests/e2e/test_pipelined_crawl.py",
    "tests/e2e/test_resume.py",
]
HOGS = 2  # one per core of the 2-core machines CI runs on
DEADLINE = 1200  # seconds: far above their run beside the hogs


def _hog() -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-c", "while True: pass"])


@pytest.mark.slow
@pytest.mark.skipif(os.environ.get("SVODKA_CI_BUSY") == "1",
                    reason="the whole suite already runs beside CPU hogs (SVODKA_CI_BUSY=1)")
def test_the_timed_tests_pass_while_every_core_is_busy() -> None:
    hogs = [_hog() for _ in range(max(HOGS, os.cpu_count() or 1))]
    try:
        run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                              *TIMED], cwd=ROOT, capture_output=True, text=True,
                             timeout=DEADLINE)
    finally:
        for h in hogs:
            h.kill()
            h.wait()
    tail = "\n".join(run.stdout.splitlines()[-15:])
    assert run.returncode == 0, tail
    assert " passed" in tail and "failed" not in tail, tail
