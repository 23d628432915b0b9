"""Browser tests: the crawled demo served by uvicorn, Debian's chromium driven by Playwright,
axe-core for the accessibility audit, and a folder of screenshots kept as artifacts."""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from served import serve_app

CHROMIUM = "/usr/bin/chromium"
# Never a downloaded browser, never a request the test did not ask for.
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
AXE_NPM = "axe-core@4"
AXE_CACHE = Path(os.environ.get("SVODKA_TEST_CACHE", Path.home() / ".cache" / "svodka-tests"))
NPM_SECONDS = 180  # one `npm install axe-core` on a fresh machine

_artifacts: list[Path] = []


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    for path in _artifacts:
        terminalreporter.write_line(f"browser screenshots: {path}")


@pytest.fixture(scope="session")
def artifacts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshots go: $SVODKA_TEST_ARTIFACTS, else a pytest temporary folder."""
    given = os.environ.get("SVODKA_TEST_ARTIFACTS")
    path = Path(given) if given else tmp_path_factory.mktemp("artifacts")
    path.mkdir(parents=True, exist_ok=True)
    _artifacts.append(path)
    return path


# Module scope: Playwright's sync API keeps an event loop running in the main thread while it is
# open, and every later test that calls asyncio.run() would fail; it is closed after each module.
@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"Debian's chromium is not installed at {CHROMIUM} (apt-get install -y "
                    "chromium); the browser tests never download a browser")
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="playwright is in the test extras: pip install -e '.[test]'")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def demo_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo as `svodka demo` makes it: the sample web crawled, then the site served."""
    from svodka.config import Settings
    from svodka.demo import SampleWeb
    from svodka.pipeline import Pipeline
    from svodka.pipeline.admin import import_opml
    from svodka.server import build_app

    with SampleWeb() as web:
        hosts = {o.base_url.split("/")[2].rsplit(":", 1)[0] for o in web.outlets}
        pipeline = Pipeline(Settings(data_dir=tmp_path_factory.mktemp("demo"),
                                     fetch_allow=sorted(hosts)))
        import_opml(pipeline, web.opml().encode("utf-8"))

        async def crawl() -> int:
            try:
                return (await pipeline.crawl()).stored
            finally:
                await pipeline.aclose()

        # In a thread of its own: Playwright's sync API keeps an event loop in this one.
        with ThreadPoolExecutor(1) as pool:
            stored = pool.submit(asyncio.run, crawl()).result()
        assert stored > 0, "the demo crawl stored nothing"
    yield from serve_app(build_app(pipeline))
    pipeline.store.close()


def _axe_from_pypi() -> str | None:
    try:
        return (resources.files("axe_playwright_python") / "axe.min.js").read_text("utf-8")
    except (ModuleNotFoundError, FileNotFoundError, OSError):
        return None


def _axe_from_npm() -> str | None:
    script = AXE_CACHE / "node_modules" / "axe-core" / "axe.min.js"
    if not script.exists() and shutil.which("npm"):
        AXE_CACHE.mkdir(parents=True, exist_ok=True)
        try:
            subprocess.run(["npm", "install", "--no-save", "--no-audit", "--no-fund", "--prefix",
                            str(AXE_CACHE), AXE_NPM], check=False, capture_output=True,
                           timeout=NPM_SECONDS)
        except (OSError, subprocess.TimeoutExpired):
            return None
    return script.read_text("utf-8") if script.exists() else None


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's script: bundled by the axe-playwright-python test extra, else from npm."""
    source = _axe_from_pypi() or _axe_from_npm()
    if source is None:
        pytest.skip("axe-core not found: pip install axe-playwright-python (test extras), or "
                    f"npm install {AXE_NPM} into {AXE_CACHE}")
    return source
