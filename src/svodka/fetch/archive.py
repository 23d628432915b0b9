"""The WARC archive: every fetched response, appended; replayed with no network.

Each ``record`` writes a request record and a response record (HTTP headers and the
decompressed body) as separate gzip members, built in memory and appended with one
write, so a killed process leaves every earlier record readable; a write that fails (a
full disk) is cut back off the file, so no half record stays. Each archive instance
writes its own files, named ``….warc.gz.open`` while written (as Heritrix does) and
renamed ``….warc.gz`` when closed or rotated by size; an ``.open`` file whose writer
died is repaired (a torn last record cut off, ``repair_abandoned``) before the next
writer starts. ``iter_pages`` replays the responses as ``Page`` records.
"""

from __future__ import annotations

import itertools
import logging
import os
import threading
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from io import BytesIO
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.timeutils import datetime_to_iso_date, iso_date_to_datetime
from warcio.warcwriter import WARCWriter

from svodka.inflate import InflateError, Inflater
from svodka.records import Page

__all__ = ["ArchivedAt", "WarcArchive", "repair_abandoned"]

log = logging.getLogger(__name__)

REQUESTED_URL_HEADER = "WARC-X-Svodka-Requested-URL"
# Headers that described the transfer, not the decompressed body we store.
_TRANSFER_HEADERS = frozenset({"content-encoding", "content-length", "transfer-encoding"})
_counter = itertools.count()
OPEN_SUFFIX = ".open"  # a file still being written (or whose writer died)
_REPAIR_CHUNK = 1 << 20  # bytes read at a time when a dead writer's file is checked
# warcio gzips at level 9; level 3 costs a third of the CPU for a few percent more bytes. Photos
# (most of the archived bytes) are compressed already: they are stored (level 0), which costs a
# twentieth of the CPU (0.1 vs 2 ms for a 117 KB JPEG) for 5% more bytes.
GZIP_LEVEL = 3
_COMPRESSED = ("image/", "video/", "audio/", "application/zip", "application/gzip",
               "application/pdf")


def _utc(dt: datetime) -> datetime:
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def _status_line(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"{status} Unknown"


@dataclass(frozen=True, slots=True)
class ArchivedAt:
    """Where a record lies: its file and the offset of its gzip member."""

    path: Path
    offset: int


class WarcArchive:
    """Append-only WARC files under ``directory`` (created on demand)."""

    def __init__(
        self, directory: str | os.PathLike[str], *, max_file_bytes: int = 256 * 1024 * 1024,
        fsync: bool = False,
    ) -> None:
        self.directory = Path(directory)
        self.max_file_bytes = max_file_bytes
        self.fsync = fsync
        self._lock = threading.Lock()
        self._file: BinaryIO | None = None
        self._path: Path | None = None
        if self.directory.is_dir():  # mend what dead writers left, even if this one never writes
            repair_abandoned(self.directory)

    # -- writing ---------------------------------------------------------------------------

    def record(self, page: Page) -> None:
        """Append ``page``'s request and response records, whole or not at all."""
        data = self._serialise(page)
        with self._lock:
            fh = self._current_file(len(data))
            start = fh.tell()
            try:
                view = memoryview(data)
                while view:
                    view = view[fh.write(view) or 0:]
                if self.fsync:
                    os.fsync(fh.fileno())
            except OSError:
                fh.truncate(start)  # a full disk: no half record stays behind
                fh.seek(start)
                raise

    def _serialise(self, page: Page) -> bytes:
        buf = BytesIO()
        writer = WARCWriter(buf, gzip=False)  # gzipped below, one member per record
        when = _utc(page.fetched_at or datetime.now(UTC)).replace(tzinfo=None)
        date = datetime_to_iso_date(when, use_micros=True)
        headers = [
            (name, value) for name, value in page.headers.items()
            if name.lower() not in _TRANSFER_HEADERS
        ]
        headers.append(("Content-Length", str(len(page.body))))
        http_headers = StatusAndHeaders(_status_line(page.status), headers, protocol="HTTP/1.1")
        warc_headers = {"WARC-Date": date}
        if page.requested_url and page.requested_url != page.url:
            warc_headers[REQUESTED_URL_HEADER] = page.requested_url
        response = writer.create_warc_record(
            page.url, "response", payload=BytesIO(page.body), length=len(page.body),
            http_headers=http_headers, warc_headers_dict=warc_headers,
        )
        parts = urlsplit(page.url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        request_headers = StatusAndHeaders(
            f"GET {target}", [("Host", parts.netloc)], protocol="HTTP/1.1", is_http_request=True
        )
        request = writer.create_warc_record(
            page.url, "request", payload=BytesIO(b""), length=0, http_headers=request_headers,
            warc_headers_dict={
                "WARC-Date": date,
                "WARC-Concurrent-To": response.rec_headers.get_header("WARC-Record-ID"),
            },
        )
        level = 0 if page.content_type.startswith(_COMPRESSED) else GZIP_LEVEL
        members = []
        for record in (request, response):
            buf.seek(0)
            buf.truncate()
            writer.write_record(record)
            gz = zlib.compressobj(level, zlib.DEFLATED, zlib.MAX_WBITS + 16)
            members.append(gz.compress(buf.getvalue()) + gz.flush())
        return b"".join(members)

    def _current_file(self, incoming: int) -> BinaryIO:
        if self._file is not None and self._file.tell() + incoming > self.max_file_bytes:
            if self._file.tell() > 0:
                self._seal()
        if self._file is None:
            self.directory.mkdir(parents=True, exist_ok=True)
            stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S%f")
            name = f"svodka-{stamp}-{os.getpid()}-{next(_counter):05d}.warc.gz{OPEN_SUFFIX}"
            self._path = self.directory / name
            # Unbuffered: each record goes to the file in one write, whole.
            self._file = open(self._path, "ab", buffering=0)  # noqa: SIM115 - kept open
        return self._file

    def _seal(self) -> None:
        """Close the file being written and give it its final name."""
        assert self._file is not None and self._path is not None
        self._file.close()
        self._file = None
        self._path.rename(self._path.with_name(self._path.name.removesuffix(OPEN_SUFFIX)))

    def close(self) -> None:
        with self._lock:
            if self._file is not None:
                self._seal()

    def __enter__(self) -> WarcArchive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading ---------------------------------------------------------------------------

    def files(self) -> list[Path]:
        """The archive's files, oldest first (those being written included)."""
        if not self.directory.is_dir():
            return []
        return sorted([*self.directory.glob("*.warc.gz"),
                       *self.directory.glob(f"*.warc.gz{OPEN_SUFFIX}")],
                      key=lambda p: p.name.removesuffix(OPEN_SUFFIX))

    def iter_pages(
        self, since: datetime | None = None, url_prefix: str | None = None
    ) -> Iterator[Page]:
        """Replay archived responses (oldest first), optionally from ``since`` and under
        ``url_prefix``. No network."""
        for _path, _offset, page in self._records(since, url_prefix, bodies=True):
            yield page

    def index(self, since: datetime | None = None) -> Iterator[tuple[Page, ArchivedAt]]:
        """Every archived response without its body (``Page.body`` is empty), with where it
        lies, for ``read`` to fetch the body when it is wanted."""
        for path, offset, page in self._records(since, None, bodies=False):
            yield page, ArchivedAt(path, offset)

    @staticmethod
    def read(at: ArchivedAt) -> Page:
        """The archived response at ``at`` (from ``index``), body included."""
        with open(at.path, "rb") as fh:
            fh.seek(at.offset)
            for _offset, page in WarcArchive._read_file(at.path, fh, None, None, bodies=True):
                return page
        raise ValueError(f"no whole response record at {at}")

    def _records(self, since: datetime | None, url_prefix: str | None, *, bodies: bool
                 ) -> Iterator[tuple[Path, int, Page]]:
        since_utc = _utc(since) if since is not None else None
        for path in self.files():
            with open(path, "rb") as fh:
                for offset, page in self._read_file(path, fh, since_utc, url_prefix,
                                                    bodies=bodies):
                    yield path, offset, page

    @staticmethod
    def _read_file(
        path: Path, fh: BinaryIO, since: datetime | None, url_prefix: str | None, *,
        bodies: bool,
    ) -> Iterator[tuple[int, Page]]:
        it = ArchiveIterator(fh)
        records = iter(it)
        while True:
            try:
                rec = next(records)
                offset = it.offset  # where this record's gzip member starts in the file
                if rec.rec_type != "response":
                    continue
                url = rec.rec_headers.get_header("WARC-Target-URI") or ""
                if url_prefix is not None and not url.startswith(url_prefix):
                    continue
                fetched = _utc(iso_date_to_datetime(rec.rec_headers.get_header("WARC-Date")))
                if since is not None and fetched < since:
                    continue
                body = rec.content_stream().read()
                declared = rec.http_headers.get_header("Content-Length")
                # svodka always writes Content-Length: without it, or short, the record is torn
                if not (declared or "").isdigit() or int(declared) != len(body):
                    raise ValueError(f"record of {url} is cut short")
            except StopIteration:
                return
            except Exception as exc:  # a torn tail after a crash: keep what came before
                log.warning("archive %s: stopped at an unreadable record (%s)", path.name, exc)
                return
            http = rec.http_headers
            yield offset, Page(
                url=url,
                status=int(http.get_statuscode() or 0),
                headers={name.lower(): value for name, value in http.headers},
                body=body if bodies else b"",
                requested_url=rec.rec_headers.get_header(REQUESTED_URL_HEADER) or url,
                fetched_at=fetched,
            )


def repair_abandoned(directory: Path) -> list[Path]:
    """Seal the ``.open`` files of writers that are no longer running: cut off a torn last
    gzip member (a record the writer was killed in the middle of) and give each its final
    name. Returns the files repaired."""
    done = []
    for path in sorted(directory.glob(f"*.warc.gz{OPEN_SUFFIX}")):
        pid = _writer_pid(path)
        if pid is None or _alive(pid):
            continue
        whole = _whole_members_length(path)
        if whole < path.stat().st_size:
            log.warning("archive %s: cut a torn last record (%d bytes) left by process %d",
                        path.name, path.stat().st_size - whole, pid)
            os.truncate(path, whole)
        path.rename(path.with_name(path.name.removesuffix(OPEN_SUFFIX)))
        done.append(path)
    return done


def _writer_pid(path: Path) -> int | None:
    parts = path.name.split("-")  # svodka-<stamp>-<pid>-<n>.warc.gz.open
    return int(parts[2]) if len(parts) == 4 and parts[2].isdigit() else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _whole_members_length(path: Path) -> int:
    """Bytes from the start of ``path`` that are whole gzip members (each a record)."""
    whole, consumed = 0, 0  # bytes in whole members; bytes fed to the current one's decoder
    member = Inflater("gzip")
    with open(path, "rb") as fh:
        pending = b""
        while chunk := pending or fh.read(_REPAIR_CHUNK):
            pending = b""
            try:
                member.drain(chunk)
            except InflateError:
                return whole  # a corrupt member: keep what came before it
            if member.eof:
                whole = consumed = consumed + len(chunk) - len(member.unused)
                pending = member.unused
                member = Inflater("gzip")
            else:
                consumed += len(chunk)
    return whole
