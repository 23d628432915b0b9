"""Settings, each declared once with its default and help; read from a TOML file, the
environment and the command line."""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import MISSING, dataclass, field, fields
from pathlib import Path
from typing import Any, get_args, get_origin, get_type_hints


def _split(value: str | None) -> list[str]:
    return [p.strip() for p in (value or "").split(",") if p.strip()]


_ON = ("1", "true", "yes", "on")
_OFF = ("0", "false", "no", "off")


@contextmanager
def require_extra(extra: str, what: str) -> Iterator[None]:
    """Say which optional part to install when ``what`` needs a package that is missing."""
    try:
        yield
    except ModuleNotFoundError as exc:
        raise ModuleNotFoundError(
            f"{what} needs svodka's {extra!r} extra (pip install 'svodka[{extra}]'): "
            f"no module {exc.name!r}", name=exc.name) from exc


def setting(default: Any, help: str, *, factory: Callable[[], Any] | None = None) -> Any:
    """A declared setting: its default and one line of help (its environment variable is
    ``SVODKA_`` and its name in capitals; a config file names it as the field)."""
    meta = {"help": help}
    if factory is not None:
        return field(default_factory=factory, metadata=meta)
    return field(default=default, metadata=meta)


ENV_PREFIX = "SVODKA_"
CONFIG_ENV = "SVODKA_CONFIG"  # a TOML file of settings; the environment overrides it


@dataclass(slots=True)
class Settings:
    """Every setting of svodka, declared once: default, help, environment variable."""

    data_dir: Path = setting(Path("./svodka-data"),
                             "SQLite database, WARC archive and media files")
    database_url: str | None = setting(
        None, "a PostgreSQL URL (postgresql://user@host/db) instead of SQLite in the data dir")
    fetch_allow: list[str] = setting(
        None, "hosts, IPs or CIDR ranges the fetcher may reach although private or loopback "
        "(comma-separated; empty: all such addresses are refused)", factory=list)
    user_agent: str = setting("svodka/0.1 (+https://github.com/svodka/svodka)",
                              "the User-Agent of every request, and the robots.txt agent")
    media_url: str | None = setting(
        None, "where mirrored images go: files in the data dir, or s3://bucket/prefix")
    s3_endpoint_url: str | None = setting(
        None, "an S3-compatible server's URL (MinIO, Ceph, moto) instead of AWS")
    fetch_timeout: float = setting(60.0, "seconds for one request and its whole body")
    fetch_concurrency: int = setting(16, "requests in flight at once in one crawl")
    per_host_concurrency: int = setting(2, "requests in flight at once to one host")
    timezone: str = setting(
        "Europe/Kyiv", "the site's time zone (IANA name) unless the reader's browser or "
        "setting says otherwise")
    cpu_workers: int | None = setting(
        None, "processes for extraction, enrichment and thumbnails in a large crawl "
        "(empty: one per core)")
    shared_pacing: bool | None = setting(
        None, "keep each host's crawl-delay and Retry-After in the database, shared by every "
        "crawling process (empty: on unless the database is SQLite)")
    public_base_url: str | None = setting(
        None, "the site's address as readers reach it: every absolute URL in feeds, the API "
        "and canonical links starts with it, never with a request's Host header (empty: the "
        "address `svodka serve` binds)")
    web_workers: int = setting(
        1, "processes `svodka serve` answers with, sharing one socket (each keeps its own page "
        "cache; one per core at most)")
    broker_url: str = setting("redis://127.0.0.1:6379/0",
                              "the queue workers' broker: redis://… or amqp://…")
    task_lease: float = setting(
        600.0, "seconds after which a poll or an article handed to the queue workers is handed "
        "out again if it is not done (its message lost, its worker killed): longer than one "
        "article's slowest fetch and analysis")
    worker_metrics_port: int | None = setting(
        None, "port on 127.0.0.1 where `svodka worker` serves the counters of all its processes "
        "for Prometheus (fetches, articles stored, failures, story placements, tasks; empty: "
        "none)")
    ner_uk_model: bool = setting(
        True, "Ukrainian entities re-read by the CRF trained on lang-uk's ner-uk corpus, whose "
        "licence it inherits (CC BY-NC-SA 4.0: enrich/models/ner_uk.LICENSE); off: the rules "
        "and natasha only, all MIT")

    @classmethod
    def from_env(cls, data_dir: str | Path | None = None, *, config_file: str | Path | None = None,
                 **overrides: object) -> Settings:
        """Defaults, then the config file (``SVODKA_CONFIG``), then the environment, then
        ``overrides`` (the command line; ``None`` leaves a setting as it is)."""
        s = cls()
        path = config_file or os.environ.get(CONFIG_ENV)
        if path:
            s.apply(_read_config(Path(path)), source=str(path))
        s.apply({f.name: os.environ[f.env] for f in describe() if os.environ.get(f.env)},
                source="the environment")
        s.apply({"data_dir": data_dir, **overrides}, source="the command line")
        return s

    def apply(self, values: dict[str, Any], *, source: str) -> None:
        """Set each named setting from its text (or TOML) value; a name or value that is not
        one raises ValueError saying which and where."""
        kinds = {d.name: d.kind for d in describe()}
        for name, value in values.items():
            if value is None:
                continue
            if name not in kinds:
                raise ValueError(f"{source}: no setting {name!r}")
            setattr(self, name, _parse(kinds[name], value, f"{source}: {name}"))

    @property
    def db_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'svodka.db').resolve()}"

    @property
    def cpu_processes(self) -> int:
        """CPU worker processes to run: ``cpu_workers``, else one per core."""
        return self.cpu_workers if self.cpu_workers is not None else (os.cpu_count() or 1)

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


@dataclass(frozen=True, slots=True)
class SettingInfo:
    """What ``svodka settings`` and the README table show of one setting."""

    name: str
    env: str
    kind: str  # "path", "text", "int", "float", "flag", "list"
    default: Any
    help: str


def describe() -> list[SettingInfo]:
    """Every setting in declaration order."""
    hints = get_type_hints(Settings)
    out = []
    for f in fields(Settings):
        default = f.default_factory() if f.default is MISSING else f.default  # type: ignore[misc]
        out.append(SettingInfo(name=f.name, env=ENV_PREFIX + f.name.upper(),
                               kind=_kind(hints[f.name]), default=default,
                               help=f.metadata["help"]))
    return out


def _kind(hint: Any) -> str:
    if get_origin(hint) is list:
        return "list"
    base = next((a for a in get_args(hint) if a is not type(None)), hint)  # X | None -> X
    return {Path: "path", int: "int", float: "float", bool: "flag"}.get(base, "text")


def _parse(kind: str, value: Any, where: str) -> Any:
    if kind == "list":
        return [str(v).strip() for v in value if str(v).strip()] if isinstance(value, list) \
            else _split(str(value))
    if kind == "flag":
        if isinstance(value, bool):
            return value
        word = str(value).strip().lower()
        if word not in _ON + _OFF:
            raise ValueError(f"{where}: {value!r} is not on or off")
        return word in _ON
    try:
        return {"path": Path, "int": int, "float": float}.get(kind, str)(value)
    except (TypeError, ValueError):
        raise ValueError(f"{where}: {value!r} is not {_WHAT[kind]}") from None


_WHAT = {"int": "a whole number", "float": "a number", "path": "a path", "text": "text"}


def table() -> str:
    """The settings as the README's Markdown table (``svodka settings --markdown``)."""
    rows = ["| setting | environment | default | what it is |", "| --- | --- | --- | --- |"]
    for d in describe():
        default = ", ".join(d.default) if isinstance(d.default, list) else d.default
        shown = "(empty)" if default in (None, "", []) else f"`{default}`"
        rows.append(f"| `{d.name}` | `{d.env}` | {shown} | {d.help} |")
    return "\n".join(rows)


def _read_config(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: not TOML: {exc}") from None
