"""The synthetic web for the ingest benchmark: 5,000 distinct articles served fast."""

from __future__ import annotations

import json
import random
import time
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import httpx
import pytest
from lxml import etree

from svodka.demo import SyntheticWeb

from .conftest import NOW, decoded, norm, visible_text


@pytest.fixture(scope="module")
def big() -> Iterator[SyntheticWeb]:
    with SyntheticWeb(n_outlets=50, articles_per_outlet=100, seed=1, now=NOW) as web:
        yield web


def test_serves_5000_distinct_articles_on_50_hosts(big: SyntheticWeb) -> None:
    assert len(big.outlets) == 50
    assert len({urlsplit(o.base_url).netloc for o in big.outlets}) == 50
    assert len({a.url for a in big.articles}) == len(big.articles) == 5000
    assert len({a.title + a.paragraphs[-1] for a in big.articles}) == 5000


def test_spot_checked_pages_and_images(big: SyntheticWeb) -> None:
    sample = random.Random(7).sample(big.articles, 120)

    limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
    with httpx.Client(trust_env=False, timeout=10, limits=limits) as client:

        def check(a):  # noqa: ANN001, ANN202
            return a, client.get(a.url), client.get(a.image_urls[0])

        started = time.perf_counter()
        with ThreadPoolExecutor(8) as pool:
            results = list(pool.map(check, sample))
        rate = 2 * len(sample) / (time.perf_counter() - started)
    for a, page, image in results:
        assert page.status_code == 200, a.url
        text = visible_text(decoded(page))
        assert norm(a.title) in text and all(norm(p) in text for p in a.paragraphs)
        assert image.status_code == 200 and image.headers["content-type"].startswith("image/")
    # A floor that catches a stalled server (client and servers share this process).
    assert rate > 50, f"{rate:.0f} requests/s"


def test_feeds_list_every_article(big: SyntheticWeb) -> None:
    formats = set()
    with httpx.Client(trust_env=False) as client:
        for o in big.outlets[:10]:
            resp = client.get(o.feed_url)
            assert resp.status_code == 200
            if "json" in resp.headers["content-type"]:
                links = [i["url"] for i in json.loads(resp.content)["items"]]
                formats.add("json")
            else:
                root = etree.fromstring(resp.content)
                formats.add(etree.QName(root).localname)
                links = [e.text for e in root.iter("{*}link", "{*}loc") if e.text] + \
                    [e.get("href") for e in root.iter("{*}link") if e.get("rel") == "alternate"]
            own = {a.url for a in big.articles if a.outlet == o.slug}
            paths = {urlsplit(u).path for u in links if u}
            assert {urlsplit(u).path for u in own} <= paths, o.feed_url
    assert formats == {"rss", "feed", "json", "urlset"}


def test_events_are_shared_across_outlets_and_languages(big: SyntheticWeb) -> None:
    outlets, langs = defaultdict(set), defaultdict(set)
    for a in big.articles:
        if a.event:
            outlets[a.event].add(a.outlet)
            langs[a.event].add(a.language)
    assert len(outlets) >= 100
    shared = [e for e in outlets if len(outlets[e]) >= 3 and len(langs[e]) >= 2]
    assert len(shared) >= 0.9 * len(outlets)
    assert sum(a.event is None for a in big.articles) >= 1000


def test_same_seed_same_web_and_other_seed_differs() -> None:
    small = dict(n_outlets=4, articles_per_outlet=6, now=NOW)
    with SyntheticWeb(seed=3, **small) as a, SyntheticWeb(seed=3, **small) as b, \
            SyntheticWeb(seed=4, **small) as c:
        titles = [[x.title for x in w.articles] for w in (a, b, c)]
        assert titles[0] == titles[1] != titles[2]
        assert [x.paragraphs for x in a.articles] == [x.paragraphs for x in b.articles]


def test_separate_process_serves_the_same_ground_truth() -> None:
    small = dict(n_outlets=3, articles_per_outlet=5, seed=9, now=NOW)
    with SyntheticWeb(**small) as local:
        expected = [(urlsplit(a.url).path, a.title) for a in local.articles]
    with SyntheticWeb(separate_process=True, **small) as remote, \
            httpx.Client(trust_env=False) as client:
        assert [(urlsplit(a.url).path, a.title) for a in remote.articles] == expected
        article = remote.articles[-1]
        assert norm(article.title) in visible_text(decoded(client.get(article.url)))
        port = urlsplit(article.url).port
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{port}/", trust_env=False)
