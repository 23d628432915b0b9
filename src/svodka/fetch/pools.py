"""One small connection pool per host.

httpcore's pool scans all its connections for every queued request, which turns
quadratic when one pool serves hundreds of hosts; a pool per host keeps each scan to a
couple of connections. Idle pools beyond ``max_pools`` are closed, least recently used
first.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import httpx

__all__ = ["PoolSet"]


class PoolSet:
    def __init__(self, factory: Callable[[], httpx.AsyncBaseTransport], max_pools: int = 256) -> None:
        self._factory = factory
        self._max_pools = max_pools
        self._pools: OrderedDict[str, httpx.AsyncBaseTransport] = OrderedDict()
        self._in_use: dict[str, int] = {}

    @asynccontextmanager
    async def use(self, key: str) -> AsyncIterator[httpx.AsyncBaseTransport]:
        pool = self._pools.get(key)
        if pool is None:
            pool = self._pools[key] = self._factory()
        self._pools.move_to_end(key)
        self._in_use[key] = self._in_use.get(key, 0) + 1
        try:
            yield pool
        finally:
            self._in_use[key] -= 1
            if not self._in_use[key]:
                del self._in_use[key]
            await self._evict()

    async def _evict(self) -> None:
        while len(self._pools) > self._max_pools:
            victim = next((k for k in self._pools if k not in self._in_use), None)
            if victim is None:
                return
            await self._pools.pop(victim).aclose()

    async def aclose(self) -> None:
        pools, self._pools = list(self._pools.values()), OrderedDict()
        for pool in pools:
            await pool.aclose()
