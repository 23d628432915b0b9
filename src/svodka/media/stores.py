"""The media store protocol and the filesystem store."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Protocol, runtime_checkable

from svodka.media.keys import check_key


@runtime_checkable
class MediaStore(Protocol):
    """Where mirrored images live. Keys are checked with :func:`svodka.media.keys.check_key`."""

    def put(self, key: str, data: bytes, content_type: str) -> None:
        """Store ``data`` under ``key`` (replacing any previous bytes)."""
        ...

    def get(self, key: str) -> bytes:
        """The bytes under ``key``; ``KeyError`` when absent."""
        ...

    def exists(self, key: str) -> bool: ...

    def open_url(self, key: str) -> str | None:
        """A URL a browser can load the object from, or None (serve ``get(key)`` instead)."""
        ...


class FileMediaStore:
    """Media under a directory: ``root/<key>``, written atomically (temp file + rename).

    A reader never sees a torn file, and a killed process leaves none behind. ``fsync=True``
    also forces every file to disk before its rename, which survives power loss but costs
    a disk flush per image and thumbnail; without it durability is the operating system's,
    as for SQLite's ``synchronous=NORMAL`` that the store runs with.
    """

    def __init__(self, root: Path | str, *, fsync: bool = False) -> None:
        self.root = Path(root)
        self.fsync = fsync
        self._resolved_root: Path | None = None

    def __repr__(self) -> str:
        return f"FileMediaStore({str(self.root)!r})"

    def _path(self, key: str) -> Path:
        check_key(key)
        path = self.root / key
        # Defence in depth against symlinks planted inside the store.
        if self._resolved_root is None:
            self._resolved_root = self.root.resolve()
        root = self._resolved_root
        if not path.resolve().is_relative_to(root):
            raise ValueError(f"media key escapes the store: {key!r}")
        return path

    def put(self, key: str, data: bytes, content_type: str) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".part")
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
                if self.fsync:
                    fh.flush()
                    os.fsync(fh.fileno())
            os.chmod(tmp, 0o644)
            os.replace(tmp, path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise

    def get(self, key: str) -> bytes:
        path = self._path(key)
        try:
            return path.read_bytes()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            raise KeyError(key) from None

    def exists(self, key: str) -> bool:
        return self._path(key).is_file()

    def open_url(self, key: str) -> str | None:
        check_key(key)
        return None
