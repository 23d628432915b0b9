"""A crawl killed midway and run again completes the set: nothing lost, nothing doubled."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import create_engine, text

from svodka.demo import SampleWeb

from .conftest import settings_for


def _count(db: Path, sql: str) -> int:
    if not db.exists():
        return 0
    engine = create_engine(f"sqlite:///{db}")
    try:
        with engine.connect() as c:
            return int(c.execute(text(sql)).scalar() or 0)
    except Exception:  # noqa: BLE001 - tables not created yet
        return 0
    finally:
        engine.dispose()


def test_killed_crawl_resumes_without_loss_or_doubles(sample_web: SampleWeb, tmp_path: Path) -> None:
    settings = settings_for(tmp_path / "data", sample_web)
    env = {**os.environ, "SVODKA_DATA_DIR": str(settings.data_dir),
           "SVODKA_FETCH_ALLOW": ",".join(settings.fetch_allow)}
    opml = tmp_path / "sources.opml"
    opml.write_text(sample_web.opml(), encoding="utf-8")
    cli = [sys.executable, "-m", "svodka.cli"]
    subprocess.run([*cli, "sources", "import", str(opml)], env=env, check=True)
    db = settings.data_dir / "svodka.db"

    proc = subprocess.Popen([*cli, "crawl"], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while _count(db, "SELECT count(*) FROM articles") < 5 and time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        time.sleep(0.05)
    killed_midway = proc.poll() is None
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    stored_at_kill = _count(db, "SELECT count(*) FROM articles")
    assert killed_midway and 0 < stored_at_kill < len(sample_web.articles)

    subprocess.run([*cli, "crawl"], env=env, check=False, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL, timeout=300)
    articles = _count(db, "SELECT count(*) FROM articles")
    distinct = _count(db, "SELECT count(DISTINCT url) FROM articles")
    assert articles == distinct == len(sample_web.articles)
    assert _count(db, "SELECT count(*) FROM entries WHERE status != 'done'") == 0
