"""Prometheus metrics: request counts and latencies per route, and the store's sizes at scrape time."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from starlette.requests import Request
from starlette.responses import Response

from svodka.store import Store


class StoreCollector(Collector):
    def __init__(self, store: Store) -> None:
        self.store = store

    def collect(self) -> Iterator[GaugeMetricFamily]:
        try:
            articles = self.store.count_articles()
            sources = len(self.store.sources())
        except Exception:  # noqa: BLE001 - a scrape must not fail because the DB is down
            return
        yield GaugeMetricFamily("svodka_articles", "Articles in the store", value=articles)
        yield GaugeMetricFamily("svodka_sources", "Sources in the store", value=sources)


class Metrics:
    """One registry per app, so several apps (tests) never clash in the global registry."""

    def __init__(self, store: Store) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter("svodka_http_requests", "HTTP requests served",
                                ["method", "route", "status"], registry=self.registry)
        self.latency = Histogram("svodka_http_request_duration_seconds",
                                 "Time to serve a request", ["route"], registry=self.registry)
        self.registry.register(StoreCollector(store))

    async def middleware(self, request: Request,
                         call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        start = time.perf_counter()
        status = 500
        try:
            response = await call_next(request)
            status = response.status_code
            return response
        finally:
            route: Any = request.scope.get("route")
            name = getattr(route, "path", None) or "unmatched"
            self.requests.labels(request.method, name, str(status)).inc()
            self.latency.labels(name).observe(time.perf_counter() - start)

    def response(self) -> Response:
        return Response(generate_latest(self.registry), media_type=CONTENT_TYPE_LATEST)
