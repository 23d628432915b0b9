"""`svodka reprocess`: with the articles removed and the web gone, the archive rebuilds them."""

from __future__ import annotations

import asyncio
from pathlib import Path

from svodka.config import Settings
from svodka.demo import SampleWeb
from svodka.pipeline import Pipeline
from svodka.pipeline.admin import import_opml
from svodka.pipeline.reprocess import reprocess

from .conftest import crawl, settings_for


def _snapshot(pipeline: Pipeline, *, body: bool = False) -> dict[str, tuple]:
    """What must survive a rebuild. The body only with ``body``: the first crawl learned site
    templates, and reprocessing applies them, so a body may legitimately lose clutter."""
    return {a.article.url: (a.article.title, a.enrichment.language, a.article.published,
                            [(i.url, i.media_key) for i in a.article.images],
                            a.article.paragraphs if body else bool(a.article.paragraphs))
            for a in pipeline.store.latest_articles(limit=1000)}


def test_reprocess_rebuilds_the_same_articles_offline(tmp_path: Path) -> None:
    with SampleWeb() as web:
        settings = settings_for(tmp_path, web)
        pipeline = Pipeline(settings)
        import_opml(pipeline, web.opml().encode())
        crawl(pipeline)
        before = _snapshot(pipeline)
    assert len(before) == len(web.articles)

    # The sample web is down now, and the fetcher may reach nothing at all.
    offline = Pipeline(Settings(data_dir=settings.data_dir, fetch_allow=[]))
    assert offline.store.delete_articles() == len(before)
    assert offline.store.count_articles() == 0 and offline.store.story_rows() == []

    async def go():  # noqa: ANN202
        try:
            return await reprocess(offline)
        finally:
            await offline.aclose()

    summary = asyncio.run(go())
    assert summary.errors == [] and summary.rebuilt >= len(before)
    assert _snapshot(offline) == before
    rows = offline.store.story_rows()
    assert sum(r.n_articles for r in rows) == len(before)
    # Rebuilding again from the same archive and templates gives the very same articles.
    first = _snapshot(offline, body=True)
    offline.store.delete_articles()
    asyncio.run(go())
    assert _snapshot(offline, body=True) == first
