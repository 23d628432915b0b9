"""Batched article writes on SQLite and PostgreSQL, and the pipeline's write-behind over them:
one transaction per batch, stories started and joined inside it, a bad article failing alone."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from svodka.pipeline.tasks import Context
from svodka.records import (
    Article,
    ArticleWrite,
    Block,
    Enrichment,
    FeedEntry,
    Image,
    Source,
    StoryPlacement,
)
from svodka.store import Store

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = Store(db_url)
    yield s
    s.close()


def _write(url: str, source_id: int, *, entry_id: int | None = None, lang: str = "uk",
           title: str = "Заголовок", hours: int = 0) -> ArticleWrite:
    art = Article(url=url, title=title, blocks=[Block("Перший абзац."), Block("Другий.")],
                  images=[Image(url=url + "/hero.jpg", role="hero", media_key="1/x.jpg")],
                  published=NOW + timedelta(hours=hours))
    return ArticleWrite(entry_id=entry_id, source_id=source_id, article=art,
                        enrichment=Enrichment(language=lang, lemmas=f"лема {title}"),
                        fetched_at=NOW, url=url)


def _sources(store: Store, n: int) -> list[int]:
    return [store.add_source(Source(url=f"https://s{i}.example/rss", name=f"S{i}")).id or 0
            for i in range(n)]


def test_a_batch_is_stored_whole_with_entries_closed(store: Store) -> None:
    (sid,) = _sources(store, 1)
    store.add_entries(sid, [FeedEntry(url=f"https://s0.example/{i}") for i in range(5)])
    entries = store.pending_entries()
    writes = [_write(e.url, sid, entry_id=e.id, title=f"Новина {i}")
              for i, e in enumerate(entries)]
    ids, started = store.save_articles(writes)
    assert len(set(ids)) == 5 and started == {}
    assert store.pending_entries() == [] and store.entry_counts() == {"done": 5}
    for w, aid in zip(writes, ids, strict=True):
        got = store.article(aid)
        assert got is not None and got.article.title == w.article.title
        assert got.article.images[0].media_key == "1/x.jpg"
    assert [a.id for a in store.search("новина")] != []
    # The same URLs again update in place: no doubles, same ids.
    again, _ = store.save_articles([_write(w.url, sid, title="Оновлено") for w in writes])
    assert again == ids and store.count_articles() == 5


def test_urls_must_be_distinct_within_a_batch(store: Store) -> None:
    (sid,) = _sources(store, 1)
    with pytest.raises(ValueError):
        store.save_articles([_write("https://s0.example/1", sid)] * 2)
    assert store.count_articles() == 0


def test_placements_start_and_join_stories_in_the_same_transaction(store: Store) -> None:
    s0, s1 = _sources(store, 2)
    writes = [_write("https://a/1", s0, hours=0), _write("https://a/2", s1, lang="ru", hours=2),
              _write("https://a/3", s0, hours=1), _write("https://a/4", s1)]

    def place(ids: list[int]) -> list[StoryPlacement | None]:
        assert len(ids) == 4
        return [StoryPlacement(story=-1, features={"n": 1}, when=NOW, title="Подія", language="uk"),
                StoryPlacement(story=-1, features={"n": 2}, when=NOW + timedelta(hours=2)),
                StoryPlacement(story=-1, features={"n": 3}, when=NOW + timedelta(hours=1)),
                None]

    ids, started = store.save_articles(writes, place)
    (story_id,) = started.values()
    row = store.story(story_id)
    assert row is not None and row.title == "Подія"
    assert (row.n_articles, row.n_sources) == (3, 2)
    assert row.languages == ["ru", "uk"]
    assert row.features == {"n": 3}  # the centroid after the batch's last join
    assert row.first_seen == NOW and row.updated == NOW + timedelta(hours=2)
    assert [store.article(i).story_id for i in ids] == [story_id] * 3 + [None]  # type: ignore[union-attr]
    # A later batch joins the story by its id.
    more, _ = store.save_articles([_write("https://a/5", s1, lang="en", hours=5)], lambda ids: [
        StoryPlacement(story=story_id, features={"n": 4}, when=NOW + timedelta(hours=5))])
    row = store.story(story_id)
    assert row is not None and (row.n_articles, row.n_sources) == (4, 2)
    assert row.languages == ["en", "ru", "uk"] and row.updated == NOW + timedelta(hours=5)


def test_a_failing_placement_rolls_the_whole_batch_back(store: Store) -> None:
    (sid,) = _sources(store, 1)

    def place(ids: list[int]) -> list[StoryPlacement | None]:
        raise RuntimeError("matcher broke")

    with pytest.raises(RuntimeError):
        store.save_articles([_write("https://a/1", sid), _write("https://a/2", sid)], place)
    assert store.count_articles() == 0 and store.story_rows() == []


def test_write_behind_batches_and_a_bad_article_fails_alone(store: Store) -> None:
    (sid,) = _sources(store, 1)
    ctx = Context(store=store, fetcher=None, media=None)  # type: ignore[arg-type]  # unused here
    writer = ctx.writer
    writer.max_items, writer.max_delay = 10, 0.05
    saved: list[int] = []
    real_save = store.save_articles

    def counting_save(items, place=None, regroup=None):  # type: ignore[no-untyped-def]
        saved.append(len(items))
        return real_save(items, place, regroup)

    store.save_articles = counting_save  # type: ignore[method-assign]
    features = {"terms": {"cyr": {"бюджет": 1.0}}, "anchors": {}, "langs": ["uk"],
                "published": NOW.isoformat()}

    async def main() -> list[object]:
        writes = [_write(f"https://a/{i}", sid) for i in range(6)]
        writes[3].source_id = 999_999  # no such source: the database refuses this article
        return await asyncio.gather(*(writer.write(w, features) for w in writes),
                                    return_exceptions=True)

    results = asyncio.run(main())
    assert saved[0] == 6  # one batch first, then one article at a time to find the bad one
    assert isinstance(results[3], Exception)
    good = [r for i, r in enumerate(results) if i != 3]
    assert all(isinstance(r, int) for r in good) and store.count_articles() == 5
    stories = store.story_rows()
    assert len(stories) == 1 and stories[0].n_articles == 5  # no story kept the failed article
    assert {store.article(r).story_id for r in good} == {stories[0].id}  # type: ignore[union-attr, arg-type]
    assert all(k > 0 for k in ctx.matcher().partition().values())  # provisional keys: store ids
