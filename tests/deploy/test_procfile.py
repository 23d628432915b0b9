"""The deploy recipe, run as written: deploy/Procfile's site, workers and scheduler against real
PostgreSQL, Redis and an S3-compatible server (moto's) on 127.0.0.1 crawl the sample web, and the
site serves the articles with their images from the object store."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from svodka.demo import SampleWeb
from svodka.store import Store

PROCFILE = Path(__file__).resolve().parents[2] / "deploy" / "Procfile"
REDIS = ("127.0.0.1", 6379)
REDIS_DB = 14  # a database of the test's own, emptied first
DEADLINE = 600.0  # seconds for the whole sample web: far above the minute it takes


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _processes() -> dict[str, str]:
    lines = [ln for ln in PROCFILE.read_text().splitlines() if ln and not ln.startswith("#")]
    return dict(re.match(r"(\w+):\s*(.+)", ln).groups() for ln in lines)  # type: ignore[union-attr]


@pytest.fixture
def services(pg_url: str) -> Iterator[dict[str, str]]:
    try:
        socket.create_connection(REDIS, timeout=2).close()
    except OSError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    moto_server = pytest.importorskip("moto.server", reason="moto[server] is not installed")
    import redis

    broker = f"redis://{REDIS[0]}:{REDIS[1]}/{REDIS_DB}"
    redis.Redis.from_url(broker).flushdb()
    s3 = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    s3.start()
    host, port = s3.get_host_and_port()
    try:
        yield {"SVODKA_DATABASE_URL": pg_url, "SVODKA_BROKER_URL": broker,
               "SVODKA_MEDIA_URL": "s3://svodka-media/deploy-test",
               "SVODKA_S3_ENDPOINT_URL": f"http://{host}:{port}",
               "AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
               "AWS_DEFAULT_REGION": "eu-central-1"}
    finally:
        s3.stop()


@pytest.mark.slow
def test_the_procfile_runs_the_site_workers_and_scheduler(services: dict[str, str],
                                                          tmp_path: Path) -> None:
    with SampleWeb() as web:
        hosts = sorted({o.base_url.split("/")[2].rsplit(":", 1)[0] for o in web.outlets})
        port = _free_port()
        env = {**os.environ, **services, "SVODKA_DATA_DIR": str(tmp_path),
               "SVODKA_FETCH_ALLOW": ",".join(hosts), "PORT": str(port),
               "SVODKA_WORKER_PROCESSES": "1", "SVODKA_SCHEDULER_TICK": "1",
               "AWS_CONFIG_FILE": str(tmp_path / "none"),
               "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
        opml = tmp_path / "feeds.opml"
        opml.write_text(web.opml(), encoding="utf-8")
        subprocess.run([sys.executable, "-m", "svodka.cli", "sources", "import", str(opml)],
                       env=env, check=True, capture_output=True)
        procs = {name: subprocess.Popen(["bash", "-c", f"exec {cmd}"], env=env,
                                        start_new_session=True, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.PIPE)
                 for name, cmd in _processes().items()}
        store = Store(services["SVODKA_DATABASE_URL"], migrate=False)
        try:
            started = time.monotonic()
            while store.count_articles() < len(web.articles):
                dead = {n: p.returncode for n, p in procs.items() if p.poll() is not None}
                assert not dead, (dead, {n: procs[n].stderr.read()[-2000:] for n in dead})
                assert time.monotonic() - started < DEADLINE, store.entry_counts()
                time.sleep(1)
            base = f"http://127.0.0.1:{port}"
            for _ in range(100):  # the site may still be starting
                try:
                    items = httpx.get(f"{base}/api/v1/articles?limit=100").json()["items"]
                    break
                except httpx.TransportError:
                    time.sleep(0.2)
            assert len(items) >= len(web.articles) // 2
            with_image = next(a for a in store.latest_articles(limit=200)
                              if a.article.images and a.article.images[0].media_key)
            page = httpx.get(f"{base}/articles/{with_image.id}").text
            src = re.search(r'<img[^>]+src="(/media/[^"]+)"', page)
            assert src, "the article page shows its mirrored image"
            image = httpx.get(base + src.group(1))
            assert image.status_code == 200 and image.headers["content-type"].startswith("image/")
        finally:
            store.close()
            for p in procs.values():
                if p.poll() is None:
                    os.killpg(p.pid, signal.SIGTERM)
            for p in procs.values():
                try:
                    p.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    os.killpg(p.pid, signal.SIGKILL)
