"""Settings, read once from the environment and the command line."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path


def _split(value: str | None) -> list[str]:
    return [p.strip() for p in (value or "").split(",") if p.strip()]


def _flag(value: str | None) -> bool | None:
    if value is None or not value.strip():
        return None
    return value.strip().lower() in ("1", "true", "yes", "on")


@contextmanager
def require_extra(extra: str, what: str) -> Iterator[None]:
    """Say which optional part to install when ``what`` needs a package that is missing."""
    try:
        yield
    except ModuleNotFoundError as exc:
        raise ModuleNotFoundError(
            f"{what} needs svodka's {extra!r} extra (pip install 'svodka[{extra}]'): "
            f"no module {exc.name!r}", name=exc.name) from exc


@dataclass(slots=True)
class Settings:
    data_dir: Path = Path("./svodka-data")
    database_url: str | None = None  # default: sqlite in data_dir
    # Hosts, IPs or CIDR ranges the fetcher may reach even though they are private.
    fetch_allow: list[str] = field(default_factory=list)
    user_agent: str = "svodka/0.1 (+https://github.com/svodka/svodka)"
    # Media store: "file" (data_dir/media) or an s3:// URL (bucket[/prefix]).
    media_url: str | None = None
    s3_endpoint_url: str | None = None
    fetch_timeout: float = 60.0  # seconds for one request and its whole body
    fetch_concurrency: int = 16
    per_host_concurrency: int = 2
    # The site shows times in this zone (IANA name) unless the reader's browser or setting says.
    timezone: str = "Europe/Kyiv"
    # Processes for extraction and enrichment during a large crawl (None: one per core).
    cpu_workers: int | None = None
    # Keep hosts' crawl-delay and back-off in the database, shared by every process crawling
    # into it (None: on unless the database is SQLite, which only one process crawls into).
    shared_pacing: bool | None = None
    # The site's address as readers reach it (https://news.example): every absolute URL in
    # feeds, the API and canonical links starts with it, never with a request's Host header
    # (None: derived from the address `svodka serve` binds).
    public_base_url: str | None = None

    @classmethod
    def from_env(cls, data_dir: str | Path | None = None, **overrides: object) -> Settings:
        env = os.environ
        s = cls(
            data_dir=Path(data_dir or env.get("SVODKA_DATA_DIR") or "./svodka-data"),
            database_url=env.get("SVODKA_DATABASE_URL") or None,
            fetch_allow=_split(env.get("SVODKA_FETCH_ALLOW")),
            media_url=env.get("SVODKA_MEDIA_URL") or None,
            s3_endpoint_url=env.get("SVODKA_S3_ENDPOINT_URL") or None,
            timezone=env.get("SVODKA_TIMEZONE") or "Europe/Kyiv",
            shared_pacing=_flag(env.get("SVODKA_SHARED_PACING")),
            public_base_url=env.get("SVODKA_PUBLIC_BASE_URL") or None,
        )
        for k, v in overrides.items():
            if v is not None:
                setattr(s, k, v)
        return s

    @property
    def db_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'svodka.db').resolve()}"

    @property
    def pacing_is_shared(self) -> bool:
        if self.shared_pacing is not None:
            return self.shared_pacing
        return not self.db_url.startswith("sqlite")

    @property
    def archive_dir(self) -> Path:
        return self.data_dir / "archive"

    @property
    def media_dir(self) -> Path:
        return self.data_dir / "media"
