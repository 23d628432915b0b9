"""End to end: crawl the sample web, then check what is stored and what the site serves."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from svodka.demo import SampleWeb
from svodka.pipeline import Pipeline
from svodka.pipeline.admin import import_opml
from svodka.server import build_app

from .conftest import crawl, settings_for

PROMO = re.compile(r"Telegram|Підписуйтесь|Follow us|Поделиться|loader|_next/image|data:image")


def _norm(s: str) -> str:
    return " ".join(s.split())



@pytest.fixture(scope="module")
def crawled(sample_web: SampleWeb, tmp_path_factory: pytest.TempPathFactory) -> Pipeline:
    pipeline = Pipeline(settings_for(tmp_path_factory.mktemp("data"), sample_web))
    import_opml(pipeline, sample_web.opml().encode())
    summary = crawl(pipeline)
    assert not summary.failed_sources, summary.failed_sources
    assert summary.stored >= 20, summary.failed_entries[:5]
    return pipeline


def test_every_sample_article_is_stored_clean(crawled: Pipeline, sample_web: SampleWeb) -> None:
    stored = {a.article.url: a for a in crawled.store.latest_articles(limit=1000)}
    assert len({a.source_id for a in stored.values()}) >= 6
    missing = []
    for truth in sample_web.articles:
        got = stored.get(truth.url)
        if got is None:
            missing.append(truth.url)
            continue
        art = got.article
        assert _norm(art.title or "") == _norm(truth.title)
        body = _norm(art.text)
        for para in truth.paragraphs:
            assert _norm(para) in body, (truth.url, para)
        everything = " ".join([art.title or "", art.text] + [r.text for r in art.related]
                              + [i.url + (i.alt or "") + (i.caption or "") for i in art.images])
        assert not PROMO.search(everything), (truth.url, PROMO.search(everything))
        assert art.published is not None and art.published.tzinfo is not None
        assert got.enrichment.language == truth.language
    assert not missing, missing


def test_hero_images_are_mirrored(crawled: Pipeline, sample_web: SampleWeb) -> None:
    from svodka.media import open_media_store

    media = open_media_store(crawled.settings)
    stored = {a.article.url: a for a in crawled.store.latest_articles(limit=1000)}
    for truth in sample_web.articles:
        if not truth.image_urls or truth.url not in stored:
            continue
        hero = stored[truth.url].article.images[0]
        assert hero.url == truth.image_urls[0]
        assert hero.media_key and media.exists(hero.media_key), truth.url
        assert hero.thumbnails and all(media.exists(k) for k in hero.thumbnails.values())


def test_reports_of_one_event_form_stories(crawled: Pipeline, sample_web: SampleWeb) -> None:
    by_url = {a.article.url: a.story_id for a in crawled.store.latest_articles(limit=1000)}
    events: dict[str, list[int | None]] = {}
    for truth in sample_web.articles:
        if truth.event:
            events.setdefault(truth.event, []).append(by_url.get(truth.url))
    grouped = 0
    for story_ids in events.values():
        top, count = Counter(story_ids).most_common(1)[0]
        grouped += count >= 2 and top is not None
    assert grouped >= len(events) - 1, events


def test_second_crawl_stores_nothing_new(crawled: Pipeline) -> None:
    before = crawled.store.count_articles()
    summary = crawl(crawled)
    # Every source was asked conditionally (ETag / Last-Modified) and answered 304.
    assert summary.polls and all(p.not_modified for p in summary.polls), summary.polls
    assert summary.stored == 0 and sum(p.new_entries for p in summary.polls) == 0
    assert crawled.store.count_articles() == before


def test_site_serves_home_article_and_api(crawled: Pipeline) -> None:
    client = TestClient(build_app(crawled))
    items = client.get("/api/v1/articles", params={"limit": 100}).json()["items"]
    assert len(items) >= 20
    assert {"id", "title", "url", "source", "published"} <= set(items[0])
    home = client.get("/")
    assert home.status_code == 200
    assert sum(1 for i in items if i["title"] in home.text) >= 10
    with_image = next(a for a in crawled.store.latest_articles(limit=100)
                      if a.article.images and a.article.images[0].media_key)
    page = client.get(f"/articles/{with_image.id}")
    assert page.status_code == 200
    assert with_image.article.title in page.text
    assert with_image.article.paragraphs[-1][:40] in page.text
    img = re.search(r'<img[^>]+src="(/media/[^"]+)"', page.text)
    assert img, "the article page shows its mirrored image"
    got = client.get(img.group(1))
    assert got.status_code == 200 and got.headers["content-type"].startswith("image/")


def test_bad_sources_fail_alone(sample_web: SampleWeb, tmp_path: Path) -> None:
    from svodka.demo import FaultyWeb
    from svodka.records import Source

    with FaultyWeb() as faulty:
        pipeline = Pipeline(settings_for(tmp_path, sample_web))
        good = sample_web.outlets[0]
        pipeline.store.add_source(Source(url=good.feed_url, name=good.name))
        bad = {name: url for name, url in faulty.urls().items()}
        bad["unreachable"] = "http://127.0.0.1:9/rss.xml"
        for name, url in bad.items():
            pipeline.store.add_source(Source(url=url, name=name))
        summary = crawl(pipeline)
    failed = {p.name: p.error for p in summary.failed_sources}
    assert set(failed) == set(bad), failed
    assert all(reason for reason in failed.values())
    assert summary.stored >= 4
