"""Rendered pages kept between requests, invalidated when the store changes (its generation)."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, func, select

from svodka.store import schema as t

# Ask the store for its generation at most this often: one cheap query shared by all requests.
CHECK_SECONDS = 0.5
# While a crawl keeps changing the store, a page is rebuilt at most this often: news 10 s old
# is fresh enough, and the pages a crawl keeps changing cost each server process about a tenth
# of a core to remake every 3 s over 100k articles (home 0.2 s, search 0.25 s: docs/site.md).
FRESH_SECONDS = 10.0
# Even with the store unchanged, relative times ("5 minutes ago") are redrawn this often.
MAX_AGE_SECONDS = 60.0
# Rendered pages kept (an article page is about 30 KB: at most ~60 MB).
MAX_ENTRIES = 2000

Generation = tuple[Any, ...]
# The scope key a route sets (``cacheable(request)``) when its answer depends only on the path,
# the query, the interface language, the time zone and the store (``responses.ResponseCache``).
CACHEABLE = "svodka.cacheable"


def cacheable(scope: dict[str, Any]) -> None:
    """Mark the request of ``scope`` as one whose 200 answer the response cache may keep."""
    scope[CACHEABLE] = True


def store_generation(engine: Engine) -> Generation:
    """What changes whenever the store does: newest article, last story change, last poll,
    sources added, removed, paused or resumed."""
    q = select(
        select(func.max(t.articles.c.id)).scalar_subquery(),
        select(func.max(t.stories.c.touched_at)).scalar_subquery(),
        select(func.max(t.sources.c.last_polled_at)).scalar_subquery(),
        select(func.count()).select_from(t.sources).scalar_subquery(),
        select(func.count()).where(t.sources.c.enabled.is_(True)).scalar_subquery(),
    )
    with engine.connect() as c:
        return tuple(c.execute(q).one())


@dataclass(slots=True)
class Entry:
    generation: Generation
    made: float
    value: Any


class PageCache:
    """An LRU of computed values keyed by what the page depends on (path, query, language, zone).

    A value is served while the store's generation is unchanged (up to ``MAX_AGE_SECONDS``),
    and for ``FRESH_SECONDS`` after it was made whatever the store did since.
    """

    def __init__(self, generation: Callable[[], Generation], *,
                 max_entries: int = MAX_ENTRIES, clock: Callable[[], float] = time.monotonic
                 ) -> None:
        self._generation = generation
        self.max_entries = max_entries
        self.clock = clock
        self.entries: OrderedDict[Hashable, Entry] = OrderedDict()
        self.lock = threading.Lock()
        self.seen: tuple[float, Generation] | None = None
        self.hits = 0
        self.misses = 0

    def clear(self) -> None:
        """Forget every page (after a change the generation does not see, e.g. an admin edit)."""
        with self.lock:
            self.entries.clear()
            self.seen = None

    def generation_due(self) -> bool:
        """Whether the next ``generation()`` asks the store (else it answers from memory)."""
        seen = self.seen
        return seen is None or self.clock() - seen[0] >= CHECK_SECONDS

    def generation(self) -> Generation:
        if self.generation_due():
            self.seen = (self.clock(), self._generation())
        assert self.seen is not None
        return self.seen[1]

    def lookup(self, key: Hashable) -> Any | None:
        """The value if it is still good, without computing anything (None: compute it)."""
        now = self.clock()
        gen = self.generation()
        with self.lock:
            entry = self.entries.get(key)
            if entry is None or not self._valid(entry, gen, now):
                return None
            self.entries.move_to_end(key)
            self.hits += 1
            return entry.value

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        found = self.lookup(key)
        if found is not None:
            return found
        now = self.clock()
        gen = self.generation()
        value = compute()  # outside the lock: two threads may both compute, neither waits
        self.put(key, gen, now, value)
        return value

    def put(self, key: Hashable, generation: Generation, made: float, value: Any) -> None:
        """Keep ``value``, computed from the store at ``generation`` starting at ``made``."""
        with self.lock:
            self.misses += 1
            self.entries[key] = Entry(generation, made, value)
            self.entries.move_to_end(key)
            while len(self.entries) > self.max_entries:
                self.entries.popitem(last=False)

    def drop(self, key: Hashable) -> None:
        with self.lock:
            self.entries.pop(key, None)

    @staticmethod
    def _valid(entry: Entry, gen: Generation, now: float) -> bool:
        age = now - entry.made
        return age < FRESH_SECONDS or (entry.generation == gen and age < MAX_AGE_SECONDS)
