"""svodka's site: server-rendered pages (FastAPI + Jinja2), the JSON API, feeds and media.

``create_app(store, media, settings)`` gives the ASGI app; ``svodka serve`` runs it with uvicorn.
"""

from __future__ import annotations

from importlib import resources
from typing import Any

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse, Response

from svodka.config import Settings
from svodka.store import Store

from . import admin, api, feeds, media_route, pages, readers, security
from .metrics import CountRequests, Metrics
from .render import render
from .responses import ResponseCache
from .site import Site

__all__ = ["create_app"]


def create_app(store: Store, media: Any, settings: Settings | None = None) -> FastAPI:
    """The site over ``store`` (articles, stories, sources) and ``media`` (a MediaStore)."""
    # The stock docs pages load scripts from a CDN: svodka serves its own (``security``).
    app = FastAPI(title="svodka", version="0.1", docs_url=None, redoc_url=None,
                  openapi_url="/openapi.json")
    security.install(app, settings.public_base_url if settings is not None else None)
    app.state.site = site = Site(store, media, settings)
    app.add_middleware(ResponseCache, pages=site.pages)  # inside the metrics, outside the rest
    metrics = Metrics(store)
    app.add_middleware(CountRequests, metrics=metrics)

    static = resources.files("svodka.web") / "static"
    app.mount("/static", StaticFiles(directory=str(static)), name="static")
    for module in (pages, api, feeds, media_route, readers, admin):
        app.include_router(module.router)

    @app.api_route("/healthz", methods=["GET", "HEAD"], include_in_schema=False)
    def healthz() -> JSONResponse:
        try:
            n = store.count_articles()
        except Exception as exc:  # noqa: BLE001 - report, do not crash the probe
            return JSONResponse({"status": "error", "error": type(exc).__name__}, 503)
        return JSONResponse({"status": "ok", "articles": n})

    @app.get("/metrics")
    def prometheus() -> Response:
        return metrics.response()

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        wants_html = not request.url.path.startswith(("/api/", "/media/", "/feed"))
        if exc.status_code == 404 and wants_html:
            return render(request, "404.html", status_code=404)
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))

    return app
