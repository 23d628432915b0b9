"""What leaves svodka: only http(s) URLs, absolute URLs from the public base URL, strict headers."""

from __future__ import annotations

import socket
from importlib import resources
from urllib.parse import urlsplit

from fastapi import APIRouter, FastAPI, Request
from starlette.datastructures import MutableHeaders
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

ALLOWED_SCHEMES = frozenset({"http", "https"})
# Longer URLs are refused by common servers and browsers alike.
MAX_URL_CHARS = 2048
# What `svodka serve` binds by default (cli: --host 127.0.0.1 --port 8080).
DEFAULT_PUBLIC_BASE_URL = "http://127.0.0.1:8080"
_WILDCARD_HOSTS = frozenset({"", "0.0.0.0", "::", "[::]"})

# Every response: no scripts, no frames, nothing from elsewhere (HTML pages set their own, as strict).
CSP = ("default-src 'none'; img-src 'self' data:; style-src 'self'; form-action 'self'; "
       "base-uri 'none'; frame-ancestors 'none'")
# The API documentation pages: their bundled scripts from svodka itself; their styles are inline.
DOCS_CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
            "img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
            "worker-src 'self' blob:; form-action 'none'; base-uri 'none'; frame-ancestors 'none'")
SAFE_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"x-frame-options", b"DENY"),
)
ROBOTS = "User-agent: *\nDisallow: /api/\nDisallow: /search\nDisallow: /admin\nAllow: /\n"


def safe_url(url: str | None) -> str | None:
    """``url`` if it is an absolute http(s) URL with a host and nothing hidden in it, else None.

    The one URL policy: every outlet URL svodka shows, links or serves goes through it.
    """
    if not url:
        return None
    url = url.strip()
    if len(url) > MAX_URL_CHARS or any(ch <= " " or "\x7f" <= ch <= "\x9f" for ch in url):
        return None
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return None
    if parts.scheme.lower() not in ALLOWED_SCHEMES or not host:
        return None
    return url


def normalize_base_url(value: str) -> str:
    """A public base URL as configured: http(s), a host, no query or fragment; no trailing slash."""
    url = safe_url(value)
    parts = urlsplit(url or "")
    if url is None or parts.query or parts.fragment or parts.username or parts.password:
        raise ValueError(f"public base URL must be an http(s) URL like https://news.example: "
                         f"{value!r}")
    return url.rstrip("/")


def base_url_for_bind(host: str, port: int) -> str:
    """The default public base URL of a server bound to ``host:port``."""
    if host in _WILDCARD_HOSTS:
        host = socket.getfqdn() or "localhost"
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}" + ("" if port == 80 else f":{port}")


def public_url(request: Request, path: str | None) -> str | None:
    """``path`` (site-relative) as an absolute URL under the configured public base URL.

    Never from the request's Host header: a client could make svodka link anywhere.
    """
    if not path:
        return None
    return request.app.state.public_base_url + "/" + path.lstrip("/")


class SecurityHeaders:
    """Adds the safety headers to every response (a response's own CSP is kept)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("content-security-policy", CSP)
                for name, value in SAFE_HEADERS:
                    headers.setdefault(name.decode(), value.decode())
            await send(message)

        await self.app(scope, receive, send_with_headers)


router = APIRouter(include_in_schema=False)

_SWAGGER_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>svodka API</title>
<link rel="stylesheet" href="/docs-assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/docs-assets/swagger-ui-bundle.js"></script>
<script src="/docs-init.js"></script></body></html>
"""
_SWAGGER_INIT = ('window.ui = SwaggerUIBundle({url: "/openapi.json", dom_id: "#swagger-ui", '
                 'presets: [SwaggerUIBundle.presets.apis], layout: "BaseLayout", '
                 'deepLinking: true});\n')
_REDOC_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>svodka API</title></head>
<body><redoc spec-url="/openapi.json"></redoc>
<script src="/docs-assets/redoc.standalone.js"></script></body></html>
"""


def _docs_page(html: str) -> HTMLResponse:
    return HTMLResponse(html, headers={"Content-Security-Policy": DOCS_CSP})


@router.get("/docs")
def swagger_ui() -> HTMLResponse:
    return _docs_page(_SWAGGER_PAGE)


@router.get("/docs-init.js")
def swagger_init() -> Response:
    return Response(_SWAGGER_INIT, media_type="text/javascript")


@router.get("/redoc")
def redoc() -> HTMLResponse:
    return _docs_page(_REDOC_PAGE)


@router.api_route("/favicon.ico", methods=["GET", "HEAD"])
def favicon() -> Response:
    icon = resources.files("svodka.web").joinpath("favicon.ico").read_bytes()
    return Response(icon, media_type="image/x-icon",
                    headers={"Cache-Control": "public, max-age=604800"})


@router.api_route("/robots.txt", methods=["GET", "HEAD"])
def robots() -> PlainTextResponse:
    return PlainTextResponse(ROBOTS)


def install(app: FastAPI, public_base_url: str | None) -> None:
    """The safety headers, the public base URL, the docs pages and their bundled assets."""
    app.state.public_base_url = normalize_base_url(public_base_url or DEFAULT_PUBLIC_BASE_URL)
    app.add_middleware(SecurityHeaders)
    assets = resources.files("fastapi_offline") / "static"
    app.mount("/docs-assets", StaticFiles(directory=str(assets)), name="docs-assets")
    app.include_router(router)
