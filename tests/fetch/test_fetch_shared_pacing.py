"""Two crawler processes, one host: with pacing shared through the database (SQLite and
PostgreSQL), robots.txt's crawl-delay holds between the two processes' requests, not only
within each; without it, their requests collide. Gaps are measured server-side."""

from __future__ import annotations

import asyncio
import multiprocessing
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from fetch_servers import LocalServer, Reply

from svodka.config import Settings
from svodka.fetch import Fetcher
from svodka.store import Store

DELAY = 0.3
CLOCK_SLACK = 0.005  # the server's and the workers' clocks read apart (one machine)


class _Recorder:
    """The store as a pacer, noting when each reservation was asked for and what it got."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.slots: list[tuple[float, float]] = []  # (asked at, reserved start), Unix time

    def reserve_host_slot(self, host: str, gap: float) -> float:
        asked = time.time()
        start = self.store.reserve_host_slot(host, gap)
        self.slots.append((asked, start))
        return start

    def hold_host(self, host: str, seconds: float) -> None:
        self.store.hold_host(host, seconds)


def _crawl(db_url: str, urls: list[str], data_dir: str) -> list[tuple[float, float]]:
    """A worker process: its own fetcher (its own in-memory host gates), the store as pacer."""

    async def run() -> list[tuple[float, float]]:
        store = Store(db_url, migrate=False)
        pacer = _Recorder(store)
        fetcher = Fetcher(Settings(data_dir=Path(data_dir), fetch_allow=["127.0.0.1"]),
                          pacer=pacer)
        try:
            pages = await asyncio.gather(*(fetcher.fetch(u) for u in urls))
        finally:
            await fetcher.aclose()
            store.close()
        assert len(pages) == len(urls)
        return pacer.slots

    return asyncio.run(run())


async def _two_workers(server: LocalServer, db_urls: tuple[str, str], tmp_path: Path
                       ) -> tuple[list[list[tuple[float, float]]], list[float]]:
    """Each worker's reservations, and the request starts the server saw."""
    server.routes["/robots.txt"] = Reply(
        200, f"User-agent: *\nCrawl-delay: {DELAY}\n".encode(), {"Content-Type": "text/plain"})
    for i in range(6):
        server.routes[f"/news/{i}"] = Reply(200, f"article {i}".encode())
    urls = [server.url(f"/news/{i}") for i in range(6)]
    loop = asyncio.get_running_loop()
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as pool:
        slots = await asyncio.gather(
            loop.run_in_executor(pool, _crawl, db_urls[0], urls[:3], str(tmp_path / "a")),
            loop.run_in_executor(pool, _crawl, db_urls[1], urls[3:], str(tmp_path / "b")))
    # The server notes monotonic times (one clock for every process on Linux): on Unix time.
    offset = time.time() - time.monotonic()
    starts = sorted(r.at + offset for r in server.requests if r.path.startswith("/news/"))
    return list(slots), starts


async def test_crawl_delay_holds_across_processes(server: LocalServer, db_url: str,
                                                  tmp_path: Path) -> None:
    # What the mechanism guarantees: the reserved starts of both processes together are
    # crawl-delay apart, and no request is sent before its reservation. (The gaps the server
    # sees can be shorter than the delay when a busy machine sends a request late, so they
    # are not asserted.)
    Store(db_url).close()  # migrated once, before the workers start
    slots, starts = await _two_workers(server, (db_url, db_url), tmp_path)
    reserved = sorted(start for worker in slots for _, start in worker)
    assert len(reserved) == len(starts) == 6, (reserved, starts)
    assert all(b - a >= DELAY - 1e-3 for a, b in zip(reserved, reserved[1:], strict=False)), reserved
    # Each request starts at or after its own reservation, so the k-th request the server saw
    # came no earlier than the k-th reservation.
    assert all(s >= r - CLOCK_SLACK for s, r in zip(starts, reserved, strict=True)), (starts, reserved)


async def test_without_shared_pacing_each_process_paces_only_itself(
        server: LocalServer, tmp_path: Path) -> None:
    # Two databases, nothing shared: each process's first request is reserved when it asks,
    # however close the other's are, so the processes' requests are free to collide.
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    urls = tuple(f"sqlite:///{tmp_path / n / 'pace.db'}" for n in ("a", "b"))
    for u in urls:
        Store(u).close()
    slots, _ = await _two_workers(server, urls, tmp_path)  # type: ignore[arg-type]
    for worker in slots:
        # a process's concurrent requests may log their reservations out of order
        asked, first = min(worker, key=lambda slot: slot[1])
        assert first - asked < DELAY / 2, worker  # never pushed behind the other process
        own = sorted(start for _, start in worker)
        assert all(b - a >= DELAY - 1e-3 for a, b in zip(own, own[1:], strict=False)), own


def test_pacing_is_shared_by_default_on_postgresql_only(tmp_path: Path) -> None:
    assert not Settings(data_dir=tmp_path).pacing_is_shared
    assert Settings(data_dir=tmp_path, database_url="postgresql://x@h/db").pacing_is_shared
    assert Settings(data_dir=tmp_path, shared_pacing=True).pacing_is_shared


@pytest.mark.parametrize("value", ["1", "0"])
def test_shared_pacing_from_the_environment(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv("SVODKA_SHARED_PACING", value)
    assert Settings.from_env().pacing_is_shared is (value == "1")


def test_a_hold_and_the_gap_are_kept_in_the_store(db_url: str) -> None:
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
