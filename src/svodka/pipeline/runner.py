"""The in-process orchestrator: one crawl pass, or a scheduler loop, over the pipeline's tasks."""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
import time
from collections.abc import Awaitable, Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TypeVar

from svodka.config import Settings
from svodka.extract.templates import learn_template
from svodka.fetch import Fetcher, Timeouts
from svodka.fetch.archive import WarcArchive
from svodka.media import open_media_store
from svodka.pipeline.refresh import refresh_stories
from svodka.pipeline.tasks import (
    Context,
    EntryReport,
    PollReport,
    poll_source,
    process_entry,
    warm_up,
)
from svodka.records import PendingEntry, Source
from svodka.store import Store

log = logging.getLogger("svodka.pipeline")

T = TypeVar("T")
# progress(stage, done, total, label): the CLI draws it; tests ignore it.
Progress = Callable[[str, int, int, str], None]

TEMPLATE_MIN_PAGES = 4
POOL_MIN_ENTRIES = 64  # below this, starting worker processes costs more than it saves
POOL_EAGER_SOURCES = 16  # polling this many sources: start the workers while polling
TEMPLATE_MAX_PAGES = 12
RANK_WINDOW = timedelta(days=3)
RANK_EVERY = 10.0  # seconds between a queue worker's story refreshes
RANK_SLACK = timedelta(seconds=5)  # other processes' clocks and transactions still committing
WRITE_DELAY = 0.05  # seconds an analysed article may wait for others to share its transaction


def _learned_template(pages: list[tuple[bytes, str]]) -> str:
    """A site template learned from a source's pages, as JSON (runs in a worker process)."""
    return learn_template(pages).to_json()


@dataclass(slots=True)
class CrawlSummary:
    polls: list[PollReport] = field(default_factory=list)
    entries: list[EntryReport] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def stored(self) -> int:
        return sum(1 for e in self.entries if e.article_id is not None)

    @property
    def failed_entries(self) -> list[EntryReport]:
        return [e for e in self.entries if e.error]

    @property
    def failed_sources(self) -> list[PollReport]:
        return [p for p in self.polls if p.error]


def _quiet(stage: str, done: int, total: int, label: str) -> None:
    return None


async def _bounded(items: list[T], limit: int, work: Callable[[T], Awaitable[object]],
                   stage: str, progress: Progress, label: Callable[[T], str]) -> list[object]:
    sem = asyncio.Semaphore(limit)
    done = 0

    async def one(item: T) -> object:
        nonlocal done
        async with sem:
            result = await work(item)
        done += 1
        progress(stage, done, len(items), label(item))
        return result

    progress(stage, 0, len(items), "")
    return list(await asyncio.gather(*(one(i) for i in items)))


class Pipeline:
    """Wires settings to a store, a fetcher with its archive, and a media store."""

    def __init__(self, settings: Settings, store: Store | None = None) -> None:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        self.settings = settings
        self.store = store or Store(settings.db_url)
        self._ctx: Context | None = None
        self._pool: ProcessPoolExecutor | None = None
        self._keep_pool = False  # the scheduler keeps its workers (and their models) warm
        self._ranked_at: datetime | None = None  # wall clock of the last story refresh
        self._ranked_mono = 0.0

    async def context(self) -> Context:
        if self._ctx is None:
            archive = WarcArchive(self.settings.archive_dir)
            self._ctx = Context(
                store=self.store,
                fetcher=Fetcher(self.settings, archive, timeout=Timeouts(
                    connect=min(10.0, self.settings.fetch_timeout),
                    read=min(20.0, self.settings.fetch_timeout),
                    total=self.settings.fetch_timeout),
                    pacer=self.store if self.settings.pacing_is_shared else None),
                media=open_media_store(self.settings),
            )
        return self._ctx

    async def aclose(self) -> None:
        self._stop_pool()
        if self._ctx is not None:
            await self._ctx.fetcher.aclose()
            if self._ctx.fetcher.archive is not None:
                self._ctx.fetcher.archive.close()  # sealed: ….warc.gz.open -> ….warc.gz
            self._ctx = None

    def _start_pool(self) -> ProcessPoolExecutor | None:
        """The CPU worker processes (one per core unless configured), started at once: each
        loads the models while the crawl polls its sources."""
        workers = self.settings.cpu_processes
        if self._pool is None and workers > 1:
            self._pool = ProcessPoolExecutor(
                workers, mp_context=multiprocessing.get_context("spawn"), initializer=warm_up)
            for _ in range(workers):  # the pool starts a process per waiting call
                self._pool.submit(int)
        return self._pool

    def _stop_pool(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    async def crawl(self, *, progress: Progress = _quiet, due_only: bool = False) -> CrawlSummary:
        """One pass: poll every enabled source and fetch and store every pending article. A
        source's articles start as soon as its poll is done, while other sources are polled."""
        started = time.monotonic()
        ctx = await self.context()
        srcs = self._sources_to_poll(due_only)
        summary = CrawlSummary()
        limit = self.settings.fetch_concurrency
        waiting = self.store.pending_entries()  # retries, and what an interrupted pass left
        if self._pool is not None or len(srcs) >= POOL_EAGER_SOURCES or len(
                waiting) >= POOL_MIN_ENTRIES:  # (a scheduler's pool is warm already)
            ctx.executor = self._start_pool()  # its workers load their models during the polls
        queue: asyncio.Queue[PendingEntry | None] = asyncio.Queue()
        queued: set[int] = set()
        # A few pages of each source without a site template, to learn one after the pass
        # (None: the source has a template).
        samples: dict[int, list[tuple[bytes, str]] | None] = {}

        def enqueue(entries: list[PendingEntry]) -> None:
            for e in entries:
                if e.id in queued:
                    continue
                queued.add(e.id)
                if e.source_id not in samples:
                    samples[e.source_id] = [] if self.store.template(e.source_id) is None else None
                queue.put_nowait(e)
            if ctx.executor is None and len(queued) >= POOL_MIN_ENTRIES:
                ctx.executor = self._start_pool()

        async def poll(src: Source) -> PollReport:
            report = await poll_source(ctx, src.id or 0)
            if report.new_entries:
                enqueue(self.store.pending_entries(source_id=src.id))
            return report

        async def articles() -> None:
            while (entry := await queue.get()) is not None:
                report = await process_entry(ctx, entry)
                pages = samples.get(entry.source_id)
                if report.html is not None and pages is not None and len(
                        pages) < TEMPLATE_MAX_PAGES:
                    pages.append((report.html, report.url))
                report.html = None
                summary.entries.append(report)
                progress("articles", len(summary.entries), len(queued), entry.url)

        enqueue(waiting)
        # Articles finished close together are written in one transaction.
        ctx.writer.max_delay, ctx.writer.max_items = WRITE_DELAY, max(1, limit // 2)
        consumers = [asyncio.create_task(articles()) for _ in range(limit)]
        try:
            polls = await _bounded(srcs, limit, poll, "sources", progress,
                                   lambda s: s.name or s.url)
            summary.polls = [p for p in polls if isinstance(p, PollReport)]
            for _ in consumers:
                queue.put_nowait(None)
            await asyncio.gather(*consumers)
            await self.learn_templates(ctx, {sid: pages for sid, pages in samples.items()
                                             if pages})
        finally:
            for task in consumers:
                task.cancel()
            ctx.writer.flush()
            ctx.writer.max_delay = 0.0
            ctx.executor = None
            if not self._keep_pool:
                self._stop_pool()
        self.rank()
        summary.seconds = time.monotonic() - started
        return summary

    def _sources_to_poll(self, due_only: bool) -> list[Source]:
        now = datetime.now(UTC)
        srcs = []
        for s in self.store.sources(enabled_only=True):
            if due_only:
                state = self.store.source_state(s.id or 0)
                if state.next_poll_at and state.next_poll_at > now:
                    continue
            srcs.append(s)
        return srcs

    async def learn_templates(self, ctx: Context,
                              samples: dict[int, list[tuple[bytes, str]]]) -> None:
        """Learn a site template for each source that has none, from pages just fetched (in
        the worker pool, when there is one)."""
        wanted = {sid: pages for sid, pages in samples.items() if len(pages) >= TEMPLATE_MIN_PAGES}
        learned = await asyncio.gather(*(ctx.run_cpu(_learned_template, pages)
                                         for pages in wanted.values()), return_exceptions=True)
        for (source_id, pages), tpl in zip(wanted.items(), learned, strict=True):
            if isinstance(tpl, BaseException):  # an optimisation: never fail a crawl for it
                log.error("learning a template for source %s failed: %r", source_id, tpl)
                continue
            self.store.save_template(source_id, tpl, len(pages))
            ctx.templates.pop(source_id, None)

    def rank(self) -> None:
        """Name, rank and link the stories changed since the last pass (at first: those changed
        within ``RANK_WINDOW``), in whichever process stored their reports."""
        now = datetime.now(UTC)
        since = self._ranked_at - RANK_SLACK if self._ranked_at else now - RANK_WINDOW
        self._ranked_at, self._ranked_mono = now, time.monotonic()
        refresh_stories(self.store, self.store.story_rows(touched_since=since, limit=100_000))

    def rank_due(self) -> None:
        """``rank()`` when ``RANK_EVERY`` seconds have passed since the last (queue workers)."""
        if time.monotonic() - self._ranked_mono >= RANK_EVERY or not self._ranked_at:
            self.rank()

    async def run_forever(self, *, tick: float = 30.0, progress: Progress = _quiet) -> None:
        """The scheduler: poll the sources that are due, process what they announce, repeat."""
        self._keep_pool = True
        while True:
            try:
                summary = await self.crawl(progress=progress, due_only=True)
                log.info("pass: %d stored, %d failed, %.1fs", summary.stored,
                         len(summary.failed_entries), summary.seconds)
            except Exception:
                log.exception("crawl pass failed")
            await asyncio.sleep(tick)
