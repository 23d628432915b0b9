"""The write path every process shares (``ArticleWriter``, used by the crawl and the queue workers)
hands the matcher's merges and moves to the store with the placements; ``Pipeline.rank`` refreshes
only the stories changed since its last pass, and ``rank_due`` (the workers') not too often."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from svodka.config import Settings
from svodka.pipeline import Pipeline
from svodka.pipeline.writer import ArticleWriter
from svodka.records import Article, ArticleWrite, Block, Enrichment, Source, StoryPlacement
from svodka.store import Store

T0 = datetime(2026, 11, 26, 8, 0, tzinfo=UTC)


class Features(dict):
    """Story features as the matcher keeps them (a record that gives its JSON)."""

    def to_json(self) -> dict:
        return dict(self)


@dataclass
class Story:
    features: Features


class ScriptedMatcher:
    """A matcher whose decisions the test scripts: each report's story key, then merges and
    moves to report once."""

    def __init__(self, keys: list[int]) -> None:
        self.keys = keys
        self.merges: list[tuple[int, int]] = []
        self.moves: list[tuple[int, int]] = []
        self.renamed: dict[int, int] = {}

    def assign(self, features: dict, article_id: int | None = None) -> tuple[int, bool, float]:
        key = self.keys.pop(0)
        return key, key < 0, 1.0

    def story(self, key: int) -> Story:
        return Story(Features(key=key))

    def rename(self, old: int, new: int) -> None:
        self.renamed[old] = new

    def pop_merges(self) -> list[tuple[int, int]]:
        out, self.merges = self.merges, []
        return out

    def pop_moves(self) -> list[tuple[int, int]]:
        out, self.moves = self.moves, []
        return out


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = Store(db_url)
    yield s
    s.close()


def _write(src: Source, n: int, lang: str = "uk") -> ArticleWrite:
    url = f"https://{src.name}.example/{n}"
    art = Article(url=url, title=f"Повідомлення номер {n} про подію", blocks=[Block("Текст.")],
                  published=T0 + timedelta(minutes=n))
    return ArticleWrite(entry_id=None, source_id=src.id or 0, article=art,
                        enrichment=Enrichment(language=lang), fetched_at=T0, url=url)


def _run(writer: ArticleWriter, writes: list[ArticleWrite]) -> list[int]:
    async def go() -> list[int]:
        return list(await asyncio.gather(*(writer.write(w, Features()) for w in writes)))
    return asyncio.run(go())


def test_the_writer_applies_merges_and_moves_with_the_placements(store: Store):
    a, b = (store.add_source(Source(url=f"https://{n}.example/rss", name=n)) for n in "ab")
    matcher = ScriptedMatcher([-1, -2])
    writer = ArticleWriter(store, lambda **_: matcher, lambda: None)
    first, second = _run(writer, [_write(a, 1)]) + _run(writer, [_write(b, 2, "ru")])
    one, two = matcher.renamed[-1], matcher.renamed[-2]
    # a third report shows both are one event: the matcher fuses them while placing it
    matcher.keys, matcher.merges = [one], [(two, one)]
    (third,) = _run(writer, [_write(b, 3, "ru")])
    row = store.story(one)
    assert (row.n_articles, row.n_sources, row.languages) == (3, 2, ["ru", "uk"])
    assert store.story_redirect(two) == one and row.features == {"key": one}
    # later the matcher splits the first report off into a story of its own
    matcher.keys, matcher.moves = [one], [(first, -9)]
    _run(writer, [_write(a, 4)])
    split = matcher.renamed[-9]
    assert store.article(first).story_id == split
    assert store.story(one).n_articles == 3 and store.story(split).n_articles == 1
    assert {store.article(i).story_id for i in (second, third)} == {one}


def test_rank_refreshes_what_changed_and_rank_due_waits(store: Store, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch):
    pipeline = Pipeline(Settings(data_dir=tmp_path), store=store)
    src = store.add_source(Source(url="https://c.example/rss", name="c"))
    (aid,) = store.save_articles([_write(src, 1)])[0]
    sid = store.place_articles({aid: StoryPlacement(story=-1, features={}, when=T0,
                                                    title="provisional", language="uk")})[-1]
    refreshed: list[list[int]] = []
    monkeypatch.setattr("svodka.pipeline.runner.refresh_stories",
                        lambda st, rows: refreshed.append([r.id for r in rows]))
    pipeline.rank_due()  # the first call ranks at once
    pipeline.rank_due()  # ... the next waits for RANK_EVERY
    assert refreshed == [[sid]]
    monkeypatch.setattr("svodka.pipeline.runner.RANK_SLACK", timedelta(0))
    pipeline.rank()  # nothing changed since (beyond the slack given to other processes)
    assert refreshed[-1] == []
    store.place_articles({store.save_articles([_write(src, 2)])[0][0]: StoryPlacement(
        story=sid, features={}, when=T0)})
    pipeline.rank()
    assert refreshed[-1] == [sid]


def test_processes_placing_at_once_see_each_other_and_group_one_event(store: Store):
    """Two processes' writers (two contexts over one store, each with its matcher loaded before
    either writes): the second places its report beside the first's, as one process would, since
    a writer reads back what others placed under the store's placement lock before placing."""
    from svodka.pipeline.tasks import Context
    from svodka.stories import features

    a, b = (store.add_source(Source(url=f"https://{n}.example/rss", name=n)) for n in "ab")
    one, two = (Context(store=store, fetcher=None, media=None)  # type: ignore[arg-type]
                for _ in range(2))
    one.matcher(), two.matcher()  # both loaded while the store holds no story

    def write(ctx: Context, src: Source, n: int) -> int:
        w = _write(src, n)
        w.article.title = "Нацбанк знизив облікову ставку до 13,5% через уповільнення інфляції"
        w.article.blocks = [Block("Правління Національного банку ухвалило рішення знизити "
                                  f"облікову ставку до 13,5%, повідомили в регуляторі ({n}).")]
        return asyncio.run(ctx.writer.write(w, features(w.article, Enrichment(language="uk"))))

    first = write(one, a, 1)
    second = write(two, b, 2)
    third = write(one, a, 3)
    stories = {store.article(i).story_id for i in (first, second, third)}  # type: ignore[union-attr]
    assert len(stories) == 1 and None not in stories
    assert store.story(stories.pop()).n_articles == 3  # type: ignore[union-attr]


def test_an_old_report_meets_its_event_whichever_process_placed_the_first(store: Store):
    """A backfill: reports six weeks older than the recent stories. The first is placed by one
    process; a process started afterwards (its matcher loaded with the recent stories only)
    places the second beside it, as one process holding both in memory would."""
    from sqlalchemy import select, update

    from svodka.pipeline.tasks import Context
    from svodka.store import schema as t
    from svodka.stories import features

    a, b, c = (store.add_source(Source(url=f"https://{n}.example/rss", name=n)) for n in "abc")

    def write(ctx: Context, src: Source, n: int, title: str, text: str,
              back: timedelta = timedelta(0)) -> int:
        w = _write(src, n)
        w.article.title, w.article.blocks = title, [Block(text)]
        w.article.published = T0 - back + timedelta(minutes=n)
        return asyncio.run(ctx.writer.write(w, features(w.article, Enrichment(language="uk"))))

    def process() -> Context:
        return Context(store=store, fetcher=None, media=None)  # type: ignore[arg-type]

    write(process(), c, 1, "Укренерго оголосило графіки відключень на вівторок",
          "Оператор системи передачі повідомив про графіки відключень світла у вівторок.")
    hold = ("НБУ зберіг облікову ставку на рівні 14,5%",
            "Правління Національного банку залишило облікову ставку 14,5% річних без змін, "
            "попри сповільнення інфляції у вересні до 9,4%.")
    six_weeks = timedelta(days=42)
    first = write(process(), a, 2, *hold, back=six_weeks)
    with store.engine.begin() as conn:  # an hour passes before the other process starts
        for sid, touched in conn.execute(select(t.stories.c.id, t.stories.c.touched_at)).all():
            conn.execute(update(t.stories).where(t.stories.c.id == sid)
                         .values(touched_at=touched - timedelta(hours=1)))
    later = process()
    later.matcher()  # loaded with the recent stories: the old story is not among them
    second = write(later, b, 3, *hold, back=six_weeks)
    one, two = (store.article(i).story_id for i in (first, second))  # type: ignore[union-attr]
    assert one is not None and one == two
    assert store.story(one).n_articles == 2  # type: ignore[union-attr]
