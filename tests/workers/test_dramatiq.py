"""Queue workers (Dramatiq over real Redis and RabbitMQ) crawl the sample web into PostgreSQL."""

from __future__ import annotations

import socket
import time
import uuid
from pathlib import Path

import dramatiq
import pytest

from svodka.config import Settings
from svodka.demo import SampleWeb
from svodka.pipeline.workers import broker_from_url, declare, enqueue_due
from svodka.records import Source
from svodka.store import Store

BROKERS = {
    "redis": ("redis://127.0.0.1:6379/0", 6379),
    "rabbitmq": ("amqp://guest:guest@127.0.0.1:5672/", 5672),
}


def _reachable(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
        return True
    except OSError:
        return False


@pytest.fixture(params=sorted(BROKERS))
def broker_url(request: pytest.FixtureRequest) -> str:
    url, port = BROKERS[request.param]
    if not _reachable(port):
        pytest.skip(f"{request.param} is not running on 127.0.0.1:{port}")
    return url


def test_workers_crawl_the_sample_web(broker_url: str, pg_url: str, tmp_path: Path) -> None:
    with SampleWeb() as web:
        hosts = sorted({o.base_url.split("/")[2].rsplit(":", 1)[0] for o in web.outlets})
        settings = Settings(data_dir=tmp_path, database_url=pg_url, fetch_allow=hosts)
        store = Store(pg_url)
        for o in web.outlets:
            store.add_source(Source(url=o.feed_url, name=o.name, language=o.language))
        broker = broker_from_url(broker_url)
        queue = f"svodka_test_{uuid.uuid4().hex[:8]}"
        actors = declare(broker, lambda: settings, queue=queue)
        worker = dramatiq.Worker(broker, worker_threads=3, worker_timeout=100)
        worker.start()
        try:
            assert enqueue_due(actors, store, lease=settings.task_lease).polls == len(web.outlets)
            deadline = time.monotonic() + 180
            while time.monotonic() < deadline:
                if store.count_articles() >= len(web.articles) and not store.pending_entries():
                    break
                time.sleep(0.2)
        finally:
            worker.stop()
            broker.close()
        stored = store.article_urls()
        assert stored == {a.url for a in web.articles}
        assert store.entry_counts() == {"done": len(web.articles)}
        multi = [r for r in store.story_rows() if r.n_sources > 1]
        assert multi, "reports of the same event from several outlets share stories"
        store.close()
