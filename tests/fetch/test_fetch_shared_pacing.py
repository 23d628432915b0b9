"""Two crawler processes, one host: with pacing shared through the database (SQLite and
PostgreSQL), robots.txt's crawl-delay holds between the two processes' requests, not only
within each; without it, their requests collide. Gaps are measured server-side."""

from __future__ import annotations

import asyncio
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from fetch_servers import LocalServer, Reply

from svodka.config import Settings
from svodka.fetch import Fetcher
from svodka.store import Store

DELAY = 0.3


def _crawl(db_url: str | None, urls: list[str], data_dir: str) -> int:
    """A worker process: its own fetcher (its own in-memory host gates), the shared store."""

    async def run() -> int:
        store = Store(db_url, migrate=False) if db_url else None
        fetcher = Fetcher(Settings(data_dir=Path(data_dir), fetch_allow=["127.0.0.1"]),
                          pacer=store)
        try:
            pages = await asyncio.gather(*(fetcher.fetch(u) for u in urls))
        finally:
            await fetcher.aclose()
            if store is not None:
                store.close()
        return len(pages)

    return asyncio.run(run())


async def _two_workers(server: LocalServer, db_url: str | None, tmp_path: Path) -> list[float]:
    server.routes["/robots.txt"] = Reply(
        200, f"User-agent: *\nCrawl-delay: {DELAY}\n".encode(), {"Content-Type": "text/plain"})
    for i in range(6):
        server.routes[f"/news/{i}"] = Reply(200, f"article {i}".encode())
    urls = [server.url(f"/news/{i}") for i in range(6)]
    loop = asyncio.get_running_loop()
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        done = await asyncio.gather(
            loop.run_in_executor(pool, _crawl, db_url, urls[:3], str(tmp_path)),
            loop.run_in_executor(pool, _crawl, db_url, urls[3:], str(tmp_path)))
    assert done == [3, 3]
    starts = sorted(r.at for r in server.requests if r.path.startswith("/news/"))
    return [b - a for a, b in zip(starts, starts[1:], strict=False)]


async def test_crawl_delay_holds_across_processes(server: LocalServer, db_url: str,
                                                  tmp_path: Path) -> None:
    Store(db_url).close()  # migrated once, before the workers start
    gaps = await _two_workers(server, db_url, tmp_path)
    assert len(gaps) == 5 and min(gaps) >= DELAY - 0.02, gaps


async def test_without_shared_pacing_two_processes_collide(server: LocalServer,
                                                           tmp_path: Path) -> None:
    gaps = await _two_workers(server, None, tmp_path)
    assert min(gaps) < DELAY / 2, gaps  # each process paced itself only


def test_pacing_is_shared_by_default_on_postgresql_only(tmp_path: Path) -> None:
    assert not Settings(data_dir=tmp_path).pacing_is_shared
    assert Settings(data_dir=tmp_path, database_url="postgresql://x@h/db").pacing_is_shared
    assert Settings(data_dir=tmp_path, shared_pacing=True).pacing_is_shared


@pytest.mark.parametrize("value", ["1", "0"])
def test_shared_pacing_from_the_environment(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("SVODKA_SHARED_PACING", value)
    assert Settings.from_env().pacing_is_shared is (value == "1")


def test_a_hold_and_the_gap_are_kept_in_the_store(db_url: str) -> None:
    import time

    store = Store(db_url)
    try:
        t0 = time.time()
        first, second = (store.reserve_host_slot("a.example:443", 2.0) for _ in range(2))
        assert first < t0 + 1 and second - first == pytest.approx(2.0, abs=0.05)
        store.hold_host("a.example:443", 60)  # Retry-After: 60, seen by one process
        assert store.reserve_host_slot("a.example:443", 2.0) >= t0 + 60  # kept by all
        assert store.reserve_host_slot("b.example:443", 2.0) < t0 + 1  # other hosts unaffected
    finally:
        store.close()
