"""What a crawl operator reads on /metrics after a crawl: fetches by outcome and host, fetch
latency, articles stored, failures by reason, story placements, queue depth, failing sources."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from svodka.demo import SampleWeb
from svodka.pipeline import Pipeline
from svodka.records import Source
from svodka.server import build_app

from .conftest import crawl, settings_for


def _value(text: str, metric: str, **labels: str) -> float:
    """The sum of a metric's samples whose labels include ``labels``."""
    total = 0.0
    for m in re.finditer(rf"^{metric}(?:{{(.*?)}})? (\S+)$", text, re.M):
        got = dict(re.findall(r'(\w+)="((?:[^"\\]|\\.)*)"', m.group(1) or ""))
        if all(got.get(k) == v for k, v in labels.items()):
            total += float(m.group(2))
    return total


def test_metrics_after_a_crawl(sample_web: SampleWeb, tmp_path: Path) -> None:
    pipeline = Pipeline(settings_for(tmp_path, sample_web))
    outlet = sample_web.outlets[0]
    pipeline.store.add_source(Source(url=outlet.feed_url, name=outlet.name))
    pipeline.store.add_source(Source(url="http://127.0.0.1:9/rss.xml", name="Unreachable"))
    text_before = TestClient(build_app(pipeline)).get("/metrics").text
    summary = crawl(pipeline)
    assert summary.stored >= 2
    text = TestClient(build_app(pipeline)).get("/metrics").text

    def grew(metric: str, **labels: str) -> float:
        return _value(text, metric, **labels) - _value(text_before, metric, **labels)

    host = outlet.base_url.split("/")[2]
    assert grew("svodka_fetches_total", outcome="2xx", kind="page", host=host) >= summary.stored
    assert grew("svodka_fetches_total", outcome="connect", host="127.0.0.1:9") >= 1
    assert grew("svodka_fetch_duration_seconds_count", kind="page") >= summary.stored
    assert grew("svodka_articles_stored_total") == summary.stored
    placed = grew("svodka_story_placements_total")
    assert placed == summary.stored and grew("svodka_story_placements_total", outcome="new") >= 1
    # Shared by every process, so read from the store: sizes, queue, failing sources.
    assert _value(text, "svodka_store_up") == 1
    assert _value(text, "svodka_articles") == pipeline.store.count_articles()
    assert _value(text, "svodka_queue_entries", state="done") == summary.stored
    assert _value(text, "svodka_source_failures", name="Unreachable") == 1
    assert _value(text, "svodka_source_failures", name=outlet.name) == 0
