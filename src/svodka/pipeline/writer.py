"""Write-behind for analysed articles: the articles that concurrent tasks finish within a few
milliseconds of each other are stored, and placed in stories, in one transaction.

A batch that fails is retried one article at a time, so a bad article fails alone. An article
not yet written when the process dies keeps its entry pending, and the next crawl redoes it.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass

from svodka import metrics
from svodka.records import ArticleWrite, StoryPlacement, StoryRegroup
from svodka.store import Store
from svodka.stories import StoryFeatures, StoryMatcher

log = logging.getLogger("svodka.pipeline")


@dataclass(slots=True)
class _Pending:
    write: ArticleWrite
    features: StoryFeatures  # the article's
    done: asyncio.Future[int]


class ArticleWriter:
    """Collects ``write()`` calls and flushes them as one batch when ``max_items`` are waiting or
    ``max_delay`` seconds after the first; ``max_delay=0`` writes each article at once."""

    def __init__(self, store: Store, matcher: Callable[..., StoryMatcher],
                 reset_matcher: Callable[[], None], *, max_items: int = 64,
                 max_delay: float = 0.0) -> None:
        self.store = store
        self.matcher = matcher
        self.reset_matcher = reset_matcher
        self.max_items = max_items
        self.max_delay = max_delay
        self._queue: list[_Pending] = []
        self._timer: asyncio.TimerHandle | None = None

    async def write(self, write: ArticleWrite, features: StoryFeatures) -> int:
        """Store the article and put it in its story; returns its id once written."""
        loop = asyncio.get_running_loop()
        if any(p.write.url == write.url for p in self._queue):
            self.flush()  # a batch holds one article per URL
        features = StoryFeatures.from_json(features)
        write.story_features = features.to_json()  # the engine is rebuilt from them
        item = _Pending(write, features, loop.create_future())
        self._queue.append(item)
        if self.max_delay <= 0 or len(self._queue) >= self.max_items:
            self.flush()
        elif self._timer is None:
            self._timer = loop.call_later(self.max_delay, self.flush)
        return await item.done

    def flush(self) -> None:
        """Write what is waiting (never raises: failures go to the waiting callers)."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        batch, self._queue = self._queue, []
        if not batch:
            return
        try:
            self._save(batch)
        except Exception as exc:
            self.reset_matcher()  # it placed articles that were not stored
            if len(batch) == 1:
                _fail(batch[0], exc)
                return
            for item in batch:  # find the article that broke the batch; store the others
                try:
                    self._save([item])
                except Exception as one:
                    self.reset_matcher()
                    _fail(item, one)

    def _save(self, batch: list[_Pending]) -> None:
        placed = {True: 0, False: 0}  # articles placed in a new story, in an existing one
        used: list[StoryMatcher] = []

        def place(ids: list[int]) -> list[StoryPlacement | None]:
            # Under the store's placement lock: what other processes placed is read back first,
            # with the stories of the days of older reports.
            matcher = self.matcher(sync=True, around=[p.write.when for p in batch])
            used[:] = [matcher]
            out: list[StoryPlacement | None] = []
            placed[True] = placed[False] = 0  # (a batch retried counts once)
            for item, aid in zip(batch, ids, strict=True):
                sid, created, _score = matcher.assign(item.features, aid)
                placed[bool(created)] += 1
                story = matcher.story(sid)
                w = item.write
                out.append(StoryPlacement(
                    story=sid, features=(story.features if story else item.features).to_json(),
                    when=w.when, title=w.article.title or "",
                    language=w.enrichment.language))
            return out

        ids, started = self.store.save_articles([p.write for p in batch], place,
                                                lambda: story_regroup(used[0]))
        for provisional, real in started.items():
            used[0].rename(provisional, real)
        metrics.ARTICLES_STORED.inc(len(ids))
        metrics.STORY_PLACEMENTS.labels("new").inc(placed[True])
        metrics.STORY_PLACEMENTS.labels("existing").inc(placed[False])
        for item, aid in zip(batch, ids, strict=True):
            if not item.done.done():
                item.done.set_result(aid)


def story_regroup(matcher: StoryMatcher) -> StoryRegroup:
    """The merges and moves the matcher made since it was last asked, with the centroids of the
    stories concerned, for the store to apply with the placements."""
    merges, moves = matcher.pop_merges(), matcher.pop_moves()
    keys = {k for pair in merges for k in pair} | {k for _, k in moves}
    found = {k: matcher.story(k) for k in keys}
    return StoryRegroup(merges=merges, moves=moves,
                        features={k: c.features.to_json() for k, c in found.items()
                                  if c is not None})


def _fail(item: _Pending, exc: Exception) -> None:
    log.error("storing %s failed: %s: %s", item.write.url, type(exc).__name__, exc)
    if not item.done.done():
        item.done.set_exception(exc)
