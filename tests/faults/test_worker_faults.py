"""Queue workers under faults: the worker and the scheduler SIGKILLed at random points, the
broker (Redis) and PostgreSQL restarted mid-ingest; afterwards every article is stored once,
nothing announced is lost, and the stories are those of an uninterrupted crawl."""

from __future__ import annotations

import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from svodka.demo import SampleWeb
from svodka.store import Store

from .test_crawl_faults import (  # noqa: F401 - fixtures
    _settings,
    _stories,
    same_stories,
    uninterrupted,
    web,
)

CLI = [sys.executable, "-m", "svodka.cli"]
REDIS_DB = 13  # a Redis database of the test's own, emptied first
LEASE = "5"  # seconds before lost work is handed out again (the product's default is 600)
DEADLINE = 900.0  # seconds for the whole sample web under faults: far above what it takes
REDIS_START = ["redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "-::1", "--port",
               "6379", "--save", "", "--appendonly", "no", "--dir", "/var/lib/redis",
               "--logfile", "/var/log/redis/ci.log"]


def _up(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
        return True
    except OSError:
        return False


def _wait_up(port: int, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while not _up(port):
        assert time.monotonic() < deadline, f"nothing listens on {port} again"
        time.sleep(0.2)


def restart_redis() -> None:
    subprocess.run(["redis-cli", "-p", "6379", "shutdown", "nosave"], capture_output=True)
    subprocess.run(REDIS_START, check=True, capture_output=True)
    _wait_up(6379)


def restart_postgres() -> None:
    version = sorted(os.listdir("/etc/postgresql"))[0]
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart"],
                   check=True, capture_output=True)
    _wait_up(5432)


class Fleet:
    """The worker and the scheduler as `svodka` subprocesses, killed and started again."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env
        self.procs: dict[str, subprocess.Popen[bytes]] = {}

    def start(self, name: str) -> None:
        args = {"worker": ["worker", "--processes", "1", "--threads", "3"],
                "scheduler": ["scheduler", "--tick", "1"]}[name]
        self.procs[name] = subprocess.Popen([*CLI, *args], env=self.env, start_new_session=True,
                                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def kill(self, name: str) -> None:
        os.killpg(self.procs[name].pid, signal.SIGKILL)
        self.procs[name].wait()
        self.start(name)

    def stop(self) -> None:
        for p in self.procs.values():
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            p.wait()


@pytest.fixture
def services(pg_url: str) -> Iterator[dict[str, str]]:
    if not _up(6379):
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    import redis

    broker = f"redis://127.0.0.1:6379/{REDIS_DB}"
    redis.Redis.from_url(broker).flushdb()
    yield {"SVODKA_DATABASE_URL": pg_url, "SVODKA_BROKER_URL": broker,
           "SVODKA_TASK_LEASE": LEASE}


def _faults(fleet: Fleet) -> list[tuple[str, Callable[[], None]]]:
    faults = [("kill worker", lambda: fleet.kill("worker")),
              ("kill scheduler", lambda: fleet.kill("scheduler")),
              ("kill worker again", lambda: fleet.kill("worker"))]
    root = os.geteuid() == 0
    if root and shutil.which("redis-server") and shutil.which("redis-cli"):
        faults.append(("restart the broker", restart_redis))
    if root and shutil.which("pg_ctlcluster") and Path("/etc/postgresql").is_dir():
        faults.append(("restart PostgreSQL", restart_postgres))
    return faults


@pytest.mark.slow
def test_workers_under_faults_end_as_an_uninterrupted_crawl(
        web: SampleWeb, uninterrupted: set[frozenset[str]],  # noqa: F811
        services: dict[str, str], tmp_path: Path) -> None:
    settings = _settings(tmp_path / "data", web)
    env = {**os.environ, **services, "SVODKA_DATA_DIR": str(settings.data_dir),
           "SVODKA_FETCH_ALLOW": ",".join(settings.fetch_allow)}
    opml = tmp_path / "sources.opml"
    opml.write_text(web.opml(), encoding="utf-8")
    subprocess.run([*CLI, "sources", "import", str(opml)], env=env, check=True,
                   capture_output=True)
    store = Store(services["SVODKA_DATABASE_URL"], migrate=False)
    fleet = Fleet(env)
    rng = random.Random(1202)
    faults = _faults(fleet)
    points = sorted(rng.sample(range(1, len(web.articles)), len(faults)))  # articles stored
    done: list[str] = []
    try:
        fleet.start("worker")
        fleet.start("scheduler")
        started = time.monotonic()
        while store.count_articles() < len(web.articles) or store.entry_counts().keys() - {"done"}:
            assert time.monotonic() - started < DEADLINE, (done, store.entry_counts())
            while faults and store.count_articles() >= points[len(done)]:
                name, fault = faults.pop(0)
                fault()
                done.append(name)
            time.sleep(0.2)
    finally:
        fleet.stop()
    urls = [a.article.url for a in store.latest_articles(limit=100_000)]
    assert len(urls) == len(set(urls)) == len(web.articles), done
    assert store.entry_counts() == {"done": len(web.articles)}
    got = _stories(store)
    store.close()
    assert "kill worker" in done, done  # at least one fault happened mid-ingest
    same_stories(got, uninterrupted)
