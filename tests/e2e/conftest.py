"""The bundled sample web, running for the end-to-end tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from svodka.config import Settings
from svodka.demo import SampleWeb


@pytest.fixture(scope="module")
def sample_web() -> Iterator[SampleWeb]:
    with SampleWeb() as web:
        yield web


def settings_for(data_dir: Path, web: SampleWeb, *extra_allow: str) -> Settings:
    hosts = {o.base_url.split("/")[2].rsplit(":", 1)[0] for o in web.outlets}
    return Settings(data_dir=data_dir, fetch_allow=sorted(hosts | set(extra_allow)))
