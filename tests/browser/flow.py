"""A reader's walk through the site as steps: each opens a page from the one before and checks
what a person would see. Append a step (``FLOW.append(Step(...))``) to extend the walk."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote

ENTITY_URL = re.compile(r"/(people|organisations|places)/[^/?#]+")


@dataclass
class Walk:
    """What the steps share: the page, the site's address, and what earlier steps found."""

    page: Any
    base_url: str
    width: int
    found: dict[str, str] = field(default_factory=dict)

    def visible(self, selector: str) -> Any:
        loc = self.page.locator(selector).first
        loc.wait_for(state="visible")
        assert loc.is_visible(), selector
        return loc


@dataclass(frozen=True)
class Step:
    name: str
    run: Callable[[Walk], None]


def home(w: Walk) -> None:
    w.page.goto(w.base_url + "/?lang=uk")
    assert w.page.title().endswith("Svodka") and "Головні новини" in w.page.title()
    w.visible(".story h2 a")
    w.visible(".latest .row h3 a")
    # The sections wrap instead of running off a narrow screen.
    box = w.page.locator("nav.sections").bounding_box()
    last = w.page.locator("nav.sections a").last.bounding_box()
    assert box and last and last["x"] + last["width"] <= w.width + 1, (box, last)
    assert w.page.locator(".zone-now").inner_text().startswith(("Europe/Kyiv", "UTC"))


def story(w: Walk) -> None:
    w.page.locator(".story .story-count a").first.click()
    w.page.wait_for_url("**/stories/*")
    w.visible("h1")
    assert w.page.locator(".rows .row").count() >= 2


def article(w: Walk) -> None:
    w.page.locator(".rows .row h3 a").first.click()
    w.page.wait_for_url("**/articles/*")
    w.visible("article.article h1")
    w.visible(".body p")
    original = w.page.locator("a.original")
    assert original.count() == 0 or original.get_attribute("href").startswith("http")


def person(w: Walk) -> None:
    """A person (else an organisation or place) named in an article the walk reaches."""
    chip = w.page.locator('.entities a.chip[href^="/people/"]')
    if chip.count() == 0:
        w.page.goto(w.base_url + "/?lang=uk")
        for href in w.page.eval_on_selector_all(
                ".latest .row h3 a", "els => els.map(e => e.getAttribute('href'))")[:30]:
            w.page.goto(w.base_url + href)
            chip = w.page.locator('.entities a.chip[href^="/people/"]')
            if chip.count():
                break
        else:
            chip = w.page.locator(".entities a.chip")
    assert chip.count(), "no entity linked from the articles the walk reached"
    name = chip.first.inner_text()
    chip.first.click()
    w.page.wait_for_url(ENTITY_URL)
    assert w.visible("h1").inner_text() == name or unquote(w.page.url).endswith(name.lower())
    w.visible(".rows .row h3 a")
    w.found["name"] = name


def search(w: Walk) -> None:
    box = w.page.locator('form.searchbox input[name="q"]')
    box.fill(w.found.get("name", "Київ"))
    box.press("Enter")
    w.page.wait_for_url("**/search?*")
    w.visible("h1")
    assert w.page.locator(".rows .row").count() >= 1
    assert "Пошук" in w.page.title()


def earlier(w: Walk) -> None:
    """A story's earlier coverage (the demo's rate cut lists the National Bank's decision six
    weeks before it), dated before the story began; its link opens that story."""
    w.page.goto(w.base_url + "/?lang=uk")
    for href in w.page.eval_on_selector_all(
            ".story .story-count a", "els => els.map(e => e.getAttribute('href'))"):
        w.page.goto(w.base_url + href)
        if w.page.locator(".timeline li a").count():
            break
    else:
        raise AssertionError("no story on the home page shows its earlier coverage")
    assert w.visible(".timeline h2").text_content() == "Раніше про це"
    began = w.page.locator(".byline time").first.get_attribute("datetime") or ""
    before = w.page.locator(".timeline time").first.get_attribute("datetime") or ""
    assert before and began and before < began, (before, began)
    link = w.visible(".timeline li a")
    title = link.inner_text()
    link.click()
    w.page.wait_for_url("**/stories/*")
    assert w.visible("h1").inner_text() == title


FLOW: list[Step] = [Step("home", home), Step("story", story), Step("article", article),
                    Step("person", person), Step("search", search), Step("earlier", earlier)]
