"""The bundled sample web, running for the end-to-end tests."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest

from svodka.config import Settings
from svodka.demo import SampleWeb
from svodka.pipeline import CrawlSummary, Pipeline


@pytest.fixture(scope="module")
def sample_web() -> Iterator[SampleWeb]:
    with SampleWeb() as web:
        yield web


def settings_for(data_dir: Path, web: SampleWeb, *extra_allow: str) -> Settings:
    hosts = {o.base_url.split("/")[2].rsplit(":", 1)[0] for o in web.outlets}
    return Settings(data_dir=data_dir, fetch_allow=sorted(hosts | set(extra_allow)))


def crawl(pipeline: Pipeline) -> CrawlSummary:
    """One crawl pass, as `svodka crawl` runs it."""

    async def go() -> CrawlSummary:
        try:
            return await pipeline.crawl()
        finally:
            await pipeline.aclose()

    return asyncio.run(go())
