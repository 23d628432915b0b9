"""A crawl under faults ends where an uninterrupted one does: killed with SIGKILL at random points
and resumed, or run out of disk for its archive and media, every article is stored once, no WARC
record or image is half-written, nothing announced is lost, and the stories are the same."""

from __future__ import annotations

import asyncio
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from svodka.config import Settings
from svodka.demo import SampleWeb
from svodka.fetch.archive import OPEN_SUFFIX, WarcArchive
from svodka.pipeline import Pipeline
from svodka.pipeline.admin import import_opml
from svodka.store import Store

CLI = [sys.executable, "-m", "svodka.cli"]
KILLS = 3
CRAWL_TIMEOUT = 600  # seconds: far above the sample web's crawl


@pytest.fixture(scope="module")
def web() -> Iterator[SampleWeb]:
    with SampleWeb() as w:
        yield w


def _settings(data_dir: Path, web: SampleWeb) -> Settings:
    hosts = {o.base_url.split("/")[2].rsplit(":", 1)[0] for o in web.outlets}
    return Settings(data_dir=data_dir, fetch_allow=sorted(hosts))


def _stories(store: Store) -> set[frozenset[str]]:
    """The partition of the stored articles into stories, by URL."""
    groups: dict[int | None, set[str]] = {}
    for a in store.latest_articles(limit=100_000):
        groups.setdefault(a.story_id or -(a.id or 0), set()).add(a.article.url or "")
    return {frozenset(g) for g in groups.values()}


@pytest.fixture(scope="module")
def uninterrupted(web: SampleWeb, tmp_path_factory: pytest.TempPathFactory) -> set[frozenset[str]]:
    pipeline = Pipeline(_settings(tmp_path_factory.mktemp("whole"), web))
    import_opml(pipeline, web.opml().encode())

    async def crawl() -> None:
        try:
            await pipeline.crawl()
        finally:
            await pipeline.aclose()

    asyncio.run(crawl())
    assert pipeline.store.count_articles() == len(web.articles)
    return _stories(pipeline.store)


def _env(settings: Settings) -> dict[str, str]:
    return {**os.environ, "SVODKA_DATA_DIR": str(settings.data_dir),
            "SVODKA_FETCH_ALLOW": ",".join(settings.fetch_allow)}


def _check_end_state(settings: Settings, web: SampleWeb, stories: set[frozenset[str]]) -> None:
    store = Store(settings.db_url, migrate=False)
    try:
        urls = [a.article.url for a in store.latest_articles(limit=100_000)]
        assert len(urls) == len(set(urls)) == len(web.articles)  # each once
        assert store.entry_counts() == {"done": len(web.articles)}  # nothing announced lost
        got = _stories(store)
    finally:
        store.close()
    archive = WarcArchive(settings.archive_dir)
    assert not list(settings.archive_dir.glob(f"*{OPEN_SUFFIX}"))  # every file sealed
    archived = {p.url for p in archive.iter_pages()}  # reads every record: none torn
    assert {a.url for a in web.articles} <= archived
    images = [p for p in settings.media_dir.rglob("*") if p.is_file()]
    assert images and not [p for p in images if p.name.startswith(".tmp-")]
    for p in images:
        with Image.open(p) as im:
            im.load()  # decodes whole: not half-written
    same_stories(got, stories)


def same_stories(got: set[frozenset[str]], uninterrupted: set[frozenset[str]]) -> None:
    """The stories of an uninterrupted crawl, report for report."""
    assert got == uninterrupted, "the stories differ from an uninterrupted crawl's"


@pytest.mark.slow
def test_a_crawl_killed_at_random_points_ends_as_an_uninterrupted_one(
        web: SampleWeb, uninterrupted: set[frozenset[str]], tmp_path: Path) -> None:
    settings = _settings(tmp_path / "data", web)
    env = _env(settings)
    opml = tmp_path / "sources.opml"
    opml.write_text(web.opml(), encoding="utf-8")
    subprocess.run([*CLI, "sources", "import", str(opml)], env=env, check=True,
                   capture_output=True)
    store = Store(settings.db_url, migrate=False)
    rng = random.Random(9)
    kills = 0
    for _ in range(KILLS):
        stored = store.count_articles()
        if stored >= len(web.articles):
            break
        target = rng.randint(stored + 1, len(web.articles))  # a random point of the crawl
        proc = subprocess.Popen([*CLI, "crawl"], env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + CRAWL_TIMEOUT
        while (store.count_articles() < target and proc.poll() is None
               and time.monotonic() < deadline):
            time.sleep(0.02)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait()
    store.close()
    assert kills >= 1
    subprocess.run([*CLI, "crawl"], env=env, check=False, capture_output=True,
                   timeout=CRAWL_TIMEOUT)
    _check_end_state(settings, web, uninterrupted)


@pytest.fixture
def small_disks(tmp_path: Path) -> Iterator[Path]:
    """A data dir whose archive and media directories are small filesystems of their own."""
    if os.geteuid() != 0:
        pytest.skip("mounting small filesystems needs root")
    data = tmp_path / "data"
    mounts = [data / "archive", data / "media"]
    for m in mounts:
        m.mkdir(parents=True)
        if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=200k", "tmpfs", str(m)],
                          capture_output=True).returncode != 0:
            pytest.skip("tmpfs cannot be mounted here")
    yield data
    for m in mounts:
        subprocess.run(["umount", "-l", str(m)], check=False)  # lazily: never left mounted


@pytest.mark.slow
def test_a_full_disk_for_archive_and_media_loses_nothing(
        web: SampleWeb, uninterrupted: set[frozenset[str]], small_disks: Path) -> None:
    settings = _settings(small_disks, web)
    pipeline = Pipeline(settings)
    import_opml(pipeline, web.opml().encode())

    async def crawl() -> int:
        try:
            return (await pipeline.crawl()).stored
        finally:
            await pipeline.aclose()

    first = asyncio.run(crawl())
    assert first < len(web.articles)  # the disks filled up
    for m in (settings.archive_dir, settings.media_dir):  # room again
        subprocess.run(["mount", "-o", "remount,size=64m", str(m)], check=True)
    # The articles that failed are retried when due: run passes until they are (bounded).
    for _ in range(6):
        pipeline = Pipeline(settings)
        _make_due(pipeline.store)
        asyncio.run(crawl())
        if pipeline.store.count_articles() == len(web.articles):
            break
    _check_end_state(settings, web, uninterrupted)


def _make_due(store: Store) -> None:
    """Bring every failed entry's retry time to now (the test does not wait out back-off)."""
    from sqlalchemy import update

    from svodka.store import schema as t

    with store.engine.begin() as c:
        c.execute(update(t.entries).where(t.entries.c.status == "failed")
                  .values(next_try_at=None))
