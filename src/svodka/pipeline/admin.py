"""Managing sources: add one by URL (with feed discovery), import and export OPML."""

from __future__ import annotations

import asyncio

from svodka.config import Settings
from svodka.fetch import Fetcher, FetchError
from svodka.pipeline.runner import Pipeline
from svodka.records import Source
from svodka.sources import SourceError, read_source
from svodka.sources.opml import read_opml, write_opml
from svodka.urls import canonicalize


async def discover_source(pipeline: Pipeline, source: Source) -> Source:
    """Fetch the URL; if it is an outlet's page rather than a feed, take the first feed it offers.

    Returns the source to store (its URL may have changed to the discovered feed). Raises
    ``FetchError``/``SourceError`` when nothing usable is found.
    """
    ctx = await pipeline.context()
    page = await ctx.fetcher.fetch(source.url, kind="feed")
    result = read_source(source, page)
    if result.kind != "html" or source.kind == "section":
        if not source.name and result.title:
            source.name = result.title
        return source
    errors = []
    for candidate in result.child_urls:  # the feeds an outlet's page declares, then common paths
        try:
            found = read_source(source, await ctx.fetcher.fetch(candidate, kind="feed"))
        except (FetchError, SourceError) as exc:
            errors.append(f"{candidate}: {exc.reason}")
            continue
        if found.entries:
            return Source(url=candidate, name=source.name or found.title or "", kind="auto",
                          homepage=source.homepage or source.url, language=source.language)
    if result.entries:  # no feed, but article links: follow the page as a section page
        source.kind = "section"
        source.name = source.name or result.title or ""
        return source
    raise SourceError("no feed found" + (": " + "; ".join(errors[:3]) if errors else ""))


async def add_source(pipeline: Pipeline, url: str, *, name: str = "", kind: str = "auto",
                     language: str | None = None, discover: bool = True) -> Source:
    """Store a new source (its feed discovered first, unless ``discover`` is off); raises
    ``SourceError`` when the outlet is already followed, under its URL or its feed's."""
    source = Source(url=canonicalize(url), name=name, kind=kind,  # type: ignore[arg-type]
                    language=language)
    _refuse_known(pipeline, source.url)
    if discover:
        source = await discover_source(pipeline, source)
        _refuse_known(pipeline, source.url)
    return pipeline.store.add_source(source)


def _refuse_known(pipeline: Pipeline, url: str) -> None:
    known = next((s for s in pipeline.store.sources() if s.url == url), None)
    if known is not None:
        raise SourceError(f"already followed, as source {known.id}"
                          + (f" ({known.name})" if known.name else ""))


def import_opml(pipeline: Pipeline, data: bytes, *, skipped: list[str] | None = None
                ) -> list[Source]:
    """Store every source the OPML names, in one transaction; outlines left out are said in
    ``skipped``."""
    return pipeline.store.add_sources(read_opml(data, skipped=skipped))


def export_opml(pipeline: Pipeline) -> str:
    return write_opml(pipeline.store.sources())


def fetch_once(settings: Settings, url: str) -> tuple[bytes, str | None]:
    """One polite, guarded fetch (for `svodka extract URL`): body and content-type."""

    async def go() -> tuple[bytes, str | None]:
        fetcher = Fetcher(settings)
        try:
            page = await fetcher.fetch(url, kind="page")
        finally:
            await fetcher.aclose()
        return page.body, page.headers.get("content-type")

    return asyncio.run(go())
