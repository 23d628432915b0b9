"""Serving: the site alone, the site with the scheduler in one process, and the offline demo."""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

import uvicorn

from svodka.config import Settings
from svodka.pipeline import Pipeline


def build_app(pipeline: Pipeline):  # noqa: ANN201 - a FastAPI app
    from svodka.media import open_media_store
    from svodka.web import create_app

    return create_app(pipeline.store, open_media_store(pipeline.settings), pipeline.settings)


def serve(pipeline: Pipeline, *, host: str, port: int, schedule: bool, tick: float = 60.0,
          on_ready: str | None = None) -> None:
    """Serve the site; with ``schedule`` the crawler runs in the same event loop."""
    if pipeline.settings.public_base_url is None:
        from svodka.web.security import base_url_for_bind

        pipeline.settings.public_base_url = base_url_for_bind(host, port)
    config = uvicorn.Config(build_app(pipeline), host=host, port=port, log_level="warning")
    server = uvicorn.Server(config)

    async def main() -> None:
        jobs = [asyncio.create_task(server.serve())]
        if schedule:
            jobs.append(asyncio.create_task(pipeline.run_forever(tick=tick)))
        while not server.started and not jobs[0].done():
            await asyncio.sleep(0.05)
        if server.started:
            print(on_ready or f"svodka: serving on http://{host}:{port}/", flush=True)
        try:
            await jobs[0]
        finally:
            for job in jobs[1:]:
                job.cancel()
            await pipeline.aclose()

    asyncio.run(main())


def run_demo(settings: Settings, *, port: int, data_dir_given: bool) -> int:
    """Start the bundled sample web, crawl it, and serve the result: works offline."""
    from svodka.console import crawl_with_progress
    from svodka.demo import SampleWeb
    from svodka.pipeline.admin import import_opml

    if not data_dir_given:
        settings.data_dir = Path(tempfile.mkdtemp(prefix="svodka-demo-"))
    with SampleWeb() as web:
        # The demo may reach its own sample web (host:port of each outlet) and nothing else.
        settings.fetch_allow = sorted({o.base_url.split("/")[2] for o in web.outlets})
        pipeline = Pipeline(settings)
        import_opml(pipeline, web.opml().encode("utf-8"))
        print(f"svodka demo: a sample web of {len(web.outlets)} outlets is up; crawling it "
              f"into {settings.data_dir}", flush=True)
        summary = crawl_with_progress(pipeline)
        if not summary.stored:
            print("svodka demo: nothing was stored; see the errors above")
            return 1
        serve(pipeline, host="127.0.0.1", port=port, schedule=False,
              on_ready=f"svodka demo: {summary.stored} articles — open http://127.0.0.1:{port}/")
    return 0
