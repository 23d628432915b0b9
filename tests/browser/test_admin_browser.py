"""The admin in Debian's chromium at desktop and phone widths: log in, add a source, pause it;
screenshots kept, nothing requested from elsewhere, and an axe-core audit of the admin pages
with no serious or critical violation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from served import serve_app

from svodka.media import FileMediaStore
from svodka.records import Source
from svodka.store import Store
from svodka.store.users import Users
from svodka.web import create_app

WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
BAD_IMPACTS = ("serious", "critical")
PASSWORD = "browser-admin-pass"


@pytest.fixture(scope="module")
def admin_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A site with one user and one source (the admin needs no crawled articles)."""
    root = tmp_path_factory.mktemp("admin")
    store = Store(f"sqlite:///{root / 'svodka.db'}")
    Users(store.engine).add("editor", PASSWORD)
    store.add_source(Source(url="https://first.example/rss", name="First Outlet", language="en"))
    yield from serve_app(create_app(store, FileMediaStore(root / "media")))
    store.close()


@pytest.fixture(params=list(WIDTHS), ids=list(WIDTHS))
def page(request: pytest.FixtureRequest, browser: Any, admin_url: str) -> Iterator[Any]:
    width, height = WIDTHS[request.param]
    context = browser.new_context(viewport={"width": width, "height": height},
                                  is_mobile=width < 600, has_touch=width < 600,
                                  bypass_csp="accessibility" in request.node.name)
    context.set_default_timeout(15_000)
    p = context.new_page()
    p.elsewhere = []  # type: ignore[attr-defined]
    p.on("request", lambda req: p.elsewhere.append(req.url)  # type: ignore[attr-defined]
         if not req.url.startswith((admin_url, "data:")) else None)
    p.label = request.param  # type: ignore[attr-defined]
    yield p
    context.close()


def _login(page: Any, base: str) -> None:
    page.goto(f"{base}/admin?lang=en")
    assert page.url.endswith("/admin/login")
    page.fill("#name", "editor")
    page.fill("#password", PASSWORD)
    page.click("form.admin-form button[type=submit]")
    page.wait_for_url(f"{base}/admin")


def test_admin_add_and_pause(page: Any, admin_url: str, artifacts: Path) -> None:
    _login(page, admin_url)
    page.screenshot(path=str(artifacts / f"admin-{page.label}-01-sources.png"), full_page=True)
    url = f"https://{page.label}.example/feed.xml"
    page.fill("#url", url)
    page.fill("#add-name", f"Added {page.label}")
    page.select_option("#add-language", "uk")
    page.click("form[action=\"/admin/sources\"] button[type=submit]")
    page.wait_for_selector("p.note")
    row = page.locator("tr", has_text=f"Added {page.label}")
    assert row.count() == 1
    row.locator("button[value=pause]").click()
    page.wait_for_selector("p.note")
    row = page.locator("tr", has_text=f"Added {page.label}")
    assert "Paused" in row.inner_text()
    assert row.locator("button[value=resume]").count() == 1
    shot = artifacts / f"admin-{page.label}-02-paused.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 0
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"the admin is {overflow}px wider than the screen"
    assert page.elsewhere == []


def test_admin_accessibility(page: Any, admin_url: str, axe_source: str) -> None:
    problems: list[str] = []
    page.goto(f"{admin_url}/admin/login?lang=en")
    for step in ("login", "sources", "edit"):
        if step == "sources":
            _login(page, admin_url)
        elif step == "edit":
            page.click("table.admin-sources a >> nth=0")
            page.wait_for_selector("#rules")
        page.add_script_tag(content=axe_source)
        result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        problems += [f"{step}: {v['id']} ({v['impact']}): {v['help']} — "
                     f"{[n['target'] for n in v['nodes'][:3]]}"
                     for v in result["violations"] if v.get("impact") in BAD_IMPACTS]
    assert not problems, "\n".join(problems)
