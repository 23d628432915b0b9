"""Fixtures for the fetcher tests: loopback servers, a connect tripwire, fetchers."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import anyio
import pytest
from fetch_servers import LocalServer

from svodka.config import Settings
from svodka.fetch import Fetcher, Timeouts


@pytest.fixture
async def server() -> AsyncIterator[LocalServer]:
    srv = await LocalServer("127.0.0.1").start()
    yield srv
    await srv.stop()


@pytest.fixture
async def trap() -> AsyncIterator[LocalServer]:
    """A listener on 127.0.0.2, which is not allowed: it must never see a connection."""
    srv = await LocalServer("127.0.0.2").start()
    yield srv
    await srv.stop()


@pytest.fixture
async def trap6() -> AsyncIterator[LocalServer]:
    """A listener on [::1], which is not allowed either."""
    try:
        srv = await LocalServer("::1").start()
    except OSError as exc:
        pytest.skip(f"no IPv6 loopback here: {exc}")
    yield srv
    await srv.stop()


@pytest.fixture
def tripwire(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Records every TCP connect the fetcher attempts and blocks any that is not to
    127.0.0.1, so a failing guard can never send a packet anywhere else."""
    attempts: list[str] = []
    real = anyio.connect_tcp

    async def guarded(remote_host: str, remote_port: int, **kwargs: object) -> object:
        attempts.append(str(remote_host))
        if str(remote_host) != "127.0.0.1":
            raise OSError(f"tripwire: test tried to connect to {remote_host}")
        return await real(remote_host, remote_port, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(anyio, "connect_tcp", guarded)
    yield attempts


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path, fetch_allow=["127.0.0.1"], per_host_concurrency=2)


@pytest.fixture
async def make_fetcher(settings: Settings) -> AsyncIterator[Callable[..., Fetcher]]:
    made: list[Fetcher] = []

    def make(**kwargs: object) -> Fetcher:
        kwargs.setdefault("timeout", Timeouts(connect=2.0, read=2.0, total=5.0))
        kwargs.setdefault("host_interval", 0.0)
        fetcher = Fetcher(kwargs.pop("settings", settings), **kwargs)  # type: ignore[arg-type]
        made.append(fetcher)
        return fetcher

    yield make
    for fetcher in made:
        await fetcher.aclose()
