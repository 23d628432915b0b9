"""Per-host politeness: a concurrency cap, a minimum gap between request starts, and a
hold after the host asked us to back off (429/503 with Retry-After)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Protocol

__all__ = ["HostGate", "HostHeld", "Pacer"]


class Pacer(Protocol):
    """Pacing shared with other processes (the store implements it): each request to a host
    reserves its start ``gap`` seconds after the previous one, whoever made that one."""

    def reserve_host_slot(self, host: str, gap: float) -> float:
        """Reserve a start; returns it as Unix time."""
        ...

    def hold_host(self, host: str, seconds: float) -> None:
        """Keep everyone off ``host`` for ``seconds``."""
        ...


class HostHeld(Exception):
    """The host asked for a pause longer than a caller should wait in line."""

    def __init__(self, remaining: float) -> None:
        super().__init__(f"host asked to back off for {remaining:.0f}s more")
        self.remaining = remaining


class HostGate:
    """At most ``concurrency`` requests at once to one host, starts ``delay`` seconds apart."""

    def __init__(self, concurrency: int, *, max_hold_wait: float = 30.0) -> None:
        self._sem = asyncio.Semaphore(max(1, concurrency))
        self._lock = asyncio.Lock()
        self._next = 0.0
        self._hold_until = 0.0
        self.max_hold_wait = max_hold_wait

    @asynccontextmanager
    async def slot(self, delay: float, *, host: str = "", pacer: Pacer | None = None
                   ) -> AsyncIterator[None]:
        """Wait for a turn; raises HostHeld instead of waiting out a long back-off. With a
        ``pacer`` the gap between starts is kept with every process sharing it."""
        remaining = self._hold_until - time.monotonic()
        if remaining > self.max_hold_wait:
            raise HostHeld(remaining)
        async with self._sem:
            if pacer is not None:
                start = await asyncio.to_thread(pacer.reserve_host_slot, host, delay)
                if start - time.time() > self.max_hold_wait:
                    raise HostHeld(start - time.time())
                await asyncio.sleep(max(0.0, start - time.time()))
                yield
                return
            async with self._lock:
                now = time.monotonic()
                start = max(now, self._next, self._hold_until)
                self._next = start + max(0.0, delay)
            if start > now:
                await asyncio.sleep(start - now)
            yield

    def back_off(self, seconds: float) -> None:
        """Hold further requests to this host for ``seconds``."""
        self._hold_until = max(self._hold_until, time.monotonic() + max(0.0, seconds))
