"""The store on SQLite and on PostgreSQL: idempotent queues, transactional article writes, search."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import inspect

from svodka.records import (
    Article,
    Block,
    Enrichment,
    FeedEntry,
    Image,
    RelatedLink,
    Source,
    StoryPlacement,
)
from svodka.store import Store


@pytest.fixture
def store(db_url: str) -> Store:
    s = Store(db_url)
    yield s
    s.close()


def _article(url: str, title: str = "Заголовок") -> Article:
    kyiv = timezone(timedelta(hours=2))
    return Article(
        url=url, title=title, lead="Лід.", blocks=[Block("Лід."), Block("Текст статті.")],
        images=[Image(url=f"{url}/hero.jpg", role="hero", alt="фото", media_key="1/ab.jpg",
                      thumbnails={320: "1/ab.w320.webp"})],
        related=[RelatedLink(text="Раніше", url=f"{url}/old")],
        published=datetime(2026, 11, 24, 10, 0, tzinfo=kyiv), tags=["Київ"],
    )


def test_migrations_create_the_schema(store: Store) -> None:
    tables = set(inspect(store.engine).get_table_names())
    assert {"sources", "entries", "articles", "images", "stories", "templates"} <= tables
    Store(store.url).close()  # migrating again is a no-op


def test_sources_are_upserted_by_url(store: Store) -> None:
    a = store.add_source(Source(url="https://a.example/rss", name="A", language="uk"))
    b = store.add_source(Source(url="https://a.example/rss", name="A2", language="uk"))
    assert a.id == b.id and b.name == "A2"
    assert [s.url for s in store.sources()] == ["https://a.example/rss"]


def test_entries_are_queued_once(store: Store) -> None:
    src = store.add_source(Source(url="https://a.example/rss"))
    items = [FeedEntry(url=f"https://a.example/n/{i}") for i in range(3)]
    assert store.add_entries(src.id, items + items[:1]) == 3
    assert store.add_entries(src.id, items) == 0
    assert len(store.pending_entries()) == 3


def test_failed_entry_is_retried_later_and_permanent_failure_is_not(store: Store) -> None:
    src = store.add_source(Source(url="https://a.example/rss"))
    store.add_entries(src.id, [FeedEntry(url="https://a.example/1"),
                               FeedEntry(url="https://a.example/2")])
    first, second = store.pending_entries()
    store.entry_failed(first.id, "HTTP 503", retry_in=600)
    store.entry_failed(second.id, "HTTP 404", retry_in=None)
    assert store.pending_entries() == []
    later = store.pending_entries(now=datetime.now(UTC) + timedelta(seconds=601))
    assert [e.url for e in later] == ["https://a.example/1"]
    assert later[0].attempts == 1
    assert store.entry_counts() == {"failed": 1, "skipped": 1}


def test_article_round_trip_keeps_offsets_images_and_related(store: Store) -> None:
    src = store.add_source(Source(url="https://a.example/rss", name="A"))
    store.add_entries(src.id, [FeedEntry(url="https://a.example/1")])
    (entry,) = store.pending_entries()
    art = _article("https://a.example/1")
    enr = Enrichment(language="uk", category="society", lemmas="текст стаття",
                     entities={"PER": [], "ORG": [], "LOC": ["Київ"]})
    aid = store.save_article(entry_id=entry.id, source_id=src.id, article=art, enrichment=enr,
                             fetched_at=datetime.now(UTC), url=art.url)
    got = store.article(aid)
    assert got is not None and got.source_name == "A"
    assert got.article.published == art.published
    assert got.article.published.utcoffset() == timedelta(hours=2)
    assert got.article.images[0].thumbnails == {320: "1/ab.w320.webp"}
    assert got.article.related[0].url == "https://a.example/1/old"
    assert got.article.paragraphs == ["Лід.", "Текст статті."]
    assert got.enrichment.entities["LOC"] == ["Київ"]
    assert store.pending_entries() == [] and store.entry_counts() == {"done": 1}


def test_saving_the_same_url_again_updates_in_place(store: Store) -> None:
    src = store.add_source(Source(url="https://a.example/rss"))
    now = datetime.now(UTC)
    a1 = store.save_article(entry_id=None, source_id=src.id, article=_article("https://a.example/1"),
                            enrichment=Enrichment(), fetched_at=now, url="https://a.example/1")
    a2 = store.save_article(entry_id=None, source_id=src.id,
                            article=_article("https://a.example/1", "Новий заголовок"),
                            enrichment=Enrichment(), fetched_at=now, url="https://a.example/1")
    assert a1 == a2 and store.count_articles() == 1
    stored = store.article(a1)
    assert stored is not None and stored.article.title == "Новий заголовок"
    assert len(stored.article.images) == 1


def test_full_text_search_over_lemmas(store: Store) -> None:
    src = store.add_source(Source(url="https://a.example/rss"))
    now = datetime.now(UTC)
    for i, lemmas in enumerate(["переговоры россия сша", "курс доллар расти"]):
        store.save_article(entry_id=None, source_id=src.id, article=_article(f"https://a/{i}"),
                           enrichment=Enrichment(lemmas=lemmas), fetched_at=now,
                           url=f"https://a/{i}")
    assert [a.article.url for a in store.search("переговоры")] == ["https://a/0"]
    assert [a.article.url for a in store.search("доллар расти")] == ["https://a/1"]
    assert store.search("квантовый") == []
    assert store.search("\" OR 1=1 --") == []  # not a syntax error, not everything


def test_stories_count_articles_and_sources(store: Store) -> None:
    a = store.add_source(Source(url="https://a.example/rss"))
    b = store.add_source(Source(url="https://b.example/rss"))
    now = datetime.now(UTC)
    ids = [store.save_article(entry_id=None, source_id=s.id, article=_article(f"https://x/{i}"),
                              enrichment=Enrichment(language=lang), fetched_at=now,
                              url=f"https://x/{i}")
           for i, (s, lang) in enumerate([(a, "uk"), (b, "ru"), (b, "ru")])]
    sid = store.place_articles({ids[0]: StoryPlacement(story=-1, features={"k": 1}, when=now,
                                                       title="t", language="uk")})[-1]
    for aid in ids[1:]:
        store.place_articles({aid: StoryPlacement(story=sid, features={"k": 2},
                                                  when=now + timedelta(hours=1))})
    row = store.story(sid)
    assert row is not None
    assert (row.n_articles, row.n_sources, row.languages) == (3, 2, ["ru", "uk"])
    assert row.updated > row.first_seen and row.features == {"k": 2}
    assert {x.id for x in store.latest_articles(story_id=sid)} == set(ids)


def test_stories_changed_since_are_found_by_wall_clock(store: Store) -> None:
    src = store.add_source(Source(url="https://a.example/rss"))
    long_ago = datetime(2020, 1, 1, tzinfo=UTC)  # reports published long ago ...
    ids = [store.save_article(entry_id=None, source_id=src.id, article=_article(f"https://y/{i}"),
                              enrichment=Enrichment(), fetched_at=long_ago, url=f"https://y/{i}")
           for i in range(2)]
    sid = store.place_articles({ids[0]: StoryPlacement(story=-1, features={}, when=long_ago)})[-1]
    mark = datetime.now(UTC)
    assert store.story_rows(touched_since=mark + timedelta(seconds=1)) == []
    store.place_articles({ids[1]: StoryPlacement(story=sid, features={}, when=long_ago)})
    # ... but the story changed now
    assert [r.id for r in store.story_rows(touched_since=mark)] == [sid]
    assert store.story_rows(updated_since=mark) == []
