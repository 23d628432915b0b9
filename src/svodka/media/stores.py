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
    """Media under a directory: ``root/<key>``, written atomically (temp file + rename)."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)

    def __repr__(self) -> str:
        return f"FileMediaStore({str(self.root)!r})"

    def _path(self, key: str) -> Path:
        check_key(key)
        path = self.root / key
        # Defence in depth against symlinks planted inside the store.
        root = self.root.resolve()
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
