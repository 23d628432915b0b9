"""Rebuild articles from the WARC archive with the current extractor and templates; no network."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from svodka.fetch import FetchError
from svodka.fetch.archive import ArchivedAt, WarcArchive
from svodka.pipeline.runner import Pipeline
from svodka.pipeline.tasks import Context, store_page
from svodka.records import Page
from svodka.sources import SourceError
from svodka.urls import canonicalize


class ArchiveFetcher:
    """Answers image fetches from the archive, so mirroring needs no network either; only
    where each image lies is kept in memory, its bytes are read when asked for."""

    def __init__(self, where: dict[str, ArchivedAt]) -> None:
        self.where = where

    async def fetch(self, url: str, **_: object) -> Page:
        at = self.where.get(canonicalize(url))
        if at is None:
            raise FetchError(f"{url} is not in the archive", kind="archive", permanent=True)
        return WarcArchive.read(at)

    async def aclose(self) -> None:
        return None


@dataclass(slots=True)
class ReprocessSummary:
    rebuilt: int = 0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)


def _key(page: Page) -> str:
    return canonicalize(page.requested_url or page.url)


async def reprocess(pipeline: Pipeline, *, source: str | None = None,
                    since: datetime | None = None) -> ReprocessSummary:
    """Re-extract every archived article page, optionally of one source, from ``since`` on."""
    archive = WarcArchive(pipeline.settings.archive_dir)
    store = pipeline.store
    wanted = None
    if source is not None:
        wanted = {s.id for s in store.sources() if source in (str(s.id), s.name, s.url)}
        if not wanted:
            raise SourceError(f"no source {source!r}")
    images: dict[str, ArchivedAt] = {}
    for page, at in archive.index(since=since):
        if page.status == 200 and page.content_type.startswith("image/"):
            images[_key(page)] = at
    ctx = Context(store=store, fetcher=ArchiveFetcher(images),  # type: ignore[arg-type]
                  media=(await pipeline.context()).media)
    summary = ReprocessSummary()
    # Streamed: a page archived twice is stored twice, the newer copy last (an upsert by URL).
    for page in archive.iter_pages(since=since):
        if page.status != 200 or "html" not in page.content_type:
            continue
        url = _key(page)
        entry = store.entry_for_url(url)
        if entry is None or (wanted is not None and entry.source_id not in wanted):
            summary.skipped += 1
            continue
        try:
            await store_page(ctx, entry, page)
            summary.rebuilt += 1
        except (FetchError, SourceError) as exc:
            summary.errors.append(f"{url}: {exc.reason}")
    pipeline.rank()
    return summary
