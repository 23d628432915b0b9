"""`svodka worker` with SVODKA_WORKER_METRICS_PORT serves what all its processes counted (svodka's
own counters beside dramatiq's) for Prometheus, on 127.0.0.1."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from svodka.demo import SampleWeb
from svodka.store import Store

CLI = [sys.executable, "-m", "svodka.cli"]
REDIS_DB = 12  # a database of its own on the shared Redis
DEADLINE = 300  # seconds: far above the sample web's crawl by one worker process


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _scrape(port: int) -> str:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as r:
            return r.read().decode("utf-8")
    except OSError:
        return ""


def _value(text: str, name: str, *labels: str) -> float:
    """The sum of a metric's samples whose labels include ``labels`` (``key="value"``)."""
    return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines()
               if line.startswith((name + "{", name + " ")) and all(x in line for x in labels))


@pytest.mark.slow
def test_the_workers_counters_are_served_on_their_port(tmp_path: Path) -> None:
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=2).close()
    except OSError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    import redis

    broker = f"redis://127.0.0.1:6379/{REDIS_DB}"
    redis.Redis.from_url(broker).flushdb()
    port = _free_port()
    with SampleWeb() as web:
        hosts = sorted({o.base_url.split("/")[2].rsplit(":", 1)[0] for o in web.outlets})
        env = {**os.environ, "SVODKA_DATA_DIR": str(tmp_path), "SVODKA_BROKER_URL": broker,
               "SVODKA_FETCH_ALLOW": ",".join(hosts), "SVODKA_WORKER_METRICS_PORT": str(port)}
        opml = tmp_path / "sources.opml"
        opml.write_text(web.opml(), encoding="utf-8")
        subprocess.run([*CLI, "sources", "import", str(opml)], env=env, check=True,
                       capture_output=True)
        procs = [subprocess.Popen([*CLI, *args], env=env, start_new_session=True,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                 for args in (["worker", "--processes", "2", "--threads", "2"],
                              ["scheduler", "--tick", "1"])]
        store = Store(f"sqlite:///{tmp_path / 'svodka.db'}", migrate=False)
        try:
            deadline = time.monotonic() + DEADLINE
            text = ""
            while time.monotonic() < deadline:
                stored = store.count_articles()
                text = _scrape(port)
                if stored >= len(web.articles) and _value(text, "svodka_articles_stored_total") \
                        >= stored:
                    break
                time.sleep(1)
        finally:
            for p in procs:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()
            store.close()
    assert stored == len(web.articles)
    # Counted in two worker processes, added up by the one exposition server.
    assert _value(text, "svodka_articles_stored_total") == stored
    assert _value(text, "svodka_fetches_total", 'kind="page"', 'outcome="2xx"') >= stored
    assert _value(text, "svodka_story_placements_total") == stored
    assert _value(text, "dramatiq_messages_total") > 0
