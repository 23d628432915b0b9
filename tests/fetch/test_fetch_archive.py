"""The WARC archive: round trip, filters, rotation, standard WARC output, crash safety."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from datetime import UTC, datetime, timedelta
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from svodka.fetch import WarcArchive
from svodka.records import Page

T0 = datetime(2026, 11, 20, 8, 30, tzinfo=UTC)


def _page(i: int, *, host: str = "news.test", when: datetime = T0, size: int = 300) -> Page:
    body = (f"<p>Стаття {i}</p>" * (size // 16 + 1)).encode()[:size]
    return Page(
        url=f"https://{host}/a/{i}", status=200, body=body, fetched_at=when,
        headers={"content-type": "text/html; charset=utf-8", "etag": f'"e{i}"',
                 "content-encoding": "gzip", "content-length": "17"},
        requested_url=f"https://{host}/r/{i}",
    )


def test_round_trip(tmp_path: Path) -> None:
    pages = [_page(i, when=T0 + timedelta(minutes=i)) for i in range(5)]
    with WarcArchive(tmp_path) as archive:
        for page in pages:
            archive.record(page)
    replayed = list(WarcArchive(tmp_path).iter_pages())
    assert [(p.url, p.status, p.body, p.requested_url, p.fetched_at) for p in replayed] == [
        (p.url, p.status, p.body, p.requested_url, p.fetched_at) for p in pages
    ]
    # transfer headers describe the wire, not the stored body: they are rewritten
    assert replayed[0].headers["etag"] == '"e0"'
    assert "content-encoding" not in replayed[0].headers
    assert replayed[0].headers["content-length"] == str(len(pages[0].body))


def test_files_are_standard_warc(tmp_path: Path) -> None:
    with WarcArchive(tmp_path) as archive:
        archive.record(_page(1))
    (path,) = WarcArchive(tmp_path).files()
    with open(path, "rb") as fh:
        records = [(r.rec_type, r.rec_headers.get_header("WARC-Target-URI"),
                    r.rec_headers.get_header("WARC-Concurrent-To"),
                    r.rec_headers.get_header("WARC-Record-ID")) for r in ArchiveIterator(fh)]
    assert [r[0] for r in records] == ["request", "response"]
    assert records[0][2] == records[1][3]  # the request points at its response
    assert all(r[1] == "https://news.test/a/1" for r in records)


def test_filters(tmp_path: Path) -> None:
    with WarcArchive(tmp_path) as archive:
        for i in range(6):
            host = "a.test" if i % 2 else "b.test"
            archive.record(_page(i, host=host, when=T0 + timedelta(days=i)))
    replay = WarcArchive(tmp_path)
    assert [p.url for p in replay.iter_pages(url_prefix="https://a.test/")] == [
        "https://a.test/a/1", "https://a.test/a/3", "https://a.test/a/5"]
    since = [p.url for p in replay.iter_pages(since=T0 + timedelta(days=3, hours=1))]
    assert since == ["https://b.test/a/4", "https://a.test/a/5"]
    naive_since = replay.iter_pages(since=(T0 + timedelta(days=5)).replace(tzinfo=None))
    assert [p.url for p in naive_since] == ["https://a.test/a/5"]


def test_rotation_keeps_order(tmp_path: Path) -> None:
    with WarcArchive(tmp_path, max_file_bytes=4000) as archive:
        for i in range(20):
            archive.record(_page(i, size=2000))
    sizes = [f.stat().st_size for f in WarcArchive(tmp_path).files()]
    assert len(sizes) >= 2 and max(sizes) <= 4000
    assert len(sizes) <= sum(sizes) // 2000 + 1  # files are filled, not one per record
    assert [p.url for p in WarcArchive(tmp_path).iter_pages()] == [
        f"https://news.test/a/{i}" for i in range(20)]


def test_index_then_read_one_record(tmp_path: Path) -> None:
    with WarcArchive(tmp_path, max_file_bytes=4000) as archive:
        for i in range(12):
            archive.record(_page(i, size=2000 + i))
    index = list(WarcArchive(tmp_path).index(since=T0))
    assert len({at.path for _, at in index}) >= 2  # across rotated files
    assert all(page.body == b"" for page, _ in index)  # no bodies held
    for i in (11, 0, 5):
        page, at = index[i]
        whole = WarcArchive.read(at)
        assert (whole.url, whole.body) == (page.url, _page(i, size=2000 + i).body)


def test_torn_tail_keeps_earlier_records(tmp_path: Path) -> None:
    with WarcArchive(tmp_path) as archive:
        for i in range(10):
            archive.record(_page(i, size=3000))
    (path,) = WarcArchive(tmp_path).files()
    full = path.read_bytes()
    expected = [_page(i, size=3000) for i in range(10)]
    for cut in range(len(full) * 2 // 3, len(full), 37):
        path.write_bytes(full[:cut])
        pages = list(WarcArchive(tmp_path).iter_pages())
        # a cut inside the last record's gzip trailer leaves that record whole, so it may stay
        assert 5 <= len(pages) <= 10 and (len(pages) < 10 or cut > len(full) - 16), cut
        # whatever is replayed is whole: never a record with a cut-off body
        assert [(p.url, p.body) for p in pages] == [(e.url, e.body) for e in expected[:len(pages)]]
    path.write_bytes(full + b"\x1f\x8b garbage after a crash")
    assert len(list(WarcArchive(tmp_path).iter_pages())) == 10
    # a new archive on the same directory writes its own file and both are replayed
    path.write_bytes(full[: len(full) - 200])
    with WarcArchive(tmp_path) as again:
        again.record(_page(99))
    urls = [p.url for p in WarcArchive(tmp_path).iter_pages()]
    assert urls[-1] == "https://news.test/a/99" and len(urls) == 10


WRITER = textwrap.dedent("""
    import sys
    from datetime import UTC, datetime
    from svodka.fetch import WarcArchive
    from svodka.records import Page
    archive = WarcArchive(sys.argv[1])
    i = 0
    while True:
        archive.record(Page(url=f"https://news.test/{i}", status=200,
                            body=(b"%d " % i) * 20000, fetched_at=datetime.now(UTC)))
        print(i, flush=True)
        i += 1
""")


def test_killed_writer_leaves_earlier_records_readable(tmp_path: Path) -> None:
    proc = subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path)],
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        done = -1
        while done < 30:
            done = int(proc.stdout.readline())
    finally:
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    pages = list(WarcArchive(tmp_path).iter_pages())
    assert len(pages) >= 31
    for i, page in enumerate(pages):
        assert page.url == f"https://news.test/{i}"
        assert page.body == (b"%d " % i) * 20000


def test_photos_are_stored_uncompressed_and_replay(tmp_path: Path) -> None:
    photo = Page(url="https://news.test/p.jpg", status=200, fetched_at=T0,
                 headers={"content-type": "image/jpeg"}, body=os.urandom(50_000))
    with WarcArchive(tmp_path) as archive:
        archive.record(photo)
        archive.record(_page(1, size=50_000))
    (path,) = WarcArchive(tmp_path).files()
    photo_page, html_page = WarcArchive(tmp_path).iter_pages()
    assert photo_page.body == photo.body and html_page.body == _page(1, size=50_000).body
    # gzip level 0 for the photo (no CPU spent on bytes that do not shrink), 3 for the HTML
    assert 50_000 < path.stat().st_size < 50_000 + 5_000
