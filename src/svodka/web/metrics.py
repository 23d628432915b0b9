"""Prometheus metrics: request counts and latencies per route, and the store's sizes at scrape time."""

from __future__ import annotations

import time
from collections.abc import Iterator
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
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from svodka import metrics as crawl_metrics
from svodka.store import Store


class StoreCollector(Collector):
    def __init__(self, store: Store) -> None:
        self.store = store

    def collect(self) -> Iterator[GaugeMetricFamily]:
        """What every process shares, read from the store: sizes, the queue of announced
        articles by state, and each failing source's consecutive failures."""
        try:
            articles = self.store.count_articles()
            states = [self.store.source_state(s.id or 0) for s in self.store.sources()]
            queue = self.store.entry_counts()
        except Exception:  # noqa: BLE001 - a scrape must not fail because the DB is down
            yield GaugeMetricFamily("svodka_store_up", "Whether the store answered", value=0)
            return
        yield GaugeMetricFamily("svodka_store_up", "Whether the store answered", value=1)
        yield GaugeMetricFamily("svodka_articles", "Articles in the store", value=articles)
        yield GaugeMetricFamily("svodka_sources", "Sources in the store", value=len(states))
        depth = GaugeMetricFamily("svodka_queue_entries", "Announced articles by state "
                                  "(pending: waiting to be fetched)", labels=["state"])
        for state, n in sorted(queue.items()):
            depth.add_metric([state], n)
        yield depth
        failing = GaugeMetricFamily("svodka_source_failures", "Consecutive failed polls of "
                                    "each failing source", labels=["source", "name"])
        for st in states:
            if st.failures:
                failing.add_metric([str(st.source.id), st.source.name[:80]], st.failures)
        yield failing


class _ProcessWork(Collector):
    """This process's own crawl counters (``svodka.metrics``), served beside the site's."""

    def collect(self) -> Iterator[Any]:
        yield from crawl_metrics.REGISTRY.collect()


class Metrics:
    """One registry per app, so several apps (tests) never clash in the global registry."""

    def __init__(self, store: Store) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter("svodka_http_requests", "HTTP requests served",
                                ["method", "route", "status"], registry=self.registry)
        self.latency = Histogram("svodka_http_request_duration_seconds",
                                 "Time to serve a request", ["route"], registry=self.registry)
        self.registry.register(StoreCollector(store))
        self.registry.register(_ProcessWork())

    def response(self) -> Response:
        return Response(generate_latest(self.registry), media_type=CONTENT_TYPE_LATEST)


class CountRequests:
    """Pure ASGI middleware counting each request and timing it into ``metrics`` (no Request
    or Response objects per request: it costs a few microseconds)."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        status = 500

        async def sending(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, sending)
        finally:
            route: Any = scope.get("route")
            name = getattr(route, "path", None) or "unmatched"
            self.metrics.requests.labels(scope["method"], name, str(status)).inc()
            self.metrics.latency.labels(name).observe(time.perf_counter() - start)
