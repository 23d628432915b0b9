"""XSS through the sample web: hostile outlets crawled end to end, then every API answer, feed,
page and terminal table checked for a dangerous URL, active markup or a control code."""

from __future__ import annotations

import dataclasses
import itertools
import json
import re
from collections.abc import Iterator
from typing import Any
from xml.etree import ElementTree as ET

import feedparser
import pytest
from fastapi.testclient import TestClient
from selectolax.lexbor import LexborHTMLParser as HTMLParser
from xss_payloads import DANGEROUS_SCHEMES, MARKUP, TERMINAL_XML_SAFE, TEXT, URLS, is_control

from svodka.config import Settings
from svodka.console import console, crawl_with_progress, print_summary, sources_table
from svodka.demo import SampleWeb
from svodka.pipeline import CrawlSummary, Pipeline
from svodka.pipeline.admin import import_opml
from svodka.records import Image, RelatedLink
from svodka.server import build_app

pytestmark = pytest.mark.slow
CRAWL_OUTPUT: list[str] = []  # the crawl's terminal output


class _Injecting:
    """An outlet style whose article pages carry raw hostile markup in their body."""

    def __init__(self, style: Any, payloads: Iterator[str]) -> None:
        self._style = style
        self._payloads = payloads

    def __getattr__(self, name: str) -> Any:
        return getattr(self._style, name)

    def article_page(self, article: Any, context: Any) -> str:
        html = self._style.article_page(article, context)
        raw = "".join(next(self._payloads) for _ in range(4))
        return html.replace("</p>", raw + "</p>", 1)


class HostileWeb(SampleWeb):
    """The sample web with hostile outlet names, titles, leads, tags, authors, links and markup."""

    def __init__(self) -> None:
        super().__init__()
        names = itertools.cycle(TERMINAL_XML_SAFE)
        self.specs = [dataclasses.replace(s, name=f"{s.name} {next(names)} {next(names)}")
                      for s in self.specs]

    def _build(self, roots: list[str]) -> list[Any]:
        apps = super()._build(roots)
        text, urls = itertools.cycle(TEXT), itertools.cycle(URLS)
        for a in self.articles:
            a.title = f"{a.title} {next(text)}"
            a.lead = f"{next(text)} {a.lead}"
            a.paragraphs.append(f"{next(text)} \x1b[31mred\x1b[0m")
            a.tags.append(next(text))
            a.authors.append(next(text))
            a.related_urls.append(next(urls))
            a.image_captions = [f"{c} {next(text)}" for c in a.image_captions]
        markup = itertools.cycle(MARKUP)
        for app in apps:
            app.style = _Injecting(app.style, markup)
        return apps


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Pipeline, CrawlSummary]]:
    with HostileWeb() as web:
        hosts = {o.base_url.split("/")[2].rsplit(":", 1)[0] for o in web.outlets}
        settings = Settings(data_dir=tmp_path_factory.mktemp("xss"), fetch_allow=sorted(hosts),
                            public_base_url="https://news.example")
        pipeline = Pipeline(settings)
        import_opml(pipeline, web.opml().encode())
        with console.capture() as shown:  # what `svodka crawl` prints
            summary = crawl_with_progress(pipeline)
        CRAWL_OUTPUT.append(shown.get())
        assert summary.stored >= 20, summary.failed_entries[:5]
        _plant_links(pipeline)
        yield pipeline, summary


def _plant_links(pipeline: Pipeline) -> None:
    """The extractor drops such links already; the output must hold even when one was stored
    (an older extractor, another writer): one article is rewritten with every hostile URL."""
    store = pipeline.store
    a = store.latest_articles(limit=1)[0]
    art = dataclasses.replace(a.article, related=[RelatedLink("x", u) for u in URLS],
                              images=[Image(url=u, role="inline") for u in URLS])
    store.save_article(entry_id=None, source_id=a.source_id, article=art,
                       enrichment=a.enrichment, fetched_at=a.fetched_at, url=a.article.url or "")


@pytest.fixture(scope="module")
def client(crawled: tuple[Pipeline, CrawlSummary]) -> Iterator[TestClient]:
    with TestClient(build_app(crawled[0])) as c:
        yield c


URL_KEYS = re.compile(r"(^|_)(url|link|image|homepage|href|src)$")


def _urls_in(value: Any, key: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _urls_in(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from _urls_in(v, key)
    elif isinstance(value, str) and (URL_KEYS.search(key) or key == "thumbnails"):
        yield key, value


def _assert_web_url(key: str, url: str) -> None:
    low = "".join(url.split()).lower()
    assert low.startswith(("http://", "https://")), (key, url)
    assert not any(ch < " " for ch in url), (key, url)


def _api_documents(client: TestClient) -> list[Any]:
    listed = client.get("/api/v1/articles", params={"limit": 200}).json()
    docs: list[Any] = [listed, client.get("/api/v1/sources").json(),
                       client.get("/api/v1/stories", params={"limit": 200}).json(),
                       client.get("/api/v1/search", params={"q": "alert script"}).json()]
    docs += [client.get(f"/api/v1/articles/{i['id']}").json() for i in listed["items"]]
    docs += [client.get(f"/api/v1/stories/{s['id']}").json() for s in docs[2]["items"]]
    return docs


def test_the_hostile_content_was_stored(crawled: tuple[Pipeline, CrawlSummary]) -> None:
    stored = crawled[0].store.latest_articles(limit=500)
    titles = " ".join(a.article.title or "" for a in stored)
    assert "<script>alert(1)</script>" in titles  # text that looks like markup, kept as text
    related = [r.url or "" for a in stored for r in a.article.related]
    images = [im.url or "" for a in stored for im in a.article.images]
    dangerous = [u for u in related + images
                 if "".join(u.split()).lower().startswith(DANGEROUS_SCHEMES)]
    assert len(dangerous) >= len(URLS)  # what the outputs below must hold back


def test_api_carries_no_dangerous_url(client: TestClient) -> None:
    seen = 0
    for doc in _api_documents(client):
        for key, url in _urls_in(doc):
            _assert_web_url(key, url)
            seen += 1
    assert seen > 100
    search = client.get("/api/v1/search", params={"q": "img onerror"}).json()
    for item in search["items"]:  # snippets: escaped text, and only <mark> as markup
        assert not re.search(r"<(?!/?mark>)", item["snippet_html"]), item["snippet_html"]


FEEDS = ("/feed.xml", "/feed.atom", "/feed.json")


@pytest.mark.parametrize("path", FEEDS)
def test_feeds_carry_no_dangerous_url_or_markup(client: TestClient, path: str) -> None:
    body = client.get(path).content
    if path.endswith(".json"):
        feed = json.loads(body)
        for key, url in _urls_in(feed):
            _assert_web_url(key, url)
        assert not any("content_html" in i for i in feed["items"])  # text only, never HTML
        return
    root = ET.fromstring(body)  # well-formed whatever the outlets sent
    for el in root.iter():
        for name, value in el.attrib.items():
            if name in ("href", "url", "src"):
                _assert_web_url(name, value)
        if el.tag.rsplit("}", 1)[-1] in ("link", "guid", "id") and (el.text or "").strip():
            _assert_web_url(el.tag, el.text or "")
        assert not el.tag.startswith("{http://www.w3.org/1999/xhtml}"), el.tag
        if el.tag.rsplit("}", 1)[-1] in ("title", "summary"):
            assert el.get("type", "text") == "text"
    parsed = feedparser.parse(body)
    assert not parsed.bozo, parsed.get("bozo_exception")
    for entry in parsed.entries:
        if "summary" in entry and path.endswith(".xml"):
            # RSS descriptions are HTML to readers: the outlet's text arrives escaped in them.
            assert "<" not in entry.summary, entry.summary


def test_pages_carry_no_active_markup(client: TestClient) -> None:
    listed = client.get("/api/v1/articles", params={"limit": 200}).json()["items"]
    paths = ["/", "/?lang=en", "/sources", "/search?q=alert", "/search?q=script"]
    paths += [f"/articles/{i['id']}" for i in listed]
    paths += sorted({f"/stories/{i['story_id']}" for i in listed if i["story_id"]})
    for path in paths:
        r = client.get(path)
        assert r.status_code == 200, path
        tree = HTMLParser(r.text)
        for node in tree.css("script, iframe, object, embed, base, meta[http-equiv], svg, math"):
            src = node.attributes.get("src") or ""
            assert node.tag == "script" and src.startswith("/static/"), (path, node.html)
        for node in tree.css("*"):
            for name, value in node.attributes.items():
                assert not name.lower().startswith("on"), (path, node.html)
                if name in ("href", "src", "action", "formaction", "srcset", "poster"):
                    low = "".join((value or "").split()).lower()
                    assert not low.startswith(DANGEROUS_SCHEMES), (path, node.html)


def test_terminal_shows_no_control_codes(crawled: tuple[Pipeline, CrawlSummary],
                                         capsys: pytest.CaptureFixture[str]) -> None:
    pipeline, summary = crawled
    states = [pipeline.store.source_state(s.id or 0) for s in pipeline.store.sources()]
    assert any("[bold]" in st.source.name for st in states)
    sources_table(states)
    print_summary(summary)
    out = capsys.readouterr()
    text = out.out + out.err + "".join(CRAWL_OUTPUT)
    assert "articles stored" in CRAWL_OUTPUT[0]
    assert not [ch for ch in text if is_control(ch)], repr(text[:500])
    assert "[bold]bold[/bold]" in out.out  # rich markup printed as the text it is
