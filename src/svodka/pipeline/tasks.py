"""The pipeline's two tasks, ``poll_source`` and ``process_entry``: plain async functions of ids.

They wire the stages together and read and write the store; the in-process runner and the queue
workers call the very same functions. No stage module imports another stage.
"""

from __future__ import annotations

import asyncio
import itertools
import logging
import pickle
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Executor, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cache, partial
from typing import TypeVar

from svodka import metrics, stories
from svodka.enrich import enrich, enrich_text
from svodka.extract import extract
from svodka.extract.templates import SiteTemplate
from svodka.fetch import Fetcher, FetchError
from svodka.fetch.policy import next_poll, retry_delay
from svodka.media import MediaError, MediaStore, mirror_image
from svodka.pipeline.cluster import story_features
from svodka.pipeline.writer import ArticleWriter
from svodka.records import (
    Article,
    ArticleWrite,
    Enrichment,
    Image,
    NoArticle,
    OutletRules,
    Page,
    PendingEntry,
    TextFingerprint,
)
from svodka.sources import SourceError, read_source
from svodka.store import Store, StoryRow
from svodka.stories import StoryFeatures
from svodka.stories.duplicates import fingerprint
from svodka.urls import canonicalize

log = logging.getLogger("svodka.pipeline")
T = TypeVar("T")

MIRRORED_ROLES = ("hero", "gallery")
MAX_SITEMAP_CHILDREN = 5
STORY_WINDOW = timedelta(days=2)
MATCHER_REFRESH = 30.0  # seconds between reloads of stories changed by other processes
# A story's touched_at is taken when its transaction starts writing, which may be this long before
# it commits: a sync reads back the stories touched since its last sync, less this.
SYNC_MARGIN = timedelta(seconds=10)


@dataclass(slots=True)
class PollReport:
    source_id: int
    name: str
    new_entries: int = 0
    not_modified: bool = False
    error: str | None = None


@dataclass(slots=True)
class EntryReport:
    entry_id: int
    url: str
    article_id: int | None = None
    error: str | None = None
    html: bytes | None = field(default=None, repr=False)  # kept for learning site templates


@cache
def _cpu_thread() -> ThreadPoolExecutor:
    """One thread per process for CPU-bound stages without a process pool: one at a time, as
    they ran inline, but off the event loop."""
    return ThreadPoolExecutor(1, thread_name_prefix="svodka-cpu")


@dataclass(slots=True)
class Context:
    """What the tasks need: the store, a fetcher, the media store; built once per process."""

    store: Store
    fetcher: Fetcher
    media: MediaStore
    templates: dict[int, SiteTemplate | None] = field(default_factory=dict)
    source_rules: dict[int, OutletRules | None] | None = None  # by source id, read once
    # Where the CPU-bound stages (extract, enrich) run: None = inline, else a process pool.
    executor: Executor | None = None
    _writer: ArticleWriter | None = None
    _matcher: stories.StoryMatcher | None = None
    _matcher_loaded: float = 0.0
    _synced: datetime = datetime.min.replace(tzinfo=UTC)  # store time of the last sync
    _window_from: datetime | None = None  # the matcher holds the stories since this time
    _days_held: set[date] = field(default_factory=set)  # ... and those around these older days
    _media_picklable: bool | None = None

    @property
    def writer(self) -> ArticleWriter:
        if self._writer is None:
            # Writes each article at once; a crawl batches (``writer.max_delay``).
            self._writer = ArticleWriter(self.store, self.matcher, self.reset_matcher)
        return self._writer

    def reset_matcher(self) -> None:
        """Forget the in-memory stories; the next use reloads them from the store."""
        self._matcher = None
        self._matcher_loaded = 0.0
        self._days_held.clear()

    @property
    def media_picklable(self) -> bool:
        if self._media_picklable is None:
            try:
                pickle.dumps(self.media)
                self._media_picklable = True
            except Exception:  # an S3 client is not: its work stays in a thread here
                self._media_picklable = False
        return self._media_picklable

    async def run_cpu(self, fn: Callable[..., T], *args: object, picklable: bool = True) -> T:
        """Run CPU-bound work in the process pool when there is one, else in this process's
        one CPU thread: never on the event loop, whose connections (their timeouts running)
        would wait behind it, most of all while a first article loads the models."""
        loop = asyncio.get_running_loop()
        if self.executor is not None and picklable:
            return await loop.run_in_executor(self.executor, fn, *args)
        return await loop.run_in_executor(_cpu_thread(), fn, *args)

    def matcher(self, *, sync: bool = False,
                around: Iterable[datetime] = ()) -> stories.StoryMatcher:
        """The in-memory story index over recent stories. The stories other processes changed
        are read back now and then, and at once with ``sync`` (the writer syncs under the store's
        placement lock, so every placement sees every report placed before it, whichever
        process placed it). ``around``: the times of reports about to be placed; for one older
        than the recent stories, the stories of its own days are loaded too (a backfill's old
        reports meet their event's story whichever process, and when, placed its first one)."""
        matcher = self._recent_matcher(sync)
        aware = (w if w.tzinfo is not None else w.replace(tzinfo=UTC) for w in around)
        for day in sorted({when.astimezone(UTC).date() for when in aware
                           if self._window_from is not None and when < self._window_from}):
            if day not in self._days_held:
                start = datetime.combine(day, datetime.min.time(), UTC)
                # Stories that can be alike (the time factor is not 0) for a report of that day.
                self._restore([r for r in self.store.story_rows(
                    updated_since=start - STORY_WINDOW * 2,
                    before=start + timedelta(days=1) + STORY_WINDOW * 2, limit=100_000)
                    if not matcher.holds(r.id, r.n_articles)])
                self._days_held.add(day)
        return matcher

    def _recent_matcher(self, sync: bool) -> stories.StoryMatcher:
        now = time.monotonic()
        wall = datetime.now(UTC)
        if self._matcher is None:
            # New stories get provisional negative keys; the store gives them ids.
            self._matcher = stories.StoryMatcher(new_id=partial(next, itertools.count(-1, -1)))
            self._restore(self.store.story_rows(
                updated_since=self._window_end() - STORY_WINDOW * 2, limit=100_000))
        elif sync or now - self._matcher_loaded > MATCHER_REFRESH:
            rows = self.store.story_rows(touched_since=self._synced - SYNC_MARGIN, limit=100_000)
            self._restore([r for r in rows if not self._matcher.holds(r.id, r.n_articles)])
            if now - self._matcher_loaded <= MATCHER_REFRESH:
                self._synced = wall
                return self._matcher
        else:
            return self._matcher
        self._window_from = self._window_end() - STORY_WINDOW * 2
        self._matcher.forget_before(self._window_from)
        self._days_held.clear()
        self._matcher_loaded, self._synced = now, wall
        return self._matcher

    def _restore(self, rows: list[StoryRow]) -> None:
        """Stories from the store into the matcher: report by report where every report kept its
        features, else whole (stored before they were kept)."""
        reports = self.store.story_reports([r.id for r in rows])
        for r in rows:
            mine = reports.get(r.id, [])
            if mine and all(f is not None for _, f in mine):
                self._matcher.restore(r.id, mine, r.updated)  # type: ignore[union-attr]
            else:
                self._matcher.load(r.id, r.features, r.updated, r.n_articles)  # type: ignore[union-attr]

    def _window_end(self) -> datetime:
        """Where the story window ends: now, or the latest story's last report when the store
        holds older news (a reprocessed archive), so the window follows the reports' own time."""
        now = datetime.now(UTC)
        latest = self.store.story_rows(limit=1)
        if latest and latest[0].updated is not None:
            return min(now, latest[0].updated)
        return now

    def rules(self, source_id: int) -> OutletRules | None:
        """The outlet rules set for a source (read once per process)."""
        if self.source_rules is None:
            self.source_rules = {s.id: s.rules for s in self.store.sources() if s.id is not None}
        return self.source_rules.get(source_id)

    def template(self, source_id: int) -> SiteTemplate | None:
        if source_id not in self.templates:
            found = self.store.template(source_id)
            self.templates[source_id] = SiteTemplate.from_json(found[0]) if found else None
        return self.templates[source_id]


async def poll_source(ctx: Context, source_id: int) -> PollReport:
    """Fetch a source (conditionally), queue the article URLs it announces, plan the next poll."""
    state = ctx.store.source_state(source_id)
    src = state.source
    report = PollReport(source_id, src.name or src.url)
    now = datetime.now(UTC)
    try:
        page = await ctx.fetcher.fetch(src.url, etag=state.etag, last_modified=state.last_modified,
                                       kind="feed", attempt=state.failures)
        if page.not_modified:
            report.not_modified = True
            interval = next_poll(0, state.poll_interval, headers=page.headers)
            ctx.store.record_poll(source_id, ok=True, interval=interval,
                                  next_poll_at=now + timedelta(seconds=interval))
            return report
        result = read_source(src, page)
        entries = list(result.entries)
        if result.kind == "sitemapindex":
            for child in result.child_urls[:MAX_SITEMAP_CHILDREN]:
                child_page = await ctx.fetcher.fetch(child, kind="feed")
                entries.extend(read_source(src, child_page).entries)
        elif not entries and result.kind == "html":
            found = ", ".join(result.child_urls[:3])
            raise SourceError("an HTML page, not a feed" + (f"; feeds it links: {found}"
                                                            if found else ""))
        for e in entries:
            e.url = canonicalize(e.url)
            e.source_id = source_id
        report.new_entries = ctx.store.add_entries(source_id, entries)
        interval = next_poll(report.new_entries, state.poll_interval, headers=page.headers,
                             ttl_seconds=result.ttl_seconds)
        ctx.store.record_poll(
            source_id, ok=True, etag=page.headers.get("etag"),
            last_modified=page.headers.get("last-modified"), interval=interval,
            next_poll_at=now + timedelta(seconds=interval), name=result.title)
    except (FetchError, SourceError) as exc:
        if isinstance(exc, FetchError):
            metrics.ENTRY_FAILURES.labels(f"fetch:{exc.kind}").inc()
        report.error = exc.reason
        delay = getattr(exc, "retry_after", None) or retry_delay(state.failures, src.url)
        ctx.store.record_poll(source_id, ok=False, error=exc.reason,
                              next_poll_at=now + timedelta(seconds=delay))
    return report


def build_article(page: Page, entry: PendingEntry, template: SiteTemplate | None,
                  rules: OutletRules | None = None) -> Article:
    """Extract the article from a fetched page and fill what the page lacks from the feed entry."""
    article = extract(page.body, url=page.url, template=template,
                      content_type=page.headers.get("content-type"), rules=rules)
    if not article.title and entry.title:
        article.title = entry.title
    if article.published is None and entry.published is not None:
        article.published = entry.published
    if entry.image_url and not any(im.role == "hero" for im in article.images):
        article.images.insert(0, Image(url=entry.image_url, role="hero"))
    return article


def article_url(article: Article, page: Page) -> str:
    """The canonical URL an article is stored under: the page's canonical link on the same site."""
    final = canonicalize(page.url)
    if article.url:
        declared = canonicalize(article.url)
        if declared.split("/")[2:3] == final.split("/")[2:3]:
            return declared
    return final


async def mirror_images(ctx: Context, source_id: int, article: Article) -> None:
    """Copy hero and gallery images into the media store; a failed image keeps no media key."""
    for im in article.images:
        if im.role not in MIRRORED_ROLES:
            continue
        try:
            page = await ctx.fetcher.fetch(im.url, kind="image")
            stored = await ctx.run_cpu(partial(mirror_image, original_url=im.url), ctx.media,
                                       source_id, page.body, picklable=ctx.media_picklable)
        except (FetchError, MediaError) as exc:
            log.info("image %s not mirrored: %s", im.url, exc.reason)
            continue
        im.media_key, im.thumbnails = stored.key, dict(stored.thumbnails)
        im.width, im.height = stored.width, stored.height


def warm_up() -> None:
    """Load the extraction and enrichment models (a worker process's initializer)."""
    extract(b"<html><body><article><h1>svodka</h1><p>warm up</p></article></body></html>",
            url="http://localhost/")
    for title, text in (("Новости дня", "Сергей Лавров заявил журналистам в Москве."),
                        ("Новини дня", "Володимир Зеленський заявив журналістам у Києві."),
                        ("News of the day", "John Smith told reporters in London.")):
        enrich_text(title, text)


def analyse(page: Page, entry: PendingEntry, template: SiteTemplate | None,
            rules: OutletRules | None = None
            ) -> tuple[Article, Enrichment, StoryFeatures, TextFingerprint | None] | NoArticle:
    """The CPU-bound part of processing a page: extraction, enrichment, story features and the
    near-duplicate fingerprint (picklable in and out). Why not, when the page holds no article.
    """
    article = build_article(page, entry, template, rules)
    if article.missing is not None or not article.title or not article.blocks:
        return article.missing or NoArticle.NO_PROSE
    enrichment = enrich(article)
    return (article, enrichment, story_features(article, enrichment),
            fingerprint(article.text))


async def store_page(ctx: Context, entry: PendingEntry, page: Page, *, mirror: bool = True) -> int:
    """Extract, enrich, mirror and store one fetched page; returns the article id."""
    result = await ctx.run_cpu(analyse, page, entry, ctx.template(entry.source_id),
                               ctx.rules(entry.source_id))
    if isinstance(result, NoArticle):
        metrics.ENTRY_FAILURES.labels(result.name.lower()).inc()
        raise SourceError(f"no article found on the page: {result.value}")
    article, enrichment, features, fp = result
    if mirror:
        await mirror_images(ctx, entry.source_id, article)
    url = article_url(article, page)
    article.url = url
    write = ArticleWrite(entry_id=entry.id, source_id=entry.source_id, article=article,
                         enrichment=enrichment, fetched_at=page.fetched_at or datetime.now(UTC),
                         url=url, fingerprint=fp)
    return await ctx.writer.write(write, features)


async def process_entry(ctx: Context, entry: PendingEntry) -> EntryReport:
    """Fetch an announced article and store it; a failure is recorded with its retry."""
    report = EntryReport(entry.id, entry.url)
    try:
        page = await ctx.fetcher.fetch(entry.url, kind="page", attempt=entry.attempts)
        report.article_id = await store_page(ctx, entry, page)
        report.html = page.body
    except (FetchError, SourceError) as exc:
        if isinstance(exc, FetchError):
            metrics.ENTRY_FAILURES.labels(f"fetch:{exc.kind}").inc()
        report.error = exc.reason
        permanent = getattr(exc, "permanent", True)
        retry = None if permanent else (
            getattr(exc, "retry_after", None) or retry_delay(entry.attempts, entry.url))
        ctx.store.entry_failed(entry.id, exc.reason, retry_in=retry)
    except OSError as exc:  # this machine's fault (a full disk, an I/O error), not the page's
        log.error("processing %s failed: %s (tried again later)", entry.url, exc)
        metrics.ENTRY_FAILURES.labels("local_io").inc()
        report.error = f"local I/O error: {exc}"
        ctx.store.entry_failed(entry.id, report.error, counted=False,
                               retry_in=retry_delay(entry.attempts, entry.url))
    except Exception as exc:  # a bug or hostile page must not stop the crawl
        log.exception("processing %s failed", entry.url)
        metrics.ENTRY_FAILURES.labels("internal").inc()
        report.error = f"internal error: {type(exc).__name__}: {exc}"
        ctx.store.entry_failed(entry.id, report.error, retry_in=None)
    return report
