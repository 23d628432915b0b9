"""home → story → article → person → search in Debian's chromium, at desktop and phone widths:
screenshots of every step, nothing requested from elsewhere, no script dialog, and an axe-core
audit of every page with no serious or critical violation."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flow import FLOW, Walk

WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
BAD_IMPACTS = ("serious", "critical")


@pytest.fixture(params=list(WIDTHS), ids=list(WIDTHS))
def walk(request: pytest.FixtureRequest, browser: Any, demo_url: str) -> Iterator[Walk]:
    width, height = WIDTHS[request.param]
    # axe is injected as an inline script, which the site's CSP forbids: only the audit lifts it.
    context = browser.new_context(viewport={"width": width, "height": height},
                                  is_mobile=width < 600, has_touch=width < 600,
                                  bypass_csp="accessibility" in request.node.name)
    context.set_default_timeout(15_000)
    page = context.new_page()
    w = Walk(page=page, base_url=demo_url, width=width)
    w.found["label"] = request.param
    w.found["elsewhere"] = ""
    w.found["dialogs"] = ""

    def on_request(req: Any) -> None:
        if req.url.startswith(("http:", "https:", "ws:", "wss:")) and not req.url.startswith(
                demo_url):
            w.found["elsewhere"] += req.url + " "

    def on_dialog(dialog: Any) -> None:
        w.found["dialogs"] += dialog.message + " "
        dialog.dismiss()

    page.on("request", on_request)
    page.on("dialog", on_dialog)
    yield w
    context.close()


def _shoot(w: Walk, artifacts: Path, i: int, name: str) -> None:
    path = artifacts / f"{w.found['label']}-{i:02d}-{name}.png"
    w.page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 0


def test_reader_walk(walk: Walk, artifacts: Path) -> None:
    for i, step in enumerate(FLOW, 1):
        step.run(walk)
        _shoot(walk, artifacts, i, step.name)
        overflow = walk.page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, f"{step.name}: the page is {overflow}px wider than the screen"
    assert walk.found["elsewhere"] == "", "requests left the site"
    assert walk.found["dialogs"] == ""


def _audit(w: Walk, axe_source: str) -> list[str]:
    w.page.add_script_tag(content=axe_source)
    result = w.page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [f"{w.page.url}: {v['id']} ({v['impact']}): {v['help']} — "
            f"{[n['target'] for n in v['nodes'][:3]]}"
            for v in result["violations"] if v.get("impact") in BAD_IMPACTS]


def test_accessibility(walk: Walk, axe_source: str) -> None:
    problems: list[str] = []
    for step in FLOW:
        step.run(walk)
        problems += _audit(walk, axe_source)
    assert not problems, "\n".join(problems)
