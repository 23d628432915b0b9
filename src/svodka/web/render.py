"""Jinja2 rendering with the interface language, safe headers and the language cookie."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, PackageLoader, StrictUndefined
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse

from .cache import cacheable
from .i18n import CATEGORIES, COMMON_TIMEZONES, LANGUAGES, choose_language, valid_zone
from .security import public_url, safe_url

# Images, styles and one script (the reader's time zone) only from the site itself.
CSP = ("default-src 'none'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
LANG_COOKIE = "lang"
TZ_COOKIE = "tz"  # set by /static/zone.js from the browser, or by the zone setting
ONE_YEAR = 365 * 24 * 3600


@lru_cache(maxsize=1)
def static_version() -> str:
    """A short hash of the stylesheet, so browsers fetch it again after an upgrade."""
    css = resources.files("svodka.web").joinpath("static", "site.css").read_bytes()
    return hashlib.sha256(css).hexdigest()[:10]


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("svodka.web", "templates"),
        autoescape=True,  # every value is escaped; article text is plain text, never markup
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["weblink"] = weblink
    env.globals["static_version"] = static_version()
    env.globals["public_url"] = public_url  # absolute links from the public base URL
    return env


def weblink(url: str | None) -> str:
    """``url`` if it is an http(s) URL a reader may follow, else "" (the one URL policy)."""
    return safe_url(url) or ""


def request_language(request: Request) -> str:
    return choose_language(request.query_params.get("lang"), request.cookies.get(LANG_COOKIE),
                           request.headers.get("accept-language"))


def request_zone(request: Request) -> str:
    """``?tz=``, then the ``tz`` cookie (the browser's zone), then the site's zone."""
    for given in (request.query_params.get("tz"), request.cookies.get(TZ_COOKIE)):
        if zone := valid_zone(given):
            return zone
    return request.app.state.site.zone


def url_with(request: Request, **params: Any) -> str:
    """The current path with some query parameters replaced (None drops one)."""
    query = dict(request.query_params)
    for k, v in params.items():
        if v is None:
            query.pop(k, None)
        else:
            query[k] = str(v)
    return request.url.path + ("?" + urlencode(query) if query else "")


def render(request: Request, name: str, *, status_code: int = 200, **context: Any) -> HTMLResponse:
    return respond(request, html_of(request, name, **context), status_code=status_code)


def html_of(request: Request, name: str, **context: Any) -> str:
    site = request.app.state.site
    lang = request_language(request)
    zone = request_zone(request)
    fmt = site.formatter(lang, zone)
    return environment().get_template(name).render(
        request=request, fmt=fmt, lang=lang, languages=LANGUAGES, zone=zone,
        zones=dict.fromkeys((zone, *COMMON_TIMEZONES)),
        nav_categories=CATEGORIES[:-1], current_category=context.pop(
            "current_category", request.query_params.get("category")),
        url_with=lambda **p: url_with(request, **p), **context)


async def cached_page(request: Request, build: Callable[[], tuple[str, dict[str, Any]]]
                      ) -> HTMLResponse:
    """The page ``build`` describes (template and context), read and rendered in the thread
    pool, and marked for the response cache (``responses.ResponseCache``): it is kept, as bytes,
    for each path, query, language and zone until the store changes (``cache.PageCache``)."""
    cacheable(request.scope)

    def make() -> bytes:  # encoded in the thread pool: the event loop does no work on the text
        name, context = build()
        return html_of(request, name, **context).encode("utf-8")

    return respond(request, await run_in_threadpool(make))


def respond(request: Request, html: str | bytes, *, status_code: int = 200) -> HTMLResponse:
    response = HTMLResponse(html, status_code=status_code)
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
    response.headers["Vary"] = "Accept-Language, Cookie"
    lang = request_language(request)
    if request.query_params.get("lang") == lang:
        response.set_cookie(LANG_COOKIE, lang, max_age=ONE_YEAR, samesite="lax", httponly=True)
    return response
