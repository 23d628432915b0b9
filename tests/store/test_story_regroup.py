"""Stories that heal: the store applies the matcher's merges and moves in one transaction, keeps
counts, outlets, languages and dates right, and redirects an absorbed story to its survivor."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from svodka.media import FileMediaStore
from svodka.records import (
    Article,
    ArticleWrite,
    Block,
    Enrichment,
    Source,
    StoryPlacement,
    StoryRegroup,
)
from svodka.store import Store
from svodka.web import create_app

T0 = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = Store(db_url)
    yield s
    s.close()


def _write(store: Store, n: int, source: Source, lang: str, hours: float) -> int:
    url = f"https://{source.name}.example/{n}"
    art = Article(url=url, title=f"Report {n}", blocks=[Block(f"Text of report {n}.")],
                  published=T0 + timedelta(hours=hours))
    return store.save_article(entry_id=None, source_id=source.id, article=art,
                              enrichment=Enrichment(language=lang), fetched_at=T0, url=url)


def _place(store: Store, aid: int, story: int, hours: float, title: str = "") -> int:
    started = store.place_articles({aid: StoryPlacement(
        story=story, features={"k": aid}, when=T0 + timedelta(hours=hours), title=title)})
    return started.get(story, story)


@pytest.fixture
def two_stories(store: Store) -> tuple[int, int, list[int]]:
    """Story A: two uk reports from outlet a (hours 1 and 3); story B: one ru report from
    outlet b (hour 0) and one en report from outlet c (hour 5)."""
    a, b, c = (store.add_source(Source(url=f"https://{n}.example/rss", name=n)) for n in "abc")
    ids = [_write(store, 1, a, "uk", 1), _write(store, 2, a, "uk", 3),
           _write(store, 3, b, "ru", 0), _write(store, 4, c, "en", 5)]
    sa = _place(store, ids[0], -1, 1, "A")
    _place(store, ids[1], sa, 3)
    sb = _place(store, ids[2], -1, 0, "B")
    _place(store, ids[3], sb, 5)
    return sa, sb, ids


def test_a_merge_moves_the_articles_and_recounts_the_survivor(store, two_stories):
    sa, sb, ids = two_stories
    store.place_articles({}, StoryRegroup(merges=[(sb, sa)], features={sa: {"fused": 1}}))
    survivor, gone = store.story(sa), store.story(sb)
    assert {x.id for x in store.latest_articles(story_id=sa)} == set(ids)
    assert (survivor.n_articles, survivor.n_sources) == (4, 3)
    assert survivor.languages == ["en", "ru", "uk"]
    assert survivor.first_seen == T0 and survivor.updated == T0 + timedelta(hours=5)
    assert survivor.features == {"fused": 1}
    assert gone.merged_into == sa and gone.n_articles == 0
    assert store.story_redirect(sb) == sa and store.story_redirect(sa) is None
    assert [r.id for r in store.story_rows()] == [sa]  # the absorbed one is listed no more


def test_chained_merges_and_late_placements_reach_the_last_survivor(store, two_stories):
    sa, sb, ids = two_stories
    src = store.add_source(Source(url="https://d.example/rss", name="d"))
    sc = _place(store, _write(store, 5, src, "uk", 2), -1, 2, "C")
    store.place_articles({}, StoryRegroup(merges=[(sb, sa)]))
    store.place_articles({}, StoryRegroup(merges=[(sa, sc)]))
    assert store.story_redirect(sb) == sc and store.story_redirect(sa) == sc
    # another process, not yet aware of the merges, places a report into an absorbed story
    late = _write(store, 6, src, "uk", 6)
    _place(store, late, sb, 6)
    row = store.story(sc)
    assert row.n_articles == 6 and row.updated == T0 + timedelta(hours=6)
    assert store.latest_articles(story_id=sb) == []


def test_a_merge_into_a_story_the_same_batch_starts(store):
    src = store.add_source(Source(url="https://e.example/rss", name="e"))
    old = _place(store, _write(store, 1, src, "uk", 0), -1, 0, "old")
    art = Article(url="https://e.example/2", title="new", blocks=[Block("x")],
                  published=T0 + timedelta(hours=1))
    write = ArticleWrite(entry_id=None, source_id=src.id, article=art,
                         enrichment=Enrichment(language="en"), fetched_at=T0, url=art.url)
    ids, started = store.save_articles(
        [write], lambda ids: [StoryPlacement(story=-7, features={}, when=art.published,
                                             title="new", language="en")],
        lambda: StoryRegroup(merges=[(old, -7)]))
    new = started[-7]
    assert store.story_redirect(old) == new
    row = store.story(new)
    assert (row.n_articles, row.languages, row.first_seen) == (2, ["en", "uk"], T0)


def test_moves_split_a_story_and_both_parts_are_recounted(store, two_stories):
    sa, sb, ids = two_stories
    # the en report (hour 5) leaves B for a new story; the ru one (hour 0) goes over to A
    started = store.place_articles({}, StoryRegroup(
        moves=[(ids[3], -3), (ids[2], sa)], features={-3: {"split": 1}}))
    new = started[-3]
    a, b, n = store.story(sa), store.story(sb), store.story(new)
    assert (a.n_articles, a.n_sources, a.languages, a.first_seen) == (3, 2, ["ru", "uk"], T0)
    assert (b.n_articles, b.n_sources, b.languages) == (0, 0, [])
    assert (n.n_articles, n.languages, n.title, n.features) == (1, ["en"], "Report 4",
                                                                 {"split": 1})
    assert n.first_seen == n.updated == T0 + timedelta(hours=5)
    assert b.merged_into is None  # a story emptied by a split does not redirect


def test_first_report_is_never_later_than_the_earliest_member(store):
    src = store.add_source(Source(url="https://f.example/rss", name="f"))
    aid = _write(store, 1, src, "uk", 0)  # published at T0 ...
    sid = _place(store, aid, -1, 4, "t")  # ... placed with a later time
    assert store.story(sid).first_seen == T0


@pytest.fixture
def client(store: Store, tmp_path) -> Iterator[TestClient]:
    with TestClient(create_app(store, FileMediaStore(tmp_path / "media"))) as c:
        yield c


def test_old_story_urls_redirect_to_the_survivor(store, two_stories, client):
    sa, sb, _ = two_stories
    store.place_articles({}, StoryRegroup(merges=[(sb, sa)]))
    page = client.get(f"/stories/{sb}?lang=en", follow_redirects=False)
    assert page.status_code == 308 and page.headers["location"] == f"/stories/{sa}?lang=en"
    api = client.get(f"/api/v1/stories/{sb}", follow_redirects=False)
    assert api.status_code == 308 and api.headers["location"] == f"/api/v1/stories/{sa}"
    followed = client.get(f"/api/v1/stories/{sb}")
    assert followed.status_code == 200 and followed.json()["id"] == sa
    assert client.get(f"/stories/{sa}").status_code == 200


def test_deleting_articles_keeps_redirects_to_a_story_that_lives_on(store, two_stories):
    sa, sb, ids = two_stories
    store.place_articles({}, StoryRegroup(merges=[(sb, sa)]))
    src_c = store.article(ids[3]).source_id
    store.delete_articles(source_id=src_c)  # the survivor keeps its other reports
    assert store.story_redirect(sb) == sa and store.story(sa).n_articles == 3
    store.delete_articles()  # the survivor is gone: so is the redirect to it
    assert store.story(sa) is None and store.story(sb) is None
