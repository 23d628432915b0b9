"""The site in a real browser (Debian's chromium driven by Playwright): pages render, images load."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from web_world import World

from svodka.web import create_app

pytestmark = pytest.mark.browser

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def base_url(world: World) -> Iterator[str]:
    uvicorn = pytest.importorskip("uvicorn")
    port = _free_port()
    config = uvicorn.Config(create_app(world.store, world.media), host="127.0.0.1", port=port,
                            log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        pytest.skip(f"Debian's chromium is not installed at {CHROMIUM} "
                    "(apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def _images_loaded(page: object, selector: str) -> list[int]:
    """naturalWidth of every matching image, after scrolling them all into view (lazy ones)."""
    page.eval_on_selector_all(selector, "els => els.forEach(e => e.loading = 'eager')")  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        f"[...document.querySelectorAll({selector!r})].every(i => i.complete)", timeout=10000)
    return page.eval_on_selector_all(selector, "els => els.map(e => e.naturalWidth)")  # type: ignore[attr-defined]


def test_home_renders_with_images(browser: object, base_url: str, world: World,
                                  tmp_path: Path) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    blocked: list[str] = []
    page.on("request", lambda r: None if r.url.startswith(base_url) else blocked.append(r.url))
    page.goto(base_url + "/?lang=uk")  # the story is led by its report in the reader's language
    assert page.locator(".story.big h2").inner_text() == "Рада ухвалила бюджет на наступний рік"
    assert page.locator(".story.big h2").is_visible()
    assert page.get_by_text("Ukraine's parliament passes budget").first.is_visible()
    widths = _images_loaded(page, "main img")
    assert widths and all(w > 0 for w in widths), widths
    # Small cards pick a WebP thumbnail from the srcset, not the original.
    thumbs = page.eval_on_selector_all(".row .thumb img", "els => els.map(e => e.currentSrc)")
    assert thumbs and all(u.startswith(base_url + "/media/") and u.endswith(".webp")
                          for u in thumbs), thumbs
    page.screenshot(path=str(tmp_path / "home.png"), full_page=True)
    assert blocked == []  # nothing is loaded from anywhere but the site
    page.close()


def test_article_renders_body_and_hero(browser: object, base_url: str, world: World,
                                       tmp_path: Path) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page.goto(f"{base_url}/articles/{world.ids['uk-budget']}")
    assert page.locator("article.article h1").inner_text() == "Рада ухвалила бюджет на наступний рік"
    body = page.locator(".body")
    assert body.is_visible()
    assert "зростання доходів бюджету" in body.inner_text()
    hero = page.locator("figure.hero img")
    assert hero.is_visible()
    assert hero.evaluate("i => i.complete && i.naturalWidth") > 0
    assert all(w > 0 for w in _images_loaded(page, "main img"))
    page.screenshot(path=str(tmp_path / "article.png"), full_page=True)
    page.set_viewport_size({"width": 390, "height": 844})
    assert hero.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    page.screenshot(path=str(tmp_path / "article-phone.png"), full_page=True)
    page.close()
