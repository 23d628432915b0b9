"""The WARC archive under faults: a writer killed at random points leaves no half record once
the next writer starts, and a full disk leaves none either; every record read back is whole."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from svodka.fetch.archive import OPEN_SUFFIX, WarcArchive, repair_abandoned
from svodka.records import Page

WRITER = """
import sys
from datetime import UTC, datetime
from svodka.fetch.archive import WarcArchive
from svodka.records import Page
archive = WarcArchive(sys.argv[1])
i = 0
while True:
    body = (f"page {i} " * 20000).encode()  # about 150 KB: writes take a while
    archive.record(Page(url=f"https://a.example/{i}", status=200, body=body,
                        headers={"content-type": "text/html"}, fetched_at=datetime.now(UTC)))
    i += 1
    if i == 1:
        print("writing", flush=True)
"""


def _page(i: int, size: int = 2000) -> Page:
    return Page(url=f"https://a.example/{i}", status=200, body=os.urandom(size),
                headers={"content-type": "image/jpeg"}, fetched_at=datetime.now(UTC))


def test_writers_killed_at_random_points_leave_no_half_record(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    rng = random.Random(20261202)
    for _ in range(3):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path)],
                                stdout=subprocess.PIPE)
        assert proc.stdout is not None and proc.stdout.readline()  # a record is written
        time.sleep(rng.uniform(0.0, 1.0))  # then killed wherever it is
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    assert list(tmp_path.glob(f"*{OPEN_SUFFIX}")), "the killed writers left open files"
    archive = WarcArchive(tmp_path)
    archive.record(_page(10_000))  # the next writer mends what the dead ones left
    archive.close()
    assert not list(tmp_path.glob(f"*{OPEN_SUFFIX}"))
    caplog.clear()
    pages = list(WarcArchive(tmp_path).iter_pages())
    assert not [r for r in caplog.records if "unreadable record" in r.getMessage()]
    assert len(pages) > 3
    for p in pages[:-1]:  # every record whole: its body as written
        i = p.url.rsplit("/", 1)[1]
        assert p.body == (f"page {i} " * 20000).encode(), p.url


@pytest.fixture
def small_disk(tmp_path: Path):  # noqa: ANN201
    if os.geteuid() != 0:
        pytest.skip("mounting a small filesystem needs root")
    mount = tmp_path / "disk"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount)],
                      capture_output=True).returncode != 0:
        pytest.skip("tmpfs cannot be mounted here")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)  # lazily: never left mounted


def test_a_full_disk_leaves_no_half_record(small_disk: Path) -> None:
    archive = WarcArchive(small_disk / "archive")
    written = 0
    with pytest.raises(OSError):
        for i in range(1000):
            archive.record(_page(i, 20_000))
            written += 1
    assert 0 < written < 1000
    subprocess.run(["mount", "-o", "remount,size=8m", str(small_disk)], check=True)
    archive.record(_page(5000, 20_000))  # room again: writing goes on in the same file
    archive.close()
    pages = list(WarcArchive(small_disk / "archive").iter_pages())
    assert [p.url for p in pages] == [f"https://a.example/{i}" for i in range(written)] + [
        "https://a.example/5000"]


def test_a_torn_last_record_of_a_dead_writer_is_cut_off(tmp_path: Path) -> None:
    archive = WarcArchive(tmp_path)
    for i in range(3):
        archive.record(_page(i))
    archive.close()
    (whole,) = tmp_path.glob("*.warc.gz")
    data = whole.read_bytes()
    dead = subprocess.Popen(["true"])  # a writer that is gone
    dead.wait()
    torn = tmp_path / f"svodka-20260101000000000000-{dead.pid}-00000.warc.gz{OPEN_SUFFIX}"
    more = WarcArchive(tmp_path / "more")
    more.record(_page(3))
    more.close()
    (extra,) = (tmp_path / "more").glob("*.warc.gz")
    cut = extra.read_bytes()[:-100]  # a fourth record, its response member torn
    torn.write_bytes(data + cut)
    whole.unlink()
    assert repair_abandoned(tmp_path) == [torn]
    (sealed,) = tmp_path.glob("*.warc.gz")
    repaired = sealed.read_bytes()
    assert repaired.startswith(data) and len(repaired) < len(data) + len(cut)
    assert [p.url for p in WarcArchive(tmp_path).iter_pages()] == [
        f"https://a.example/{i}" for i in range(3)]
