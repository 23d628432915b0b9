"""Per-host politeness: a concurrency cap and a minimum gap between request starts."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

__all__ = ["HostGate"]


class HostGate:
    """At most ``concurrency`` requests at once to one host, starts ``delay`` seconds apart."""

    def __init__(self, concurrency: int) -> None:
        self._sem = asyncio.Semaphore(max(1, concurrency))
        self._lock = asyncio.Lock()
        self._next = 0.0

    @asynccontextmanager
    async def slot(self, delay: float) -> AsyncIterator[None]:
        async with self._sem:
            async with self._lock:
                now = time.monotonic()
                start = max(now, self._next)
                self._next = start + max(0.0, delay)
            if start > now:
                await asyncio.sleep(start - now)
            yield

    def back_off(self, seconds: float) -> None:
        """Hold the next request to this host for ``seconds`` (after 429/503 Retry-After)."""
        self._next = max(self._next, time.monotonic() + max(0.0, seconds))
