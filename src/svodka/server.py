"""Serving: the site alone, the site with the scheduler in one process, and the offline demo."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import tempfile
import traceback
from pathlib import Path

import uvicorn

from svodka.config import Settings
from svodka.pipeline import Pipeline


def build_app(pipeline: Pipeline):  # noqa: ANN201 - a FastAPI app
    from svodka.media import open_media_store
    from svodka.web import create_app

    return create_app(pipeline.store, open_media_store(pipeline.settings), pipeline.settings)


def serve(pipeline: Pipeline, *, host: str, port: int, schedule: bool, tick: float = 60.0,
          on_ready: str | None = None, workers: int = 1,
          sock: socket.socket | None = None) -> None:
    """Serve the site; with ``schedule`` the crawler runs in the same event loop. With
    ``workers`` above 1 (and no scheduler), that many processes share the listening socket.
    ``sock``: a socket already bound to ``host:port`` (held while the demo crawls)."""
    if pipeline.settings.public_base_url is None:
        from svodka.web.security import base_url_for_bind

        pipeline.settings.public_base_url = base_url_for_bind(host, port)
    if workers > 1 and not schedule:
        _serve_forked(pipeline, host, port, workers, on_ready or f"svodka: serving on "
                      f"http://{host}:{port}/ ({workers} processes)")
        return
    server = uvicorn.Server(_config(build_app(pipeline), host, port))

    async def main() -> None:
        jobs = [asyncio.create_task(server.serve(sockets=[sock] if sock is not None else None))]
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


def _config(app: object, host: str, port: int) -> uvicorn.Config:
    # uvloop and httptools when installed (the ``speed`` extra), else asyncio and h11.
    return uvicorn.Config(app, host=host, port=port, log_level="warning", loop="auto",
                          http="auto")


def _serve_forked(pipeline: Pipeline, host: str, port: int, workers: int, ready: str) -> None:
    """Fork ``workers`` servers over one listening socket and wait; SIGINT or SIGTERM stops
    them all, and so does one of them exiting (the service manager restarts the whole)."""
    sock = _config(None, host, port).bind_socket()
    children = [_fork_server(pipeline, host, port, sock) for _ in range(workers)]
    print(ready, flush=True)

    def stop(*_: object) -> None:
        for pid in children:
            _signal(pid)

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        os.wait()  # until the first child exits (a signal is forwarded meanwhile)
    except ChildProcessError:
        pass
    finally:
        stop()
        for pid in children:
            _reap(pid)
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        sock.close()


def _fork_server(pipeline: Pipeline, host: str, port: int, sock: socket.socket) -> int:
    """A child process serving on ``sock`` with an app of its own; returns its pid."""
    pid = os.fork()
    if pid:
        return pid
    code = 1
    try:
        pipeline.store.engine.dispose(close=False)  # its own connections (SQLAlchemy, fork)
        uvicorn.Server(_config(build_app(pipeline), host, port)).run(sockets=[sock])
        code = 0
    except BaseException:  # noqa: BLE001 - said here: the child exits, never returns
        traceback.print_exc()
    finally:
        os._exit(code)  # never back into the parent's code


def _signal(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGTERM)
    except ProcessLookupError:
        pass


def _reap(pid: int) -> None:
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass


def run_demo(settings: Settings, *, port: int, data_dir_given: bool,
             sock: socket.socket | None = None) -> int:
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
        serve(pipeline, host="127.0.0.1", port=port, schedule=False, sock=sock,
              on_ready=f"svodka demo: {summary.stored} articles — open http://127.0.0.1:{port}/")
    return 0
