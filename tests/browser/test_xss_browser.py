"""Planted script payloads in every text an outlet controls never run in the browser: no
alert/confirm/prompt call, no dialog, no element with an event handler, no foreign script."""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from served import serve_app

from svodka.media import FileMediaStore
from svodka.records import (
    Article,
    Block,
    Enrichment,
    Quote,
    RelatedLink,
    Source,
    StoryPlacement,
)
from svodka.store import Store
from svodka.web import create_app
from svodka.web.entities import entity_key

PAYLOADS_FILE = Path(__file__).parents[1] / "web" / "xss_payloads.py"
# A few of every kind, should the shared list (the XSS suite's) be absent.
OWN_PAYLOADS = [
    '<script>alert("xss")</script>',
    '"><img src=x onerror=alert(1)>',
    "<svg/onload=alert(1)>",
    "javascript:alert(1)",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<style>*{background:url(javascript:alert(1))}</style>",
    "<iframe srcdoc='<script>parent.alert(1)</script>'>",
    "data:text/html,<script>alert(1)</script>",
]
MAX_PAYLOADS = 200  # one article each: the site pages them all
NOW = datetime(2026, 3, 5, 12, 0, tzinfo=UTC)
HOOK = """
window.__ran = [];
for (const name of ['alert', 'confirm', 'prompt', 'print']) {
  window[name] = (...args) => { window.__ran.push(name + ':' + args.join(',')); };
}
"""
# Any element carrying an event handler, a javascript: link, or a script not the site's own.
ACTIVE = """
() => [...document.querySelectorAll('*')].flatMap(el => [
  ...[...el.attributes].filter(a => a.name.startsWith('on')).map(a => el.tagName + ' ' + a.name),
  ...((el.href || el.src || '') + '').toLowerCase().startsWith('javascript:') ? [el.tagName + ' js'] : [],
  ...(el.tagName === 'SCRIPT' && !(el.getAttribute('src') || '').startsWith('/static/')) ? ['script'] : [],
  ...(el.tagName === 'IFRAME' || el.tagName === 'OBJECT' || el.tagName === 'EMBED') ? [el.tagName] : [],
])
"""


def payloads() -> list[str]:
    found: list[str] = []
    if PAYLOADS_FILE.exists():
        spec = importlib.util.spec_from_file_location("xss_payloads", PAYLOADS_FILE)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        for value in vars(module).values():
            if isinstance(value, list | tuple) and value and all(isinstance(x, str) for x in value):
                found += value
    return list(dict.fromkeys(OWN_PAYLOADS + found))[:MAX_PAYLOADS]


def _plant(store: Store, source: Source, n: int, p: str) -> int:
    assert source.id is not None
    art = Article(
        url=f"https://evil.example/{n}", title=f"{p} {n}", lead=p,
        blocks=[Block(p), Block(p, kind="h", level=2), Block(f"- {p}", kind="ul"),
                Block(p, kind="quote")],
        published=NOW - timedelta(minutes=n), language="en", authors=[p], tags=[p],
        related=[RelatedLink(p, p), RelatedLink(p, "https://evil.example/x")])
    enr = Enrichment(language="en", category="society", keywords=[p],
                     entities={"PER": [p], "ORG": [p], "LOC": [p]},
                     quotes=[Quote(speaker=p, text=p)], lemmas=p.lower())
    return store.save_article(entry_id=None, source_id=source.id, article=art, enrichment=enr,
                              fetched_at=NOW, url=art.url or "")


@pytest.fixture(scope="module")
def evil_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[str]]]:
    root = tmp_path_factory.mktemp("xss")
    store = Store(f"sqlite:///{root / 'x.db'}")
    found = payloads()
    sources = [store.add_source(Source(url=f"https://evil{i}.example/rss", name=p, language="en"))
               for i, p in enumerate(found[:5])]
    ids = [_plant(store, sources[n % len(sources)], n, p) for n, p in enumerate(found)]
    first = store.place_articles({ids[0]: StoryPlacement(
        story=-1, features={}, when=NOW, title=found[0], language="en")})[-1]
    store.place_articles({i: StoryPlacement(story=first, features={}, when=NOW) for i in ids[1:]})
    store.set_story_scores([(first, 9.0)])
    for s in sources:
        store.record_poll(s.id or 0, ok=False, error=found[-1])
    urls = ["/", "/?page=2", "/sources", f"/stories/{first}", *(f"/sources/{s.id}" for s in sources),
            *(f"/articles/{i}" for i in ids)]
    for p in found:
        urls += [f"/search?q={quote(p)}", f"/people/{quote(entity_key(p), safe='')}"]
    yield from ((base, urls) for base in serve_app(create_app(store, FileMediaStore(root / "m"))))
    store.close()


def test_no_planted_payload_runs(browser: Any, evil_site: tuple[str, list[str]]) -> None:
    base, urls = evil_site
    context = browser.new_context()
    context.add_init_script(HOOK)
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    problems: list[str] = []
    for url in urls:
        resp = page.goto(base + url)
        assert resp is not None and resp.status in (200, 404), (url, resp and resp.status)
        ran = page.evaluate("window.__ran")
        active = page.evaluate(ACTIVE)
        if ran or active:
            problems.append(f"{url}: ran {ran}, active {active[:5]}")
    context.close()
    assert not dialogs and not problems, (dialogs, problems[:10])
    assert len(urls) > 3 * len(OWN_PAYLOADS)
